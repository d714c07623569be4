/**
 * The loopback lab of the `iotvpc-check` specs: a test CA and its certificates, Route 53 on 127.0.0.1
 * (one weighted record per query, from a seeded generator), free and closed ports, and the command run
 * in this process. Nothing here leaves the machine.
 */
import * as net from "net";
import { Readable } from "stream";

import { expect } from "chai";
import DNS from "dns2";
import * as selfsigned from "selfsigned";

import { main } from "../../check/cli";
import { Finding, Report } from "../../check/types";

type SelfsignedOptions = NonNullable<Parameters<typeof selfsigned.generate>[1]>;

export interface Pem {
    readonly cert: string;
    readonly key: string;
}

const KEYS = { keyType: "ec", algorithm: "sha256" } as const;

/** A certificate for `cn` (a server name or a device), signed by `signer`, or self-signed without one. */
export async function issueCert(cn: string, signer?: Pem): Promise<Pem> {
    const p = await selfsigned.generate([{ name: "commonName", value: cn }], { ...KEYS, ...(signer ? { ca: { key: signer.key, cert: signer.cert } } : {}) } as SelfsignedOptions);
    return { cert: p.cert, key: p.private };
}

/** A test CA; server certificates for the ATS name and for another name; a device certificate; a device certificate from another CA. */
export async function makePki(host: string): Promise<{ ca: Pem; server: Pem; wrongName: Pem; device: Pem; rogue: Pem }> {
    const caPems = await selfsigned.generate([{ name: "commonName", value: "iotvpc-check test CA" }], {
        ...KEYS,
        extensions: [{ name: "basicConstraints", cA: true, critical: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true }],
    } as SelfsignedOptions);
    const ca = { cert: caPems.cert, key: caPems.private };
    return { ca, server: await issueCert(host, ca), wrongName: await issueCert("wrong.example.com", ca), device: await issueCert("device-1", ca), rogue: await issueCert("device-1") };
}

/** A tiny deterministic PRNG (mulberry32), so the weighted answers are the same on every run. */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export interface RecordOut {
    readonly name: string;
    readonly setIdentifier: string;
    readonly weight: number;
    readonly endpointId: string;
    readonly values: string[];
    readonly subnetIds: string[];
    readonly kind: string;
    readonly ttl?: number;
}

/** Route 53 on loopback: each A query gets one record, chosen with probability weight / total. */
export class FakeRoute53 {
    /** Replaces the answer of the `n`th query (from 1) when it returns IPs. */
    override?: (n: number) => string[] | undefined;
    /** Multiplies the weight of records of this endpoint (a skewed record set). */
    skew?: { endpointId: string; factor: number };
    queries = 0;
    private readonly server: DNS.UDPServer;
    private random = prng(1);

    constructor(private readonly records: readonly RecordOut[]) {
        this.server = DNS.createUDPServer((request, send) => {
            const response = DNS.Packet.createResponseFromRequest(request);
            const [q] = request.questions;
            const n = ++this.queries;
            const ips = this.override?.(n) ?? this.pick(q.name.toLowerCase());
            if (!ips) {
                response.header.rcode = 3; // NXDOMAIN
            } else {
                response.answers.push(...ips.map((address) => DNS.Packet.createResourceFromQuestion(q, { type: DNS.Packet.TYPE.A, class: DNS.Packet.CLASS.IN, ttl: 60, address })));
            }
            void send(response);
        });
    }

    reset(): void {
        this.override = undefined;
        this.skew = undefined;
        this.queries = 0;
        this.random = prng(1);
    }

    private pick(name: string): string[] | undefined {
        const mine = this.records.filter((r) => r.name === name);
        if (mine.length === 0) {
            return undefined;
        }
        const weight = (r: RecordOut) => r.weight * (this.skew?.endpointId === r.endpointId ? this.skew.factor : 1);
        const total = mine.reduce((s, r) => s + weight(r), 0);
        let x = this.random() * total;
        for (const r of mine) {
            x -= weight(r);
            if (x < 0) {
                return r.values;
            }
        }
        return mine[mine.length - 1].values;
    }

    async listen(): Promise<number> {
        await this.server.listen(0, "127.0.0.1");
        return this.server.address().port;
    }

    close(): void {
        this.server.close();
    }
}

export function listen(server: net.Server): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
    });
}

/** A port on 127.0.0.1 where nothing listens (taken, then released). */
export async function closedPort(): Promise<number> {
    const s = net.createServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r));
    return port;
}

/** Runs the command in this process; `--json` output comes back parsed. */
export async function check(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string; report?: Report }> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        stdin: Readable.from([]),
    });
    return { code, stdout, stderr, report: args.includes("--json") && code !== 2 ? JSON.parse(stdout) as Report : undefined };
}

export const failed = (r: Report): Finding[] => r.findings.filter((f) => f.status === "fail");

/** The one finding of `fs` (the assertion shows them all when there are more). */
export const only = (fs: Finding[]): Finding => {
    expect(fs, JSON.stringify(fs, null, 2)).to.have.length(1);
    return fs[0];
};
