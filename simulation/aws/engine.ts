/**
 * The update engine: `pulumi up` as the engine runs it, one step at a time, against the account's state.
 *
 * - Registrations are stepped in the order the program registers them. A new resource is created; a
 *   changed one is updated in place, or replaced when a replace-forcing input (`REPLACE_ON`), a
 *   `replaceOnChanges` path, the `replacementTrigger` or the provider changed. A replacement creates
 *   the new resource while the old one still exists and deletes the old one at the end of the run,
 *   unless the registration sets `deleteBeforeReplace`: then the old one is deleted first, at that step.
 *   `ignoreChanges` paths keep their recorded values.
 * - At the end of a successful run, what the program no longer declares and the old halves of
 *   replacements are deleted, dependents before their dependencies (the recorded dependencies, then
 *   reverse creation order); `retainOnDelete` resources leave the stack's state but stay in the account.
 * - Every step is judged by AWS's rules (`refusals.ts`) against the state at that moment. A refused
 *   step fails the registration and ends the run, as it fails `pulumi up`: nothing after it runs, and
 *   the end-of-run deletes do not happen.
 * - A preview judges the same steps on a copy of the state, records what AWS would refuse without
 *   failing, and leaves the account as it was.
 * - After every step of an update, answers Route 53 would give that point at a network interface that
 *   no longer exists are recorded in `deadAnswers`.
 */
import * as pulumi from "@pulumi/pulumi";

import { RESOURCE_TYPES as T } from "../../components/resourceTypes";
import { DeadRecordAnswer, answeredAddresses, deadRecordAnswers } from "./dns";
import { OPTIONAL_COMPUTED_INPUTS, REPLACE_ON, SET_INPUTS } from "./facts";
import { Refusal, deleteRefusalsOf, refusalsOf } from "./refusals";
import { Caller, HANDLERS, StepContext, TypeHandler, inlineVpcs } from "./resources";
import { AccountState, AwsObject } from "./state";
import { Props, changedKeys, deepEqual, getPath, hasUnknown, knownOnly, mergeSet, setPath } from "./values";

/** The resource options the engine acts on, as the program set them for one registration. */
export interface RegistrationOptions {
    /** The resource's URN (the harness computes it as the mock monitor does). */
    readonly urn?: string;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    readonly retainOnDelete: boolean;
    /** The `replacementTrigger` value; `undefined` when not set. */
    readonly replacementTrigger?: unknown;
    /** URNs this resource depends on. */
    readonly dependencies: readonly string[];
}

/** Options of a registration that set none. */
export const NO_OPTIONS: RegistrationOptions = Object.freeze({
    deleteBeforeReplace: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    retainOnDelete: false,
    dependencies: [],
});

/**
 * A step of the engine: `create`; `update` (in place); `same` (no change, nothing sent to AWS);
 * `replace` (the create half of a replacement); `delete-replaced` (the old half); `delete` (no longer
 * declared); `retain` (dropped from the stack's state, left in the account); `import` (an existing object
 * taken into the stack's state by the `import` option, sending nothing to AWS); `refused` (AWS refused
 * it); `interrupted` (AWS created the object, the update stopped before the stack recorded it).
 */
export type StepOp = "create" | "update" | "same" | "replace" | "delete-replaced" | "delete" | "retain" | "import" | "refused" | "interrupted";

/** One step, in the order the engine took it. */
export interface FakeStep {
    /** Position in `steps`, across runs. */
    readonly index: number;
    /** The run it belongs to (1 for the first `runProgram`). */
    readonly run: number;
    readonly preview: boolean;
    readonly op: StepOp;
    readonly type: string;
    readonly name: string;
    /** The physical id (the new one for `replace`, the old one for `delete-replaced`). */
    readonly id?: string;
    /** Why: the changed inputs of an update, the reasons of a replacement, the refusal. */
    readonly detail?: string;
}

/** An answer Route 53 gave after a step that points at a network interface that no longer exists. */
export interface DeadAnswer extends DeadRecordAnswer {
    readonly run: number;
    /** Index of the step in `steps`. */
    readonly step: number;
    /** `<op> <type> <name>` of the step. */
    readonly description: string;
}

/**
 * An answer that stayed in DNS while the network interface behind its address was deleted and created
 * again by a step (an endpoint update that resent pinned addresses): devices on it were disconnected.
 */
export interface Disconnect {
    readonly run: number;
    readonly step: number;
    readonly description: string;
    readonly ip: string;
    readonly before: string;
    readonly after: string;
}

/** What the stack's state records of one resource. */
interface StackEntry {
    readonly key: string;
    readonly type: string;
    readonly name: string;
    readonly id: string;
    /** The inputs as applied (after `ignoreChanges`). */
    readonly inputs: Props;
    readonly options: RegistrationOptions;
    readonly caller: Caller;
    readonly generation: number;
    readonly trigger?: unknown;
}

/**
 * The account's state with each stack's state (`<project>/<stack>`: a run of one stack neither sees nor
 * deletes another's resources, as each Pulumi stack has its own state) and the old halves of its
 * replacements waiting for deletion; `stack` and `pending` are the running stack's.
 */
class World {
    constructor(
        readonly state: AccountState,
        readonly stacks: Map<string, { readonly stack: Map<string, StackEntry>; readonly pending: StackEntry[] }> = new Map(),
        public current = "iotvpc/test",
        /** Creates of each resource so far: a new create (a replacement, a retry) gets new ids and a new autoname. */
        readonly creations: Map<string, number> = new Map(),
    ) {}

    get stack(): Map<string, StackEntry> {
        return this.of(this.current).stack;
    }

    get pending(): StackEntry[] {
        return this.of(this.current).pending;
    }

    private of(name: string) {
        let s = this.stacks.get(name);
        if (!s) {
            s = { stack: new Map(), pending: [] };
            this.stacks.set(name, s);
        }
        return s;
    }

    fork(): World {
        const stacks = new Map([...this.stacks].map(([k, v]) => [k, { stack: new Map(v.stack), pending: [...v.pending] }]));
        return new World(this.state.fork(), stacks, this.current, new Map(this.creations));
    }
}

/** The outputs of a registration. */
export interface Registered {
    readonly id?: string;
    readonly state: Props;
}

/** Thrown for a step AWS refused: the registration fails, as it fails `pulumi up`. */
export class AwsRefusedError extends Error {
    constructor(readonly refusals: readonly string[]) {
        super(refusals.join("\n"));
        this.name = "AwsRefusedError";
    }
}

/**
 * The update engine over one account's state: `beginRun`, one `register` per registration, `endRun`.
 * Steps, refusals and dead answers accumulate across runs.
 */
export class UpdateEngine {
    /** Every step, across runs. */
    readonly steps: FakeStep[] = [];
    /** What AWS refused (or, in a preview, would refuse): `<type> <name>: <code>: <message>`. */
    readonly refusals: string[] = [];
    /** Answers pointing at gone network interfaces, after each step of an update. */
    readonly deadAnswers: DeadAnswer[] = [];
    /** Answers whose network interface a step deleted and created again, after each step of an update. */
    readonly disconnects: Disconnect[] = [];

    private readonly live: World;
    private world: World;
    private run = 0;
    private preview = false;
    private failure?: string;
    private active = false;
    private readonly registered = new Set<string>();
    private readonly pendingOptions = new Map<string, RegistrationOptions>();
    private readonly urnToKey = new Map<string, string>();
    /** Creates left in the next update before it is interrupted; `undefined`: no interruption. */
    private interruptAfter?: number;
    /** The interface behind each answered address after the last step of an update. */
    private answered = new Map<string, string>();

    constructor(state: AccountState) {
        this.live = new World(state);
        this.world = this.live;
    }

    /** The state steps act on: the account's, or during a preview its copy. */
    get state(): AccountState {
        return this.world.state;
    }

    /** The number of runs begun. */
    get runs(): number {
        return this.run;
    }

    /** True while a run is a preview. */
    get previewing(): boolean {
        return this.preview;
    }

    /**
     * Starts an update or a preview. With `refresh` (`pulumi up --refresh`), the stack's record of each
     * resource first takes what AWS holds now, where the fake models drift: a zone's VPC associations
     * made outside the program (the provider reads them back into the zone's `vpcs`, so the next diff
     * wants them gone unless `vpcs` is in `ignoreChanges`). `stack` (`<project>/<stack>`) picks the stack's
     * state; the accessors below read the last run's stack.
     */
    beginRun(preview: boolean, refresh = false, stack = "iotvpc/test"): void {
        this.live.current = stack;
        if (refresh) {
            for (const [key, entry] of this.live.stack) {
                if (entry.type === T.zone && Array.isArray(entry.inputs.vpcs)) {
                    const vpcs = this.live.state.associationsOf(entry.id).map((a) => ({ vpcId: a.vpcId, vpcRegion: a.vpcRegion }));
                    this.live.stack.set(key, { ...entry, inputs: { ...entry.inputs, vpcs } });
                }
            }
        }
        this.run++;
        this.preview = preview;
        this.world = preview ? this.live.fork() : this.live;
        this.registered.clear();
        this.pendingOptions.clear();
        this.failure = undefined;
        this.active = true;
        this.answered = answeredInterfaces(this.live.state);
    }

    /**
     * Interrupts the next update after `creates` creates (0: at the first): that create reaches AWS, the
     * object exists, and the update stops before the stack records it, as a `pulumi up` stopped by Ctrl-C,
     * a killed runner or a timeout after AWS accepted the create. The next update sees no record of it and
     * creates it again (pulumi/pulumi#9293: pending creates are warned about, not adopted).
     */
    interruptNextUpdate(creates: number): void {
        this.interruptAfter = creates;
    }

    /** The options of the next registration of `type` `name` (the mock runtime does not pass them on). */
    setOptions(type: string, name: string, options: RegistrationOptions): void {
        this.pendingOptions.set(`${type}::${name}`, options);
        if (options.urn) {
            this.urnToKey.set(options.urn, `${type}::${name}`);
        }
    }

    /** Gives stack `from`'s state to `to` (both `<project>/<stack>`), as `pulumi stack rename` keeps a stack's resources. */
    renameStack(from: string, to: string): void {
        const s = this.live.stacks.get(from);
        if (!s || this.live.stacks.has(to)) {
            throw new Error(`FakeAwsAccount.renameStack: ${s ? `${to} exists` : `no stack ${from}`}`);
        }
        this.live.stacks.delete(from);
        this.live.stacks.set(to, s);
    }

    /** The stack's record of `type` `name` (in the account's real state, not a preview's copy). */
    entryOf(type: string, name: string): { id: string; object?: AwsObject } | undefined {
        const e = this.live.stack.get(`${type}::${name}`);
        return e ? { id: e.id, object: this.live.state.getObject(e.type, e.id) } : undefined;
    }

    /** The stack's resources of `type`, in creation order. */
    entriesOfType(type: string): { name: string; id: string; object?: AwsObject }[] {
        return [...this.live.stack.values()].filter((e) => e.type === type)
            .map((e) => ({ name: e.name, id: e.id, object: this.live.state.getObject(e.type, e.id) }))
            .sort((a, b) => (a.object?.seq ?? 0) - (b.object?.seq ?? 0));
    }

    /**
     * One registration: a create, update, replacement, import or nothing, judged by AWS's rules.
     * `importId` is the `import` resource option (pulumi/pulumi developer-docs architecture/import.md):
     * not in the stack, the object is imported (and updated if the program's inputs differ, as engines
     * since 3.174.0 do, pulumi/pulumi#19339); in the stack with that id, a normal registration; in the
     * stack with another id, the recorded one is deleted and the given one imported.
     */
    register(type: string, name: string, givenInputs: Props, caller: Caller, importId?: string): Registered {
        const key = `${type}::${name}`;
        if (!this.active) {
            throw new Error(`${type} ${name}: registered outside a run (a registration of a run that already ended)`);
        }
        if (this.failure !== undefined) {
            throw new Error(`${type} ${name}: not run: the update stopped at an earlier failure (${this.failure})`);
        }
        const handler = HANDLERS[type];
        if (!handler) {
            throw new Error(`FakeAwsAccount: no fake for resource type ${type} (${name}); add it to simulation/aws/`);
        }
        if (this.registered.has(key)) {
            throw new Error(`Duplicate resource URN: ${type} ${name} is registered twice`);
        }
        this.registered.add(key);
        const options = this.pendingOptions.get(key) ?? NO_OPTIONS;
        this.pendingOptions.delete(key);
        const rawInputs = asProviderHoldsThem(type, givenInputs);
        let entry = this.world.stack.get(key);
        if (importId && entry && entry.id !== importId && !this.preview) {
            this.world.pending.push(entry);
            entry = undefined;
        }
        if (!entry && importId) {
            entry = this.importEntry(key, type, name, rawInputs, options, caller, importId);
        }
        if (!entry) {
            return this.create(handler, key, type, name, rawInputs, options, caller);
        }
        const recorded = withReadBack(type, entry.inputs, this.state.getObject(type, entry.id)?.state);
        const inputs = applyIgnoreChanges(rawInputs, entry.inputs, options.ignoreChanges);
        // an optional and computed input left out is no change, and is not sent (the provider's update reads it only when set)
        const changed = changedKeys(recorded, keepOptionalComputed(type, inputs, recorded), SET_INPUTS[type]);
        const reasons = replaceReasons(entry, inputs, changed, options, caller);
        if (reasons.length > 0) {
            return this.replace(handler, entry, inputs, options, caller, reasons);
        }
        const obj = this.state.getObject(type, entry.id);
        if (changed.length === 0 || !obj) {
            this.world.stack.set(key, { ...entry, inputs, options, trigger: options.replacementTrigger ?? entry.trigger });
            this.step("same", type, name, entry.id);
            return { id: this.preview && !obj ? undefined : entry.id, state: obj?.state ?? {} };
        }
        return this.update(handler, entry, obj, inputs, options, changed);
    }

    /**
     * Ends a run. A successful update deletes what is no longer declared and the old halves of
     * replacements (and throws `AwsRefusedError` if AWS refuses one of those deletes); a failed run or a
     * preview changes nothing more.
     */
    endRun(failed = false): void {
        const world = this.world;
        try {
            if (failed || this.failure !== undefined || !this.active) {
                return;
            }
            const undeclared = [...world.stack.values()].filter((e) => !this.registered.has(e.key));
            const doomed = this.deletionOrder([...world.pending.map((e) => ({ entry: e, replaced: true })), ...undeclared.map((e) => ({ entry: e, replaced: false }))]);
            for (const { entry, replaced } of doomed) {
                this.deleteEntry(entry, replaced);
            }
        } finally {
            this.world = this.live;
            this.preview = false;
            this.active = false;
        }
    }

    // ----- steps -----

    private context(type: string, name: string, caller: Caller, generation: number): StepContext {
        return { state: this.state, type, name, caller, generation };
    }

    private create(handler: TypeHandler, key: string, type: string, name: string, inputs: Props, options: RegistrationOptions, caller: Caller, op: StepOp = "create", detail?: string): Registered {
        const generation = this.world.creations.get(key) ?? 0;
        this.world.creations.set(key, generation + 1);
        const ctx = this.context(type, name, caller, generation);
        this.judge(type, name, undefined, refusalsOf(ctx, inputs));
        const entry: StackEntry = { key, type, name, id: "", inputs, options, caller, generation, trigger: options.replacementTrigger };
        if (this.preview) {
            const predicted = handler.previewCreate ? handler.previewCreate(inputs) : { ...inputs, ...unknowns(handler.computed) };
            const id = `preview:${key}:${generation}`;
            const vpcs = type === T.zone && !hasUnknown(inputs.vpcs) ? inlineVpcs(inputs, caller.region) : [];
            this.state.setAssociations(id, vpcs);
            if (type === T.vpcAssociationAuthorization && typeof inputs.zoneId === "string" && typeof inputs.vpcId === "string" && !hasUnknown(inputs)) {
                this.state.authorizations.add(`${inputs.zoneId}:${inputs.vpcId}`); // what the steps after it in the preview see
            }
            this.state.addObject({ type, id, name, accountId: caller.accountId, region: caller.region, state: predicted, seq: this.state.nextSeq(), managed: true, privateZone: vpcs.length > 0 });
            this.world.stack.set(key, { ...entry, id });
            this.step(op, type, name, undefined, detail);
            return { id: undefined, state: predicted };
        }
        const created = handler.create(ctx, inputs);
        this.state.addObject({
            type, id: created.id, name, accountId: caller.accountId, region: caller.region, state: created.state, seq: this.state.nextSeq(), managed: true, privateZone: created.privateZone,
        });
        if (this.interruptAfter !== undefined && this.interruptAfter-- <= 0) {
            this.interruptAfter = undefined;
            this.step("interrupted", type, name, created.id, "AWS created it; the update stopped before the stack recorded it");
            this.failure = `update interrupted while creating ${type} ${name}`;
            throw new Error(`${this.failure}: the object ${created.id} exists in AWS, the stack does not record it`);
        }
        this.world.stack.set(key, { ...entry, id: created.id });
        this.step(op, type, name, created.id, detail);
        return { id: created.id, state: created.state };
    }

    /**
     * The `import` option for a resource the stack does not record: the object must exist in the caller's
     * account; the stack then records it with its actual values as inputs, so the registration that
     * follows updates whatever the program declares differently.
     */
    private importEntry(key: string, type: string, name: string, inputs: Props, options: RegistrationOptions, caller: Caller, importId: string): StackEntry {
        const obj = this.state.getObject(type, importId);
        if (!obj || obj.accountId !== caller.accountId) {
            const message = `${type} ${name}: importing ${importId}: resource does not exist`;
            this.failure = message;
            throw new Error(message);
        }
        const actual = Object.fromEntries(Object.keys(inputs).map((k) => [k, obj.state[k]]));
        const entry: StackEntry = { key, type, name, id: importId, inputs: actual, options, caller, generation: this.world.creations.get(key) ?? 0, trigger: options.replacementTrigger };
        this.world.stack.set(key, entry);
        this.step("import", type, name, importId);
        return entry;
    }

    private update(handler: TypeHandler, entry: StackEntry, obj: AwsObject, inputs: Props, options: RegistrationOptions, changed: string[]): Registered {
        const ctx = { ...this.context(entry.type, entry.name, entry.caller, entry.generation), existing: obj, changed: new Set(changed) };
        this.judge(entry.type, entry.name, entry.id, refusalsOf(ctx, inputs));
        const next: StackEntry = { ...entry, inputs, options, trigger: options.replacementTrigger ?? entry.trigger };
        if (this.preview) {
            obj.state = handler.previewOutputs ? handler.previewOutputs(obj, inputs) : { ...obj.state, ...knownOnly(inputs) };
            this.world.stack.set(entry.key, next);
            this.step("update", entry.type, entry.name, entry.id, changed.join(", "));
            return { id: entry.id, state: obj.state };
        }
        obj.state = handler.update(ctx, obj, inputs, new Set(changed));
        this.world.stack.set(entry.key, next);
        this.step("update", entry.type, entry.name, entry.id, changed.join(", "));
        return { id: entry.id, state: obj.state };
    }

    private replace(handler: TypeHandler, entry: StackEntry, inputs: Props, options: RegistrationOptions, caller: Caller, reasons: string[]): Registered {
        const detail = `${options.deleteBeforeReplace ? "delete-before-replace" : "create-before-delete"}: ${reasons.join(", ")}`;
        if (options.deleteBeforeReplace) {
            this.deleteEntry(entry, true);
            return this.create(handler, entry.key, entry.type, entry.name, inputs, options, caller, "replace", detail);
        }
        // the new one is created while the old one exists; the old one waits for the end of the run
        const created = this.create(handler, entry.key, entry.type, entry.name, inputs, options, caller, "replace", detail);
        this.world.pending.push(entry);
        return created;
    }

    /** Deletes (or retains) what `entry` records; `replaced` for the old half of a replacement. */
    private deleteEntry(entry: StackEntry, replaced: boolean): void {
        const { state } = this;
        const dropFromState = () => {
            const i = this.world.pending.indexOf(entry);
            if (i >= 0) {
                this.world.pending.splice(i, 1);
            }
            if (this.world.stack.get(entry.key) === entry) {
                this.world.stack.delete(entry.key);
            }
        };
        if (entry.options.retainOnDelete) {
            dropFromState();
            this.step("retain", entry.type, entry.name, entry.id);
            return;
        }
        const obj = state.getObject(entry.type, entry.id);
        const ctx = this.context(entry.type, entry.name, entry.caller, entry.generation);
        if (obj && !this.preview) {
            this.judge(entry.type, entry.name, entry.id, deleteRefusalsOf(ctx, obj));
            HANDLERS[entry.type].remove(ctx, obj);
        }
        if (obj) {
            state.removeObject(entry.type, entry.id);
            if (entry.type === T.zone) {
                state.setAssociations(entry.id, []);
            }
        }
        dropFromState();
        this.step(replaced ? "delete-replaced" : "delete", entry.type, entry.name, entry.id);
    }

    /** Records refusals; in an update, a refused step fails the registration and ends the run. */
    private judge(type: string, name: string, id: string | undefined, refusals: Refusal[]): void {
        if (refusals.length === 0) {
            return;
        }
        const texts = refusals.map((r) => `${type} ${name}: ${r.code}: ${r.message}`);
        this.refusals.push(...texts);
        if (this.preview) {
            return;
        }
        this.step("refused", type, name, id, texts.join("; "));
        this.failure = texts[0];
        throw new AwsRefusedError(texts);
    }

    private step(op: StepOp, type: string, name: string, id?: string, detail?: string): void {
        const step: FakeStep = { index: this.steps.length, run: this.run, preview: this.preview, op, type, name, id, detail };
        this.steps.push(step);
        if (this.preview || op === "refused") {
            return;
        }
        for (const d of deadRecordAnswers(this.state)) {
            this.deadAnswers.push({ run: this.run, step: step.index, description: `${op} ${type} ${name}`, ...d });
        }
        const now = answeredInterfaces(this.state);
        for (const [ip, eni] of now) {
            const before = this.answered.get(ip);
            if (before !== undefined && before !== eni) {
                this.disconnects.push({ run: this.run, step: step.index, description: `${op} ${type} ${name}`, ip, before, after: eni });
            }
        }
        this.answered = now;
    }

    /**
     * Dependents before their dependencies: the recorded dependencies decide where they say something,
     * reverse creation order everywhere else.
     */
    private deletionOrder<E extends { entry: StackEntry }>(items: E[]): E[] {
        const seqOf = (e: StackEntry) => this.state.getObject(e.type, e.id)?.seq ?? 0;
        const depsOf = (e: StackEntry) => new Set(e.options.dependencies.map((u) => this.urnToKey.get(u)).filter((k): k is string => k !== undefined && k !== e.key));
        const remaining = [...items].sort((a, b) => seqOf(b.entry) - seqOf(a.entry));
        const deps = new Map(remaining.map((i) => [i, depsOf(i.entry)]));
        const order: E[] = [];
        while (remaining.length > 0) {
            const free = remaining.findIndex((candidate) => !remaining.some((other) => other !== candidate && deps.get(other)!.has(candidate.entry.key)));
            order.push(...remaining.splice(free < 0 ? 0 : free, 1));
        }
        return order;
    }
}

/** The inputs as the provider holds them: set-typed inputs with their duplicates merged (`SET_INPUTS`). */
function asProviderHoldsThem(type: string, inputs: Props): Props {
    const sets = SET_INPUTS[type];
    if (!sets) {
        return inputs;
    }
    const out = { ...inputs };
    for (const [k, fields] of Object.entries(sets)) {
        if (out[k] !== undefined) {
            out[k] = mergeSet(out[k], fields);
        }
    }
    return out;
}

/**
 * The recorded inputs as the provider diffs them: an optional and computed input takes the value the
 * provider read back from AWS (a bridged provider diffs the program's inputs against the resource's state,
 * so pinning the addresses an endpoint already has is no change).
 */
function withReadBack(type: string, recorded: Props, state: Props | undefined): Props {
    const keys = (OPTIONAL_COMPUTED_INPUTS[type] ?? []).filter((k) => state?.[k] !== undefined);
    return keys.length === 0 ? recorded : { ...recorded, ...Object.fromEntries(keys.map((k) => [k, state![k]])) };
}

/** Optional and computed inputs the program leaves out keep their recorded value (`OPTIONAL_COMPUTED_INPUTS`). */
function keepOptionalComputed(type: string, inputs: Props, recorded: Props): Props {
    const keys = (OPTIONAL_COMPUTED_INPUTS[type] ?? []).filter((k) => inputs[k] === undefined && recorded[k] !== undefined);
    return keys.length === 0 ? inputs : { ...inputs, ...Object.fromEntries(keys.map((k) => [k, recorded[k]])) };
}

/** The live network interface behind each address a private zone answers now (first match by address). */
function answeredInterfaces(state: AccountState): Map<string, string> {
    const byIp = new Map<string, string>();
    for (const e of state.enis.values()) {
        if (!byIp.has(e.privateIp)) {
            byIp.set(e.privateIp, e.id);
        }
    }
    const out = new Map<string, string>();
    for (const ip of answeredAddresses(state)) {
        const eni = byIp.get(ip);
        if (eni !== undefined) {
            out.set(ip, eni);
        }
    }
    return out;
}

/** Inputs with the `ignoreChanges` paths set back to their recorded values. */
function applyIgnoreChanges(inputs: Props, recorded: Props, paths: readonly string[]): Props {
    let out = inputs;
    for (const p of paths) {
        out = p === "*" ? { ...recorded } : setPath(out, p, getPath(recorded, p));
    }
    return out;
}

/** Why the change replaces the resource: replace-forcing inputs, `replaceOnChanges`, the trigger, the provider. */
function replaceReasons(entry: StackEntry, inputs: Props, changed: string[], options: RegistrationOptions, caller: Caller): string[] {
    const reasons = (REPLACE_ON[entry.type] ?? []).filter((k) => changed.includes(k));
    for (const p of options.replaceOnChanges) {
        if (p === "*" ? changed.length > 0 : !deepEqual(getPath(entry.inputs, p), getPath(inputs, p))) {
            reasons.push(`replaceOnChanges ${p}`);
        }
    }
    if (entry.trigger !== undefined && options.replacementTrigger !== undefined && !deepEqual(entry.trigger, options.replacementTrigger)) {
        reasons.push("replacementTrigger");
    }
    if (entry.caller.accountId !== caller.accountId || entry.caller.region !== caller.region) {
        reasons.push(`provider (${entry.caller.accountId} ${entry.caller.region} -> ${caller.accountId} ${caller.region})`);
    }
    return reasons;
}

/** Unknown values for the outputs AWS computes. */
function unknowns(keys: readonly string[]): Props {
    return Object.fromEntries(keys.map((k) => [k, pulumi.unknown]));
}
