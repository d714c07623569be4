/**
 * Pure address logic: IPv4 and CIDR parsing, RFC 1918, and how a DNS answer compares with the records
 * the stack exported. Imports no network module.
 */
import { AnswerClass, ExpectedRecord } from "./types";

/** The IPv4 address as an unsigned 32-bit number, or `undefined` when `s` is not dotted-quad IPv4. */
export function parseIpv4(s: string): number | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
    if (!m) {
        return undefined;
    }
    const parts = m.slice(1).map(Number);
    if (parts.some((p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0")))) {
        return undefined;
    }
    return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** An IPv4 CIDR block. */
export interface Cidr {
    readonly text: string;
    readonly base: number;
    readonly bits: number;
}

/** `10.0.0.0/8` as a `Cidr`, or `undefined` when it is not an IPv4 CIDR with its host bits clear. */
export function parseCidr(s: string): Cidr | undefined {
    const m = /^([0-9.]+)\/(\d{1,2})$/.exec(s);
    const base = m ? parseIpv4(m[1]) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (base === undefined || !(bits >= 0 && bits <= 32)) {
        return undefined;
    }
    if ((base & ~maskOf(bits)) >>> 0 !== 0) {
        return undefined;
    }
    return { text: s, base, bits };
}

function maskOf(bits: number): number {
    return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** True when `ip` (IPv4 text) is inside `cidr`. */
export function inCidr(ip: string, cidr: Cidr): boolean {
    const n = parseIpv4(ip);
    return n !== undefined && ((n & maskOf(cidr.bits)) >>> 0) === cidr.base;
}

/** The private address ranges of RFC 1918. */
export const RFC1918: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);

/** Ranges that are neither private (RFC 1918) nor public: they never hold an endpoint's ENI. */
const SPECIAL: readonly { cidr: Cidr; name: string }[] = [
    ["0.0.0.0/8", "\"this network\" (0.0.0.0/8)"],
    ["127.0.0.0/8", "loopback"],
    ["169.254.0.0/16", "link-local"],
    ["100.64.0.0/10", "shared address space (RFC 6598)"],
    ["224.0.0.0/4", "multicast"],
    ["240.0.0.0/4", "reserved"],
].map(([c, name]) => ({ cidr: parseCidr(c)!, name }));

/** What kind of IPv4 address `ip` is: `private` (RFC 1918 or `extraPrivate`), a special range's name, or `public`. */
export function addressKind(ip: string, extraPrivate: readonly Cidr[] = []): "private" | "public" | string {
    if ([...RFC1918, ...extraPrivate].some((c) => inCidr(ip, c))) {
        return "private";
    }
    return SPECIAL.find((s) => inCidr(ip, s.cidr))?.name ?? "public";
}

/** One record IP, with the record it belongs to. */
export interface RecordIp {
    readonly ip: string;
    readonly record: ExpectedRecord;
    readonly subnetId?: string;
}

/** The record IPs of a name, by IP. An IP in two records keeps the first. */
export function indexRecordIps(records: readonly ExpectedRecord[]): Map<string, RecordIp> {
    const byIp = new Map<string, RecordIp>();
    for (const record of records) {
        record.ips.forEach((ip, i) => {
            if (!byIp.has(ip)) {
                byIp.set(ip, { ip, record, subnetId: record.subnetIds[i] });
            }
        });
    }
    return byIp;
}

/**
 * True when Route 53 never answers `record`: weight 0 while another record of the name weighs more
 * (when every weight is 0, Route 53 answers all of them alike).
 */
export function isDraining(record: ExpectedRecord, records: readonly ExpectedRecord[]): boolean {
    return record.weight === 0 && records.some((r) => r.weight > 0);
}

/**
 * How one answered IP compares with the name's records: a record IP (`record`, or `draining` when its
 * weight is 0 and others are not), a private IP that is no record (`not-a-record`), a public address
 * (`public`), or an address in neither range, record or not (`not-private`: loopback, link-local, ...).
 */
export function classifyAnswer(
    ip: string,
    records: readonly ExpectedRecord[],
    byIp: ReadonlyMap<string, RecordIp>,
    extraPrivate: readonly Cidr[] = [],
): AnswerClass {
    const known = byIp.get(ip);
    const kind = addressKind(ip, extraPrivate);
    if (known) {
        if (kind !== "private") {
            return "not-private";
        }
        return isDraining(known.record, records) ? "draining" : "record";
    }
    return kind === "private" ? "not-a-record" : kind === "public" ? "public" : "not-private";
}
