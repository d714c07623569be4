/** Mocha root hooks: stop the shared policy pack process when the run ends. */
import { stopSharedPolicyPack } from "./pack";

export const mochaHooks = {
    async afterAll(): Promise<void> {
        await stopSharedPolicyPack();
    },
};
