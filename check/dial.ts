/**
 * Pure parsing and lookup of the test and diagnostic dial options: `--port-map` and `--connect` send a
 * connection meant for a record IP and device port somewhere else (a loopback stand-in, a tunnel),
 * while SNI and the certificate check keep using the real host name. Imports no network module.
 */
import { parseIpv4 } from "./classify";
import { ConnectRule, DialMap } from "./types";

function port(s: string): number | undefined {
    const n = /^\d{1,5}$/.test(s) ? Number(s) : NaN;
    return n >= 1 && n <= 65535 ? n : undefined;
}

/** `host[:port]` where host is IPv4 or a host name, port 1..65535. */
function hostPort(s: string): { host: string; port?: number } | undefined {
    const m = /^([^:\s]+)(?::([^:]+))?$/.exec(s);
    if (!m) {
        return undefined;
    }
    const p = m[2] === undefined ? undefined : port(m[2]);
    if (m[2] !== undefined && p === undefined) {
        return undefined;
    }
    return { host: m[1], port: p };
}

/** Parses `--port-map` values (`8883=18883`, comma lists allowed); problems name the bad entry. */
export function parsePortMap(values: readonly string[]): { map: Map<number, number>; problems: string[] } {
    const map = new Map<number, number>();
    const problems: string[] = [];
    for (const entry of values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "")) {
        const [from, to, extra] = entry.split("=");
        const a = port(from ?? "");
        const b = port(to ?? "");
        if (a === undefined || b === undefined || extra !== undefined) {
            problems.push(`--port-map ${JSON.stringify(entry)}: expected <devicePort>=<localPort>, both 1..65535, such as 8883=18883`);
        } else {
            map.set(a, b);
        }
    }
    return { map, problems };
}

/**
 * Parses `--connect` values: `<recordIp>=<address>`, `<recordIp>:<port>=<address>:<port>`, or `*` for
 * every record IP (`*=127.0.0.1`).
 */
export function parseConnect(values: readonly string[]): { rules: ConnectRule[]; problems: string[] } {
    const rules: ConnectRule[] = [];
    const problems: string[] = [];
    for (const entry of values) {
        const at = entry.indexOf("=");
        const from = at > 0 ? hostPort(entry.slice(0, at)) : undefined;
        const to = at > 0 ? hostPort(entry.slice(at + 1)) : undefined;
        if (!from || !to || (from.host !== "*" && parseIpv4(from.host) === undefined)) {
            problems.push(`--connect ${JSON.stringify(entry)}: expected <recordIp>[:<port>]=<address>[:<port>] (or *=<address>), such as 10.20.1.15=127.0.0.1 or 10.20.1.15:8883=127.0.0.1:18883`);
            continue;
        }
        rules.push({ ip: from.host, port: from.port, address: to.host, toPort: to.port });
    }
    return { rules, problems };
}

/** Where a connection to `ip`:`port` goes: the most specific `--connect` rule, then `--port-map`. */
export function dialFor(ip: string, devicePort: number, map: DialMap): { address: string; port: number; mapped: boolean } {
    const rule = map.connect.find((r) => r.ip === ip && r.port === devicePort)
        ?? map.connect.find((r) => r.ip === ip && r.port === undefined)
        ?? map.connect.find((r) => r.ip === "*" && r.port === devicePort)
        ?? map.connect.find((r) => r.ip === "*" && r.port === undefined);
    const address = rule?.address ?? ip;
    const port = rule?.toPort ?? map.portMap.get(devicePort) ?? devicePort;
    return { address, port, mapped: address !== ip || port !== devicePort };
}
