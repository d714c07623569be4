/**
 * Benchmark 3: how many invokes (AWS reads) one deployment of the component makes, as a function of
 * endpoints E and subnets S, for each record layout, counted from the fake account. Every count is
 * fitted to `a + b*S + c*E + d*E*S`, per invoke token and in total, and the fit is kept only if it
 * reproduces every measured count exactly.
 */
import { RecordLayout } from "../components";
import { Scenario, measureRun } from "./programs";
import { section, table } from "./stats";

export interface InvokeBenchOptions {
    readonly endpoints: readonly number[];
    readonly subnets: readonly number[];
}

export interface InvokePoint {
    readonly layout: RecordLayout;
    readonly endpoints: number;
    readonly subnets: number;
    /** `null` when the component refused the size or failed. */
    readonly invokes: number | null;
    readonly byToken: Record<string, number>;
    readonly records: number;
    readonly error?: string;
}

export interface InvokeFormula {
    /** Coefficients of 1, S, E, E*S. */
    readonly coefficients: [number, number, number, number];
    readonly text: string;
    /** Measured points the formula reproduces exactly (all of them, or no formula is given). */
    readonly points: number;
}

export interface InvokeBenchResult {
    readonly layouts: RecordLayout[];
    readonly points: InvokePoint[];
    /** Per layout: the total, and each token's count. `null` where no exact fit exists. */
    readonly formulas: Record<string, { total: InvokeFormula | null; byToken: Record<string, InvokeFormula | null> }>;
}

export async function invokeBench(options: InvokeBenchOptions): Promise<InvokeBenchResult> {
    section("3. Invokes per deployment (update) by endpoints E, subnets S and record layout");
    // Every layout the component's enum declares, so one it adds later is measured too.
    const layouts: RecordLayout[] = Object.values(RecordLayout);
    const points: InvokePoint[] = [];
    for (const layout of layouts) {
        for (const endpoints of options.endpoints) {
            for (const subnets of options.subnets) {
                const s: Scenario = { endpoints, subnets, layout };
                const f = await measureRun("component", s);
                points.push({
                    layout,
                    endpoints,
                    subnets,
                    invokes: f.error ? null : f.invokes,
                    byToken: f.invokesByToken,
                    records: f.records,
                    error: f.error,
                });
            }
        }
    }
    const formulas: InvokeBenchResult["formulas"] = {};
    for (const layout of layouts) {
        const ok = points.filter((p) => p.layout === layout && p.invokes !== null);
        const tokens = [...new Set(ok.flatMap((p) => Object.keys(p.byToken)))].sort();
        formulas[layout] = {
            total: fit(ok.map((p) => [p.endpoints, p.subnets, p.invokes!])),
            byToken: Object.fromEntries(tokens.map((t) => [t, fit(ok.map((p) => [p.endpoints, p.subnets, p.byToken[t] ?? 0]))])),
        };
    }
    const result: InvokeBenchResult = { layouts, points, formulas };
    printInvokeBench(result, options);
    return result;
}

function printInvokeBench(r: InvokeBenchResult, options: InvokeBenchOptions): void {
    const header = ["E \\ S", ...r.layouts.flatMap((l) => options.subnets.map((s) => `${l} S=${s}`))];
    const rows = options.endpoints.map((e) => [String(e), ...r.layouts.flatMap((l) => options.subnets.map((s) => {
        const p = r.points.find((x) => x.layout === l && x.endpoints === e && x.subnets === s)!;
        return p.invokes === null ? (p.error?.includes("invalid argument") ? "refused" : "failed") : p.invokes;
    }))]);
    console.log("invokes per deployment (refused: the component's validation rejects the size, e.g. > 100 records per name)");
    console.log(table(header, rows));
    console.log();
    for (const l of r.layouts) {
        const f = r.formulas[l];
        console.log(`${l}: invokes = ${f.total ? f.total.text : "no exact fit of a + b*S + c*E + d*E*S"}`);
        console.log("    " + Object.entries(f.byToken).map(([t, tf]) => `${t} = ${tf ? tf.text : "?"}`).join(", "));
    }
    for (const p of r.points.filter((x) => x.error && !x.error.includes("invalid argument"))) {
        console.log(`failed: ${p.layout} E=${p.endpoints} S=${p.subnets}: ${p.error}`);
    }
}

/**
 * Least squares for `y = a + b*S + c*E + d*E*S` over `(E, S, y)` points, rounded to integers (or
 * halves), kept only if it reproduces every point exactly.
 */
export function fit(points: [number, number, number][]): InvokeFormula | null {
    if (points.length < 4) {
        return null;
    }
    const features = (e: number, s: number) => [1, s, e, e * s];
    const n = 4;
    const a: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
    for (const [e, s, y] of points) {
        const x = features(e, s);
        for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
                a[i][j] += x[i] * x[j];
            }
            a[i][n] += x[i] * y;
        }
    }
    // Gauss-Jordan with partial pivoting on the normal equations.
    for (let col = 0; col < n; col++) {
        let pivot = col;
        for (let row = col + 1; row < n; row++) {
            if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                pivot = row;
            }
        }
        if (Math.abs(a[pivot][col]) < 1e-12) {
            return null; // the grid does not determine the coefficients
        }
        [a[col], a[pivot]] = [a[pivot], a[col]];
        for (let row = 0; row < n; row++) {
            if (row !== col) {
                const f = a[row][col] / a[col][col];
                for (let k = col; k <= n; k++) {
                    a[row][k] -= f * a[col][k];
                }
            }
        }
    }
    const c = a.map((row, i) => Math.round((row[n] / row[i]) * 2) / 2) as [number, number, number, number];
    const exact = points.every(([e, s, y]) => features(e, s).reduce((sum, x, i) => sum + x * c[i], 0) === y);
    return exact ? { coefficients: c, text: formulaText(c), points: points.length } : null;
}

function formulaText(c: readonly number[]): string {
    const terms = ["", "S", "E", "E*S"];
    const parts = c.map((k, i) => (k === 0 ? "" : i === 0 ? String(k) : k === 1 ? terms[i] : `${k}*${terms[i]}`)).filter((p) => p !== "");
    return parts.length === 0 ? "0" : parts.join(" + ").replace(/\+ -/g, "- ");
}
