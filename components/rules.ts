/**
 * Pure predicates over the documented limitations (`limits.ts`), shared by the component's
 * validation and the policy pack. Nothing here imports `@pulumi/*` or talks to AWS.
 */
import {
    CHINA_REGION_PREFIX,
    CONNECTIONS_PER_ENDPOINT,
    DEVICE_PORTS,
    GOVCLOUD_REGION_PREFIX,
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

/** `<prefix>.credentials.iot.<region>.amazonaws.com`: the credential provider endpoint. */
export function isCredentialProviderName(name: string): boolean {
    return CREDENTIALS_NAME.test(normalizeDnsName(name));
}

/** True for names under `amazonaws.com`/`amazonaws.com.cn` that belong to IoT Core. */
export function isAwsIotName(name: string): boolean {
    const n = normalizeDnsName(name);
    return /(^|\.)iot\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/.test(n);
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

/** Addresses of `ranges` (merged, so overlaps count once) that fall outside every private block. */
function publicAddresses(ranges: readonly [number, number][]): number {
    const merged: [number, number][] = [];
    for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
        const last = merged[merged.length - 1];
        if (last && a <= last[1] + 1) {
            last[1] = Math.max(last[1], b);
        } else {
            merged.push([a, b]);
        }
    }
    const privateRanges = PRIVATE_IPV4_BLOCKS.map((b) => cidrRange(b)!);
    let count = 0;
    for (const [a, b] of merged) {
        let inside = 0;
        for (const [p, q] of privateRanges) {
            inside += Math.max(0, Math.min(b, q) - Math.max(a, p) + 1);
        }
        count += b - a + 1 - inside;
    }
    return count;
}

/** Every publicly routed IPv4 address: 2^32 minus the private blocks. */
const ALL_PUBLIC_ADDRESSES = publicAddresses([[0, 2 ** 32 - 1]]);

/**
 * True when the CIDRs, taken together, admit any publicly routed IPv4 address: devices normally connect
 * from private networks (VPC, VPN, Direct Connect), so a public range needs an explicit opt-in.
 * Malformed CIDRs are ignored (they are reported on their own).
 */
export function coversPublicSpace(cidrs: readonly string[]): boolean {
    return publicAddresses(cidrs.map(cidrRange).filter((r): r is [number, number] => r !== undefined)) > 0;
}

/**
 * True when the CIDRs, taken together, admit every publicly routed IPv4 address: the whole internet,
 * however it is split (`0.0.0.0/0`, or `0.0.0.0/1` with `128.0.0.0/1`). Never allowed, opt-in or not.
 */
export function coversWholeInternet(cidrs: readonly string[]): boolean {
    if (cidrs.some((c) => isOpenToWorld(c))) {
        return true;
    }
    return publicAddresses(cidrs.map(cidrRange).filter((r): r is [number, number] => r !== undefined)) >= ALL_PUBLIC_ADDRESSES;
}

/** True for CIDRs that admit the whole internet (`0.0.0.0/0`, `::/0`). */
export function isOpenToWorld(cidr: string): boolean {
    return cidr.trim() === "0.0.0.0/0" || cidr.trim() === "::/0";
}
