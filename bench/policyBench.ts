/**
 * Benchmark 2: the policy pack over synthetic stacks through the analyzer protocol, as the CLI drives
 * it (`Analyze` for every resource's inputs, then one `AnalyzeStack` of every resource's outputs),
 * against the floor: the same policy framework, runner and transport with no policies at all.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { policyPackBuildState } from "../simulation/packBuild";
import { AnalyzedResource, POLICY_PACK_DIR, PolicyPackProcess } from "../simulation/policyPack";
import { median, now, round, section, table } from "./stats";
import { SyntheticStack, syntheticStack } from "./synthetic";

const REPO = path.resolve(__dirname, "..");
/**
 * Inside the repo on purpose: the runner resolves `@pulumi/policy` and `@pulumi/pulumi` by walking up
 * from the pack folder to the repo's node_modules, which a folder under os.tmpdir() would not reach.
 */
export const FLOOR_PACK_DIR = path.join(__dirname, ".floor-pack");

export interface PolicyBenchOptions {
    readonly sizes: readonly number[];
    /** Repetitions per size (median reported), same index as `sizes`. */
    readonly repetitions: readonly number[];
    /** `Analyze` calls in flight at once. */
    readonly concurrency: number;
    readonly gc?: () => void;
}

export interface PackFigures {
    /** Median of the repetitions' totals. */
    readonly totalMs: number;
    /** Median time for `Analyze` of every resource. */
    readonly analyzeMs: number;
    /** Median time for the one `AnalyzeStack`. */
    readonly analyzeStackMs: number;
    readonly samplesMs: number[];
}

export interface PolicySizeFigures {
    readonly resources: number;
    readonly mix: Record<string, number>;
    readonly pack: PackFigures;
    readonly floor: PackFigures;
    /** pack / floor, totals. */
    readonly ratio: number;
    /** Diagnostics the real pack reported (the synthetic stacks are built to pass: expect 0). */
    readonly diagnostics: number;
    readonly diagnosticSamples: string[];
}

export interface PolicyBenchResult {
    readonly startupMs: { pack: number; floor: number };
    readonly policies: number;
    readonly concurrency: number;
    readonly sizes: PolicySizeFigures[];
    /** Real pack total at the largest size / at the smallest. */
    readonly growth: number;
    readonly floorGrowth: number;
    /** The real pack's growth per phase: `Analyze` of every resource, and the one `AnalyzeStack`. */
    readonly analyzeGrowth: number;
    readonly analyzeStackGrowth: number;
    readonly floorAnalyzeStackGrowth: number;
    readonly sizeFactor: number;
}

/** Compiles the pack (`policy-pack/bin`) unless its build is newer than every source it is built from. */
export function ensurePolicyPackBuilt(): void {
    const built = path.join(POLICY_PACK_DIR, "bin", "policy-pack", "index.js");
    if (!policyPackBuildState().stale) {
        return;
    }
    console.log("building the policy pack (tsc -p policy-pack) ...");
    const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO] });
    const r = spawnSync(process.execPath, [tsc, "-p", "policy-pack"], { cwd: REPO, encoding: "utf8" });
    if (r.status !== 0) {
        // tsc still emits on type errors; the pack runs if it was emitted.
        console.log(`tsc -p policy-pack exited with ${r.status}:\n${(r.stdout + r.stderr).split("\n").slice(0, 10).join("\n")}`);
        if (!fs.existsSync(built)) {
            throw new Error("the policy pack could not be built");
        }
    }
}

/** Writes the floor pack: the policy framework with no policies. */
export function writeFloorPack(dir = FLOOR_PACK_DIR): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
        name: "floor-policy-pack",
        version: "0.0.0",
        description: "No policies: the cost of the policy framework, its runner and the analyzer protocol alone (written by bench/).",
        main: "index.js",
    }, undefined, 2) + "\n");
    fs.writeFileSync(path.join(dir, "index.js"), "new (require(\"@pulumi/policy\").PolicyPack)(\"floor\", { policies: [] });\n");
    for (const m of ["@pulumi/policy", "@pulumi/pulumi/cmd/run-policy-pack"]) {
        try {
            require.resolve(m, { paths: [dir] });
        } catch {
            throw new Error(`${m} does not resolve from ${dir}; the floor pack must sit below the repo's node_modules`);
        }
    }
}

/** `Analyze` of every resource, `concurrency` calls in flight; the diagnostics' messages. */
async function analyzeAll(pack: PolicyPackProcess, resources: readonly AnalyzedResource[], concurrency: number): Promise<string[]> {
    const messages: string[] = [];
    let next = 0;
    const worker = async () => {
        while (next < resources.length) {
            const r = resources[next++];
            for (const d of await pack.analyze(r)) {
                messages.push(`${d.policyName}: ${d.detail.split("\n")[0]}`);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, resources.length) }, worker));
    return messages;
}

interface Sample { readonly analyzeMs: number; readonly analyzeStackMs: number; readonly messages: string[] }

async function measurePack(pack: PolicyPackProcess, stack: SyntheticStack, concurrency: number, gc?: () => void): Promise<Sample> {
    gc?.();
    const t0 = now();
    const messages = await analyzeAll(pack, stack.inputs, concurrency);
    const t1 = now();
    for (const d of await pack.analyzeStack(stack.outputs)) {
        messages.push(`${d.policyName}: ${d.detail.split("\n")[0]}`);
    }
    const t2 = now();
    return { analyzeMs: t1 - t0, analyzeStackMs: t2 - t1, messages };
}

function figures(samples: Sample[]): PackFigures {
    return {
        totalMs: median(samples.map((s) => s.analyzeMs + s.analyzeStackMs)),
        analyzeMs: median(samples.map((s) => s.analyzeMs)),
        analyzeStackMs: median(samples.map((s) => s.analyzeStackMs)),
        samplesMs: samples.map((s) => round(s.analyzeMs + s.analyzeStackMs, 1)),
    };
}

export async function policyBench(options: PolicyBenchOptions): Promise<PolicyBenchResult> {
    section("2. Policy pack over synthetic stacks (Analyze every resource + one AnalyzeStack)");
    ensurePolicyPackBuilt();
    writeFloorPack();
    // Started one after the other so neither startup competes with the other for the CPUs.
    const pack = await PolicyPackProcess.start(POLICY_PACK_DIR);
    let floor: PolicyPackProcess | undefined;
    try {
        floor = await PolicyPackProcess.start(FLOOR_PACK_DIR);
        const policies = (await pack.info()).policies.length;
        await pack.configure({});
        await floor.configure({});

        const sizes: PolicySizeFigures[] = [];
        for (const [i, size] of options.sizes.entries()) {
            const stack = syntheticStack(size);
            // One untimed pass per size: both processes load and optimize their paths, and grow their
            // heaps to the size's working set, before anything is timed.
            for (const p of [pack, floor]) {
                await measurePack(p, stack, options.concurrency, options.gc);
            }
            const packSamples: Sample[] = [];
            const floorSamples: Sample[] = [];
            for (let rep = 0; rep < options.repetitions[i]; rep++) {
                // Alternate which goes first, so drift (thermal, GC, page cache) hits both alike.
                const order: [PolicyPackProcess, Sample[]][] = rep % 2 === 0
                    ? [[pack, packSamples], [floor, floorSamples]]
                    : [[floor, floorSamples], [pack, packSamples]];
                for (const [p, into] of order) {
                    into.push(await measurePack(p, stack, options.concurrency, options.gc));
                }
            }
            const packFigures = figures(packSamples);
            const floorFigures = figures(floorSamples);
            const messages = packSamples[packSamples.length - 1].messages;
            sizes.push({
                resources: stack.inputs.length,
                mix: stack.mix,
                pack: packFigures,
                floor: floorFigures,
                ratio: packFigures.totalMs / floorFigures.totalMs,
                diagnostics: messages.length,
                diagnosticSamples: [...new Set(messages)].slice(0, 5),
            });
        }
        const first = sizes[0];
        const last = sizes[sizes.length - 1];
        const result: PolicyBenchResult = {
            startupMs: { pack: pack.startupMs, floor: floor.startupMs },
            policies,
            concurrency: options.concurrency,
            sizes,
            growth: last.pack.totalMs / first.pack.totalMs,
            floorGrowth: last.floor.totalMs / first.floor.totalMs,
            analyzeGrowth: last.pack.analyzeMs / first.pack.analyzeMs,
            analyzeStackGrowth: last.pack.analyzeStackMs / first.pack.analyzeStackMs,
            floorAnalyzeStackGrowth: last.floor.analyzeStackMs / first.floor.analyzeStackMs,
            sizeFactor: last.resources / first.resources,
        };
        printPolicyBench(result, options);
        return result;
    } finally {
        pack.stop();
        floor?.stop();
    }
}

function printPolicyBench(r: PolicyBenchResult, options: PolicyBenchOptions): void {
    const mix = r.sizes[r.sizes.length - 1].mix;
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    console.log(`pack: ${r.policies} policies, started in ${r.startupMs.pack.toFixed(0)} ms; floor (no policies) started in ${r.startupMs.floor.toFixed(0)} ms (startup not timed below)`);
    console.log(`Analyze calls: ${r.concurrency} in flight; repetitions per size: ${options.repetitions.join(", ")} (median) after one untimed pass; pack and floor alternate`);
    console.log(`mix of the largest stack (${total} resources): ` + Object.entries(mix).sort((a, b) => b[1] - a[1])
        .map(([t, n]) => `${t.split(":").pop()} ${(100 * n / total).toFixed(1)}%`).join(", "));
    console.log();
    console.log(table(
        ["resources", "pack Analyze ms", "pack Stack ms", "pack total ms", "floor Analyze ms", "floor Stack ms", "floor total ms", "pack/floor", "target", "diagnostics"],
        r.sizes.map((s) => [s.resources, s.pack.analyzeMs, s.pack.analyzeStackMs, s.pack.totalMs,
            s.floor.analyzeMs, s.floor.analyzeStackMs, s.floor.totalMs, s.ratio, "<= 2", s.diagnostics]),
    ));
    console.log();
    console.log(`growth ${r.sizes[r.sizes.length - 1].resources}/${r.sizes[0].resources} resources (x${r.sizeFactor}): pack x${r.growth.toFixed(2)}, floor x${r.floorGrowth.toFixed(2)} (target <= x12, linear)`);
    console.log(`  by phase, pack: Analyze x${r.analyzeGrowth.toFixed(2)}, AnalyzeStack x${r.analyzeStackGrowth.toFixed(2)} (floor AnalyzeStack x${r.floorAnalyzeStackGrowth.toFixed(2)})`);
    for (const s of r.sizes.filter((x) => x.diagnostics > 0)) {
        console.log(`note: ${s.diagnostics} diagnostics at ${s.resources} resources on a stack built to pass, e.g. ${s.diagnosticSamples.join(" | ")}`);
    }
}
