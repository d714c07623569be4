/**
 * Helpers for the tests of `resolveArgs` (`components/validation.ts`): a problem written out whole, a
 * value the program does not know yet, and the verdict for arguments given on top of a valid base.
 */
import { expect } from "chai";

import { Settings } from "../../components/args";
import { Problem } from "../../components/problems";
import { resolveArgs } from "../../components/validation";

/** A problem as the user reads it: the argument, the value as shown, the problem and the fix. */
export function p(argument: string, value: string, problem: string, fix: string): Problem {
    return { argument, value, problem, fix };
}

/** A value the program does not know yet (a Promise; `pulumi.Input` accepts it like an Output). */
export function pending<T>(v: T): Promise<T> {
    return Promise.resolve(v);
}

export interface Verdicts {
    /** The problems of a refused argument set; a refusal never hands out settings. */
    refused(args: Record<string, unknown>): Problem[];
    /** The settings of an accepted argument set, which must have no problem. */
    accepted(args: Record<string, unknown>): Settings;
}

/** Verdicts for arguments given on top of `base` (a valid VPC and its subnets), for a component named "iot". */
export function verdictsOn(base: Record<string, unknown>): Verdicts {
    const resolve = (args: Record<string, unknown>) => resolveArgs("iot", { ...base, ...args });
    return {
        refused(args) {
            const { problems, settings } = resolve(args);
            expect(problems, "expected a refusal").to.not.deep.equal([]);
            expect(settings, "no settings when there is a problem").to.equal(undefined);
            return problems;
        },
        accepted(args) {
            const { problems, settings } = resolve(args);
            expect(problems).to.deep.equal([]);
            expect(settings).to.not.equal(undefined);
            return settings!;
        },
    };
}
