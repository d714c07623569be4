/**
 * Interrupted first deploys (Ctrl-C, a killed CI runner, a create that timed out after AWS accepted it):
 * AWS holds what the update created, the stack does not record it, and the next `pulumi up` creates it
 * again (pulumi/pulumi#9293). For every create of a first deploy, the fake interrupts the update right
 * after AWS accepted that create; the next update must complete with no step AWS refuses, leave no second
 * zone, endpoint, resolver or association behind, and answer devices.
 */
import { expect } from "chai";

import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs } from "../components";
import { FakeAwsAccount } from "../simulation/aws/account";
import { ProgramRun, runProgram } from "../simulation/harness";
import { StandardAccount, T, standardAccount } from "./support/fixtures";

const ATS = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";
const SPOKE_ACCOUNT = "210987654321";

interface Variant {
    readonly what: string;
    readonly args: (env: StandardAccount, spokeVpc: string) => Partial<IotCoreVpcEndpointsArgs>;
    /** The spoke VPC's account (another account: associated through a role). */
    readonly spokeAccount?: string;
}

const VARIANTS: Variant[] = [
    {
        what: "every opt-in, addresses picked by AWS, a spoke of the same account",
        args: (_env, spoke) => ({
            credentialsProvider: {},
            customDomains: [{ domainName: "devices.example.com", existingDomainConfigurationName: "fleet" }],
            inboundResolver: {},
            devicePolicy: {},
            capacityAlarms: {},
            dashboard: true,
            additionalVpcs: [{ vpcId: spoke }],
        }),
    },
    {
        what: "pinned endpoint and resolver addresses",
        args: (env) => ({
            endpointIps: Object.fromEntries(env.subnets.slice(0, 3).map((s, i) => [s.id, [`10.20.${i * 16}.10`, `10.20.${i * 16}.11`]])),
            inboundResolver: { ipAddresses: ["10.20.0.53", "10.20.16.53"] },
            credentialsProvider: {},
        }),
    },
    {
        what: "a spoke of another account, associated through its role",
        spokeAccount: SPOKE_ACCOUNT,
        args: (_env, spoke) => ({ additionalVpcs: [{ vpcId: spoke, roleArn: `arn:aws:iam::${SPOKE_ACCOUNT}:role/iot-dns` }] }),
    },
];

function setUp(variant: Variant): { env: StandardAccount; run: (preview?: boolean) => Promise<ProgramRun>; spoke: string } {
    const env = standardAccount();
    const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16", ownerAccountId: variant.spokeAccount }).vpc.id;
    const args = variant.args(env, spoke);
    const run = (preview = false) => runProgram(env.account, () => {
        const c = new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), endpointCount: 2, ...args });
        return { records: c.records };
    }, { preview });
    return { env, run, spoke };
}

/** What the account holds of the types the component takes over: no second one may be left behind. */
function holdings(account: FakeAwsAccount): Record<string, number> {
    return Object.fromEntries([T.zone, T.vpcEndpoint, T.resolverEndpoint, T.zoneAssociation, T.record]
        .map((t) => [t, account.objectsOfType(t).length]));
}

describe("interrupted first deploys heal on the next run", function () {
    this.timeout(300_000);

    for (const variant of VARIANTS) {
        describe(variant.what, () => {
            let creates: string[] = [];
            let clean: Record<string, number> = {};

            before(async () => {
                const { env, run } = setUp(variant);
                const first = await run();
                expect(first.error, first.error?.message).to.equal(undefined);
                creates = env.account.stepsOf().filter((s) => s.op === "create").map((s) => `${s.type} ${s.name}`);
                clean = holdings(env.account);
            });

            it("has creates to interrupt", () => {
                expect(creates.length).to.be.greaterThan(10);
            });

            it("completes after an interruption at any create, with no refusal and no duplicate", async () => {
                const failures: string[] = [];
                for (let k = 0; k < creates.length; k++) {
                    const { env, run, spoke } = setUp(variant);
                    env.account.interruptNextUpdate(k);
                    const interrupted = await run();
                    if (!interrupted.error || !/update interrupted/.test(interrupted.error.message)) {
                        failures.push(`#${k} ${creates[k]}: the first update was not interrupted (${interrupted.error?.message ?? "no error"})`);
                        continue;
                    }
                    const preview = await run(true);
                    const retry = await run();
                    const problems = [
                        preview.error ? `preview: ${preview.error.message.split("\n")[0]}` : "",
                        retry.error ? `update: ${retry.error.message.split("\n")[0]}` : "",
                        ...env.account.refusals,
                        ...env.account.deadAnswers.map((d) => `dead answer ${d.ip}`),
                        JSON.stringify(holdings(env.account)) !== JSON.stringify(clean) ? `holds ${JSON.stringify(holdings(env.account))}, a clean deploy ${JSON.stringify(clean)}` : "",
                        env.account.dnsAnswers(ATS, env.vpc.id).length === 0 ? "devices resolve nothing" : "",
                        env.account.dnsAnswers(ATS, spoke).length === 0 && variant.what.includes("spoke") ? "the spoke resolves nothing" : "",
                    ].filter((x) => x !== "");
                    if (problems.length > 0) {
                        failures.push(`#${k} ${creates[k]}: ${problems.join("; ")}`);
                    }
                }
                expect(failures).to.deep.equal([]);
            });
        });
    }

    it("takes the interrupted objects over with import, and the run after that is a no-op", async () => {
        const { env, run } = setUp(VARIANTS[0]);
        const zoneCreate = (await (async () => {
            const probe = setUp(VARIANTS[0]);
            await probe.run();
            return probe.env.account.stepsOf().filter((s) => s.op === "create").findIndex((s) => s.type === T.zone);
        })());
        env.account.interruptNextUpdate(zoneCreate);
        await run();
        const [orphan] = env.account.objectsOfType(T.zone);
        const healed = await run();
        expect(healed.error).to.equal(undefined);
        expect(env.account.stepsOf().filter((s) => s.op === "import").map((s) => `${s.type} ${s.id}`)).to.include(`${T.zone} ${orphan.id}`);
        const again = await run();
        expect(again.error).to.equal(undefined);
        expect(env.account.stepsOf().filter((s) => !["same", "import"].includes(s.op)).map((s) => `${s.op} ${s.name}`), "the next run changes nothing").to.deep.equal([]);
    });

    it("a custom domain's domain configuration is the exception: AWS keeps its domain name taken, so the retry stops there (README, \"Interrupted deploys\")", async () => {
        const env = standardAccount();
        const args = { customDomains: [{ domainName: "devices.example.com", serverCertificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-1111-1111-111111111111"] }] };
        const run = () => runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), ...args }));
        const probe = standardAccount();
        await runProgram(probe.account, () => new IotCoreVpcEndpoints("iot", { vpcId: probe.vpc.id, subnetIds: probe.subnetIds.slice(0, 2), ...args }));
        env.account.interruptNextUpdate(probe.account.stepsOf().filter((s) => s.op === "create").findIndex((s) => s.type === T.domainConfiguration));
        await run();
        const retry = await run();
        expect(retry.error!.message).to.contain("ResourceAlreadyExistsException: the domain name devices.example.com is already used by domain configuration");
    });
});
