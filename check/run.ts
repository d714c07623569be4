/**
 * The check itself (the library entry of `iotvpc-check`): resolve every name through every resolver,
 * compare the answers with the records, test the spread over the endpoints, then make the TLS handshakes
 * and the MQTT CONNECTs on the IPs found. Returns a report; prints nothing.
 */
import { MQTT_ALPN_PROTOCOL, MQTT_KEEP_ALIVE_MAX_SECONDS } from "../components/limits";
import { AMAZON_ROOT_CA_1_PEM } from "./amazonRootCa1";
import { Cidr, RecordIp, addressKind, classifyAnswer, indexRecordIps, parseCidr } from "./classify";
import { ConnContext, DnsContext, allPortsClosed, answerFailure, dnsQueryFailure, formatP, mqttConnectFailure, mqttPublishFailure, refused, skewFailure, tlsFailure } from "./diagnose";
import { dialFor } from "./dial";
import { nucleusFindings } from "./greengrass";
import { QueryResult, queryA, sampleA } from "./dns";
import { checkMqtt } from "./mqtt";
import { expectedShares, skewCheck } from "./skew";
import { probeTls } from "./tls";
import { CheckOptions, ExpectedRecord, Finding, IpRow, NameReport, NameTarget, Report, ResolverSpec, TlsOutcome, TlsProbeSpec } from "./types";

/** Where the check reports what it is doing (the CLI draws it on stderr). */
export interface Progress {
    /** A new phase: `DNS a3k...-ats.iot.us-east-1.amazonaws.com via 10.0.1.10`. */
    phase(text: string): void;
    /** `done` of `total` steps of the current phase. */
    step(done: number, total: number): void;
    /** The run ended. */
    end(): void;
}

/** A progress that shows nothing. */
export const NO_PROGRESS: Progress = { phase: () => undefined, step: () => undefined, end: () => undefined };

/** DNS queries in flight at once per name. */
const DNS_CONCURRENCY = 8;
/** TLS handshakes in flight at once. */
const TLS_CONCURRENCY = 8;

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of `items` in the results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

/** An IP of a name to make TLS and MQTT connections to. */
interface ProbeIp {
    readonly ip: string;
    readonly endpointId?: string;
}

/**
 * The records with each alias record's target resolved to the IPs it answers now (through the same
 * resolver), so answers can be matched to endpoints; a target that does not resolve is a DNS failure.
 */
async function resolveAliases(t: NameTarget, resolver: ResolverSpec, o: CheckOptions, findings: Finding[]): Promise<ExpectedRecord[]> {
    return Promise.all(t.records.map(async (r) => {
        if (r.kind !== "alias" || r.aliasTarget === undefined) {
            return r;
        }
        const q = await queryA(r.aliasTarget, resolver, o.timeoutMs);
        if (!q.ips) {
            const d = dnsQueryFailure(q.code ?? "EUNKNOWN", { failed: 1, sent: 1, planned: 1 }, { host: r.aliasTarget, resolver, resolverIps: o.resolverIps, timeoutMs: o.timeoutMs });
            findings.push({
                check: "dns", status: "fail", host: t.host, resolver: resolver.label, endpointId: r.endpointId,
                summary: d.summary, problem: `alias record ${r.setIdentifier}: its target ${d.problem}`, cause: d.cause,
            });
            return r;
        }
        return { ...r, ips: q.ips, subnetIds: q.ips.map(() => undefined) };
    }));
}

/** What an answer is judged against besides the name's own records. */
interface AnswerScope {
    /** `--private-cidr` ranges. */
    readonly extraPrivate: readonly Cidr[];
    /** The record IPs of every name checked (A records), with their name and endpoint. */
    readonly recordIps: ReadonlyMap<string, { readonly host: string; readonly endpointId: string }>;
}

/** Every A-record IP of the targets: an answer of one name that is another's record IP is told apart. */
function recordIpsOf(targets: readonly NameTarget[]): Map<string, { host: string; endpointId: string }> {
    const out = new Map<string, { host: string; endpointId: string }>();
    for (const t of targets) {
        for (const r of t.records) {
            r.ips.forEach((ip) => out.set(ip, { host: t.host, endpointId: r.endpointId }));
        }
    }
    return out;
}

/** The DNS part for one name and resolver: findings, the per-IP rows and the IPs to probe. */
async function checkName(t: NameTarget, resolver: ResolverSpec, o: CheckOptions, scope: AnswerScope, progress: Progress, findings: Finding[]): Promise<{ report: NameReport; probe: ProbeIp[]; records: ExpectedRecord[] }> {
    const extraPrivate = scope.extraPrivate;
    const records = await resolveAliases(t, resolver, o, findings);
    const byIp = indexRecordIps(records);
    const ctx: DnsContext = { host: t.host, resolver, resolverIps: o.resolverIps, timeoutMs: o.timeoutMs };
    progress.phase(`DNS  ${t.host} via ${resolver.label}: ${o.samples} ${o.samples === 1 ? "query" : "queries"}`);
    const results = await sampleA(t.host, resolver, {
        samples: o.samples, intervalMs: o.intervalMs, timeoutMs: o.timeoutMs, concurrency: DNS_CONCURRENCY,
        onQuery: (done) => progress.step(done, o.samples),
    });
    const base = { host: t.host, resolver: resolver.label };
    const answered = results.filter((r): r is QueryResult & { ips: string[] } => r.ips !== undefined);
    const failures = new Map<string, number>();
    for (const r of results) {
        if (r.code) {
            failures.set(r.code, (failures.get(r.code) ?? 0) + 1);
        }
    }
    // fewer queries than planned are sent once the resolver proved unreachable: count only those sent
    const sent = results.length;
    for (const [code, count] of failures) {
        const d = dnsQueryFailure(code, { failed: count, sent, planned: o.samples }, ctx);
        findings.push({ check: "dns", status: "fail", ...base, summary: d.summary, problem: d.problem, cause: d.cause });
    }
    if (failures.size === 0) {
        const ms = results.map((r) => r.ms).sort((a, b) => a - b);
        findings.push({
            check: "dns", status: "pass", ...base, ms: ms[Math.floor(ms.length / 2)],
            summary: `${answered.length}/${sent} answered`, detail: `median ${ms[Math.floor(ms.length / 2)]} ms per query`,
        });
    }

    // every answered IP against the records
    const answerCounts = new Map<string, number>();
    for (const r of answered) {
        for (const ip of new Set(r.ips)) {
            answerCounts.set(ip, (answerCounts.get(ip) ?? 0) + 1);
        }
    }
    const rows: IpRow[] = [];
    const probe: ProbeIp[] = [];
    for (const [ip, count] of [...answerCounts].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))) {
        const cls = classifyAnswer(ip, records, byIp, extraPrivate);
        const known: RecordIp | undefined = byIp.get(ip);
        rows.push({ ip, class: cls, answers: count, endpointId: known?.record.endpointId, subnetId: known?.subnetId, setIdentifier: known?.record.setIdentifier });
        if (known) {
            probe.push({ ip, endpointId: known.record.endpointId });
        }
        if (cls === "record") {
            findings.push({ check: "answer", status: "pass", ...base, ip, endpointId: known?.record.endpointId, summary: "record", detail: `in ${count} of ${answered.length} answers` });
        } else {
            const other = scope.recordIps.get(ip);
            const d = answerFailure(cls, ip, {
                answers: count, queries: answered.length, addressKind: addressKind(ip, extraPrivate), isRecord: known !== undefined, setIdentifier: known?.record.setIdentifier,
                ...(other && other.host !== t.host ? { elsewhere: other } : {}),
            }, ctx);
            findings.push({ check: "answer", status: "fail", ...base, ip, endpointId: known?.record.endpointId, summary: d.summary, problem: d.problem, cause: d.cause });
        }
    }
    for (const [ip, known] of byIp) {
        if (!answerCounts.has(ip)) {
            rows.push({ ip, class: "not-answered", answers: 0, endpointId: known.record.endpointId, subnetId: known.subnetId, setIdentifier: known.record.setIdentifier });
        }
    }

    const spread = spreadCounts(answered, byIp);
    const skew = skewCheck({ counts: spread.counts, shares: expectedShares(records), alpha: o.alpha });
    if (skew) {
        const notes = [...skew.notes, ...spread.notes];
        const identical = new Set(answered.map((r) => r.ips.join(","))).size === 1 && byIp.size > 1;
        const ttl = records.find((r) => r.ttl !== undefined)?.ttl;
        const d = skewFailure(skew, identical, ttl);
        const verdict = skew.test === "chi-square"
            ? `chi-square ${skew.statistic!.toFixed(1)}, df ${skew.degreesOfFreedom}, p = ${formatP(skew.pValue)}`
            : `exact binomial, adjusted p = ${formatP(skew.pValue)}`;
        findings.push(d
            ? { check: "skew", status: "fail", ...base, summary: d.summary, problem: d.problem, cause: d.cause, detail: [verdict, ...notes].join("; ") }
            : { check: "skew", status: "pass", ...base, summary: `even (p = ${formatP(skew.pValue)})`, detail: [verdict, ...notes].join("; ") });
        return { report: { host: t.host, kind: t.kind, resolver: resolver.label, queries: sent, answered: answered.length, ips: rows, skew: { ...skew, notes } }, probe, records };
    }
    return { report: { host: t.host, kind: t.kind, resolver: resolver.label, queries: sent, answered: answered.length, ips: rows }, probe, records };
}

/**
 * Answers per endpoint, for the spread test. An answer counts for an endpoint when every IP in it is a
 * record IP of that endpoint (Route 53 answers one record per query); the others are left out, and the
 * notes say how many and why, so a smaller count is never a surprise.
 */
function spreadCounts(answered: readonly { readonly ips: readonly string[] }[], byIp: ReadonlyMap<string, RecordIp>): { counts: Map<string, number>; notes: string[] } {
    const counts = new Map<string, number>();
    let foreign = 0;
    let mixed = 0;
    for (const r of answered) {
        const endpoints = new Set(r.ips.map((ip) => byIp.get(ip)?.record.endpointId));
        const [only] = endpoints;
        if (endpoints.has(undefined)) {
            foreign++;
        } else if (endpoints.size > 1) {
            mixed++;
        } else if (only !== undefined) {
            counts.set(only, (counts.get(only) ?? 0) + 1);
        }
    }
    const notes: string[] = [];
    if (foreign > 0) {
        notes.push(`${foreign} of ${answered.length} ${answered.length === 1 ? "answer" : "answers"} held an IP that is no record and ${foreign === 1 ? "was" : "were"} not counted`);
    }
    if (mixed > 0) {
        notes.push(`${mixed} of ${answered.length} ${answered.length === 1 ? "answer" : "answers"} held IPs of several endpoints and ${mixed === 1 ? "was" : "were"} not counted`);
    }
    return { counts, notes };
}

/** One TLS probe made: which name, IP and port, and what it found. */
interface TlsProbed {
    readonly t: NameTarget;
    readonly p: ProbeIp;
    readonly spec: TlsProbeSpec;
    readonly outcome: TlsOutcome;
    readonly ctx: ConnContext;
}

/**
 * A finding per probe; but when every port of an IP refused the connection, one finding for the IP:
 * the likely cause is the IP itself (a stale record), not each port's security group rule.
 */
function tlsFindings(probed: readonly TlsProbed[]): Finding[] {
    const byIp = new Map<string, TlsProbed[]>();
    for (const x of probed) {
        const key = `${x.t.host} ${x.p.ip}`;
        byIp.set(key, [...(byIp.get(key) ?? []), x]);
    }
    return [...byIp.values()].flatMap((group): Finding[] => {
        const [{ t, p }] = group;
        if (group.length > 1 && group.every((x) => refused(x.outcome))) {
            // two probes of one port (MQTT's and HTTPS's ALPN on 443) are one closed port
            const ports = [...new Map(group.map((x) => [x.spec.port, { port: x.spec.port, dialled: x.ctx.dialled }])).values()];
            const d = allPortsClosed({ ip: p.ip, ports });
            return [{
                check: "tls", status: "fail", host: t.host, ip: p.ip, endpointId: p.endpointId, probes: group.map((x) => x.spec),
                summary: d.summary, problem: d.problem, cause: d.cause,
            }];
        }
        return group.map(({ spec, outcome, ctx }): Finding => {
            const d = tlsFailure(outcome, ctx);
            const base = { check: "tls" as const, host: t.host, ip: p.ip, port: spec.port, alpn: spec.alpn, endpointId: p.endpointId };
            const cert = outcome.peer ? `${outcome.protocol ?? "TLS"}, ${outcome.peer.subject}, issuer ${outcome.peer.issuer}` : undefined;
            return d
                ? { ...base, status: "fail", ms: outcome.handshakeMs, summary: d.summary, problem: d.problem, cause: d.cause, detail: cert }
                : { ...base, status: "pass", ms: outcome.handshakeMs, summary: `ok ${outcome.handshakeMs} ms`, detail: cert };
        });
    });
}

/** CA certificates and their label for a name. */
function trustFor(t: NameTarget, o: CheckOptions): { ca?: readonly string[]; label: string } {
    if (o.caPems) {
        return { ca: o.caPems, label: "the --ca certificates" };
    }
    return t.trust === "amazon-root-ca-1" ? { ca: [AMAZON_ROOT_CA_1_PEM], label: "Amazon Root CA 1" } : { label: "Node's default CA store" };
}

/** Runs every check of `o`. Never rejects for network failures: they are findings. */
export async function runCheck(o: CheckOptions, progress: Progress = NO_PROGRESS): Promise<Report> {
    const started = Date.now();
    const findings: Finding[] = [];
    const names: NameReport[] = [];
    const scope: AnswerScope = {
        extraPrivate: o.privateCidrs.map((c) => parseCidr(c)).filter((c): c is Cidr => c !== undefined),
        recordIps: recordIpsOf(o.targets),
    };
    const toProbe = new Map<string, Map<string, ProbeIp>>();

    for (const t of o.targets) {
        const ips = new Map<string, ProbeIp>();
        toProbe.set(t.host, ips);
        for (const resolver of o.resolvers) {
            const { report, probe, records } = await checkName(t, resolver, o, scope, progress, findings);
            names.push(report);
            for (const p of probe) {
                ips.set(p.ip, p);
            }
            if (o.allIps) {
                for (const [ip, known] of indexRecordIps(records)) {
                    ips.set(ip, { ip, endpointId: known.record.endpointId });
                }
            }
        }
    }

    // TLS on every IP found, every device port
    const tasks = o.targets.flatMap((t) => [...toProbe.get(t.host)!.values()].flatMap((p) => t.probes.map((spec) => ({ t, p, spec }))));
    for (const t of o.targets) {
        if (toProbe.get(t.host)!.size === 0) {
            findings.push({ check: "tls", status: "skip", host: t.host, summary: "no IP to probe", detail: "no record IP was answered (--all-ips probes the records anyway)" });
        }
    }
    if (tasks.length > 0) {
        progress.phase(`TLS  ${tasks.length} handshake${tasks.length === 1 ? "" : "s"}`);
        let done = 0;
        const probed = await mapLimit(tasks, TLS_CONCURRENCY, async ({ t, p, spec }): Promise<TlsProbed> => {
            const dial = dialFor(p.ip, spec.port, o.dial);
            const trust = trustFor(t, o);
            const outcome = await probeTls({
                host: t.host, address: dial.address, port: dial.port, alpn: spec.alpn, ca: trust.ca, timeoutMs: o.timeoutMs,
                ...(o.device ? { clientCert: { cert: o.device.certPem, key: o.device.keyPem } } : {}),
            });
            progress.step(++done, tasks.length);
            return {
                t, p, spec, outcome, ctx: {
                    host: t.host, ip: p.ip, port: spec.port, alpn: spec.alpn, timeoutMs: o.timeoutMs, trustLabel: trust.label, customDomain: t.kind === "custom",
                    ...(dial.mapped ? { dialled: `${dial.address}:${dial.port}` } : {}),
                },
            };
        });
        findings.push(...tlsFindings(probed));
    }

    // MQTT CONNECT (and PUBLISH) on every IP found, one at a time: one client id
    const device = o.device;
    if (device) {
        const mqttTasks = o.targets.filter((t) => t.mqtt).flatMap((t) => [...toProbe.get(t.host)!.values()].map((p) => ({ t, p })));
        if (mqttTasks.length > 0) {
            progress.phase(`MQTT ${mqttTasks.length} CONNECT${mqttTasks.length === 1 ? "" : "s"} as ${device.clientId}${device.publishTopic ? `, PUBLISH to ${device.publishTopic}` : ""}`);
        }
        let done = 0;
        for (const { t, p } of mqttTasks) {
            const port = device.mqttPort;
            const alpn = port === 443 ? MQTT_ALPN_PROTOCOL : undefined;
            const base = { host: t.host, ip: p.ip, port, alpn, endpointId: p.endpointId };
            // a probe with another ALPN on the port (HTTPS's, for the Greengrass data plane) says nothing of MQTT's
            const probedAs = (x: { port?: number; alpn?: string }) => x.port === port && (x.alpn === undefined || x.alpn === alpn);
            const tlsFailed = findings.some((f) => f.check === "tls" && f.host === t.host && f.ip === p.ip && f.status === "fail" && (probedAs(f) || f.probes?.some(probedAs)));
            if (tlsFailed) {
                findings.push({ check: "mqtt", status: "skip", ...base, summary: "skipped", detail: `TLS to ${p.ip}:${port} failed` });
                progress.step(++done, mqttTasks.length);
                continue;
            }
            const dial = dialFor(p.ip, port, o.dial);
            const trust = trustFor(t, o);
            const keepAlive = Math.min(device.keepAliveSeconds ?? t.keepAliveSeconds ?? MQTT_KEEP_ALIVE_MAX_SECONDS, MQTT_KEEP_ALIVE_MAX_SECONDS);
            const outcome = await checkMqtt({
                host: t.host, address: dial.address, port: dial.port, alpn, ca: trust.ca, timeoutMs: o.timeoutMs,
                clientCert: { cert: device.certPem, key: device.keyPem }, clientId: device.clientId, keepAliveSeconds: keepAlive, publishTopic: device.publishTopic,
            });
            progress.step(++done, mqttTasks.length);
            const ctx = {
                host: t.host, ip: p.ip, port, alpn, timeoutMs: o.timeoutMs, trustLabel: trust.label, customDomain: t.kind === "custom",
                clientId: device.clientId, endpointId: p.endpointId, publishTopic: device.publishTopic,
                ...(dial.mapped ? { dialled: `${dial.address}:${dial.port}` } : {}),
            };
            const c = mqttConnectFailure(outcome, ctx);
            findings.push(c
                ? { check: "mqtt", status: "fail", ...base, summary: c.summary, problem: c.problem, cause: c.cause }
                : { check: "mqtt", status: "pass", ...base, ms: outcome.connackMs, summary: `CONNACK ${outcome.connackMs} ms`, detail: `client id ${device.clientId}, keep-alive ${keepAlive} s` });
            if (device.publishTopic !== undefined) {
                const pf = c ? undefined : mqttPublishFailure(outcome, ctx);
                findings.push(c
                    ? { check: "publish", status: "skip", ...base, summary: "skipped", detail: "CONNECT failed" }
                    : pf
                        ? { check: "publish", status: "fail", ...base, summary: pf.summary, problem: pf.problem, cause: pf.cause }
                        : { check: "publish", status: "pass", ...base, ms: outcome.pubackMs, summary: `PUBACK ${outcome.pubackMs} ms`, detail: `QoS 1 to ${device.publishTopic}` });
            }
        }
    }
    if (o.nucleus) {
        findings.push(...nucleusFindings(o.nucleus, o.targets, names, findings));
    }
    progress.end();

    const count = (s: Finding["status"]) => findings.filter((f) => f.status === s).length;
    const summary = { checks: findings.length, passed: count("pass"), failed: count("fail"), skipped: count("skip") };
    return { ok: summary.failed === 0 && summary.passed > 0, summary, durationMs: Date.now() - started, names, findings, notes: [...o.notes] };
}
