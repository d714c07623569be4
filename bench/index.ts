/**
 * `npm run bench`: the package's benchmarks, as ratios against baselines measured in the same run.
 *
 *   1. the component's program under the mock runtime against a hand-written program with the same
 *      resources and invokes (1, 10, 50, 100 endpoints x 3 subnets);
 *   2. the policy pack over 1,000- and 10,000-resource stacks through the analyzer protocol, against
 *      the same framework with no policies;
 *   3. invokes per deployment by endpoints, subnets and record layout, and the formula they follow.
 *
 * Tables first, then one JSON line with every figure, last on stdout. Targets are reported, never
 * asserted: the process fails only if a benchmark itself could not run.
 *
 * `npm run bench -- program invokes` runs only the benchmarks named (program, policy, invokes).
 */
import { invokeBench } from "./invokeBench";
import { policyBench } from "./policyBench";
import { programBench } from "./programBench";
import { exposeGc, machineFacts, now, round, section } from "./stats";

async function main(): Promise<number> {
    const started = now();
    const machine = machineFacts();
    const gc = exposeGc();
    section("Machine");
    console.log(`node ${machine.node} on ${machine.platform}`);
    console.log(`CPU: ${machine.cpuCount} x ${machine.cpuModel}; memory ${machine.totalMemoryGiB} GiB; explicit GC between runs: ${gc ? "yes" : "no"}`);

    const figures: Record<string, unknown> = {};
    const failures: string[] = [];
    const known = ["program", "policy", "invokes"];
    const asked = process.argv.slice(2);
    const unknown = asked.filter((a) => !known.includes(a));
    if (unknown.length > 0) {
        console.error(`unknown benchmark ${unknown.join(", ")}: choose from ${known.join(", ")}, or name none to run all`);
        return 2;
    }
    const attempt = async (key: string, f: () => Promise<unknown>) => {
        if (asked.length > 0 && !asked.includes(key)) {
            return;
        }
        try {
            figures[key] = await f();
        } catch (e) {
            const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
            failures.push(`${key}: ${message.split("\n")[0]}`);
            figures[key] = { error: message.split("\n")[0] };
            console.log(`\n${key} benchmark could not run:\n${message}`);
        }
    };

    await attempt("program", () => programBench({ endpoints: [1, 10, 50, 100], subnets: 3, repetitions: [15, 9, 5, 5], gc }));
    await attempt("policy", () => policyBench({ sizes: [1_000, 10_000], repetitions: [5, 3], concurrency: 16, gc }));
    await attempt("invokes", () => invokeBench({ endpoints: [1, 2, 10, 100], subnets: [1, 2, 3] }));

    const totalSeconds = (now() - started) / 1000;
    section("Summary");
    console.log(`total ${totalSeconds.toFixed(1)} s${failures.length ? `; could not run: ${failures.join("; ")}` : ""}`);
    const json = {
        benchmark: "iotvpc",
        machine,
        ...figures,
        totalSeconds: round(totalSeconds, 1),
        failures,
    };
    process.stdout.write(`${JSON.stringify(json, (_k, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? round(v, 2) : v))}\n`);
    return failures.length === 0 ? 0 : 1;
}

main().then(
    // The Pulumi runtime and gRPC may keep handles open after the last run: exit explicitly.
    (code) => process.exit(code),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
