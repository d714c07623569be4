/**
 * Runs a stack file (`stacks/Pulumi.<stack>.yaml`) through the real stack program under Pulumi's mock
 * runtime, against a simulated account built from the stack's own configuration (parsed by the
 * program's parser): its VPC and subnets exist, the subnets taking the Availability Zones where iot.data
 * is offered in turn (so more subnets than zones puts two in one zone). Any stack file works.
 *
 * A file with problems gets every one of them in one run: its own (YAML, keys, values), and what the
 * component's deploy-time checks find in the keys without a problem, each named by its stack key, with
 * the checks that could not judge the file as written and why.
 */
import * as fs from "fs";
import * as path from "path";

import * as yaml from "js-yaml";

import { ConfigKeyName, ConfigProblem, NAMESPACE, StackConfigError, StackSettings, parseStackConfig, stackKeyOf } from "../stacks/config";
import { iotStack, settingsFromRuntime } from "../stacks/program";
import { FakeAwsAccount } from "./aws/account";
import { ProgramRun, runProgram } from "./harness";

export const STACKS_DIR = path.resolve(__dirname, "..", "stacks");
export const PROJECT = "iotvpc";

/** Stack names with a `Pulumi.<stack>.yaml` in `dir`, sorted. */
export function listStacks(dir = STACKS_DIR): string[] {
    return fs.readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A stack file as the program sees it, and what is wrong with the file itself. */
export interface StackFile {
    /** The file's path, relative to the project when it is inside it. */
    readonly path: string;
    /**
     * The configuration as the CLI hands it to a program: `namespace:key` → string, with lists and
     * objects as JSON. Keys without a namespace belong to the project.
     */
    readonly config: Record<string, string>;
    /** What keeps the file from being read as it is meant: YAML it cannot parse, a key without a value. */
    readonly problems: ConfigProblem[];
}

const ROOT = path.resolve(__dirname, "..");

/** Reads `Pulumi.<stack>.yaml` (or `.yml`) in `dir`; throws only when there is no such file. */
export function readStackFile(stack: string, dir = STACKS_DIR): StackFile {
    const file = ["yaml", "yml"].map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
    if (!file) {
        throw new Error(`no stack file Pulumi.${stack}.yaml in ${shownPath(dir)} (stacks: ${listStacks(dir).join(", ")})`);
    }
    const where = shownPath(file);
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (e) {
        const mark = (e as { mark?: { line: number; column: number } }).mark;
        const reason = (e as { reason?: string }).reason ?? (e as Error).message;
        return { path: where, config: {}, problems: [{ key: where, value: "", problem: `is not valid YAML: ${reason}${mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : ""}.`,
            fix: "correct the YAML there: each key on its own line two spaces under config:, list items under their key, as in the other stack files." }] };
    }
    const entries = (doc as { config?: unknown } | null | undefined)?.config ?? {};
    if (entries === null || typeof entries !== "object" || Array.isArray(entries)) {
        return { path: where, config: {}, problems: [{ key: "config", value: JSON.stringify(entries), problem: "must be a mapping of keys to values.", fix: "write each key on its own line two spaces under config:, such as aws:region: us-east-1." }] };
    }
    const config: Record<string, string> = {};
    const problems: ConfigProblem[] = [];
    for (const [k, v] of Object.entries(entries)) {
        const key = k.includes(":") ? k : `${PROJECT}:${k}`;
        if (v === null || v === undefined) {
            problems.push({ key, value: "(nothing)", problem: "has no value.", fix: "give it a value, or delete the line." });
        } else if (typeof v === "object" && "secure" in (v as object)) {
            config[key] = "[secret]";
        } else {
            config[key] = typeof v === "string" ? v : JSON.stringify(v);
        }
    }
    return { path: where, config, problems };
}

/** `p` relative to the project when it is inside it (what a user reads), else as it is. */
function shownPath(p: string): string {
    const relative = path.relative(ROOT, p);
    return relative.startsWith("..") || path.isAbsolute(relative) ? p : relative;
}

/**
 * A fake account that holds what the stack's configuration says exists: in the stack's region, its
 * VPC (10.64.0.0/14) with its subnets, one per Availability Zone where iot.data is offered, and the
 * configured endpoints-per-VPC quota. The configuration is read by the program's own parser; when it
 * refuses the configuration, the account is bare, so the run reports the configuration error.
 */
export function simulatedAccount(config: Record<string, string>, stack = `sim-${config["aws:region"] || "us-east-1"}`): FakeAwsAccount {
    let settings: StackSettings;
    try {
        settings = parseStackConfig(stack, config);
    } catch (e) {
        if (e instanceof StackConfigError) {
            return new FakeAwsAccount({ region: bareRegion(config["aws:region"]) });
        }
        throw e;
    }
    const account = new FakeAwsAccount({ region: settings.region, endpointsPerVpcQuota: settings.args.maxEndpointsPerVpc });
    if (settings.network.kind === "existing" && settings.network.vpcId !== "") {
        account.addVpc(settings.network.vpcId, { vpcId: settings.network.vpcId, subnetIds: settings.network.subnetIds, cidr: "10.64.0.0/14" });
    }
    return account;
}

/** The configured region when the fake knows it, else its default. */
function bareRegion(region: string | undefined): string | undefined {
    try {
        return region ? new FakeAwsAccount({ region }).region : undefined;
    } catch {
        return undefined;
    }
}

/** A deploy-time check that could not judge the stack as written, and why. */
export interface UncheckedCheck {
    readonly check: string;
    /** The keys it waits for: keys with a problem that it reads. */
    readonly keys: string[];
    /** Why, in words: the keys it reads, or what it judges. */
    readonly reason: string;
}

export interface StackRun {
    readonly stack: string;
    /** The stack file as read: its path, configuration and the file's own problems. */
    readonly file: StackFile;
    readonly config: Record<string, string>;
    readonly account: FakeAwsAccount;
    /**
     * The stack program's run: of the file as written when it has no problem; with the keys in `leftOut`
     * taken out (at their defaults) when it has some, so the deploy-time checks judge the other keys;
     * absent when the problems leave nothing the checks could judge (`unchecked` says which keys).
     */
    readonly run?: ProgramRun;
    /** Every problem of the stack file itself, named by key: the YAML, unknown keys, values, what the component refuses when the program runs. */
    readonly fileProblems: ConfigProblem[];
    /** What the component's deploy-time checks found against the simulated account, named by stack key. */
    readonly deployProblems: ConfigProblem[];
    /** Keys the run left out because of their problems (it judged their defaults instead). */
    readonly leftOut: string[];
    /** Whether the component's deploy-time checks ran (not when the file leaves nothing to judge, nor for a stack that creates nothing). */
    readonly checksRan: boolean;
    /** The deploy-time checks the file's problems kept from judging the stack as written. */
    readonly unchecked: UncheckedCheck[];
}

/** What a run that had to leave keys out cannot judge, or that no run could judge. */
const WHOLE_STACK_CHECKS = "what AWS would refuse when the resources are created, and the policy pack's verdicts";
const EVERY_CHECK = `the deploy-time checks (region, VPC, subnets, allowed CIDRs, private zones), ${WHOLE_STACK_CHECKS}`;

/**
 * The keys the network is made of. A run without one of them would judge another network than the
 * file's, so none runs: the VPC's and the subnets' checks read them all.
 */
function networkKeys(config: Record<string, string>): string[] {
    const names: ConfigKeyName[] = config[`${NAMESPACE}:createVpc`] === "true"
        ? ["createVpc", "vpcCidr", "availabilityZones", "availabilityZoneCount", "drainingSubnetIds"]
        : ["createVpc", "vpcId", "subnetIds", "drainingSubnetIds"];
    return ["stack name", "aws:region", ...names.map((n) => `${NAMESPACE}:${n}`)];
}

/**
 * The component's deploy-time checks (`components/lookups.ts`) that read keys other than the network's:
 * the keys each reads, and the keys that only its problems are named by. A check that reads a key the
 * run left out judged that key's default instead: it is reported as not run, and the problems named by
 * its own keys are dropped. (A key two checks name, such as the spokes', is dropped only when left out.)
 */
const KEYED_CHECKS: readonly { check: string; reads: ConfigKeyName[]; names: ConfigKeyName[]; when?: ConfigKeyName }[] = [
    { check: "the allowed CIDRs as resolved at deploy time (default: the VPC's CIDR blocks): public ranges and the security group's rules quota",
        reads: ["allowedCidrs", "allowPublicCidrs", "additionalVpcIds"], names: ["allowedCidrs"] },
    { check: "the spoke VPCs: each exists, is not the endpoints' VPC, and resolves private zones",
        reads: ["additionalVpcIds"], names: ["additionalVpcIds"], when: "additionalVpcIds" },
    { check: "the inbound resolver's subnets, addresses and allowed CIDRs",
        reads: ["inboundResolver", "allowedCidrs", "allowPublicCidrs"], names: ["inboundResolver"], when: "inboundResolver" },
    { check: "what is deployed now: the private zone on the VPC and its records, against the planned ones",
        reads: ["existingHostedZoneId", "additionalVpcIds", "recordLayout", "ttl", "expectedConnections", "targetUtilizationPercent", "endpointCount"],
        names: ["existingHostedZoneId", "recordLayout", "ttl", "expectedConnections"] },
];

const keyOf = (name: ConfigKeyName) => `${NAMESPACE}:${name}`;
const and = (keys: readonly string[]) => keys.length <= 1 ? keys.join("") : `${keys.slice(0, -1).join(", ")} and ${keys[keys.length - 1]}`;

/** The problems `parseStackConfig` finds in `config`, none when it parses. */
function parserProblems(stack: string, config: Record<string, string>): ConfigProblem[] {
    try {
        parseStackConfig(stack, config);
        return [];
    } catch (e) {
        if (e instanceof StackConfigError) {
            return [...e.problems];
        }
        throw e;
    }
}

/** A key a run can leave out, so it reads as its default: a stack file key, not the stack name or a component argument no key sets. */
const removable = (key: string) => key === "aws:region" || key.startsWith(`${NAMESPACE}:`);

/**
 * The configuration without the keys that have problems, so the program can run and the deploy-time
 * checks judge the rest; leaving a key out may raise a problem with another (alarm topics without their
 * threshold), which is left out in turn. `blockedBy` lists the keys that the run cannot do without.
 */
function withoutProblemKeys(stack: string, config: Record<string, string>, problems: readonly ConfigProblem[], alreadyOut: readonly string[]): { config: Record<string, string>; leftOut: string[]; blockedBy: string[] } {
    const leftOut = [...alreadyOut];
    let current = { ...config };
    let pending = problems;
    let stuck: string[] = [];
    while (pending.length > 0 && stuck.length === 0) {
        const keys = [...new Set(pending.map((p) => p.key))];
        stuck = keys.filter((k) => !removable(k) || leftOut.includes(k));
        if (stuck.length === 0) {
            leftOut.push(...keys);
            current = Object.fromEntries(Object.entries(current).filter(([k]) => !keys.includes(k)));
            pending = parserProblems(stack, current);
        }
    }
    const network = networkKeys(config).filter((k) => leftOut.includes(k) || stuck.includes(k));
    return { config: current, leftOut, blockedBy: [...network, ...stuck.filter((k) => !network.includes(k))] };
}

/** The problems an error lists (`InvalidArgumentsError`), each named by the stack key its argument comes from. */
function deployProblemsOf(error: Error | undefined): ConfigProblem[] | undefined {
    const problems = (error as { problems?: unknown } | undefined)?.problems;
    if (!Array.isArray(problems) || !problems.every((p) => typeof p?.argument === "string")) {
        return undefined;
    }
    return problems.map((p: { argument: string; value: unknown; problem: unknown; fix?: unknown }) =>
        ({ key: stackKeyOf(p.argument) ?? p.argument, value: String(p.value), problem: String(p.problem), ...(typeof p.fix === "string" ? { fix: p.fix } : {}) }));
}

/** A stack that creates nothing (an AWS China Region): no deploy-time check runs. */
const skipped = (run: ProgramRun) => run.registrations.some((r) => r.type === "pulumi:pulumi:Stack" && r.outputs.skipped === true);

/** Runs the stack program against `account` with `config`, as an update (or a preview). */
function runWith(stack: string, account: FakeAwsAccount, config: Record<string, string>, preview: boolean): Promise<ProgramRun> {
    return runProgram(account, () => iotStack(settingsFromRuntime()), { preview, project: PROJECT, stack, config });
}

/**
 * Runs the stack program for `stack` as an update (or a preview) against its simulated account. A file
 * with problems still gets the deploy-time checks of every key without one: the program runs with the
 * problem keys left out (`runWithout`), unless they shape the network every check reads.
 */
export async function runStack(stack: string, options: { preview?: boolean; dir?: string } = {}): Promise<StackRun> {
    const preview = options.preview ?? false;
    const file = readStackFile(stack, options.dir);
    const ownKeys = new Set(file.problems.map((p) => p.key));
    // A file that is not YAML, or has no mapping of keys, has nothing the parser could judge.
    const readable = file.problems.every((p) => p.key !== file.path && p.key !== "config");
    const parsed = readable ? parserProblems(stack, file.config).filter((p) => !ownKeys.has(p.key)) : [];
    const fileProblems = [...file.problems, ...parsed];
    if (fileProblems.length > 0) {
        // Keys without a value are out of the config already; they count as left out all the same.
        const without = readable ? withoutProblemKeys(stack, file.config, parsed, [...ownKeys]) : { config: {}, leftOut: [], blockedBy: [file.path], reason: "they need the file's YAML fixed first" };
        return { stack, file, config: file.config, fileProblems, ...await runWithout(stack, file.config, without, preview) };
    }
    const account = simulatedAccount(file.config, stack);
    const run = await runWith(stack, account, file.config, preview);
    return { stack, file, config: file.config, account, run, fileProblems, deployProblems: deployProblemsOf(run.error) ?? [], leftOut: [], checksRan: !skipped(run), unchecked: [] };
}

/** The deploy-time checks of a file with problems: run without the problem keys, and what that run could not judge. */
async function runWithout(stack: string, config: Record<string, string>, without: ReturnType<typeof withoutProblemKeys> & { reason?: string }, preview: boolean): Promise<Omit<StackRun, "stack" | "file" | "config" | "fileProblems">> {
    const { leftOut, blockedBy } = without;
    const account = simulatedAccount(without.config, stack);
    if (blockedBy.length > 0) {
        const unchecked = [{ check: EVERY_CHECK, keys: blockedBy, reason: without.reason ?? `they need ${and(blockedBy)} fixed first` }];
        return { account, deployProblems: [], leftOut, checksRan: false, unchecked };
    }
    const run = await runWith(stack, account, without.config, preview);
    if (skipped(run)) {
        return { account, run, deployProblems: [], leftOut, checksRan: false, unchecked: [] };
    }
    const unchecked: UncheckedCheck[] = [];
    const dropped = new Set(leftOut);
    for (const c of KEYED_CHECKS.filter((x) => x.when === undefined || config[keyOf(x.when)] !== undefined || leftOut.includes(keyOf(x.when)))) {
        const keys = c.reads.map(keyOf).filter((k) => leftOut.includes(k));
        if (keys.length > 0) {
            unchecked.push({ check: c.check, keys, reason: `it reads ${and(keys)}` });
            c.names.forEach((n) => dropped.add(keyOf(n)));
        }
    }
    unchecked.push({ check: WHOLE_STACK_CHECKS, keys: [...leftOut], reason: "they judge the resources the whole file declares" });
    // What AWS refuses of resources built with defaults in place of the file's values is not the file's
    // stack: only the checks' problems count. Any other error is shown as it is.
    const found = deployProblemsOf(run.error) ?? (run.error && account.refusals.length === 0 ? [{ key: "", value: "", problem: run.error.message }] : []);
    return { account, run, deployProblems: found.filter((p) => !dropped.has(p.key)), leftOut, checksRan: true, unchecked };
}
