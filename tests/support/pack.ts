/**
 * One policy pack process for the whole test run: started on first use, stopped by the root hook
 * (`hooks.ts`). Starting the pack costs about a second; every spec shares it and configures it anew.
 */
import { PolicyPackProcess } from "../../simulation/policyPack";

let shared: Promise<PolicyPackProcess> | undefined;

/** One pack process for the whole test run (started on first use, stopped by the root hook). */
export function sharedPolicyPack(): Promise<PolicyPackProcess> {
    shared ??= PolicyPackProcess.start();
    return shared;
}

export async function stopSharedPolicyPack(): Promise<void> {
    const p = shared;
    shared = undefined;
    if (p) {
        (await p).stop();
    }
}
