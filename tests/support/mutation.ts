/**
 * The tests under StrykerJS (`npm run mutate`, `stryker.config.mjs`): how a mutant of the policy pack
 * reaches the pack's process, and how the mutants that process reaches count as covered. Nothing here
 * runs outside Stryker: `strykerNamespace()` is undefined there and `npm test` starts the pack as the
 * CLI does.
 *
 * Stryker instruments `policy-pack/*.ts` and the `components/` files the pack imports in its sandbox,
 * and its build command compiles them into `policy-pack/bin`, the copy the pack's process runs. Every
 * mutant sits behind a switch that reads `__stryker__.activeMutant`, which the mocha runner sets in the
 * test process only; in another process the instrumented code falls back to the
 * `__STRYKER_ACTIVE_MUTANT__` environment variable. So under Stryker the shared pack is started for one
 * test run at a time (the root hook stops it after every run, and `sharedPolicyPack` restarts it if
 * the active mutant changed anyway) with that variable set to the run's mutant.
 *
 * With `coverageAnalysis: "perTest"` Stryker runs a mutant only against the tests that reached it in
 * its first (dry) run, as read from this process's `__stryker__.mutantCoverage`. The pack's process
 * keeps its own; `strykerCoverageAgent.js` hands it over after every call, and it is recorded against
 * the test that made the call or, for a call from a suite's `before`/`after` hook, against every test
 * of that suite (they judge what the hook computed). What the pack reached while loading (its policies
 * and their config schemas, built once) is recorded for every test that calls the pack.
 */
import * as path from "path";

import { PolicyPackProcess } from "../../simulation/policyPack";

/** Mutant coverage as Stryker's instrumentation records it: hit counts by mutant id. */
interface MutantCoverage {
    static: Record<string, number>;
    perTest: Record<string, Record<string, number>>;
}

/** The part of Stryker's instrumentation namespace (`globalThis.__stryker__`) read and written here. */
export interface StrykerNamespace {
    activeMutant?: string;
    currentTestId?: string;
    mutantCoverage?: MutantCoverage;
}

const AGENT = path.join(__dirname, "strykerCoverageAgent.js");
const ACTIVE_MUTANT_ENV = "__STRYKER_ACTIVE_MUTANT__";
/** The pack's calls, each followed by a coverage hand-over in the dry run. */
const CALLS = new Set(["info", "configure", "analyze", "analyzeStack", "analyzeRun"]);

/** Stryker's namespace in this process; undefined unless the tests run under Stryker. */
export function strykerNamespace(): StrykerNamespace | undefined {
    return (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;
}

/** Starts the pack for the active mutant; in the dry run, its calls hand their coverage over. */
export async function startPolicyPackForMutant(ns: StrykerNamespace, packDir: string): Promise<PolicyPackProcess> {
    const env = { ...process.env };
    delete env[ACTIVE_MUTANT_ENV];
    if (ns.activeMutant !== undefined) {
        env[ACTIVE_MUTANT_ENV] = ns.activeMutant;
    }
    const pack = await PolicyPackProcess.start(packDir, { env, nodeArgs: ["--require", AGENT], ipc: true });
    if (ns.activeMutant !== undefined) {
        return pack; // a mutant's run: Stryker reads no coverage
    }
    const loaded = await handOver(pack);
    return new Proxy(pack, {
        get(target, prop) {
            const value: unknown = Reflect.get(target, prop, target);
            if (typeof value !== "function") {
                return value;
            }
            if (typeof prop !== "string" || !CALLS.has(prop)) {
                return value.bind(target);
            }
            return async (...args: unknown[]) => {
                try {
                    return await value.apply(target, args);
                } finally {
                    record(ns, loaded, await handOver(target));
                }
            };
        },
    });
}

let requests = 0;

/** The mutants the pack's process reached since the last hand-over. */
function handOver(pack: PolicyPackProcess): Promise<Record<string, number>> {
    const seq = ++requests;
    const child = pack.child;
    return new Promise((resolve, reject) => {
        const onMessage = (m: { type?: string; seq?: number; reached?: Record<string, number> }) => {
            if (m?.type === "stryker-coverage" && m.seq === seq) {
                done();
                resolve(m.reached ?? {});
            }
        };
        const onExit = (code: number | null) => {
            done();
            reject(new Error(`the policy pack exited (${code}) before handing over its mutant coverage`));
        };
        const done = () => {
            child.off("message", onMessage);
            child.off("exit", onExit);
        };
        child.on("message", onMessage);
        child.on("exit", onExit);
        child.send({ type: "stryker-coverage", seq });
    });
}

/** Tests of the suite whose `before`/`after` hook is running, if one is. */
let hookTests: string[] | undefined;

function record(ns: StrykerNamespace, ...reached: Record<string, number>[]): void {
    // The instrumented files of this process hold on to this object: add to it, never replace it.
    const coverage = (ns.mutantCoverage ??= { static: {}, perTest: {} });
    const tests = hookTests ?? (ns.currentTestId !== undefined ? [ns.currentTestId] : undefined);
    const targets = tests ? tests.map((t) => (coverage.perTest[t] ??= {})) : [coverage.static];
    for (const counts of reached) {
        for (const [id, n] of Object.entries(counts)) {
            for (const target of targets) {
                target[id] = (target[id] ?? 0) + n;
            }
        }
    }
}

type HookKind = "beforeAll" | "afterAll";
const tracked = new WeakSet<Mocha.Hook>();

/** Wraps every suite's `before`/`after` hooks so that a pack call made from one is known to serve that suite's tests. */
function trackSuiteHooks(suite: Mocha.Suite): void {
    const hooksOf = (kind: HookKind) => (suite as unknown as { getHooks(kind: HookKind): Mocha.Hook[] }).getHooks(kind);
    for (const hook of [...hooksOf("beforeAll"), ...hooksOf("afterAll")]) {
        const fn = hook.fn;
        if (!fn || tracked.has(hook)) {
            continue;
        }
        tracked.add(hook);
        const tests = () => {
            const ids: string[] = [];
            suite.eachTest((t) => void ids.push(t.fullTitle()));
            return ids;
        };
        hook.fn = function (this: Mocha.Context, ...args: unknown[]) {
            hookTests = tests();
            const clear = () => void (hookTests = undefined);
            if (typeof args[0] === "function") {
                const callback = args[0] as (err?: unknown) => void;
                args[0] = (err?: unknown) => {
                    clear();
                    callback(err);
                };
            }
            let result: unknown;
            try {
                result = (fn as (...a: unknown[]) => unknown).apply(this, args);
            } catch (e) {
                clear();
                throw e;
            }
            if (result instanceof Promise) {
                return result.finally(clear);
            }
            if (args.length === 0) {
                clear();
            }
            return result;
        } as Mocha.Func;
    }
    suite.suites.forEach(trackSuiteHooks);
}

/**
 * Root hooks for Stryker's mocha runner only (`mochaOptions.require` in `stryker.config.mjs`): before
 * each run, track every suite's hooks (once; the runner reuses its suites across runs).
 */
export const mochaHooks = {
    beforeAll(this: Mocha.Context): void {
        let root = this.test?.parent;
        while (root?.parent) {
            root = root.parent;
        }
        if (root && strykerNamespace()) {
            trackSuiteHooks(root);
        }
    },
};
