/**
 * The offline plan: runs the real stack program for each stack file under Pulumi's mock runtime,
 * against a simulated AWS account built from the stack's configuration, and asks the policy pack for
 * its verdict over the analyzer protocol, exactly as the CLI would. No AWS, no Pulumi CLI.
 *
 *   npm run plan -- --stack prod-us-east-1
 *   npm run plan -- --all [--dir <folder>] [--preview] [--json] [--policy-config policy-config.json]
 *   npm run plan -- --help
 *
 * A stack with problems gets all of them in one run, each named by its stack key: the file's own, and
 * what the component's deploy-time checks find against the simulated account in the keys without one,
 * with the checks that could not run and why (`stackRun.ts`). The plan says which policy config file it
 * applied and the level of each policy it sets.
 *
 * Exits 1 when a stack's configuration is invalid, the simulated account refuses a request, or the
 * policy pack reports a mandatory violation; 2 for a bad command line or policy config file (every
 * problem listed, one per line, checked against the schemas the pack reports, as the CLI checks them).
 */
import * as fs from "fs";
import * as path from "path";

import { RESOURCE_TYPES as T } from "../components/resourceTypes";
import type { ConfigProblem } from "../stacks/config";
import { ENFORCEMENT_LEVELS, schemaProblems, showValue } from "../policy-pack/configSchema";
import type { Registration } from "./harness";
import type { Diagnostic, Level, PackConfig, PolicyInfo } from "./policyPack";
import type { StackRun, UncheckedCheck } from "./stackRun";

// The Pulumi runtime, the stack program and the analyzer client take seconds to load: load them when a
// plan runs, so --help and mistakes on the command line answer at once.
const runtime = () => ({
    ...(require("./harness") as typeof import("./harness")),
    ...(require("./policyPack") as typeof import("./policyPack")),
    ...(require("./stackRun") as typeof import("./stackRun")),
});

/** The engine's marker for a value a preview does not know yet (what the harness records). */
const UNKNOWN_SENTINEL: string = (require("@pulumi/pulumi/runtime/rpc") as { unknownValue: string }).unknownValue;

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

/** What the plan shows for a value a preview does not know yet (text and JSON alike). */
export const KNOWN_AFTER_APPLY = "(known after apply)";

export interface DnsRecordPlan {
    readonly name: string;
    readonly type: string;
    readonly setIdentifier: string;
    readonly weight: number | null;
    /** The record's IPs or alias target, or `KNOWN_AFTER_APPLY` when a preview does not know them yet. */
    readonly values: string[] | typeof KNOWN_AFTER_APPLY;
    readonly ttl: number | null;
}

/** A resource of the plan's tree. */
export interface ResourcePlan {
    readonly type: string;
    readonly name: string;
    readonly parent: { type: string; name: string } | null;
    /** What the simulation does not show, such as the children a remote component creates. */
    readonly note?: string;
}

/** Remote components register no children under the mock runtime: say what a real deploy adds. */
const REMOTE_COMPONENT_NOTES: Record<string, string> = {
    [T.awsxVpc]: "remote component: a real deploy adds the VPC, its subnets and route tables beneath it; the simulation registers the component alone",
};

export interface StackPlan {
    readonly stack: string;
    /** The stack file's path (relative to the project when it is inside it). */
    readonly file: string;
    readonly environment: string | null;
    readonly region: string | null;
    readonly skipped: boolean;
    readonly reason: string | null;
    /** Why the stack failed: how many problems and where they were found, or the error that stopped the run. */
    readonly error: string | null;
    /** Every problem of the stack, named by its stack key: the file's own first, then the deploy-time checks'. */
    readonly problems: StackProblem[];
    /** Whether the component's deploy-time checks ran against the simulated account. */
    readonly deployChecksRan: boolean;
    /** The keys with problems the deploy-time checks ran without (at their defaults). */
    readonly leftOut: string[];
    /** What could not be checked until the file's problems are fixed, and why. */
    readonly unchecked: UncheckedCheck[];
    /** The stack's exports; values a preview does not know yet are `KNOWN_AFTER_APPLY`. */
    readonly exports: Record<string, unknown>;
    /** Every registration but the stack itself, parents before children. */
    readonly resources: ResourcePlan[];
    readonly counts: Record<string, number>;
    readonly capacity: Record<string, unknown> | null;
    /** The component's notes: record layout trade-offs, imbalance. */
    readonly notes: string[];
    readonly dns: DnsRecordPlan[];
    readonly policy: { mandatory: number; advisory: number; diagnostics: { policy: string; level: string; resource: string; message: string }[] } | null;
    readonly refusals: string[];
}

/** One problem of a stack, named by the stack key (`iotvpc:subnetIds`, `aws:region`) it comes from. */
export interface StackProblem {
    /** The stack key; the file's path for a file that is not valid YAML; empty when nothing names it. */
    readonly key: string;
    readonly value: string;
    readonly problem: string;
    readonly fix: string | null;
    /** Where it was found: in the stack file itself, or by the component's deploy-time checks against the simulated account. */
    readonly foundBy: "stack file" | "deploy-time checks";
}

/** The policy config the pack was given, as it applies it. */
export interface AppliedPolicyConfig {
    /** The file's absolute path; `null` when no file was given. */
    readonly file: string | null;
    /** Each policy the config names (every policy for `all`), by name. */
    readonly policies: { name: string; enforcementLevel: Level; levelFrom: "config" | "policy"; settings: string[] }[];
}

export interface Plan {
    readonly simulation: string;
    readonly mode: "update" | "preview";
    /** The pack's name, version and number of policies. */
    readonly policyPack: { name: string; version: string; policies: number };
    readonly policyConfig: AppliedPolicyConfig;
    readonly stacks: StackPlan[];
    readonly ok: boolean;
}

const shown = (v: unknown): string => (v === UNKNOWN_SENTINEL ? KNOWN_AFTER_APPLY : String(v));

/** `v` with every unknown value replaced by `KNOWN_AFTER_APPLY`. */
function withMarkers(v: unknown): unknown {
    if (v === UNKNOWN_SENTINEL) {
        return KNOWN_AFTER_APPLY;
    }
    if (Array.isArray(v)) {
        return v.map(withMarkers);
    }
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withMarkers(x)]));
    }
    return v;
}

/** The environment and region a stack's name says (`<environment>-<region>`), for a run that failed before saying it. */
function nameParts(stack: string): { environment: string | null; region: string | null } {
    const m = /^([a-z][a-z0-9]*)-([a-z]{2}(?:-[a-z]+)+-\d+)$/.exec(stack);
    return { environment: m?.[1] ?? null, region: m?.[2] ?? null };
}

const natural = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Display order of siblings: what the component creates first comes first, then by name. */
const KIND_ORDER: string[] = [T.awsxVpc, T.component, T.securityGroup, T.vpcEndpoint, T.zone, T.record];
const byKind = (a: { type: string; name: string }, b: { type: string; name: string }) => {
    const rank = (t: string) => (KIND_ORDER.includes(t) ? KIND_ORDER.indexOf(t) : KIND_ORDER.length);
    return rank(a.type) - rank(b.type) || natural(a.type, b.type) || natural(a.name, b.name);
};

/** Compiles the policy pack when its build is missing or older than its sources (`packBuild.ts`). */
export function ensurePolicyPackBuilt(): void {
    (require("./packBuild") as typeof import("./packBuild")).ensurePolicyPackBuilt();
}

/** The stack's problems, the file's first, each with where it was found. */
function problemsOf(s: StackRun): StackProblem[] {
    const found = (foundBy: StackProblem["foundBy"]) => (p: ConfigProblem): StackProblem =>
        ({ key: p.key, value: p.value, problem: p.problem, fix: p.fix ?? null, foundBy });
    return [...s.fileProblems.map(found("stack file")), ...s.deployProblems.map(found("deploy-time checks"))];
}

/** Why a stack failed, in one line: how many problems and where they were found, or the error that stopped the run. */
function failure(s: StackRun, problems: readonly StackProblem[]): string | null {
    if (problems.length === 0) {
        return s.run?.error ? s.run.error.message.replace(/^(error serializing property "[^"]+": )+/, "") : null;
    }
    const inFile = problems.filter((p) => p.foundBy === "stack file").length;
    const atDeploy = problems.length - inFile;
    const total = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    if (atDeploy === 0) {
        return `${total} in the stack file.`;
    }
    return inFile === 0 ? `${total} found by the deploy-time checks.` : `${total}: ${inFile} in the stack file, ${atDeploy} found by the deploy-time checks.`;
}

function summarize(s: StackRun, diagnostics: Diagnostic[] | null): StackPlan {
    const problems = problemsOf(s);
    // A run that left keys out is not the file's stack: a stack with problems in its file shows only them.
    const regs = s.fileProblems.length > 0 ? [] : s.run?.registrations ?? [];
    const stackReg = regs.find((r) => r.type === T.stack);
    const outputs = (stackReg?.outputs ?? {}) as Record<string, unknown>;
    const byUrn = new Map(regs.map((r) => [r.urn, r]));
    const children = new Map<string | undefined, Registration[]>();
    for (const r of regs.filter((x) => x !== stackReg)) {
        const parent = r.parent && r.parent !== stackReg?.urn ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const resources: ResourcePlan[] = [];
    const walk = (parent: string | undefined) => {
        for (const r of (children.get(parent) ?? []).sort(byKind)) {
            const p = parent ? byUrn.get(parent) : undefined;
            const note = REMOTE_COMPONENT_NOTES[r.type];
            resources.push({ type: r.type, name: r.name, parent: p ? { type: p.type, name: p.name } : null, ...(note ? { note } : {}) });
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
        const aliases = Array.isArray(p.aliases) ? p.aliases.map((a: { name: unknown }) => `alias ${shown(a?.name)}`) : [];
        const unknownValues = p.records === UNKNOWN_SENTINEL || p.aliases === UNKNOWN_SENTINEL;
        return {
            name: shown(p.name),
            type: shown(p.type),
            setIdentifier: p.setIdentifier === undefined ? "" : shown(p.setIdentifier),
            weight: typeof weight === "number" ? weight : null,
            values: unknownValues ? KNOWN_AFTER_APPLY : [...(Array.isArray(p.records) ? p.records.map(shown) : []), ...aliases],
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
    const str = (v: unknown) => (typeof v === "string" && v !== UNKNOWN_SENTINEL ? v : null);
    const fromName = nameParts(s.stack);
    return {
        stack: s.stack,
        file: s.file.path,
        environment: str(outputs.environment) ?? fromName.environment,
        region: str(outputs.region) ?? (s.config["aws:region"] || null) ?? fromName.region,
        skipped: outputs.skipped === true,
        reason: str(outputs.reason),
        error: failure(s, problems),
        problems,
        deployChecksRan: s.checksRan,
        leftOut: s.leftOut,
        unchecked: s.unchecked,
        exports: s.run?.error || s.fileProblems.length > 0 ? {} : withMarkers(outputs) as Record<string, unknown>,
        resources,
        counts,
        capacity: (component?.outputs?.capacity as Record<string, unknown> | undefined) ?? null,
        notes: Array.isArray(component?.outputs?.notes) ? (component!.outputs.notes as unknown[]).map(String) : [],
        dns,
        policy,
        refusals: s.fileProblems.length > 0 ? [] : s.account.refusals,
    };
}

/** A policy config file that does not fit the pack: every problem, one line each. */
export class PolicyConfigError extends Error {
    constructor(readonly source: string, readonly problems: readonly string[]) {
        super(`policy config ${source} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

const isLevel = (v: unknown): v is Level => typeof v === "string" && ENFORCEMENT_LEVELS.includes(v);
const LEVELS_TEXT = ENFORCEMENT_LEVELS.join(", ");

/** The closest of `candidates` to `name` (a typo of it), if any is close. */
function closest(name: string, candidates: readonly string[]): string | undefined {
    const distance = (a: string, b: string) => {
        let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            const cur = [i];
            for (let j = 1; j <= b.length; j++) {
                cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length];
    };
    const n = name.toLowerCase();
    const prefix = candidates.find((c) => c.toLowerCase().startsWith(n) || n.startsWith(c.toLowerCase()));
    const best = candidates.map((c) => ({ c, d: distance(n, c.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
    return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.c : prefix;
}

/**
 * Every way a `--policy-pack-config` document breaks the pack, as the Pulumi CLI judges it: policy names
 * the pack has (or `all`, which sets every policy's level), enforcement levels, and each property against
 * the JSON schema the policy reports over GetAnalyzerInfo (type, minimum, maximum, enum, items,
 * additionalProperties). A property the policy does not declare is a problem too: it would be ignored.
 */
export function policyConfigProblems(config: unknown, policies: readonly PolicyInfo[]): string[] {
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        return [`must be a JSON object of policy names, such as {"iot-endpoints-per-vpc": {"maxEndpointsPerVpc": 60}}, not ${showValue(config)}.`];
    }
    const byName = new Map(policies.map((p) => [p.name, p]));
    const problems: string[] = [];
    for (const [name, value] of Object.entries(config as Record<string, unknown>)) {
        if (name === "all") {
            const level = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).enforcementLevel : value;
            if (!isLevel(level)) {
                problems.push(`all = ${showValue(value)}: must be an enforcement level for every policy (${LEVELS_TEXT}).`);
            }
            continue;
        }
        const policy = byName.get(name);
        if (!policy) {
            const near = closest(name, [...byName.keys()]);
            problems.push(`${name}: is not a policy of this pack${near ? `; did you mean ${near}?` : "."} Policies: ${[...byName.keys()].join(", ")}.`);
            continue;
        }
        if (typeof value === "string") {
            if (!isLevel(value)) {
                problems.push(`${name} = ${showValue(value)}: must be an enforcement level (${LEVELS_TEXT}).`);
            }
            continue;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            problems.push(`${name} = ${showValue(value)}: must be an enforcement level (${LEVELS_TEXT}) or an object of the policy's settings.`);
            continue;
        }
        const properties = policy.configSchema?.properties ?? {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            if (key === "enforcementLevel") {
                if (!isLevel(v)) {
                    problems.push(`${name}.enforcementLevel = ${showValue(v)}: must be one of ${LEVELS_TEXT}.`);
                }
                continue;
            }
            const schema = properties[key];
            if (schema === undefined) {
                const known = Object.keys(properties);
                const near = closest(key, known);
                problems.push(`${name}.${key}: is not a setting of this policy${near ? `; did you mean ${near}?` : "."} ` +
                    `${known.length > 0 ? `Settings: ${known.join(", ")}.` : "It has no settings, only enforcementLevel."}`);
                continue;
            }
            problems.push(...schemaProblems(schema, v, `${name}.${key}`));
        }
    }
    return problems;
}

/** The config as the pack takes it: `all` becomes the level of every policy that does not set its own. */
function expandAll(config: PackConfig, policies: readonly PolicyInfo[]): PackConfig {
    const all = config.all;
    if (all === undefined) {
        return config;
    }
    const level = typeof all === "string" ? all : all.enforcementLevel;
    const out: PackConfig = {};
    for (const p of policies) {
        const own = config[p.name];
        out[p.name] = own === undefined ? level! : typeof own === "string" ? own : { enforcementLevel: own.enforcementLevel ?? level, ...own };
    }
    return out;
}

/** Reads and parses a policy config file; a missing or malformed file is a `PolicyConfigError`. */
export function readPolicyConfig(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new PolicyConfigError(file, [`cannot be read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}.`]);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new PolicyConfigError(file, [`is not valid JSON: ${(e as Error).message}.`]);
    }
}

/** What the pack applies of `config` (as `expandAll` gives it): each policy it names, its level and where that level comes from, its settings. */
function appliedConfig(file: string | null, config: PackConfig, policies: readonly PolicyInfo[]): AppliedPolicyConfig {
    const own = new Map(policies.map((p) => [p.name, p.enforcementLevel]));
    const applied = Object.entries(config).map(([name, value]) => {
        const { enforcementLevel, ...settings } = typeof value === "string" ? { enforcementLevel: value } : value;
        return { name, enforcementLevel: enforcementLevel ?? own.get(name)!, levelFrom: enforcementLevel ? "config" as const : "policy" as const, settings: Object.keys(settings) };
    });
    return { file, policies: applied.sort((a, b) => natural(a.name, b.name)) };
}

/** Runs every requested stack and the policy pack over each. Throws `PolicyConfigError` for a bad config, before any stack runs. */
export async function plan(options: PlanOptions & { policyConfigSource?: string }): Promise<Plan> {
    ensurePolicyPackBuilt();
    // The pack's process starts (about a second) while this one loads the Pulumi runtime and the stack program (two).
    const { PolicyPackProcess } = require("./policyPack") as typeof import("./policyPack");
    const starting = PolicyPackProcess.start();
    let runStack: typeof import("./stackRun").runStack;
    try {
        runStack = runtime().runStack;
    } catch (e) {
        (await starting).stop();
        throw e;
    }
    const pack = await starting;
    try {
        const info = await pack.info();
        const problems = policyConfigProblems(options.policyConfig, info.policies);
        if (problems.length > 0) {
            throw new PolicyConfigError(options.policyConfigSource ?? "(given)", problems);
        }
        const config = expandAll(options.policyConfig, info.policies);
        await pack.configure(config);
        const stacks: StackPlan[] = [];
        for (const stack of options.stacks) {
            const s = await runStack(stack, { preview: options.preview, dir: options.dir });
            // The pack judges the file's stack only: not a run that left keys out, nor one that failed.
            const judged = s.run !== undefined && s.run.error === undefined && s.fileProblems.length === 0;
            const diagnostics = judged ? await pack.analyzeRun(s.run!, s.account.region) : null;
            stacks.push(summarize(s, diagnostics));
        }
        return {
            simulation: SIMULATION_NOTICE,
            mode: options.preview ? "preview" : "update",
            policyPack: { name: info.name, version: info.version, policies: info.policies.length },
            policyConfig: appliedConfig(options.policyConfigSource ?? (Object.keys(config).length > 0 ? "(given)" : null), config, info.policies),
            stacks,
            ok: stacks.every((s) => s.error === null && s.refusals.length === 0 && (s.policy?.mandatory ?? 0) === 0),
        };
    } finally {
        pack.stop();
    }
}

/** An export's value on one line: strings as they are, anything else as JSON. */
/** An export as text; a long list (the records, the endpoint ids) as its count, since the tables above show them. */
const exported = (v: unknown): string => {
    if (typeof v === "string") {
        return v;
    }
    const text = JSON.stringify(v);
    return Array.isArray(v) && text.length > 160 ? `${v.length} item${v.length === 1 ? "" : "s"} (--json prints them all)` : text;
};

/** The policy config the pack runs with: the file and each policy it sets, with its level and settings. */
function renderPolicyConfig(c: AppliedPolicyConfig, policyCount: number): string[] {
    if (c.file === null) {
        return ["Policy config: none; every policy runs at its own enforcement level."];
    }
    return [
        c.policies.length === policyCount
            ? `Policy config: ${c.file}, applied to all ${policyCount} policies:`
            : `Policy config: ${c.file}, applied to ${c.policies.length} of ${policyCount} policies (the others run at their own level):`,
        ...c.policies.map((x) => `  ${x.name}: ${x.enforcementLevel} (${x.levelFrom === "config" ? "set by the config" : "the policy's own level"})` +
            `${x.settings.length > 0 ? `; settings: ${x.settings.join(", ")}` : ""}`),
    ];
}

/** A problem as the plan prints it: `key = value: problem Fix: fix` (the key alone for a file, nothing before an unnamed one). */
export const problemText = (p: StackProblem): string =>
    `${p.key === "" ? "" : p.value === "" ? `${p.key}: ` : `${p.key} = ${p.value}: `}${p.problem}${p.fix ? ` Fix: ${p.fix}` : ""}`;

const problemLine = (p: StackProblem) => `  - ${problemText(p)}`;

/** A failed stack: its problems by where they were found, then what could not be checked and why. */
function renderFailure(s: StackPlan): string[] {
    if (s.problems.length === 0) {
        return [`FAILED: ${s.error}`];
    }
    const inFile = s.problems.filter((p) => p.foundBy === "stack file");
    const atDeploy = s.problems.filter((p) => p.foundBy === "deploy-time checks");
    const out = [`FAILED: ${s.error}`];
    if (inFile.length > 0) {
        out.push("In the stack file:", ...inFile.map(problemLine));
    }
    if (s.deployChecksRan) {
        const heading = `Deploy-time checks against the simulated account${s.leftOut.length > 0 ? `, run without ${joinAnd(s.leftOut)}` : ""}:`;
        out.push(...(atDeploy.length > 0 ? [heading, ...atDeploy.map(problemLine)] : [`${heading} no problem found.`]));
    }
    if (s.unchecked.length > 0) {
        out.push("Not checked until the stack file's problems are fixed:", ...s.unchecked.map((u) => `  - ${u.check}: ${u.reason}.`));
    }
    return out;
}

const joinAnd = (items: readonly string[]) => items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/** The plan as text for people. */
export function renderText(p: Plan): string {
    const out: string[] = [
        SIMULATION_NOTICE,
        `Mode: ${p.mode === "preview" ? "pulumi preview (new stack)" : "pulumi up (new stack)"}. Policy pack: ${p.policyPack.name}@${p.policyPack.version}.`,
        ...renderPolicyConfig(p.policyConfig, p.policyPack.policies),
        "",
    ];
    for (const s of p.stacks) {
        out.push(`=== ${s.stack} (environment ${s.environment ?? "?"}, region ${s.region ?? "?"}) ===`);
        if (s.error) {
            out.push(...renderFailure(s), "");
            continue;
        }
        // Not named `exports`: that would shadow the module's own exports once compiled to CommonJS.
        const stackExports = Object.entries(s.exports);
        const printExports = () => {
            if (stackExports.length > 0) {
                out.push("Exports:", ...stackExports.map(([k, v]) => `  ${k}: ${exported(v)}`));
            }
        };
        if (s.skipped) {
            out.push(`SKIPPED: ${s.reason}`, "Resources: none.");
            printExports();
            out.push("");
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
                out.push(`${prefix}${last ? "└─ " : "├─ "}${r.type}  ${r.name}${r.note ? `  (${r.note})` : ""}`);
                walk(key(r), `${prefix}${last ? "   " : "│  "}`);
            });
        };
        walk("", "  ");
        out.push(`  counts: ${Object.entries(s.counts).sort(([a], [b]) => byKind({ type: a, name: "" }, { type: b, name: "" })).map(([t, n]) => `${n} ${t.split(":").pop()}`).join(", ")}`);
        if (s.capacity) {
            const c = s.capacity as Record<string, number>;
            const planned = c.plannedDevicesPerEndpoint === undefined ? "" : `planned for ${c.endpoints * c.plannedDevicesPerEndpoint} at ${c.targetUtilizationPercent}% (${c.plannedDevicesPerEndpoint} each), `;
            out.push(`Capacity: ${c.endpoints} endpoint(s) x ${c.enisPerEndpoint} ENI(s) = ${c.enis} ENIs; ${planned}${c.maxDevices} at the 100,000 limit (asked ${c.expectedConnections}); ${c.records} weighted record(s).`);
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
                out.push(`  ${d.setIdentifier.padEnd(width)}  ${String(d.weight ?? "-").padEnd(6)}  ${d.values === KNOWN_AFTER_APPLY ? KNOWN_AFTER_APPLY : d.values.join(", ")}`);
            }
        }
        printExports();
        if (s.refusals.length > 0) {
            out.push(`AWS would refuse: ${s.refusals.join("; ")}`);
        }
        if (s.policy) {
            out.push(`Policy: ${s.policy.mandatory} mandatory, ${s.policy.advisory} advisory violation(s).`);
            for (const d of s.policy.diagnostics) {
                out.push(`  [${d.level}] ${d.policy}${d.resource ? ` (${d.resource})` : ""}: ${d.message}`);
            }
        }
        out.push("");
    }
    out.push(p.ok ? "Result: every stack passes." : "Result: FAILED (a configuration error, something AWS would refuse, or a mandatory policy violation above).");
    return out.join("\n");
}

export const USAGE = `Usage: npm run plan -- (--stack <name> ... | --all) [--dir <folder>] [--preview] [--json] [--policy-config <file>]

Runs each stack program offline under Pulumi's mock runtime against a simulated AWS account, then asks
the policy pack for its verdict over the analyzer protocol, as the Pulumi CLI does. Nothing is read from
or sent to AWS.

  -s, --stack <name>      plan the stack stacks/Pulumi.<name>.yaml (repeatable)
      --all               plan every stack in stacks/ (not with --stack)
      --dir <folder>      read the stack files from <folder> instead of stacks/
      --preview           plan as pulumi preview: values AWS assigns are (known after apply)
      --json              print the plan as JSON
      --policy-config <f> policy pack config, as pulumi --policy-pack-config takes it; checked first,
                          and the plan says which file it applied and each policy's level
  -h, --help              print this help

Exit status: 0 every stack passes; 1 a configuration error, a request AWS would refuse, or a mandatory
policy violation; 2 a bad command line or policy config file.`;

export interface Cli { stacks: string[]; all: boolean; json: boolean; preview: boolean; help: boolean; dir?: string; policyConfig?: string }

/** The stack files' folder when --dir is not given (`STACKS_DIR` of stackRun.ts, which loads the runtime when imported). */
const STACKS_FOLDER = path.resolve(__dirname, "..", "stacks");

/** The stacks in `dir` (default: stacks/), or none when it is not a folder. */
function stacksIn(dir = STACKS_FOLDER): string[] {
    return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? runtime().listStacks(dir) : [];
}

/** Parses the command line; throws with the problem for a bad one. */
export function parseArgs(argv: string[]): Cli {
    const cli: Cli = { stacks: [], all: false, json: false, preview: false, help: false };
    const value = (flag: string, v: string | undefined) => {
        if (v === undefined || v === "" || v.startsWith("-")) {
            throw new Error(`${flag} needs a value`);
        }
        return v;
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--help" || a === "-h") {
            cli.help = true;
        } else if (a === "--stack" || a === "-s") {
            cli.stacks.push(value("--stack", argv[++i]));
        } else if (a.startsWith("--stack=")) {
            cli.stacks.push(value("--stack", a.slice("--stack=".length)));
        } else if (a === "--all") {
            cli.all = true;
        } else if (a === "--json") {
            cli.json = true;
        } else if (a === "--preview") {
            cli.preview = true;
        } else if (a === "--dir") {
            cli.dir = value("--dir", argv[++i]);
        } else if (a.startsWith("--dir=")) {
            cli.dir = value("--dir", a.slice("--dir=".length));
        } else if (a === "--policy-config") {
            cli.policyConfig = value("--policy-config", argv[++i]);
        } else if (a.startsWith("--policy-config=")) {
            cli.policyConfig = value("--policy-config", a.slice("--policy-config=".length));
        } else {
            throw new Error(`unknown argument ${a}; see --help`);
        }
    }
    if (cli.help) {
        return cli;
    }
    if (cli.all && cli.stacks.length > 0) {
        throw new Error(`--all plans every stack; give it or --stack ${cli.stacks.join(", ")}, not both`);
    }
    if (!cli.all && cli.stacks.length === 0) {
        throw new Error(`name a stack with --stack <name>, or use --all (stacks: ${stacksIn(cli.dir).join(", ")})`);
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
    if (cli.help) {
        console.log(USAGE);
        return 0;
    }
    try {
        // A file that cannot be read or parsed is reported before anything slow starts; by its full path, which says which file it is.
        const policyFile = cli.policyConfig === undefined ? undefined : path.resolve(cli.policyConfig);
        const policyConfig = (policyFile ? readPolicyConfig(policyFile) : {}) as PackConfig;
        const dir = path.resolve(cli.dir ?? STACKS_FOLDER);
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
            console.error(`plan: --dir ${cli.dir}: no such folder`);
            return 2;
        }
        const available = stacksIn(dir);
        const unknown = cli.stacks.filter((s) => !available.includes(s));
        if (unknown.length > 0) {
            console.error(`plan: no stack file for ${unknown.join(", ")} in ${cli.dir ?? "stacks/"} (stacks: ${available.join(", ")})`);
            return 2;
        }
        const result = await plan({ stacks: cli.all ? available : cli.stacks, dir, preview: cli.preview, policyConfig, policyConfigSource: policyFile });
        console.log(cli.json ? JSON.stringify(result, null, 2) : renderText(result));
        return result.ok ? 0 : 1;
    } catch (e) {
        if (e instanceof PolicyConfigError) {
            console.error(`plan: ${e.message}`);
            return 2;
        }
        throw e;
    }
}

if (require.main === module) {
    main().then((code) => process.exit(code), (e) => {
        console.error(`plan: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
    });
}
