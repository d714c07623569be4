/**
 * Benchmark 1: evaluating a program under the mock runtime, as an update: the component against the
 * hand-written baseline with the same resources and invokes, in the same process, interleaved.
 */
import { RecordLayout } from "../components";
import { ProgramKind, RunFigures, Scenario, expectedRecords, layoutOf, measureRun } from "./programs";
import { median, section, table } from "./stats";

export interface ProgramBenchOptions {
    /** Endpoint counts, each over `subnets` subnets. */
    readonly endpoints: readonly number[];
    readonly subnets: number;
    /** Runs of each program per size (median reported), same index as `endpoints`: small sizes are cheap and noisy, so they get more. */
    readonly repetitions: readonly number[];
    readonly gc?: () => void;
}

/** One program's figures at one size: the last run's counts, and the median of every run's time. */
export interface ProgramFigures extends Omit<RunFigures, "ms"> {
    readonly medianMs: number;
    readonly samplesMs: number[];
}

export interface ProgramSizeFigures {
    readonly endpoints: number;
    readonly repetitions: number;
    readonly subnets: number;
    readonly layout: RecordLayout;
    readonly expectedRecords: number;
    readonly component: ProgramFigures;
    readonly baseline: ProgramFigures;
    /** component / baseline medians; `null` when the component failed (nothing comparable ran). */
    readonly ratio: number | null;
    /** The component and the baseline registered the same AWS resources with the same inputs and made the same invokes. */
    readonly sameWork: boolean;
}

export interface ProgramBenchResult {
    readonly sizes: ProgramSizeFigures[];
    readonly maxRatio: number | null;
    /** Median component milliseconds at the largest size. */
    readonly largestComponentMs: number;
}

/** The layout the benchmark uses at a size: the default while it fits Route 53's 100 records per name. */
export function scenarioFor(endpoints: number, subnets: number): Scenario {
    return endpoints * subnets <= 100 ? { endpoints, subnets } : { endpoints, subnets, layout: RecordLayout.PerEndpoint };
}

function summarize(runs: RunFigures[]): ProgramFigures {
    const last = runs[runs.length - 1];
    return {
        medianMs: median(runs.map((r) => r.ms)),
        samplesMs: runs.map((r) => Math.round(r.ms * 10) / 10),
        registrations: last.registrations,
        awsResources: last.awsResources,
        records: last.records,
        invokes: last.invokes,
        invokesByToken: last.invokesByToken,
        refusals: Math.max(...runs.map((r) => r.refusals)),
        workDigest: last.workDigest,
        error: runs.find((r) => r.error !== undefined)?.error,
    };
}

export async function programBench(options: ProgramBenchOptions): Promise<ProgramBenchResult> {
    section("1. Program evaluation under the mock runtime (update), component vs hand-written baseline");
    // The first run in a process pays for loading @pulumi/aws and the SDK, for both programs.
    for (const kind of ["component", "baseline"] as ProgramKind[]) {
        await measureRun(kind, scenarioFor(10, options.subnets));
    }
    const sizes: ProgramSizeFigures[] = [];
    for (const [i, endpoints] of options.endpoints.entries()) {
        const s = scenarioFor(endpoints, options.subnets);
        const runs: Record<ProgramKind, RunFigures[]> = { component: [], baseline: [] };
        for (let rep = 0; rep < options.repetitions[i]; rep++) {
            const order: ProgramKind[] = rep % 2 === 0 ? ["component", "baseline"] : ["baseline", "component"];
            for (const kind of order) {
                options.gc?.();
                runs[kind].push(await measureRun(kind, s));
            }
        }
        const component = summarize(runs.component);
        const baseline = summarize(runs.baseline);
        sizes.push({
            endpoints,
            repetitions: options.repetitions[i],
            subnets: options.subnets,
            layout: layoutOf(s),
            expectedRecords: expectedRecords(s),
            component,
            baseline,
            ratio: component.error ? null : component.medianMs / baseline.medianMs,
            sameWork: component.workDigest === baseline.workDigest,
        });
    }
    const ratios = sizes.map((s) => s.ratio).filter((r): r is number => r !== null);
    const result: ProgramBenchResult = {
        sizes,
        maxRatio: ratios.length === sizes.length ? Math.max(...ratios) : null,
        largestComponentMs: sizes[sizes.length - 1].component.medianMs,
    };
    printProgramBench(result);
    return result;
}

function printProgramBench(r: ProgramBenchResult): void {
    console.log(`median of ${r.sizes.map((s) => s.repetitions).join(", ")} runs of each program per size, component and baseline interleaved, after one warm-up run each; a fresh fake account per run`);
    console.log();
    console.log(table(
        ["endpoints x subnets", "layout", "component ms", "baseline ms", "ratio", "target", "registered c/b", "AWS resources c/b", "records c/b/expected", "invokes c/b", "refused c/b", "same work"],
        r.sizes.map((s) => [
            `${s.endpoints} x ${s.subnets}`,
            s.layout,
            s.component.medianMs,
            s.baseline.medianMs,
            s.ratio === null ? "n/a" : s.ratio,
            "<= 1.25",
            `${s.component.registrations}/${s.baseline.registrations}`,
            `${s.component.awsResources}/${s.baseline.awsResources}`,
            `${s.component.records}/${s.baseline.records}/${s.expectedRecords}`,
            `${s.component.invokes}/${s.baseline.invokes}`,
            `${s.component.refusals}/${s.baseline.refusals}`,
            s.sameWork ? "yes" : "no",
        ]),
    ));
    console.log();
    const last = r.sizes[r.sizes.length - 1];
    console.log(`${last.endpoints} endpoints x ${last.subnets} subnets: component ${last.component.medianMs.toFixed(0)} ms (target < 5000 ms)` +
        (r.maxRatio === null ? "; max ratio n/a (component failed at some size)" : `; max ratio ${r.maxRatio.toFixed(2)} (target <= 1.25)`));
    console.log("registered = every registration (stack, default provider, component, AWS resources); the baseline has no component.");
    console.log("same work = same AWS resources (type, name, inputs) and same invokes (token, inputs) in both programs.");
    for (const s of r.sizes) {
        if (s.component.error) {
            console.log(`component failed at ${s.endpoints} x ${s.subnets} (${s.layout}): ${s.component.error}`);
        }
        if (s.baseline.error) {
            console.log(`baseline failed at ${s.endpoints} x ${s.subnets} (${s.layout}): ${s.baseline.error}`);
        }
        if (!s.component.error && !s.sameWork) {
            console.log(`note: at ${s.endpoints} x ${s.subnets} the component and the baseline did different work ` +
                `(AWS resources ${s.component.awsResources}/${s.baseline.awsResources}, invokes ${s.component.invokes}/${s.baseline.invokes}, or different inputs); ` +
                "the ratio compares unlike programs: update bench/baseline.ts to match the component.");
        }
    }
}
