/**
 * The offline plan: runs the real stack program for each stack file under Pulumi's mock runtime,
 * against a simulated AWS account built from the stack's configuration, and asks the policy pack for
 * its verdict over the analyzer protocol, exactly as the CLI would. No AWS, no Pulumi CLI.
 *
 *   npm run plan -- --stack prod-us-east-1
 *   npm run plan -- --all [--preview] [--json] [--policy-config policy-config.json]
 *
 * Exits 1 when a stack's configuration is invalid, the simulated account refuses a request, or the
 * policy pack reports a mandatory violation.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { RESOURCE_TYPES as T } from "../components/resourceTypes";
import { UNKNOWN_SENTINEL, Registration } from "./harness";
import { Diagnostic, PackConfig, POLICY_PACK_DIR, PolicyPackProcess } from "./policyPack";
import { StackRun, listStacks, runStack } from "./stackRun";

export const SIMULATION_NOTICE =
    "OFFLINE SIMULATION: the stack program ran under Pulumi's mock runtime against a simulated AWS account. " +
    "Nothing was read from or sent to AWS; ids and IP addresses are invented. Deploy with: pulumi up -s <stack>";

export interface PlanOptions {
    readonly stacks: string[];
    /** Folder of the stack files (default: stacks/). */
    readonly dir?: string;
    readonly preview: boolean;
    readonly policyConfig: PackConfig;
}

export interface DnsRecordPlan {
    readonly name: string;
    readonly type: string;
    readonly setIdentifier: string;
    readonly weight: number | null;
    readonly values: string[];
    readonly ttl: number | null;
}

export interface StackPlan {
    readonly stack: string;
    readonly environment: string | null;
    readonly region: string | null;
    readonly skipped: boolean;
    readonly reason: string | null;
    readonly error: string | null;
    /** Every registration but the stack itself, parents before children. */
    readonly resources: { type: string; name: string; parent: { type: string; name: string } | null }[];
    readonly counts: Record<string, number>;
    readonly capacity: Record<string, unknown> | null;
    /** The component's notes: record layout trade-offs, imbalance. */
    readonly notes: string[];
    readonly dns: DnsRecordPlan[];
    readonly policy: { mandatory: number; advisory: number; diagnostics: { policy: string; level: string; resource: string; message: string }[] } | null;
    readonly refusals: string[];
}

export interface Plan {
    readonly simulation: string;
    readonly mode: "update" | "preview";
    readonly policyPack: { name: string; version: string };
    readonly stacks: StackPlan[];
    readonly ok: boolean;
}

const shown = (v: unknown): string => (v === UNKNOWN_SENTINEL ? "(known after apply)" : String(v));
const natural = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Display order of siblings: what the component creates first comes first, then by name. */
const KIND_ORDER: string[] = [T.awsxVpc, T.component, T.securityGroup, T.vpcEndpoint, T.zone, T.record];
const byKind = (a: { type: string; name: string }, b: { type: string; name: string }) => {
    const rank = (t: string) => (KIND_ORDER.includes(t) ? KIND_ORDER.indexOf(t) : KIND_ORDER.length);
    return rank(a.type) - rank(b.type) || natural(a.type, b.type) || natural(a.name, b.name);
};

/** Compiles the policy pack when its build is missing or older than its sources. */
export function ensurePolicyPackBuilt(): void {
    const root = path.resolve(POLICY_PACK_DIR, "..");
    const built = path.join(POLICY_PACK_DIR, "bin", "policy-pack", "index.js");
    const sources = [
        ...fs.readdirSync(POLICY_PACK_DIR).filter((f) => f.endsWith(".ts")).map((f) => path.join(POLICY_PACK_DIR, f)),
        path.join(root, "components", "limits.ts"),
        path.join(root, "components", "rules.ts"),
        path.join(POLICY_PACK_DIR, "package.json"),
    ];
    const stale = !fs.existsSync(built) || sources.some((s) => fs.statSync(s).mtimeMs > fs.statSync(built).mtimeMs);
    if (stale) {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", POLICY_PACK_DIR], { stdio: "inherit" });
    }
}

function summarize(s: StackRun, diagnostics: Diagnostic[] | null): StackPlan {
    const regs = s.run.registrations;
    const stackReg = regs.find((r) => r.type === T.stack);
    const outputs = (stackReg?.outputs ?? {}) as Record<string, unknown>;
    const byUrn = new Map(regs.map((r) => [r.urn, r]));
    const children = new Map<string | undefined, Registration[]>();
    for (const r of regs.filter((x) => x !== stackReg)) {
        const parent = r.parent && r.parent !== stackReg?.urn ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const resources: StackPlan["resources"] = [];
    const walk = (parent: string | undefined) => {
        for (const r of (children.get(parent) ?? []).sort(byKind)) {
            const p = parent ? byUrn.get(parent) : undefined;
            resources.push({ type: r.type, name: r.name, parent: p ? { type: p.type, name: p.name } : null });
            walk(r.urn);
        }
    };
    walk(undefined);
    const counts: Record<string, number> = {};
    for (const r of resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    const component = regs.find((r) => r.type === T.component);
    const dns = regs.filter((r) => r.type === T.record).map((r: Registration): DnsRecordPlan => {
        const p = r.inputs as Record<string, any>;
        const weight = Array.isArray(p.weightedRoutingPolicies) ? p.weightedRoutingPolicies[0]?.weight : undefined;
        const aliases = Array.isArray(p.aliases) ? p.aliases.map((a: { name: unknown }) => `alias ${shown(a.name)}`) : [];
        return {
            name: shown(p.name),
            type: String(p.type),
            setIdentifier: p.setIdentifier === undefined ? "" : shown(p.setIdentifier),
            weight: typeof weight === "number" ? weight : null,
            values: [...(Array.isArray(p.records) ? p.records.map(shown) : []), ...aliases],
            ttl: typeof p.ttl === "number" ? p.ttl : null,
        };
    }).sort((a, b) => natural(`${a.name}|${a.setIdentifier}`, `${b.name}|${b.setIdentifier}`));
    const policy = diagnostics === null ? null : {
        mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory").length,
        advisory: diagnostics.filter((d) => d.enforcementLevel === "advisory").length,
        diagnostics: diagnostics
            .map((d) => ({ policy: d.policyName, level: d.enforcementLevel, resource: d.urn.split("::").pop() ?? "", message: d.detail }))
            .sort((a, b) => natural(`${a.policy}|${a.resource}|${a.message}`, `${b.policy}|${b.resource}|${b.message}`)),
    };
    const str = (v: unknown) => (typeof v === "string" ? v : null);
    return {
        stack: s.stack,
        environment: str(outputs.environment),
        region: str(outputs.region) ?? s.config["aws:region"] ?? null,
        skipped: outputs.skipped === true,
        reason: str(outputs.reason),
        error: s.run.error ? s.run.error.message.replace(/^(error serializing property "[^"]+": )+/, "") : null,
        resources,
        counts,
        capacity: (component?.outputs?.capacity as Record<string, unknown> | undefined) ?? null,
        notes: Array.isArray(component?.outputs?.notes) ? (component!.outputs.notes as unknown[]).map(String) : [],
        dns,
        policy,
        refusals: s.account.refusals,
    };
}

/** Runs every requested stack and the policy pack over each. */
export async function plan(options: PlanOptions): Promise<Plan> {
    ensurePolicyPackBuilt();
    const pack = await PolicyPackProcess.start();
    try {
        const info = await pack.info();
        await pack.configure(options.policyConfig);
        const stacks: StackPlan[] = [];
        for (const stack of options.stacks) {
            const s = await runStack(stack, { preview: options.preview, dir: options.dir });
            const diagnostics = s.run.error ? null : await pack.analyzeRun(s.run, s.account.region);
            stacks.push(summarize(s, diagnostics));
        }
        return {
            simulation: SIMULATION_NOTICE,
            mode: options.preview ? "preview" : "update",
            policyPack: { name: info.name, version: info.version },
            stacks,
            ok: stacks.every((s) => s.error === null && s.refusals.length === 0 && (s.policy?.mandatory ?? 0) === 0),
        };
    } finally {
        pack.stop();
    }
}

/** The plan as text for people. */
export function renderText(p: Plan): string {
    const out: string[] = [SIMULATION_NOTICE, `Mode: ${p.mode === "preview" ? "pulumi preview (new stack)" : "pulumi up (new stack)"}. Policy pack: ${p.policyPack.name}@${p.policyPack.version}.`, ""];
    for (const s of p.stacks) {
        out.push(`=== ${s.stack} (environment ${s.environment ?? "?"}, region ${s.region ?? "?"}) ===`);
        if (s.error) {
            out.push(`FAILED: ${s.error}`, "");
            continue;
        }
        if (s.skipped) {
            out.push(`SKIPPED: ${s.reason}`, "Resources: none.", "");
            continue;
        }
        out.push(`Resources (${s.resources.length + 1}):`, `  pulumi:pulumi:Stack  iotvpc-${s.stack}`);
        const key = (r: { type: string; name: string } | null) => (r ? `${r.type}::${r.name}` : "");
        const children = new Map<string, typeof s.resources>();
        for (const r of s.resources) {
            children.set(key(r.parent), [...(children.get(key(r.parent)) ?? []), r]);
        }
        const walk = (parent: string, prefix: string) => {
            const list = children.get(parent) ?? [];
            list.forEach((r, i) => {
                const last = i === list.length - 1;
                out.push(`${prefix}${last ? "└─ " : "├─ "}${r.type}  ${r.name}`);
                walk(key(r), `${prefix}${last ? "   " : "│  "}`);
            });
        };
        walk("", "  ");
        out.push(`  counts: ${Object.entries(s.counts).sort(([a], [b]) => byKind({ type: a, name: "" }, { type: b, name: "" })).map(([t, n]) => `${n} ${t.split(":").pop()}`).join(", ")}`);
        if (s.capacity) {
            const c = s.capacity as Record<string, number>;
            out.push(`Capacity: ${c.endpoints} endpoint(s) x ${c.enisPerEndpoint} ENI(s) = ${c.enis} ENIs; carries ${c.maxDevices} concurrent devices (asked ${c.expectedConnections}); ${c.records} weighted record(s).`);
        }
        for (const note of s.notes) {
            out.push(`Note: ${note}`);
        }
        const names = [...new Set(s.dns.map((d) => `${d.name} ${d.type}`))];
        for (const name of names) {
            const recs = s.dns.filter((d) => `${d.name} ${d.type}` === name);
            out.push(`DNS plan: ${name}, ${recs.length} weighted record(s), TTL ${recs[0].ttl ?? "alias"}:`);
            const width = Math.max(...recs.map((d) => d.setIdentifier.length), "set id".length);
            out.push(`  ${"set id".padEnd(width)}  weight  values`);
            for (const d of recs) {
                out.push(`  ${d.setIdentifier.padEnd(width)}  ${String(d.weight ?? "-").padEnd(6)}  ${d.values.join(", ")}`);
            }
        }
        if (s.refusals.length > 0) {
            out.push(`AWS would refuse: ${s.refusals.join("; ")}`);
        }
        if (s.policy) {
            out.push(`Policy: ${s.policy.mandatory} mandatory, ${s.policy.advisory} advisory violation(s).`);
            for (const d of s.policy.diagnostics) {
                out.push(`  [${d.level}] ${d.policy} (${d.resource}): ${d.message}`);
            }
        }
        out.push("");
    }
    out.push(p.ok ? "Result: every stack passes." : "Result: FAILED (a configuration error, something AWS would refuse, or a mandatory policy violation above).");
    return out.join("\n");
}

interface Cli { stacks: string[]; all: boolean; json: boolean; preview: boolean; policyConfig?: string }

export function parseArgs(argv: string[]): Cli {
    const cli: Cli = { stacks: [], all: false, json: false, preview: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--stack" || a === "-s") {
            const v = argv[++i];
            if (!v) {
                throw new Error("--stack needs a stack name");
            }
            cli.stacks.push(v);
        } else if (a.startsWith("--stack=")) {
            cli.stacks.push(a.slice("--stack=".length));
        } else if (a === "--all") {
            cli.all = true;
        } else if (a === "--json") {
            cli.json = true;
        } else if (a === "--preview") {
            cli.preview = true;
        } else if (a === "--policy-config") {
            cli.policyConfig = argv[++i];
        } else {
            throw new Error(`unknown argument ${a}; use --stack <name> (repeatable), --all, --preview, --json, --policy-config <file>`);
        }
    }
    if (!cli.all && cli.stacks.length === 0) {
        throw new Error(`name a stack with --stack <name>, or use --all (stacks: ${listStacks().join(", ")})`);
    }
    return cli;
}

async function main(): Promise<number> {
    let cli: Cli;
    try {
        cli = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`plan: ${(e as Error).message}`);
        return 2;
    }
    const available = listStacks();
    const unknown = cli.stacks.filter((s) => !available.includes(s));
    if (unknown.length > 0) {
        console.error(`plan: no stack file for ${unknown.join(", ")} in stacks/ (stacks: ${available.join(", ")})`);
        return 2;
    }
    const policyConfig = cli.policyConfig ? JSON.parse(fs.readFileSync(cli.policyConfig, "utf8")) as PackConfig : {};
    const result = await plan({ stacks: cli.all ? available : cli.stacks, preview: cli.preview, policyConfig });
    console.log(cli.json ? JSON.stringify(result, null, 2) : renderText(result));
    return result.ok ? 0 : 1;
}

if (require.main === module) {
    main().then((code) => process.exit(code), (e) => {
        console.error(e);
        process.exit(1);
    });
}
