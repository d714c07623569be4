/**
 * Greengrass V2 core devices, when the outputs hold `greengrassNucleusConfig`: their data plane calls go
 * to the data name (`greengrassDataPlaneEndpoint: "iotdata"`) on `greengrassDataPlanePort`, so that port
 * is probed there; and the configuration's `iotDataEndpoint` and `iotCredEndpoint` must be the names of
 * the outputs that resolved privately. Pure: imports no network module.
 */
import { GREENGRASS_DATA_PLANE_PORTS } from "../components/limits";
import { Finding, NameReport, NameTarget, NucleusCheck, NucleusConfig, NucleusName, TlsProbeSpec } from "./types";

/** ALPN protocol name of HTTPS with an X.509 client certificate on 443 (the nucleus's data plane on 443). */
export const HTTPS_ALPN_PROTOCOL = "x-amzn-http-ca";

/** The nucleus's data plane port when its configuration does not set one. */
export const NUCLEUS_DEFAULT_DATA_PLANE_PORT = 8443;

/** The nucleus's data plane ports, as the outputs' problems name them. */
export const DATA_PLANE_PORTS_TEXT = GREENGRASS_DATA_PLANE_PORTS.join(" or ");

/** The handshake of a data plane call: HTTPS with the device certificate, with ALPN `x-amzn-http-ca` on 443. */
export function dataPlaneProbe(port: number): TlsProbeSpec {
    return port === 443 ? { port, alpn: HTTPS_ALPN_PROTOCOL } : { port };
}

const label = (p: TlsProbeSpec) => `TLS ${p.port}${p.alpn ? ` with ALPN ${p.alpn}` : ""}`;

/**
 * The targets with the data plane probe on the data name (`ats`): added when its probes (from
 * `connectionSettings`, which follow `devicePorts`) lack it, left out when `--ports` leaves its port out.
 * Each case is a note, so the report says which.
 */
export function withDataPlaneProbe(targets: readonly NameTarget[], dataPlanePort: number, ports: readonly number[] | undefined): { targets: NameTarget[]; notes: string[] } {
    const spec = dataPlaneProbe(dataPlanePort);
    const notes: string[] = [];
    const out = targets.map((t): NameTarget => {
        if (t.kind !== "ats") {
            return t;
        }
        if (ports !== undefined && !ports.includes(spec.port)) {
            notes.push(`${label(spec)} on ${t.host} not probed: --ports leaves out greengrassDataPlanePort ${spec.port}, the port of the core devices' data plane calls`);
            return t;
        }
        if (t.probes.some((p) => p.port === spec.port && p.alpn === spec.alpn)) {
            notes.push(`${label(spec)} on ${t.host} is the port of the core devices' data plane calls (greengrassDataPlanePort ${spec.port})`);
            return t;
        }
        notes.push(`${label(spec)} on ${t.host} added: the core devices' data plane calls use greengrassDataPlanePort ${spec.port}, which connectionSettings do not list`);
        return { ...t, probes: [...t.probes, spec] };
    });
    return { targets: out, notes };
}

/** The configuration's names, each with the outputs' name of its kind. */
export function nucleusNames(config: NucleusConfig, outputNames: readonly { readonly host: string; readonly kind: string }[]): NucleusName[] {
    const of = (kind: string) => outputNames.find((n) => n.kind === kind)?.host;
    const name = (setting: NucleusName["setting"], configured: string, expected: string | undefined): NucleusName =>
        ({ setting, configured, ...(expected !== undefined ? { expected } : {}) });
    return [name("iotDataEndpoint", config.iotDataEndpoint, of("ats")), name("iotCredEndpoint", config.iotCredEndpoint, of("credentials"))];
}

const WHAT: Record<NucleusName["setting"], { name: string; missing: string }> = {
    iotDataEndpoint: { name: "data name", missing: "the data name and its records: export dataEndpoint" },
    iotCredEndpoint: {
        name: "credential provider name",
        missing: "the credential provider's name and its records (greengrass: true creates its endpoints and zone): export credentialsEndpoint",
    },
};

/** One setting's verdict: the outputs' name, and resolved privately through every resolver. */
function judge(n: NucleusName, targets: readonly NameTarget[], reports: readonly NameReport[], findings: readonly Finding[]): Finding {
    const base = { check: "nucleus" as const, host: n.configured, setting: n.setting };
    const what = WHAT[n.setting];
    if (n.expected !== undefined && n.expected !== n.configured) {
        return {
            ...base, status: "fail", summary: "MISMATCH",
            problem: `greengrassNucleusConfig.${n.setting} is ${n.configured}, not ${n.expected}, the ${what.name} this deployment's private zone answers: `
                + "core devices would ask a name no private zone of this deployment answers",
            cause: "the nucleus configuration was written for another account, region or stack, or edited by hand: "
                + `set ${n.setting} to ${n.expected} in the aws.greengrass.Nucleus configuration (the outputs' greengrassNucleusConfig after \`pulumi up\` has it) and deploy it to the core devices`,
        };
    }
    if (!targets.some((t) => t.host === n.configured)) {
        return n.expected === undefined
            ? {
                ...base, status: "fail", summary: "NOT IN OUTPUTS",
                problem: `greengrassNucleusConfig.${n.setting} is ${n.configured}, but the outputs have no records for it: no private zone of this deployment answers it`,
                cause: `the stack does not export ${what.missing}, records and connectionSettings, and save the outputs again after \`pulumi up\``,
            }
            : { ...base, status: "skip", summary: "not checked", detail: "--host leaves it out" };
    }
    const mine = reports.filter((r) => r.host === n.configured);
    const failed = findings.some((f) => f.host === n.configured && (f.check === "dns" || f.check === "answer") && f.status === "fail");
    if (failed || mine.some((r) => r.answered === 0)) {
        return { ...base, status: "skip", summary: "skipped", detail: "it did not resolve privately: see its DNS problems" };
    }
    return { ...base, status: "pass", summary: "resolves privately", detail: `every answer (${mine.length} ${mine.length === 1 ? "resolver" : "resolvers"}) was a record IP` };
}

/** A finding per name of the configuration, judged on the DNS results of the run. */
export function nucleusFindings(check: NucleusCheck, targets: readonly NameTarget[], reports: readonly NameReport[], findings: readonly Finding[]): Finding[] {
    return check.names.map((n) => judge(n, targets, reports, findings));
}
