/**
 * Pure predicates over the documented limitations (`limits.ts`), shared by the component's
 * validation and the policy pack. Nothing here imports `@pulumi/*` or talks to AWS.
 */
import {
    CHINA_REGION_PREFIX,
    CONNECTIONS_PER_ENDPOINT,
    DEVICE_PORTS,
    GOVCLOUD_REGION_PREFIX,
    GREENGRASS_OPTIONAL_SERVICES,
    MQTT_KEEP_ALIVE_MAX_SECONDS,
} from "./limits";

/** A parsed AWS endpoint service name such as `com.amazonaws.us-east-1.iot.data`. */
export interface ServiceNameParts {
    /** `"cn.com.amazonaws"` for the China partition, else `"com.amazonaws"`. */
    readonly prefix: string;
    readonly region: string;
    /** The service part after the region, such as `iot.data` or `s3`. */
    readonly service: string;
}

const SERVICE_NAME = /^((?:cn\.)?com\.amazonaws)\.([a-z]{2}(?:-[a-z]+)+-\d+)\.([a-z0-9][a-z0-9.-]*)$/;

/** Splits an AWS endpoint service name; `undefined` for anything that is not one. */
export function parseServiceName(serviceName: string): ServiceNameParts | undefined {
    const m = SERVICE_NAME.exec(serviceName);
    return m ? { prefix: m[1], region: m[2], service: m[3] } : undefined;
}

/** The endpoint service name AWS uses for `service` in `region`, in the region's partition. */
export function serviceNameFor(region: string, service: string): string {
    return `${isChinaRegion(region) ? "cn.com.amazonaws" : "com.amazonaws"}.${region}.${service}`;
}

/** True for AWS IoT Core endpoint services: `iot.data`, `iot.credentials`, `iot.api`, `iot.tunneling...`. */
export function isIotService(service: string): boolean {
    return service === "iot" || service.startsWith("iot.");
}

/** "VPC endpoints for IoT Core are currently not supported in AWS China Regions." */
export function isChinaRegion(region: string): boolean {
    return region.startsWith(CHINA_REGION_PREFIX);
}

export function isGovCloudRegion(region: string): boolean {
    return region.startsWith(GOVCLOUD_REGION_PREFIX);
}

/** Plausible AWS region code (`us-east-1`, `cn-north-1`, `us-gov-west-1`). */
export function isRegionCode(region: string): boolean {
    return /^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region);
}

/** A whole number above zero (and a number at all: arguments may come from other languages). */
export function isPositiveInteger(v: unknown): v is number {
    return typeof v === "number" && Number.isInteger(v) && v > 0;
}

// ----- verdicts: each documented limitation judged in one place (component validation and policy pack) -----

/**
 * Devices one endpoint is planned for at `utilizationPercent` of the 100,000 connections AWS allows
 * (100: the documented limit itself). A fractional result is rounded down: never plan above the limit.
 */
export function plannedDevicesPerEndpoint(utilizationPercent = 100): number {
    return Math.floor((CONNECTIONS_PER_ENDPOINT * utilizationPercent) / 100);
}

/** Interface endpoints needed for `devices` concurrent connections at `utilizationPercent` (at least one). */
export function endpointsNeeded(devices: number, utilizationPercent = 100): number {
    return Math.max(1, Math.ceil(devices / plannedDevicesPerEndpoint(utilizationPercent)));
}

/** Concurrent devices `endpoints` interface endpoints carry at `utilizationPercent` (100: the documented limit). */
export function devicesCarried(endpoints: number, utilizationPercent = 100): number {
    return endpoints * plannedDevicesPerEndpoint(utilizationPercent);
}

/** Devices `endpoints` endpoints fall short of carrying at `utilizationPercent`; 0 when they carry them all. */
export function capacityShortfall(endpoints: number, devices: number, utilizationPercent = 100): number {
    return Math.max(0, devices - devicesCarried(endpoints, utilizationPercent));
}

/** True when `endpoints` carry `devices` at `utilizationPercent`. */
export function carriesDevices(endpoints: number, devices: number, utilizationPercent = 100): boolean {
    return capacityShortfall(endpoints, devices, utilizationPercent) === 0;
}

/** Interface endpoints beyond the per-VPC quota; 0 within it. */
export function quotaExcess(endpoints: number, quota: number): number {
    return Math.max(0, endpoints - quota);
}

/** A utilization target: a whole percent from 1 to 100 of the 100,000 connections an endpoint carries. */
export function isUtilizationPercent(v: unknown): v is number {
    return isPositiveInteger(v) && v <= 100;
}

/**
 * The utilization a component's capacity is judged at: its own `targetUtilizationPercent` when it gives
 * a valid one, never above `ceiling` (the most a team allows; 100 is the documented limit itself).
 */
export function effectiveUtilizationPercent(componentTarget: unknown, ceiling: number): number {
    return isUtilizationPercent(componentTarget) ? Math.min(componentTarget, ceiling) : ceiling;
}

/** The utilization percent at which one endpoint is planned for `devicesPerEndpoint` devices. */
export function utilizationPercentOf(devicesPerEndpoint: number): number {
    return (devicesPerEndpoint * 100) / CONNECTIONS_PER_ENDPOINT;
}

/**
 * Interface endpoints a component asks for: its data endpoints (`endpointCount`, else sized from
 * `expectedConnections` at `utilizationPercent`, default one endpoint for the default 100,000 devices
 * at 100%) plus its credential provider endpoints. `undefined` when a count is not a positive integer.
 */
export function interfaceEndpointsRequested(a: {
    expectedConnections?: unknown;
    endpointCount?: unknown;
    credentialEndpoints?: unknown;
    utilizationPercent?: unknown;
}): number | undefined {
    const utilization = typeof a.utilizationPercent === "number" && a.utilizationPercent > 0 && a.utilizationPercent <= 100 ? a.utilizationPercent : 100;
    const devices = a.expectedConnections === undefined ? CONNECTIONS_PER_ENDPOINT : a.expectedConnections;
    const data = a.endpointCount !== undefined
        ? (isPositiveInteger(a.endpointCount) ? a.endpointCount : undefined)
        : isPositiveInteger(devices) ? endpointsNeeded(devices, utilization) : undefined;
    const credentials = a.credentialEndpoints === undefined || a.credentialEndpoints === 0 ? 0 : isPositiveInteger(a.credentialEndpoints) ? a.credentialEndpoints : undefined;
    return data === undefined || credentials === undefined ? undefined : data + credentials;
}

/**
 * The interface endpoints Greengrass adds to a component: S3's (unless it goes through a gateway
 * endpoint on route tables) and each optional service's (`ecr` is two). Unknown endpoint names count none.
 */
export function greengrassInterfaceEndpoints(g: { readonly endpoints: readonly string[]; readonly s3Gateway: boolean }): number {
    return (g.s3Gateway ? 0 : 1) + g.endpoints.reduce((n, e) => n + (GREENGRASS_OPTIONAL_SERVICES[e]?.length ?? 0), 0);
}

/** True when an MQTT keep-alive (seconds) is within what the endpoint honours. */
export function keepAliveWithinLimit(seconds: number): boolean {
    return seconds <= MQTT_KEEP_ALIVE_MAX_SECONDS;
}

/** True for the ports devices use on the IoT data plane. */
export function isDevicePort(port: number): boolean {
    return DEVICE_PORTS.includes(port);
}

/**
 * True when a security group rule opens something other than one of `allowed` (default: the device
 * ports). No two device ports are adjacent, so only a single-port TCP rule can pass.
 */
export function ruleOpensNonDevicePorts(protocol: string, fromPort: number, toPort: number, allowed: readonly number[] = DEVICE_PORTS): boolean {
    const p = protocol.toLowerCase();
    const tcp = p === "tcp" || p === "6";
    return !(tcp && fromPort === toPort && allowed.includes(fromPort) && isDevicePort(fromPort));
}

// ----- DNS names -----

// China regions name the ATS endpoint <prefix>.ats.iot.<region>.amazonaws.com.cn; elsewhere <prefix>-ats.iot...
const ATS_DATA_NAME = /^[a-z0-9]+[-.]ats\.iot\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/;
const LEGACY_DATA_NAME = /^[a-z0-9]+\.iot\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/;
const IOT_REGION_ZONE = /^iot\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/;
const CREDENTIALS_NAME = /^[a-z0-9]+\.credentials\.iot\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/;

/** Lower-cases a DNS name and drops the trailing dot Route 53 returns. */
export function normalizeDnsName(name: string): string {
    return name.toLowerCase().replace(/\.$/, "");
}

/** `<prefix>-ats.iot.<region>.amazonaws.com` (China: `<prefix>.ats.iot.<region>.amazonaws.com.cn`): the ATS data endpoint. */
export function isAtsDataEndpointName(name: string): boolean {
    return ATS_DATA_NAME.test(normalizeDnsName(name));
}

/** `<prefix>.iot.<region>.amazonaws.com`: the legacy (VeriSign) data endpoint, not served through VPC endpoints. */
export function isLegacyDataEndpointName(name: string): boolean {
    const n = normalizeDnsName(name);
    return LEGACY_DATA_NAME.test(n) && !ATS_DATA_NAME.test(n);
}

/** `iot.<region>.amazonaws.com`: a zone this wide shadows every IoT name inside the VPC. */
export function isRegionWideIotZone(name: string): boolean {
    return IOT_REGION_ZONE.test(normalizeDnsName(name));
}

// Every proper parent of `<prefix>-ats.iot.<region>.amazonaws.com` (and of China's `...amazonaws.com.cn`).
const IOT_PARENT_ZONE = /^(?:(?:(?:iot\.)?[a-z]{2}(?:-[a-z]+)+-\d+\.)?amazonaws\.com(?:\.cn)?|com(?:\.cn)?|cn)$/;

/**
 * True for a zone whose name is a parent of the IoT data endpoint names: `iot.<region>.amazonaws.com`,
 * `<region>.amazonaws.com`, `amazonaws.com` (and their `.cn` forms, up to `com` and `cn`). A private
 * zone that wide answers for the account's endpoint inside the VPC (NXDOMAIN unless it holds the
 * exact record), and for every other name beneath it, so it shadows them all.
 */
export function shadowsIotEndpointNames(zoneName: string): boolean {
    return IOT_PARENT_ZONE.test(normalizeDnsName(zoneName));
}

/** `<prefix>.credentials.iot.<region>.amazonaws.com`: the credential provider endpoint. */
export function isCredentialProviderName(name: string): boolean {
    return CREDENTIALS_NAME.test(normalizeDnsName(name));
}

/** True for names under `amazonaws.com`/`amazonaws.com.cn` that belong to IoT Core. */
export function isAwsIotName(name: string): boolean {
    const n = normalizeDnsName(name);
    return /(^|\.)iot\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/.test(n);
}

/**
 * True when weighted records share their traffic equally: every weight above 0 is the same. A record at
 * weight 0 is draining (Route 53 sends it nothing while another weight is positive), and a set whose
 * weights are all 0 is answered evenly, so zeros never make a set unequal.
 */
export function activeWeightsEqual(weights: readonly number[]): boolean {
    return new Set(weights.filter((w) => w > 0)).size <= 1;
}

/** A valid DNS host name (labels of 1..63 letters, digits, hyphens; at most 253 characters). */
export function isDnsName(name: string): boolean {
    const n = normalizeDnsName(name);
    return n.length > 0 && n.length <= 253 && n.split(".").every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) && n.includes(".");
}

// ----- IPv4 -----

/** Parses a dotted-quad IPv4 address to a 32-bit unsigned integer; `undefined` if malformed. */
export function parseIpv4(ip: string): number | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
    if (!m) {
        return undefined;
    }
    const octets = m.slice(1).map(Number);
    if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0")))) {
        return undefined;
    }
    return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}

export function formatIpv4(n: number): string {
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export interface Ipv4Cidr {
    readonly network: number;
    readonly prefixLength: number;
}

/** Parses `a.b.c.d/n`; `undefined` if malformed or if host bits are set (AWS refuses those). */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr | undefined {
    const m = /^([0-9.]+)\/(\d{1,2})$/.exec(cidr);
    if (!m) {
        return undefined;
    }
    const ip = parseIpv4(m[1]);
    const prefixLength = Number(m[2]);
    if (ip === undefined || prefixLength > 32) {
        return undefined;
    }
    const mask = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
    if (((ip & mask) >>> 0) !== ip) {
        return undefined;
    }
    return { network: ip, prefixLength };
}

/** True when `ip` lies inside `cidr`. */
export function cidrContains(cidr: string, ip: string): boolean {
    const c = parseIpv4Cidr(cidr);
    const a = parseIpv4(ip);
    if (!c || a === undefined) {
        return false;
    }
    const mask = c.prefixLength === 0 ? 0 : (~0 << (32 - c.prefixLength)) >>> 0;
    return ((a & mask) >>> 0) === c.network;
}

/**
 * Why `ip` cannot be assigned in the subnet `cidr`, or `undefined` when it can: it must lie inside the
 * subnet and not be one of the five addresses AWS reserves (the network address, the next three: VPC
 * router, DNS, future use; and the last).
 */
export function subnetAddressProblem(cidr: string, ip: string): string | undefined {
    const range = cidrRange(cidr);
    const address = parseIpv4(ip);
    if (!range || address === undefined) {
        return address === undefined ? "is not an IPv4 address" : undefined;
    }
    if (address < range[0] || address > range[1]) {
        return `is outside the subnet's ${cidr}`;
    }
    if (address < range[0] + 4 || address === range[1]) {
        return `is one of the five addresses AWS reserves in ${cidr} (the first four and the last)`;
    }
    return undefined;
}

/**
 * IPv4 space that is not publicly routed, where device networks live: RFC 1918 (10/8, 172.16/12,
 * 192.168/16) and the RFC 6598 shared space carrier-grade NAT uses (100.64/10).
 */
export const PRIVATE_IPV4_BLOCKS: readonly string[] = Object.freeze(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]);

/** `[first, last]` addresses of a CIDR as 32-bit unsigned integers; `undefined` if malformed. */
export function cidrRange(cidr: string): [number, number] | undefined {
    const c = parseIpv4Cidr(cidr);
    return c ? [c.network, c.network + 2 ** (32 - c.prefixLength) - 1] : undefined;
}

/** `ranges` sorted and merged, so overlapping and adjacent ranges become one. */
function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
    const merged: [number, number][] = [];
    for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
        const last = merged[merged.length - 1];
        if (last && a <= last[1] + 1) {
            last[1] = Math.max(last[1], b);
        } else {
            merged.push([a, b]);
        }
    }
    return merged;
}

const PRIVATE_RANGES: readonly [number, number][] = PRIVATE_IPV4_BLOCKS.map((b) => cidrRange(b)!);

/**
 * Addresses of `ranges` (merged, so overlaps count once) outside every private block and outside
 * `excluded`. One sweep over both sorted lists: linear after sorting, whatever their sizes.
 */
function publicAddresses(ranges: readonly [number, number][], excluded: readonly [number, number][] = []): number {
    const outside = mergeRanges([...PRIVATE_RANGES, ...excluded]);
    let count = 0;
    let k = 0;
    for (const [a, b] of mergeRanges(ranges)) {
        let inside = 0;
        while (k < outside.length && outside[k][1] < a) {
            k++;
        }
        for (let j = k; j < outside.length && outside[j][0] <= b; j++) {
            inside += Math.min(b, outside[j][1]) - Math.max(a, outside[j][0]) + 1;
        }
        count += b - a + 1 - inside;
    }
    return count;
}

const rangesOf = (cidrs: readonly string[]) => cidrs.map(cidrRange).filter((r): r is [number, number] => r !== undefined);

/** Every publicly routed IPv4 address: 2^32 minus the private blocks. */
const ALL_PUBLIC_ADDRESSES = publicAddresses([[0, 2 ** 32 - 1]]);

/**
 * True when the CIDRs, taken together, admit any publicly routed IPv4 address: devices normally connect
 * from private networks (VPC, VPN, Direct Connect), so a public range needs an explicit opt-in.
 * Malformed CIDRs are ignored (they are reported on their own).
 */
export function coversPublicSpace(cidrs: readonly string[]): boolean {
    return publicAddresses(rangesOf(cidrs)) > 0;
}

/**
 * True when the CIDRs admit a publicly routed IPv4 address that `allowed` (an explicit opt-in list of
 * public ranges) does not hold. `coversPublicSpaceBeyond(c, [])` is `coversPublicSpace(c)`.
 */
export function coversPublicSpaceBeyond(cidrs: readonly string[], allowed: readonly string[]): boolean {
    return publicAddresses(rangesOf(cidrs), rangesOf(allowed)) > 0;
}

/**
 * True when the CIDRs, taken together, admit every publicly routed IPv4 address: the whole internet,
 * however it is split (`0.0.0.0/0`, or `0.0.0.0/1` with `128.0.0.0/1`). Never allowed, opt-in or not.
 */
export function coversWholeInternet(cidrs: readonly string[]): boolean {
    if (cidrs.some((c) => isOpenToWorld(c))) {
        return true;
    }
    return publicAddresses(rangesOf(cidrs)) >= ALL_PUBLIC_ADDRESSES;
}

/** True for CIDRs that admit the whole internet (`0.0.0.0/0`, `::/0`). */
export function isOpenToWorld(cidr: string): boolean {
    return cidr.trim() === "0.0.0.0/0" || cidr.trim() === "::/0";
}

// ----- IAM: devices connect only through VPC endpoints -----
//
// Condition semantics below are quoted from the IAM User Guide, "IAM JSON policy elements: Condition
// operators" and "Multivalued context keys". A connection through the public IoT endpoint carries none of
// the VPC keys (aws:SourceVpce, aws:SourceVpc, aws:VpcSourceIp), so each clause on such a key is decided
// by what IAM does with a missing key:
// - "If the key that you specify in a policy condition is not present in the request context, the values
//   do not match and the condition is false. If the policy condition requires that the key is not
//   matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition is
//   true. This logic applies to all condition operators except ...IfExists and Null check."
//   So StringEquals aws:SourceVpce is false (an Allow with it does not apply), and StringNotEquals
//   aws:SourceVpce is true (a Deny with it applies).
// - "...IfExists: If the policy key is present in the context of the request, process the key as
//   specified in the policy. If the key is not present, evaluate the condition element as true."
//   So StringEqualsIfExists lets an Allow through; StringNotEqualsIfExists makes a Deny apply.
// - Null: "true (the key doesn't exist - it is null) or false (the key exists and its value is not
//   null)". Null "true" holds for a public connection, Null "false" does not.
// - ForAllValues: "returns true if every value in the request matches ... It also returns true if there
//   are no context keys in the request". ForAnyValue: "For no matching context key or a null dataset,
//   the operator returns false."
// Within a statement every clause must hold (AND); a Deny wins over any Allow.

const IOT_CONNECT = "iot:Connect";

/** Above this many steps a wildcard comparison gives the cautious answer instead of computing. */
const WILDCARD_WORK_LIMIT = 4_000_000;

/**
 * True when `value` matches an IAM wildcard `pattern` (`*`: any run of characters, `?`: one character).
 * A greedy scan with one backtrack point, no regular expression: at most |pattern| x |value| steps,
 * linear in the pattern for a short value such as `iot:Connect`.
 */
export function matchesIamWildcard(pattern: string, value: string, ignoreCase = false): boolean {
    const p = ignoreCase ? pattern.toLowerCase() : pattern;
    const v = ignoreCase ? value.toLowerCase() : value;
    let i = 0;
    let j = 0;
    let star = -1;
    let resume = 0;
    while (j < v.length) {
        if (i < p.length && (p[i] === "?" || p[i] === v[j])) {
            i++;
            j++;
        } else if (i < p.length && p[i] === "*") {
            star = i++;
            resume = j;
        } else if (star >= 0) {
            i = star + 1;
            j = ++resume;
        } else {
            return false;
        }
    }
    while (i < p.length && p[i] === "*") {
        i++;
    }
    return i === p.length;
}

/**
 * True when every string `specific` (itself an IAM pattern) can match is matched by `general`. Dynamic
 * programming over both patterns (|general| x |specific| steps); beyond the work limit only equal
 * patterns and `*` count as covering.
 */
export function iamPatternCovers(general: string, specific: string): boolean {
    const n = general.length;
    const m = specific.length;
    if (n * m > WILDCARD_WORK_LIMIT) {
        return general === specific || /^\*+$/.test(general);
    }
    // next[j]: general[i+1..] covers specific[j..]; cur[j]: general[i..] covers specific[j..].
    let next = new Uint8Array(m + 1);
    next[m] = 1;
    for (let i = n - 1; i >= 0; i--) {
        const cur = new Uint8Array(m + 1);
        const g = general[i];
        for (let j = m; j >= 0; j--) {
            if (g === "*") {
                cur[j] = next[j] || (j < m && cur[j + 1]) ? 1 : 0;
            } else if (j < m) {
                const t = specific[j];
                cur[j] = (g === "?" ? t !== "*" : t === g) && next[j + 1] ? 1 : 0;
            }
        }
        next = cur;
    }
    return next[0] === 1;
}

/** One piece of the shape of an IoT client ARN: a character, a run without ":" (one ARN field), or anything. */
type ArnShapeItem = { readonly char: string } | "field" | "rest";

/** `arn:<partition>:iot:<region>:<account>:client/<client id>`: the resource every `iot:Connect` names. */
const IOT_CLIENT_ARN: readonly ArnShapeItem[] = [
    ..."arn:".split("").map((char) => ({ char })), "field",
    ...":iot:".split("").map((char) => ({ char })), "field",
    ...":".split("").map((char) => ({ char })), "field",
    ...":client/".split("").map((char) => ({ char })), "rest",
];

/**
 * True when an IAM resource pattern can match the ARN of an IoT client (`arn:<partition>:iot:<region>:
 * <account>:client/<id>`, partition, region and account without ":"), the resource `iot:Connect` names;
 * `arn:aws:iot:us-east-1:123456789012:topic/*` cannot; `*`, `arn:aws:iot:*` and even `arn:aws:iot:*:*:topic/*`
 * can (IAM's `*` spans ":", so it matches `...:client/x:topic/y`: the safe answer). A walk over pairs of positions in the
 * pattern and the shape: |pattern| x 30 steps at most.
 */
export function mayNameIotClient(pattern: string): boolean {
    const n = pattern.length;
    const m = IOT_CLIENT_ARN.length;
    const seen = new Uint8Array((n + 1) * (m + 1));
    const todo: number[] = [];
    const visit = (i: number, j: number) => {
        const k = i * (m + 1) + j;
        if (!seen[k]) {
            seen[k] = 1;
            todo.push(k);
        }
    };
    visit(0, 0);
    while (todo.length > 0) {
        const k = todo.pop()!;
        const i = Math.floor(k / (m + 1));
        const j = k % (m + 1);
        if (i === n && j === m) {
            return true;
        }
        const p = i < n ? pattern[i] : undefined;
        const s = j < m ? IOT_CLIENT_ARN[j] : undefined;
        if (p === "*") {
            visit(i + 1, j); // the star matches nothing
        }
        if (s === "field" || s === "rest") {
            visit(i, j + 1); // the field ends (or the rest is empty)
        }
        if (p !== undefined && s !== undefined) {
            const wildcard = p === "*" || p === "?";
            const fits = typeof s === "object" ? wildcard || p === s.char : s === "field" ? wildcard || p !== ":" : true;
            if (fits) {
                visit(p === "*" ? i : i + 1, typeof s === "object" ? j + 1 : j); // one character on both sides
            }
        }
    }
    return false;
}

/** What a condition evaluates to for a request that carries no VPC key and any value of every other key. */
type Truth = "true" | "false" | "depends";

const NEGATED_OPERATORS = new Set(["stringnotequals", "stringnotequalsignorecase", "stringnotlike", "numericnotequals", "datenotequals", "notipaddress", "arnnotequals", "arnnotlike"]);
const POSITIVE_OPERATORS = new Set([
    "stringequals", "stringequalsignorecase", "stringlike", "numericequals", "numericlessthan", "numericlessthanequals", "numericgreaterthan",
    "numericgreaterthanequals", "dateequals", "datelessthan", "datelessthanequals", "dategreaterthan", "dategreaterthanequals", "bool",
    "binaryequals", "ipaddress", "arnequals", "arnlike",
]);

/** A clause `{ operator: { key: value } }` on a key the request does not carry (see the semantics above). */
function clauseWithoutKey(operator: string, value: unknown): Truth {
    const m = /^(forallvalues:|foranyvalue:)?(.*?)(ifexists)?$/i.exec(operator)!;
    const set = m[1]?.toLowerCase();
    const base = m[2].toLowerCase();
    const ifExists = m[3] !== undefined;
    if (base === "null") {
        if (set !== undefined || ifExists) {
            return "depends";
        }
        const values = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === "string" || typeof v === "boolean" ? String(v).toLowerCase() : ""));
        return values.includes("true") ? "true" : values.length > 0 && values.every((v) => v === "false") ? "false" : "depends";
    }
    if (!NEGATED_OPERATORS.has(base) && !POSITIVE_OPERATORS.has(base)) {
        return "depends"; // not an operator IAM knows: AWS refuses the document
    }
    if (ifExists || set === "forallvalues:") {
        return "true";
    }
    if (set === "foranyvalue:") {
        return "false";
    }
    return NEGATED_OPERATORS.has(base) ? "true" : "false";
}

interface ParsedStatement {
    readonly index: number;
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    /** Whether the statement's Action (or NotAction) takes in iot:Connect. */
    readonly coversConnect: boolean;
    /** Resource patterns, or `undefined` for NotResource (everything but some). */
    readonly resources: readonly string[] | undefined;
    readonly condition: Truth;
    /** VPC-key clauses that hold for a request without the key, as `Operator key`. */
    readonly vpcClausesThatHold: readonly string[];
    readonly hasVpcClause: boolean;
}

const stringsOf = (v: unknown): string[] | undefined =>
    typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;

function parseStatement(s: unknown, index: number, vpcKeys: ReadonlySet<string>): ParsedStatement | undefined {
    if (s === null || typeof s !== "object" || Array.isArray(s)) {
        return undefined;
    }
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") {
        return undefined;
    }
    const action = stringsOf(st.Action);
    const notAction = stringsOf(st.NotAction);
    const connect = (p: string) => matchesIamWildcard(p, IOT_CONNECT, true);
    const coversConnect = action !== undefined ? action.some(connect) : notAction !== undefined ? !notAction.some(connect) : false;
    const resource = stringsOf(st.Resource);
    const resources = st.NotResource !== undefined && resource === undefined ? undefined : resource && resource.length > 0 ? resource : ["*"];
    let condition: Truth = "true";
    const vpcClausesThatHold: string[] = [];
    let hasVpcClause = false;
    if (st.Condition !== undefined) {
        if (st.Condition === null || typeof st.Condition !== "object" || Array.isArray(st.Condition)) {
            condition = "depends";
        } else {
            const truths: Truth[] = [];
            for (const [operator, block] of Object.entries(st.Condition as Record<string, unknown>)) {
                if (block === null || typeof block !== "object" || Array.isArray(block)) {
                    truths.push("depends");
                    continue;
                }
                for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
                    if (!vpcKeys.has(key.toLowerCase())) {
                        truths.push("depends");
                        continue;
                    }
                    hasVpcClause = true;
                    const t = clauseWithoutKey(operator, value);
                    truths.push(t);
                    if (t === "true") {
                        vpcClausesThatHold.push(`${operator} ${key}`);
                    }
                }
            }
            condition = truths.includes("false") ? "false" : truths.every((t) => t === "true") ? "true" : "depends";
        }
    }
    const sid = typeof st.Sid === "string" ? st.Sid : undefined;
    return { index, sid, effect: st.Effect, coversConnect, resources, condition, vpcClausesThatHold, hasVpcClause };
}

/** An Allow statement that lets a device connect through the public IoT endpoint. */
export interface PublicConnectGrant {
    /** Position of the statement in the document, from 1. */
    readonly statement: number;
    readonly sid?: string;
    /** Why its condition does not stop a connection that carries no VPC key. */
    readonly reason: string;
}

/**
 * The Allow statements of an IoT policy document (parsed JSON) through which a device can connect
 * (`iot:Connect`) via the public endpoint: the statement's Action or NotAction takes in iot:Connect
 * (wildcards included), its resources can name a client, its condition does not fail for a request
 * without `vpcKeys`, and no Deny stops it. A Deny stops it when its Action or NotAction takes in
 * iot:Connect, its condition holds for every request without the VPC keys (such as StringNotEquals
 * aws:SourceVpce, or Null aws:SourceVpce "true"), and its Resource patterns cover each of the Allow's
 * (a Deny on a narrower resource leaves the rest open; NotResource Denies are not counted). Empty: every
 * connection must come through a VPC endpoint.
 */
export function publicConnectGrants(document: unknown, vpcKeys: readonly string[]): PublicConnectGrant[] {
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
        return [];
    }
    const raw = (document as Record<string, unknown>).Statement;
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    const keys = new Set(vpcKeys.map((k) => k.toLowerCase()));
    const statements = list.map((s, i) => parseStatement(s, i + 1, keys)).filter((s): s is ParsedStatement => s !== undefined && s.coversConnect);
    const denies = statements.filter((d) => d.effect === "Deny" && d.condition === "true" && d.resources !== undefined);
    const grants: PublicConnectGrant[] = [];
    for (const s of statements) {
        if (s.effect !== "Allow" || s.condition === "false") {
            continue;
        }
        const clients = (s.resources ?? ["*"]).filter(mayNameIotClient);
        const stopped = (p: string) => denies.some((d) => d.resources!.some((q) => iamPatternCovers(q, p)));
        if (clients.length === 0 || clients.every(stopped)) {
            continue;
        }
        const reason = s.vpcClausesThatHold.length > 0
            ? `${s.vpcClausesThatHold.join(" and ")} hold${s.vpcClausesThatHold.length === 1 ? "s" : ""} when the key is absent, as it is on the public endpoint`
            : s.hasVpcClause || s.condition === "depends"
                ? "its condition does not require a VPC key, so it can hold on the public endpoint"
                : `it has no condition on ${vpcKeys.join(", ")}`;
        grants.push({ statement: s.index, sid: s.sid, reason });
    }
    return grants;
}
