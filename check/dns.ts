/**
 * DNS queries for `iotvpc-check`, with Node's own resolver (c-ares): A queries to the system's DNS
 * servers or to a given resolver, each bounded by the timeout, and repeated samples of one name.
 */
import { promises as dnsPromises, getServers } from "dns";

import { ResolverSpec } from "./types";

/** One A query's outcome: the IPs (sorted) and their TTL, or the error code. */
export interface QueryResult {
    readonly ips?: string[];
    readonly ttl?: number;
    readonly code?: string;
    readonly ms: number;
}

/** The system's DNS servers, as Node reads them (`/etc/resolv.conf`). */
export function systemResolverLabel(): string {
    const servers = getServers();
    return `system (${servers.length > 0 ? servers.join(", ") : "none configured"})`;
}

/** One A query for `name`; never rejects and never outlasts `timeoutMs` by more than a moment. */
export async function queryA(name: string, resolver: ResolverSpec, timeoutMs: number): Promise<QueryResult> {
    const started = Date.now();
    // A resolver per query: cancelling one on timeout leaves the others alone.
    const r = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
    if (resolver.address !== undefined) {
        r.setServers([resolver.port !== undefined && resolver.port !== 53 ? `${resolver.address}:${resolver.port}` : resolver.address]);
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<QueryResult>((resolve) => {
        timer = setTimeout(() => {
            r.cancel();
            resolve({ code: "ETIMEOUT", ms: Date.now() - started });
        }, timeoutMs + 50);
    });
    const query = r.resolve4(name, { ttl: true }).then(
        (records): QueryResult => ({
            ips: records.map((x) => x.address).sort(),
            ttl: records.length > 0 ? Math.min(...records.map((x) => x.ttl)) : undefined,
            ms: Date.now() - started,
        }),
        (e: NodeJS.ErrnoException): QueryResult => ({ code: e.code ?? "EUNKNOWN", ms: Date.now() - started }),
    );
    try {
        return await Promise.race([query, deadline]);
    } finally {
        clearTimeout(timer);
    }
}

/** Options of `sampleA`. */
export interface SampleOptions {
    readonly samples: number;
    readonly intervalMs: number;
    readonly timeoutMs: number;
    /** Queries in flight at once when `intervalMs` is 0. */
    readonly concurrency: number;
    readonly onQuery?: (done: number) => void;
}

const UNREACHABLE = new Set(["ETIMEOUT", "ECANCELLED", "ECONNREFUSED"]);

/**
 * `samples` A queries for `name`. A resolver that has not answered at all when its first queries fail
 * unreachable (timeout, refused) is not asked the rest: the results then hold fewer than `samples`
 * entries. With several queries in flight, the first such failure decides (the others were sent with
 * it); one at a time, three in a row do.
 */
export async function sampleA(name: string, resolver: ResolverSpec, o: SampleOptions): Promise<QueryResult[]> {
    const results: QueryResult[] = [];
    const workers = o.intervalMs > 0 ? 1 : Math.max(1, Math.min(o.concurrency, o.samples));
    const failuresToGiveUp = workers > 1 ? 1 : 3;
    let next = 0;
    let stop = false;
    const giveUp = () => results.length >= failuresToGiveUp && results.every((r) => r.code !== undefined && UNREACHABLE.has(r.code));
    const worker = async () => {
        while (!stop && next < o.samples) {
            const i = next++;
            if (o.intervalMs > 0 && i > 0) {
                await new Promise((resolve) => setTimeout(resolve, o.intervalMs));
            }
            results.push(await queryA(name, resolver, o.timeoutMs));
            o.onQuery?.(results.length);
            stop = giveUp();
        }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
}
