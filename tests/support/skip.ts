/**
 * Mocha's `this.skip()` takes no reason. This one states it: appended to the title of every test it
 * skips (reporters that list pending tests show it) and written to stderr (every reporter shows that).
 */
export function skipBecause(ctx: Mocha.Context, reason: string): never {
    const runnable = ctx.test;
    // from a hook, every test of the hook's suite is skipped; from a test, that test
    const skipped: Mocha.Test[] = [];
    if (runnable && (runnable as { type?: string }).type === "hook") {
        runnable.parent?.eachTest((t) => void skipped.push(t));
    } else if (runnable) {
        skipped.push(runnable as Mocha.Test);
    }
    for (const t of skipped) {
        t.title = `${t.title} [skipped: ${reason}]`;
    }
    process.stderr.write(`\nskipped ${skipped.length} test(s) of "${runnable?.parent?.fullTitle() ?? ""}": ${reason}\n`);
    ctx.skip();
}
