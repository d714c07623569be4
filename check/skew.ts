/**
 * Pure statistics of the weighted-record skew check. Route 53 answers each query with one weighted
 * record, chosen with probability weight / sum of weights; N queries are a multinomial sample over the
 * endpoints. The check asks whether the observed counts fit the shares the weights give:
 *
 * - Pearson's chi-square goodness-of-fit test when every expected count is at least 5 (the usual
 *   validity rule), with k - 1 degrees of freedom;
 * - otherwise (few samples) a two-sided exact binomial test per endpoint, Bonferroni-adjusted over the k
 *   endpoints, which is valid for any N (and has little power for small N: it rarely cries wolf).
 *
 * Either way each endpoint gets its exact binomial p-value (adjusted), which names the endpoints that
 * are significantly over or under their share. Imports no network module.
 */
import { ExpectedRecord, EndpointSkew, SkewResult } from "./types";

/** Minimum expected count per endpoint for the chi-square approximation. */
export const CHI_SQUARE_MIN_EXPECTED = 5;

/**
 * Each endpoint's share of the answers, from the weights of a name's records: weight / total, where
 * Route 53 answers records of weight 0 only when every record weighs 0 (then all alike).
 */
export function expectedShares(records: readonly Pick<ExpectedRecord, "endpointId" | "weight">[]): Map<string, number> {
    const total = records.reduce((s, r) => s + r.weight, 0);
    const shares = new Map<string, number>();
    for (const r of records) {
        const share = total > 0 ? r.weight / total : 1 / records.length;
        shares.set(r.endpointId, (shares.get(r.endpointId) ?? 0) + share);
    }
    return shares;
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
function logGamma(x: number): number {
    const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    if (x < 0.5) {
        return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    const z = x - 1;
    let a = c[0];
    const t = z + 7.5;
    for (let i = 1; i < 9; i++) {
        a += c[i] / (z + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
function gammaQ(a: number, x: number): number {
    if (x <= 0) {
        return 1;
    }
    const lnPrefix = -x + a * Math.log(x) - logGamma(a);
    if (x < a + 1) {
        // series for P(a, x)
        let sum = 1 / a;
        let term = sum;
        for (let n = 1; n < 10_000; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                break;
            }
        }
        return Math.max(0, 1 - sum * Math.exp(lnPrefix));
    }
    // continued fraction for Q(a, x) (modified Lentz)
    const tiny = 1e-300;
    let b = x + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 10_000; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        d = Math.abs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = Math.abs(c) < tiny ? tiny : c;
        d = 1 / d;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < 1e-15) {
            break;
        }
    }
    return Math.min(1, Math.exp(lnPrefix) * h);
}

/** P(X >= statistic) for a chi-square distribution with `df` degrees of freedom. */
export function chiSquarePValue(statistic: number, df: number): number {
    return gammaQ(df / 2, statistic / 2);
}

/** ln P(X = k) for X ~ Binomial(n, p). */
function logBinomialPmf(k: number, n: number, p: number): number {
    if (p <= 0) {
        return k === 0 ? 0 : -Infinity;
    }
    if (p >= 1) {
        return k === n ? 0 : -Infinity;
    }
    return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/**
 * Two-sided exact binomial test: the probability, under Binomial(n, p), of an outcome no more likely
 * than `k` (the method of R's `binom.test`).
 */
export function binomialTwoSidedPValue(k: number, n: number, p: number): number {
    const observed = logBinomialPmf(k, n, p);
    const slack = 1 + 1e-7;
    let total = 0;
    for (let j = 0; j <= n; j++) {
        const lp = logBinomialPmf(j, n, p);
        if (lp <= observed + Math.log(slack)) {
            total += Math.exp(lp);
        }
    }
    return Math.min(1, total);
}

/** Observed answers per endpoint and the share the weights give it. */
export interface SkewInput {
    readonly counts: ReadonlyMap<string, number>;
    readonly shares: ReadonlyMap<string, number>;
    readonly alpha: number;
}

/**
 * Whether `counts` fit `shares`. Endpoints with share 0 (draining) fail when they were answered at all.
 * `undefined` when there is nothing to test: fewer than two endpoints with a share, or fewer than two
 * answers.
 */
export function skewCheck(input: SkewInput): SkewResult | undefined {
    const ids = [...new Set([...input.shares.keys(), ...input.counts.keys()])];
    const n = ids.reduce((s, id) => s + (input.counts.get(id) ?? 0), 0);
    const live = ids.filter((id) => (input.shares.get(id) ?? 0) > 0);
    if (live.length < 2 || n < 2) {
        return undefined;
    }
    const k = live.length;
    const endpoints: EndpointSkew[] = ids.map((id) => {
        const share = input.shares.get(id) ?? 0;
        const observed = input.counts.get(id) ?? 0;
        const expected = n * share;
        const p = share > 0 ? Math.min(1, binomialTwoSidedPValue(observed, n, share) * k) : observed > 0 ? 0 : 1;
        const significant = p < input.alpha;
        return {
            endpointId: id,
            observed,
            expected,
            expectedShare: share,
            observedShare: observed / n,
            deviationPercent: expected > 0 ? ((observed - expected) / expected) * 100 : null,
            pValue: p,
            verdict: share === 0 ? (observed > 0 ? "draining-answered" : "ok") : !significant ? "ok" : observed > expected ? "over" : "under",
        };
    });
    const notes: string[] = [];
    const liveRows = endpoints.filter((e) => e.expectedShare > 0);
    const minExpected = Math.min(...liveRows.map((e) => e.expected));
    const drainingAnswered = endpoints.some((e) => e.verdict === "draining-answered");
    let result: Pick<SkewResult, "test" | "statistic" | "degreesOfFreedom" | "pValue">;
    if (minExpected >= CHI_SQUARE_MIN_EXPECTED) {
        const statistic = liveRows.reduce((s, e) => s + (e.observed - e.expected) ** 2 / e.expected, 0);
        result = { test: "chi-square", statistic, degreesOfFreedom: k - 1, pValue: chiSquarePValue(statistic, k - 1) };
    } else {
        result = { test: "binomial", pValue: Math.min(...liveRows.map((e) => e.pValue)) };
        const needed = Math.ceil(CHI_SQUARE_MIN_EXPECTED / Math.min(...liveRows.map((e) => e.expectedShare)));
        notes.push(`${n} answers are few for this many endpoints: only a large skew is detectable (about ${needed} queries give a chi-square test)`);
    }
    const ok = result.pValue >= input.alpha && !drainingAnswered;
    if (!ok && result.pValue < input.alpha && !endpoints.some((e) => e.verdict === "over" || e.verdict === "under")) {
        const worst = [...liveRows].sort((a, b) => Math.abs(b.observed - b.expected) / Math.sqrt(b.expected) - Math.abs(a.observed - a.expected) / Math.sqrt(a.expected))[0];
        notes.push(`no single endpoint is significant on its own; the largest deviation is ${worst.endpointId}`);
    }
    return { n, ...result, alpha: input.alpha, ok, endpoints, notes };
}
