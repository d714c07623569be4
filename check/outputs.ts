/**
 * Pure reading of a stack's outputs (`pulumi stack output --json`): the names to check, their weighted
 * records (which IP belongs to which endpoint and subnet), the ports and ALPN devices use, and the
 * inbound resolver IPs. Every problem names the output key and says how to fix it. Imports no network
 * module.
 */
import { DEVICE_PORTS, GREENGRASS_DATA_PLANE_PORTS, MQTT_ALPN_PROTOCOL, MQTT_KEEP_ALIVE_MAX_SECONDS, ROUTE53_MAX_WEIGHT } from "../components/limits";
import { parseIpv4 } from "./classify";
import { DATA_PLANE_PORTS_TEXT, NUCLEUS_DEFAULT_DATA_PLANE_PORT } from "./greengrass";
import { ExpectedRecord, NameKind, NucleusConfig, TlsProbeSpec } from "./types";

/** A name found in the outputs, with what the outputs say about it. */
export interface OutputName {
    readonly host: string;
    readonly kind: Exclude<NameKind, "host">;
    readonly records: ExpectedRecord[];
    /** From `connectionSettings`, when it has an entry for the name. */
    readonly probes?: TlsProbeSpec[];
    readonly keepAliveSeconds?: number;
}

/** What the checker uses from a stack's outputs. */
export interface ParsedOutputs {
    readonly names: OutputName[];
    readonly resolverIps: string[];
    readonly endpointIds: string[];
    /** From `greengrassNucleusConfig`, when the stack exports it (Greengrass core devices). */
    readonly greengrass?: NucleusConfig;
}

/** Lower case, no trailing dot: how names are compared. */
export function normalizeHost(name: string): string {
    return name.trim().toLowerCase().replace(/\.$/, "");
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * The TLS probes for a name's `connectionSettings` protocols: one per port, with the ALPN of that port's
 * ALPN protocol when it has one (443: `x-amzn-mqtt-ca`; plain HTTPS on 443 is the same port).
 */
export function probesFor(protocols: readonly { port: number; alpn?: string }[]): TlsProbeSpec[] {
    const byPort = new Map<number, TlsProbeSpec>();
    for (const p of protocols) {
        const seen = byPort.get(p.port);
        if (!seen || (!seen.alpn && p.alpn)) {
            byPort.set(p.port, p.alpn ? { port: p.port, alpn: p.alpn } : { port: p.port });
        }
    }
    return [...byPort.values()];
}

/** The probes of a name the outputs give no `connectionSettings` for. */
export function defaultProbes(kind: NameKind): TlsProbeSpec[] {
    return kind === "credentials"
        ? [{ port: 443 }]
        : DEVICE_PORTS.map((port) => (port === 443 ? { port, alpn: MQTT_ALPN_PROTOCOL } : { port }));
}

function parseRecord(r: unknown, at: string, problems: string[]): (ExpectedRecord & { name: string }) | undefined {
    if (!isObject(r)) {
        problems.push(`${at}: expected an object with name, setIdentifier, weight, endpointId and values`);
        return undefined;
    }
    const bad = (key: string, want: string) => problems.push(`${at}.${key}: ${JSON.stringify(r[key])} is not ${want}`);
    const before = problems.length;
    if (typeof r.name !== "string" || r.name === "") {
        bad("name", "a DNS name");
    }
    if (typeof r.setIdentifier !== "string") {
        bad("setIdentifier", "a string");
    }
    if (typeof r.weight !== "number" || !Number.isInteger(r.weight) || r.weight < 0 || r.weight > ROUTE53_MAX_WEIGHT) {
        bad("weight", `an integer 0..${ROUTE53_MAX_WEIGHT}`);
    }
    if (typeof r.endpointId !== "string") {
        bad("endpointId", "a string (vpce-...)");
    }
    if (!isStringArray(r.values) || r.values.length === 0) {
        bad("values", "a non-empty list of IPs or an alias target name");
    }
    if (r.subnetIds !== undefined && !isStringArray(r.subnetIds)) {
        bad("subnetIds", "a list of subnet ids");
    }
    if (r.kind !== undefined && r.kind !== "a" && r.kind !== "alias") {
        bad("kind", "\"a\" or \"alias\"");
    }
    if (r.ttl !== undefined && (typeof r.ttl !== "number" || r.ttl < 0)) {
        bad("ttl", "a number of seconds");
    }
    if (problems.length > before) {
        return undefined;
    }
    const values = r.values as string[];
    // Outputs of stacks deployed before `kind` was exported: IP values are an A record.
    const kind = (r.kind as "a" | "alias" | undefined) ?? (values.every((v) => parseIpv4(v) !== undefined) ? "a" : "alias");
    if (kind === "a") {
        const badIps = values.filter((v) => parseIpv4(v) === undefined);
        if (badIps.length > 0) {
            problems.push(`${at}.values: ${badIps.map((v) => JSON.stringify(v)).join(", ")} ${badIps.length === 1 ? "is not an IPv4 address" : "are not IPv4 addresses"}`);
            return undefined;
        }
    }
    const subnetIds = (r.subnetIds as string[] | undefined) ?? [];
    if (kind === "a" && subnetIds.length > 0 && subnetIds.length !== values.length) {
        problems.push(`${at}.subnetIds: ${subnetIds.length} subnet ids for ${values.length} values; expected one per IP, in the same order`);
        return undefined;
    }
    return {
        name: normalizeHost(r.name as string),
        setIdentifier: r.setIdentifier as string,
        weight: r.weight as number,
        endpointId: r.endpointId as string,
        kind,
        ips: kind === "a" ? values : [],
        subnetIds: kind === "a" ? values.map((_, i) => subnetIds[i]) : [],
        ...(kind === "alias" ? { aliasTarget: normalizeHost(values[0]) } : {}),
        ...(typeof r.ttl === "number" ? { ttl: r.ttl } : {}),
    };
}

/** What a `connectionSettings` entry says about its host. */
interface HostSettings {
    readonly probes: TlsProbeSpec[];
    readonly keepAliveSeconds?: number;
    /** The entry's `kind`, when it is one the checker knows. */
    readonly kind?: OutputName["kind"];
}

const SETTINGS_KINDS: readonly string[] = ["ats", "custom", "credentials"];

const CREDENTIALS_NAME = /\.credentials\.iot\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** A credential provider's name (`iot:CredentialProvider`): for a name whose kind the outputs or flags do not say. */
export const isCredentialsName = (host: string): boolean => CREDENTIALS_NAME.test(host);

function parseConnectionSettings(v: unknown, problems: string[]): Map<string, HostSettings> {
    const byHost = new Map<string, HostSettings>();
    if (v === undefined) {
        return byHost;
    }
    if (!Array.isArray(v)) {
        problems.push("outputs.connectionSettings: expected the list the component exports (host, protocols, keepAliveSeconds)");
        return byHost;
    }
    v.forEach((s, i) => {
        const at = `outputs.connectionSettings[${i}]`;
        if (!isObject(s) || typeof s.host !== "string" || !Array.isArray(s.protocols)) {
            problems.push(`${at}: expected an object with host and protocols`);
            return;
        }
        const protocols: { port: number; alpn?: string }[] = [];
        s.protocols.forEach((p, j) => {
            if (!isObject(p) || typeof p.port !== "number" || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535 || (p.alpn !== undefined && typeof p.alpn !== "string")) {
                problems.push(`${at}.protocols[${j}]: expected { protocol, port: 1..65535, alpn? }`);
                return;
            }
            protocols.push({ port: p.port, ...(typeof p.alpn === "string" ? { alpn: p.alpn } : {}) });
        });
        const keepAlive = typeof s.keepAliveSeconds === "number" && s.keepAliveSeconds > 0
            ? Math.min(s.keepAliveSeconds, MQTT_KEEP_ALIVE_MAX_SECONDS) : undefined;
        const kind = typeof s.kind === "string" && SETTINGS_KINDS.includes(s.kind) ? s.kind as OutputName["kind"] : undefined;
        byHost.set(normalizeHost(s.host), { probes: probesFor(protocols), ...(keepAlive !== undefined ? { keepAliveSeconds: keepAlive } : {}), ...(kind ? { kind } : {}) });
    });
    return byHost;
}

function ipList(v: unknown, key: string, problems: string[]): string[] {
    if (v === undefined || v === null) {
        return [];
    }
    if (!isStringArray(v)) {
        problems.push(`outputs.${key}: expected a list of strings`);
        return [];
    }
    return v;
}

/**
 * `greengrassNucleusConfig`, if the stack exports it (`null` or absent: no Greengrass). Without
 * `greengrassDataPlanePort` the nucleus uses 8443.
 */
function parseNucleusConfig(v: unknown, problems: string[]): NucleusConfig | undefined {
    if (v === undefined || v === null) {
        return undefined;
    }
    const at = "outputs.greengrassNucleusConfig";
    if (!isObject(v)) {
        problems.push(`${at}: expected the object the component exports (iotDataEndpoint, iotCredEndpoint, greengrassDataPlanePort, ...)`);
        return undefined;
    }
    const before = problems.length;
    for (const key of ["iotDataEndpoint", "iotCredEndpoint"]) {
        if (typeof v[key] !== "string" || v[key] === "") {
            problems.push(`${at}.${key}: ${JSON.stringify(v[key])} is not a host name`);
        }
    }
    const port = v.greengrassDataPlanePort ?? NUCLEUS_DEFAULT_DATA_PLANE_PORT;
    if (typeof port !== "number" || !GREENGRASS_DATA_PLANE_PORTS.includes(port)) {
        problems.push(`${at}.greengrassDataPlanePort: ${JSON.stringify(port)} is not a port of the nucleus's data plane: ${DATA_PLANE_PORTS_TEXT}`);
    }
    if (problems.length > before) {
        return undefined;
    }
    return { iotDataEndpoint: normalizeHost(v.iotDataEndpoint as string), iotCredEndpoint: normalizeHost(v.iotCredEndpoint as string), dataPlanePort: port as number };
}

/**
 * Reads `pulumi stack output --json`. Names: `dataEndpoint` (ats), `customDomains` (custom),
 * `credentialsEndpoint` (credentials), the kind `connectionSettings` gives a name, and any other name in
 * `records` (credentials under `credentials.iot`, else custom). Returns every problem found, each naming
 * its key.
 */
export function parseStackOutputs(json: unknown): { outputs?: ParsedOutputs; problems: string[] } {
    const problems: string[] = [];
    if (!isObject(json)) {
        return { problems: ["the outputs are not a JSON object: save them with `pulumi stack output --json > outputs.json`"] };
    }
    if (json.skipped === true) {
        return { problems: [`the stack was skipped (${typeof json.reason === "string" ? json.reason : "no reason given"}): it has no endpoints to check`] };
    }
    const kinds = new Map<string, OutputName["kind"]>();
    if (typeof json.dataEndpoint === "string" && json.dataEndpoint !== "") {
        kinds.set(normalizeHost(json.dataEndpoint), "ats");
    } else if (json.dataEndpoint !== undefined) {
        problems.push(`outputs.dataEndpoint: ${JSON.stringify(json.dataEndpoint)} is not a host name`);
    }
    for (const d of ipList(json.customDomains, "customDomains", problems)) {
        kinds.set(normalizeHost(d), "custom");
    }
    if (typeof json.credentialsEndpoint === "string" && json.credentialsEndpoint !== "") {
        kinds.set(normalizeHost(json.credentialsEndpoint), "credentials");
    }
    const records: (ExpectedRecord & { name: string })[] = [];
    if (json.records === undefined) {
        if (kinds.size > 0) {
            problems.push("outputs.records is missing: export the component's records from the stack (`records: iot.records`) and run `pulumi up`, or give the IPs with --expect-ip");
        }
    } else if (!Array.isArray(json.records)) {
        problems.push("outputs.records: expected the list of records the component exports");
    } else {
        json.records.forEach((r, i) => {
            const parsed = parseRecord(r, `outputs.records[${i}]`, problems);
            if (parsed) {
                records.push(parsed);
            }
        });
    }
    const settings = parseConnectionSettings(json.connectionSettings, problems);
    // stacks export credentialsEndpoint only when they ask for the credential provider; connectionSettings always say its kind
    for (const [host, s] of settings) {
        if (s.kind !== undefined && !kinds.has(host) && records.some((r) => r.name === host)) {
            kinds.set(host, s.kind);
        }
    }
    for (const r of records) {
        if (!kinds.has(r.name)) {
            kinds.set(r.name, isCredentialsName(r.name) ? "credentials" : "custom");
        }
    }
    if (kinds.size === 0 && problems.length === 0) {
        problems.push("the outputs name no endpoint: expected dataEndpoint (and records) as the iotvpc stacks export them");
    }
    const resolverIps = ipList(json.resolverIps, "resolverIps", problems).filter((ip) => ip !== "");
    for (const ip of resolverIps) {
        if (parseIpv4(ip) === undefined) {
            problems.push(`outputs.resolverIps: ${JSON.stringify(ip)} is not an IPv4 address`);
        }
    }
    const names = [...kinds].map(([host, kind]): OutputName => {
        const s = settings.get(host);
        return {
            host,
            kind,
            records: records.filter((r) => r.name === host).map(({ name: _name, ...r }) => r),
            ...(s ? { probes: s.probes, ...(s.keepAliveSeconds !== undefined ? { keepAliveSeconds: s.keepAliveSeconds } : {}) } : {}),
        };
    });
    const greengrass = parseNucleusConfig(json.greengrassNucleusConfig, problems);
    if (problems.length > 0) {
        return { problems };
    }
    return { outputs: { names, resolverIps, endpointIds: ipList(json.endpointIds, "endpointIds", problems), ...(greengrass ? { greengrass } : {}) }, problems };
}
