// Mutation testing (`npm run mutate`): the verdicts of the package, the component's validation,
// planning, deploy-time gate and day-2 judgments, and the policy pack's policies. Not part of `npm test`. Reports: reports/mutation/.
//
// The policies run in the pack's own process, from `policy-pack/bin`: the build command compiles the
// instrumented sources there, and tests/support/mutation.ts starts the pack with the active mutant and
// brings the mutants it reaches back to the test that called it.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
    mutate: [
        "components/rules.ts",
        "components/validation.ts",
        "components/planning.ts",
        // the deploy-time gate and the day-2 judgments (issue 20: where the real-AWS defects sat)
        "components/lookups.ts",
        "components/transitions.ts",
        // every policy file, as the pack is split; index.ts only declares the pack
        "policy-pack/*.ts",
        "!policy-pack/index.ts",
    ],
    testRunner: "mocha",
    mochaOptions: {
        // the fast specs that exercise these files; the stacks, package and check specs do not add to them
        spec: [
            "tests/rules.spec.ts",
            "tests/planning.spec.ts",
            "tests/guardrails.spec.ts",
            "tests/component.spec.ts",
            "tests/fleet.spec.ts",
            "tests/scale.spec.ts",
            "tests/access.spec.ts",
            "tests/limits-agreement.spec.ts",
            "tests/policy-pack.spec.ts",
            "tests/policy-runs.spec.ts",
            "tests/policy-verdicts.spec.ts",
            // pure calls with literal expectations: each message, boundary and verdict a user reads
            "tests/rules-facts.spec.ts",
            "tests/validation-network.spec.ts",
            "tests/validation-features.spec.ts",
            "tests/planning-exact.spec.ts",
            "tests/config-schema.spec.ts",
            "tests/pack-lib.spec.ts",
            "tests/pack-access-endpoints.spec.ts",
            "tests/pack-dns-capacity.spec.ts",
            // the gate and day 2: lookups as the engine answers them, interrupted deploys, each judgment in process
            "tests/replies.spec.ts",
            "tests/transitions.spec.ts",
            "tests/day2.spec.ts",
            "tests/interrupted.spec.ts",
            "tests/gate.spec.ts",
            "tests/greengrass.spec.ts",
        ],
        // .mocharc.json's, and the hooks that carry mutants and coverage to and from the pack's process
        require: ["ts-node/register/transpile-only", "tests/support/hooks.ts", "tests/support/mutation.ts"],
    },
    // rebuilds policy-pack/bin from the instrumented sources (the copy in the sandbox is not used)
    buildCommand: "npm run build:policy",
    ignorePatterns: ["bin", "policy-pack/bin", "bench/.floor-pack"],
    coverageAnalysis: "perTest",
    // No type checker by default: @stryker-mutator/typescript-checker type-checks each mutant against the
    // whole project (with the @pulumi/aws typings); on two cores it took one of the two slots and about
    // 15 s a mutant, and the test runner waited on it. Mutants that would not compile run as tests and
    // fail or survive like any other. To check them anyway: npm run mutate -- --checkers typescript
    checkers: [],
    tsconfigFile: "tsconfig.json",
    // two cores, shared
    concurrency: 2,
    // a mutant's run starts its own pack process (about a second, more on a loaded machine)
    timeoutMS: 10000,
    reporters: ["clear-text", "progress", "json", "html"],
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    htmlReporter: { fileName: "reports/mutation/mutation.html" },
    thresholds: { high: 90, low: 85, break: null },
    // a later run retests only the mutants whose code or covering tests changed
    incremental: true,
    incrementalFile: "reports/mutation/stryker-incremental.json",
};
