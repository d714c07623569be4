/**
 * One policy pack process for the whole test run: started on first use, stopped by the root hook
 * (`hooks.ts`). Starting the pack costs about a second; every spec shares it and configures it anew.
 *
 * The pack runs from its compiled copy (`policy-pack/bin`), so it refuses to start when that copy is
 * older than the pack's sources: the tests would judge an old build and pass or fail for the wrong code.
 */
import { assertPolicyPackBuilt } from "../../simulation/packBuild";
import { POLICY_PACK_DIR, PolicyPackProcess } from "../../simulation/policyPack";
import { startPolicyPackForMutant, strykerNamespace } from "./mutation";

let shared: { pack: Promise<PolicyPackProcess>; mutant: string | undefined } | undefined;

/**
 * Starts the pack in `packDir` after checking its build is current (it rejects, saying to run
 * `npm run build:policy`, when it is not). Under Stryker, for the active mutant (`mutation.ts`).
 */
export async function startPolicyPack(packDir = POLICY_PACK_DIR): Promise<PolicyPackProcess> {
    assertPolicyPackBuilt(packDir);
    const stryker = strykerNamespace();
    return stryker ? startPolicyPackForMutant(stryker, packDir) : PolicyPackProcess.start(packDir);
}

/** One pack process for the whole test run (started on first use, stopped by the root hook). */
export function sharedPolicyPack(): Promise<PolicyPackProcess> {
    const mutant = strykerNamespace()?.activeMutant;
    if (shared && shared.mutant !== mutant) {
        void stopSharedPolicyPack(); // started for another mutant's run
    }
    shared ??= { pack: startPolicyPack(), mutant };
    return shared.pack;
}

export async function stopSharedPolicyPack(): Promise<void> {
    const p = shared?.pack;
    shared = undefined;
    if (p) {
        // a pack that failed to start has already failed the tests that wanted it
        (await p.catch(() => undefined))?.stop();
    }
}
