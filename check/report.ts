/**
 * The readable report of `iotvpc-check`: a table per name and resolver (one row per IP: its endpoint
 * and subnet, its share of the answers, the DNS verdict, each TLS port and MQTT), the spread over the
 * endpoints, the Greengrass nucleus configuration's names, the notes, every problem with its likely
 * cause, and a summary line. Pure: returns text.
 */
import Table from "cli-table3";

import { formatP } from "./diagnose";
import { Finding, IpRow, NameReport, Report } from "./types";

const DNS_CELL: Record<IpRow["class"], string> = {
    "record": "ok",
    "not-answered": "-",
    "draining": "✗ DRAINING",
    "not-private": "✗ NOT PRIVATE",
    "not-a-record": "✗ NOT A RECORD",
    "public": "✗ PUBLIC IP",
};

const CHECK_NAMES: Record<Finding["check"], string> = {
    dns: "DNS query",
    answer: "DNS answer",
    skew: "DNS spread",
    tls: "TLS",
    mqtt: "MQTT CONNECT",
    publish: "MQTT PUBLISH",
    nucleus: "Greengrass nucleus",
};

/** `text` wrapped at `width` columns, every line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
        if (line !== "" && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    lines.push(line);
    return lines.join(`\n${indent}`);
}

function cell(f: Finding | undefined): string {
    if (!f) {
        return "-";
    }
    return f.status === "pass" ? f.summary : f.status === "skip" ? `(${f.summary})` : `✗ ${f.summary}`;
}

/** Device ports in the order devices prefer them; other ports after them. */
const portOrder = (p: number) => {
    const i = [8883, 443, 8443].indexOf(p);
    return i < 0 ? 3 : i;
};

/** The table of one name through one resolver. */
function nameTable(n: NameReport, findings: readonly Finding[]): string {
    const mine = findings.filter((f) => f.host === n.host);
    const probes = [...new Map(mine.filter((f) => f.check === "tls")
        .flatMap((f) => f.probes ?? (f.port !== undefined ? [{ port: f.port, alpn: f.alpn }] : []))
        .map((p) => [`${p.port} ${p.alpn ?? ""}`, p])).values()]
        .sort((a, b) => portOrder(a.port) - portOrder(b.port) || a.port - b.port);
    const hasMqtt = mine.some((f) => f.check === "mqtt" && f.ip !== undefined);
    const hasPublish = mine.some((f) => f.check === "publish");
    const head = ["IP", "endpoint / subnet", "answers", "DNS", ...probes.map((p) => `TLS ${p.port}${p.alpn ? `\n${p.alpn}` : ""}`), ...(hasMqtt ? ["MQTT"] : []), ...(hasPublish ? ["PUBLISH"] : [])];
    const table = new Table({ head, style: { head: [], border: [], compact: false } });
    for (const row of n.ips) {
        const at = (check: Finding["check"], port?: number, alpn?: string) =>
            mine.find((f) => f.check === check && f.ip === row.ip
                && (port === undefined || (f.port === port && f.alpn === alpn) || f.probes?.some((x) => x.port === port && x.alpn === alpn) === true));
        const share = n.answered > 0 ? ` (${Math.round((row.answers / n.answered) * 100)}%)` : "";
        table.push([
            row.ip,
            row.endpointId ? `${row.endpointId}${row.subnetId ? `\n${row.subnetId}` : ""}` : "(no record)",
            row.class === "not-answered" ? "0" : `${row.answers}${share}`,
            DNS_CELL[row.class],
            ...probes.map((p) => cell(at("tls", p.port, p.alpn))),
            ...(hasMqtt ? [cell(at("mqtt"))] : []),
            ...(hasPublish ? [cell(at("publish"))] : []),
        ]);
    }
    const title = `${n.host} (${n.kind}) via ${n.resolver}: ${n.answered} of ${n.queries} ${n.queries === 1 ? "query" : "queries"} answered`;
    return `${title}\n${n.ips.length > 0 ? table.toString() : "(no record IPs and no answers)"}`;
}

/** The spread line under a name's table. */
function spreadLine(n: NameReport): string | undefined {
    const s = n.skew;
    if (!s) {
        return undefined;
    }
    const test = s.test === "chi-square"
        ? `chi-square ${s.statistic!.toFixed(1)}, df ${s.degreesOfFreedom}, p = ${formatP(s.pValue)}`
        : `exact binomial, adjusted p = ${formatP(s.pValue)}`;
    const parts = s.endpoints.map((e) => {
        const flag = e.verdict === "ok" ? "" : e.verdict === "draining-answered" ? " DRAINING BUT ANSWERED" : ` ${e.verdict.toUpperCase()} ${e.deviationPercent! >= 0 ? "+" : ""}${e.deviationPercent!.toFixed(0)}%`;
        return `${e.endpointId} ${e.observed} (${(e.observedShare * 100).toFixed(0)}%, expected ${(e.expectedShare * 100).toFixed(0)}%)${flag}`;
    });
    const verdict = s.ok ? `even at alpha ${s.alpha}` : `SKEWED at alpha ${s.alpha}`;
    const notes = s.notes.length > 0 ? `\n  note: ${s.notes.join("; ")}` : "";
    return wrap(`Spread over endpoints, ${s.n} answers (${test}): ${parts.join(", ")}: ${verdict}.`, 110, "  ") + notes;
}

/** The human-readable report. */
export function renderText(r: Report): string {
    const out: string[] = [];
    for (const n of r.names) {
        out.push(nameTable(n, r.findings));
        const spread = spreadLine(n);
        if (spread) {
            out.push(spread);
        }
        out.push("");
    }
    const nucleus = r.findings.filter((f) => f.check === "nucleus");
    if (nucleus.length > 0) {
        out.push("Greengrass nucleus configuration (greengrassNucleusConfig):");
        out.push(...nucleus.map((f) => `  ${f.setting ?? "?"} ${f.host}: ${cell(f)}${f.status === "skip" && f.detail ? ` ${f.detail}` : ""}`));
    }
    out.push(...r.notes.map((n) => `Note: ${wrap(n, 104, "  ")}`));
    if (nucleus.length > 0 || r.notes.length > 0) {
        out.push("");
    }
    const hostOnly = r.findings.filter((f) => f.status === "skip" && f.ip === undefined && f.check !== "nucleus");
    for (const f of hostOnly) {
        out.push(`${CHECK_NAMES[f.check]} ${f.host}: ${f.summary}${f.detail ? ` (${f.detail})` : ""}`);
    }
    const failed = r.findings.filter((f) => f.status === "fail");
    if (failed.length > 0) {
        out.push(`Problems (${failed.length}):`);
        failed.forEach((f, i) => {
            const where = [f.setting, f.host, f.ip ? `${f.ip}${f.port ? `:${f.port}` : ""}` : undefined, f.resolver ? `via ${f.resolver}` : undefined].filter(Boolean).join(" ");
            const n = `${i + 1}.`.padEnd(4);
            out.push(`${n}${CHECK_NAMES[f.check]}  ${where}`);
            out.push(`    ${wrap(f.problem ?? f.summary, 100, "    ")}`);
            if (f.cause) {
                out.push(`    ${wrap(`likely cause: ${f.cause}`, 100, "    ")}`);
            }
        });
        out.push("");
    }
    out.push(summaryLine(r));
    return out.join("\n") + "\n";
}

/** `PASS: all 31 checks passed (...)` or `FAIL: 2 of 31 checks failed (...)`. */
export function summaryLine(r: Report): string {
    const byCheck = (fs: readonly Finding[]) => {
        const counts = new Map<string, number>();
        for (const f of fs) {
            counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
        }
        return [...counts].map(([k, v]) => `${k} ${v}`).join(", ");
    };
    const secs = `${(r.durationMs / 1000).toFixed(1)} s`;
    const skipped = r.summary.skipped > 0 ? `, ${r.summary.skipped} skipped` : "";
    if (r.ok) {
        return `PASS: all ${r.summary.passed} checks passed (${byCheck(r.findings.filter((f) => f.status === "pass"))})${skipped} in ${secs}`;
    }
    if (r.summary.failed === 0) {
        return `FAIL: nothing was checked${skipped} in ${secs}`;
    }
    return `FAIL: ${r.summary.failed} of ${r.summary.checks} checks failed (${byCheck(r.findings.filter((f) => f.status === "fail"))}), ${r.summary.passed} passed${skipped} in ${secs}`;
}
