/**
 * Runs a Pulumi program under the mock runtime against a `FakeAwsAccount`, the way the engine runs a
 * stack: inside a root `pulumi:pulumi:Stack`, as an update or as a preview, and captures every
 * registration (URN, type, parent, provider, dependencies, inputs and outputs with unknowns kept as
 * the engine's sentinel) so the policy pack can be driven with exactly what the CLI would send it.
 *
 * The mock runtime's `newResource` does not receive resource options: the harness reads them from each
 * `RegisterResourceRequest` (`deleteBeforeReplace`, `ignoreChanges`, `replaceOnChanges`,
 * `retainOnDelete`, `replacementTrigger`, dependencies) and hands them to the account before the
 * request reaches `newResource`. A run ends as `pulumi up` ends: the account's end-of-run deletes happen
 * only after a successful update, and a delete AWS refuses fails the run.
 */
import * as pulumi from "@pulumi/pulumi";

import { FakeAwsAccount, RegistrationOptions } from "./aws/account";

/**
 * The SDK wraps every promise it makes in `debuggablePromise`, which captures a stack trace for the leak
 * report it prints when a `pulumi` process exits. Under ts-node's source maps that capture is most of a
 * mocked run's time (component spec: 30 s with it, 4 s without). A simulated run prints no such report
 * (it forgets failed runs' pending registrations itself), so the simulation wraps nothing.
 */
(require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>) => Promise<T> }).debuggablePromise = (p) => p;

/** The engine's marker for a value that is unknown during a preview. */
export const UNKNOWN_SENTINEL: string = pulumi.runtime.unknownValue;

export interface Registration {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    /** Provider reference `urn::id`, for custom resources. */
    readonly provider?: string;
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    /** Inputs as the engine sees them (unknowns as `UNKNOWN_SENTINEL`). */
    readonly inputs: Record<string, unknown>;
    /** Outputs as the engine records them; for components, what `registerOutputs` passed. */
    outputs: Record<string, unknown>;
    readonly id?: string;
}

export interface ProgramRun {
    readonly registrations: Registration[];
    /** The stack's exports as the program returned them (unknowns as `undefined`). */
    readonly stackOutputs: Record<string, unknown>;
    /** The first error the run hit, if any: a thrown validation error or a failed registration. */
    readonly error?: Error;
    readonly logs: { severity: string; message: string }[];
}

export interface RunOptions {
    readonly preview?: boolean;
    /** As `pulumi up --refresh`: the account's drift is read back into the stack first. */
    readonly refresh?: boolean;
    readonly project?: string;
    readonly stack?: string;
    /** Config as the CLI would set it, `namespace:key` → value (strings, or JSON for objects). */
    readonly config?: Record<string, string>;
}

type Callback = (err: unknown, resp: any) => void;

/**
 * Runs `program` against `account`. Never rejects for errors the program raises: they come back in
 * `error`, as a stack update would report them.
 */
export async function runProgram(
    account: FakeAwsAccount,
    program: () => unknown,
    options: RunOptions = {},
): Promise<ProgramRun> {
    const preview = options.preview ?? false;
    account.beginRun(preview, options.refresh ?? false, `${options.project ?? "iotvpc"}/${options.stack ?? "test"}`);
    await pulumi.runtime.setMocks(account, options.project ?? "iotvpc", options.stack ?? "test", preview);
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries({ "aws:region": account.region, ...(options.config ?? {}) })),
        [],
    );

    const registrations: Registration[] = [];
    const byUrn = new Map<string, Registration>();
    // The first error ends the run, as it ends a real `pulumi up`: registrations that wait on a failed
    // input never complete, so the SDK's own wait for pending RPCs would not return.
    const errors: Error[] = [];
    let failed!: () => void;
    const firstError = new Promise<void>((resolve) => (failed = resolve));
    const pushError = (e: unknown) => {
        errors.push(e instanceof Error ? e : new Error(String(e)));
        failed();
    };
    const logs: { severity: string; message: string }[] = [];
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: Callback) => {
        account.setRegistrationOptions(req.getType(), req.getName(), registrationOptions(req, monitor));
        return registerAndRecord(req, callback);
    };
    const registerAndRecord = (req: any, callback: Callback) => register(req, (err: unknown, resp: any) => {
        if (err) {
            pushError(err);
        } else {
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((v: any, k: string) => {
                propertyDependencies[k] = v.getUrnsList();
            });
            const r: Registration = {
                urn: resp.getUrn(),
                type: req.getType(),
                name: req.getName(),
                custom: req.getCustom(),
                parent: req.getParent() || undefined,
                provider: req.getProvider() || undefined,
                dependencies: req.getDependenciesList(),
                propertyDependencies,
                inputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
                outputs: (resp.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
                id: resp.getId() || undefined,
            };
            registrations.push(r);
            byUrn.set(r.urn, r);
        }
        callback(err, resp);
    });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: Callback) => {
        const r = byUrn.get(req.getUrn());
        if (r) {
            r.outputs = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        return registerOutputs(req, callback);
    };

    const onRejection = (reason: unknown) => pushError(reason);
    const originalError = pulumi.log.error;
    const originalWarn = pulumi.log.warn;
    (pulumi.log as any).error = (message: string) => {
        logs.push({ severity: "error", message });
        return Promise.resolve();
    };
    (pulumi.log as any).warn = (message: string) => {
        logs.push({ severity: "warning", message });
        return Promise.resolve();
    };
    process.on("unhandledRejection", onRejection);
    let stackOutputs: Record<string, unknown> = {};
    try {
        const outputs = pulumi.runtime.runInPulumiStack(async () => program());
        outputs.catch(pushError);
        const done = await Promise.race([outputs.then((o) => ({ o })), firstError.then(() => undefined)]);
        stackOutputs = (done?.o ?? {}) as Record<string, unknown>;
        await Promise.race([waitForRegistrations(), firstError]);
    } catch (e) {
        pushError(e);
    } finally {
        await new Promise((r) => setImmediate(r));
        try {
            account.endRun({ failed: errors.length > 0 });
        } catch (e) {
            pushError(e); // AWS refused an end-of-run delete: the update fails
        }
        if (errors.length > 0) {
            // A failed run leaves the registrations that waited on the failure pending, as a failed
            // `pulumi up` does; forget them so the SDK does not report them as leaks at exit.
            (require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises(): unknown }).leakedPromises();
        }
        process.off("unhandledRejection", onRejection);
        (pulumi.log as any).error = originalError;
        (pulumi.log as any).warn = originalWarn;
    }
    return { registrations, stackOutputs, error: errors[0], logs };
}

/** The resource options of a `RegisterResourceRequest`, as the engine acts on them. */
function registrationOptions(req: any, monitor: any): RegistrationOptions {
    let replacementTrigger: unknown;
    if (typeof req.hasReplacementTrigger === "function" && req.hasReplacementTrigger()) {
        const value: unknown = req.getReplacementTrigger().toJavaScript();
        replacementTrigger = JSON.stringify(value ?? null).includes(UNKNOWN_SENTINEL) ? pulumi.unknown : value;
    }
    return {
        urn: typeof monitor.newUrn === "function" ? monitor.newUrn(req.getParent(), req.getType(), req.getName()) : undefined,
        deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        retainOnDelete: req.getRetainondelete(),
        replacementTrigger,
        dependencies: req.getDependenciesList(),
    };
}

/** Waits until the SDK has no registration in flight (the engine waits the same way at exit). */
async function waitForRegistrations(): Promise<void> {
    // `waitForRPCs` is what the SDK itself awaits before disconnecting; it is not in the typings.
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
}

/** Registrations of `type`. */
export function ofType(run: ProgramRun, type: string): Registration[] {
    return run.registrations.filter((r) => r.type === type);
}
