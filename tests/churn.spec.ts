/**
 * Property-based: for random valid configurations, growing (devices, a subnet appended, a custom domain
 * added, an opt-in switched on) never renames an existing resource nor changes an input the AWS
 * provider replaces the resource for; shrinking back removes exactly what the growth added and keeps
 * every other resource's physical id.
 */
import { expect } from "chai";
import * as fc from "fast-check";

import { CustomDomainArgs, IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout } from "../components";
import { ProgramRun, Registration, runProgram } from "../simulation/harness";
import { StandardAccount, standardAccount } from "./support/fixtures";
import { REPLACE_ON } from "../simulation/aws/replacement";

interface Config {
    endpoints: number;
    subnets: number;
    layout: RecordLayout;
    domains: string[];
    alarms: boolean;
    resolver: boolean;
    devicePolicy: boolean;
    credentials: boolean;
}

type Growth = "devices" | "subnet" | "domain" | "alarms" | "resolver" | "devicePolicy" | "credentials";

const DOMAINS = ["alpha.example.com", "bravo.example.com", "charlie.example.com"];
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";

const configs: fc.Arbitrary<Config> = fc.record({
    endpoints: fc.integer({ min: 1, max: 6 }),
    subnets: fc.integer({ min: 1, max: 4 }),
    layout: fc.constantFrom(RecordLayout.PerEni, RecordLayout.PerEndpoint, RecordLayout.Alias),
    domains: fc.subarray(DOMAINS, { maxLength: 2 }),
    alarms: fc.boolean(),
    resolver: fc.boolean(),
    devicePolicy: fc.boolean(),
    credentials: fc.boolean(),
}).map((c) => ({ ...c, resolver: c.resolver && c.subnets >= 2 }));

function grow(c: Config, g: Growth, extra: number): Config | undefined {
    switch (g) {
        case "devices": return { ...c, endpoints: c.endpoints + extra };
        case "subnet": return c.subnets < 5 ? { ...c, subnets: c.subnets + 1 } : undefined;
        case "domain": {
            const next = DOMAINS.find((d) => !c.domains.includes(d));
            return next ? { ...c, domains: [...c.domains, next] } : undefined;
        }
        case "resolver": return !c.resolver && c.subnets >= 2 ? { ...c, resolver: true } : undefined;
        default: return c[g] ? undefined : { ...c, [g]: true };
    }
}

function args(env: StandardAccount, c: Config, draining = 0): IotCoreVpcEndpointsArgs {
    return {
        vpcId: env.vpc.id,
        subnetIds: env.subnetIds.slice(0, c.subnets),
        drainingSubnetIds: env.subnetIds.slice(c.subnets, c.subnets + draining),
        endpointCount: c.endpoints,
        recordLayout: c.layout,
        customDomains: c.domains.map((domainName): CustomDomainArgs => ({ domainName, serverCertificateArns: [CERT] })),
        capacityAlarms: c.alarms ? {} : undefined,
        inboundResolver: c.resolver ? {} : undefined,
        devicePolicy: c.devicePolicy ? {} : undefined,
        credentialsProvider: c.credentials ? {} : undefined,
    };
}

function deploy(env: StandardAccount, c: Config, draining = 0): Promise<ProgramRun> {
    return runProgram(env.account, () => new IotCoreVpcEndpoints("iot", args(env, c, draining)));
}

/** The inputs the AWS provider replaces a resource for, as JSON. */
function replaceKey(r: Registration): string {
    return JSON.stringify((REPLACE_ON[r.type] ?? []).map((k) => r.inputs[k]));
}

/** Every resource of `before` is in `after` under the same URN, id and replace-forcing inputs. */
function expectKept(before: ProgramRun, after: ProgramRun): void {
    const later = new Map(after.registrations.map((r) => [r.urn, r]));
    for (const r of before.registrations) {
        const l = later.get(r.urn);
        expect(l, `${r.urn} disappeared`).to.not.equal(undefined);
        if (r.custom) {
            expect(l!.id, `${r.name} changed id`).to.equal(r.id);
            expect(replaceKey(l!), `${r.name} changed a replace-forcing input`).to.equal(replaceKey(r));
        }
    }
}

describe("no churn (property-based)", () => {
    it("covers every resource type the component creates with a replacement rule", async () => {
        const env = standardAccount();
        const run = await deploy(env, { endpoints: 1, subnets: 2, layout: RecordLayout.PerEni, domains: [DOMAINS[0]], alarms: true, resolver: true, devicePolicy: true, credentials: true });
        const types = new Set(run.registrations.filter((r) => r.custom).map((r) => r.type));
        for (const t of types) {
            expect(REPLACE_ON, t).to.have.property(t);
        }
    });

    it("growing never renames or replaces an existing resource; shrinking back removes only what growth added", async function () {
        this.timeout(180_000);
        await fc.assert(fc.asyncProperty(
            configs,
            fc.constantFrom<Growth>("devices", "subnet", "domain", "alarms", "resolver", "devicePolicy", "credentials"),
            fc.integer({ min: 1, max: 3 }),
            async (c, g, extra) => {
                const bigger = grow(c, g, extra);
                fc.pre(bigger !== undefined);
                const env = standardAccount();
                const small = await deploy(env, c);
                expect(small.error, small.error?.message).to.equal(undefined);
                const big = await deploy(env, bigger!);
                expect(big.error, big.error?.message).to.equal(undefined);
                expectKept(small, big);
                expect(env.account.refusals).to.deep.equal([]);

                if (g === "subnet") {
                    // a subnet leaves in two updates: drained (records at weight 0, interfaces kept), then removed
                    const drained = await deploy(env, c, 1);
                    expect(drained.error, drained.error?.message).to.equal(undefined);
                    expectKept(big, drained);
                }
                const back = await deploy(env, c);
                expect(back.error, back.error?.message).to.equal(undefined);
                expect(env.account.deadAnswers, "devices never resolve a removed interface").to.deep.equal([]);
                expectKept(back, big);
                expectKept(small, back);
                const added = new Set(big.registrations.map((r) => r.urn));
                small.registrations.forEach((r) => added.delete(r.urn));
                const removed = new Set(big.registrations.map((r) => r.urn));
                back.registrations.forEach((r) => removed.delete(r.urn));
                expect([...removed].sort()).to.deep.equal([...added].sort());
                // and the account holds exactly what the smaller configuration declares
                const declared = back.registrations.filter((r) => r.custom).map((r) => `${r.type}::${r.name}`).sort();
                const held = Object.keys(REPLACE_ON).flatMap((t) => env.account.resourcesOfType(t).map((r) => `${t}::${r.name}`)).sort();
                expect(held).to.deep.equal(declared);
            },
        ), { numRuns: 30, seed: 20261126 });
    });
});
