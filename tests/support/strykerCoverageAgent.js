/**
 * Loaded with `node --require` into the policy pack's process when the tests run under StrykerJS
 * (see mutation.ts). Plain JavaScript because that process runs the compiled pack and has no
 * TypeScript loader.
 *
 * The instrumented pack records the mutants its code reaches in `globalThis.__stryker__.mutantCoverage`
 * of its own process, which Stryker never sees. On request over the IPC channel this sends the mutants
 * reached since the last request and forgets them, so the test process can record them against the
 * test that made the call. It also ends the process when the test process goes away (Stryker kills a
 * test runner that times out), so no pack outlives the run that started it.
 */
"use strict";

process.on("message", (message) => {
    if (!message || message.type !== "stryker-coverage") {
        return;
    }
    const cov = (globalThis.__stryker__ || {}).mutantCoverage;
    const reached = {};
    if (cov) {
        // Every instrumented file holds on to this object: empty it in place, never replace it.
        for (const counts of [cov.static, ...Object.values(cov.perTest)]) {
            for (const id of Object.keys(counts)) {
                reached[id] = (reached[id] || 0) + counts[id];
                delete counts[id];
            }
        }
    }
    process.send({ type: "stryker-coverage", seq: message.seq, reached });
});

process.on("disconnect", () => process.exit(0));
