/**
 * The fake account's own IPv4 and DNS-name arithmetic. Deliberately independent of the product's
 * `components/rules.ts`: a wrong rule in the product must not be mirrored by the fake that should catch it.
 */

/** An IPv4 network: first address as an unsigned 32-bit number, and the prefix length. */
export interface Cidr {
    readonly base: number;
    readonly bits: number;
}

/** `a.b.c.d` → unsigned 32-bit number, or `undefined` for anything else (no leading zeros, each octet 0..255). */
export function ipToNumber(ip: string): number | undefined {
    const parts = ip.split(".");
    if (parts.length !== 4) {
        return undefined;
    }
    let n = 0;
    for (const p of parts) {
        if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) {
            return undefined;
        }
        n = n * 256 + Number(p);
    }
    return n;
}

/** Unsigned 32-bit number → `a.b.c.d`. */
export function numberToIp(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** `a.b.c.d/n` with the host bits zero → its network, else `undefined`. */
export function parseCidr(cidr: string): Cidr | undefined {
    const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr);
    const base = m ? ipToNumber(m[1]) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (base === undefined || !(bits >= 0 && bits <= 32) || base % 2 ** (32 - bits) !== 0) {
        return undefined;
    }
    return { base, bits };
}

/** Addresses in the network. */
export function cidrSize(c: Cidr): number {
    return 2 ** (32 - c.bits);
}

/** True when `ip` lies inside `cidr`. */
export function inCidr(cidr: string, ip: string): boolean {
    const c = parseCidr(cidr);
    const n = ipToNumber(ip);
    return c !== undefined && n !== undefined && n >= c.base && n < c.base + cidrSize(c);
}

/**
 * True for the addresses AWS reserves in every subnet: the network address, the VPC router, the DNS
 * server, one for future use (the first four) and the broadcast address (the last).
 */
export function isReservedInSubnet(cidr: string, ip: string): boolean {
    const c = parseCidr(cidr);
    const n = ipToNumber(ip);
    if (c === undefined || n === undefined) {
        return false;
    }
    const offset = n - c.base;
    return offset >= 0 && (offset < 4 || offset === cidrSize(c) - 1);
}

/** A DNS name as Route 53 compares it: lower case, no trailing dot. */
export function dnsName(name: string): string {
    return name.trim().toLowerCase().replace(/\.$/, "");
}

/** True when `name` is `zone` or a name under it. */
export function isInZone(name: string, zone: string): boolean {
    const n = dnsName(name);
    const z = dnsName(zone);
    return n === z || n.endsWith(`.${z}`);
}
