/**
 * Day 2: every change a user makes to a deployed stack, as two runs against one simulated account (the
 * deployed configuration, then the changed one), stepped as `pulumi up` steps them. Each change either
 * completes with no step AWS refuses and no DNS answer pointing at a removed network interface, or is
 * refused before anything changes, naming the argument and the procedure that works; the procedure is
 * then run and must complete the same way. The README's change table is the summary of this file.
 */
import { expect } from "chai";

import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout } from "../components";
import { FakeAwsAccount } from "../simulation/aws/account";
import { ProgramRun, ofType, runProgram } from "../simulation/harness";
import { StandardAccount, T, standardAccount } from "./support/fixtures";

const ATS = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";
const CERT = (n: number) => `arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f${n}`;

function deploy(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs>, preview = false, refresh = false): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        const c = new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), endpointCount: 2, ...args });
        return { records: c.records, hostedZoneId: c.hostedZoneId };
    }, { preview, refresh });
}

/** Everything the account holds, to compare before and after a refused change. */
function snapshot(account: FakeAwsAccount): string {
    return JSON.stringify(Object.values(T).filter((t) => t.startsWith("aws:")).map((t) => account.objectsOfType(t).map((o) => [o.id, o.state])));
}

/** The change completed: nothing refused, devices never resolved a removed interface, and they resolve now. */
function expectCompleted(run: ProgramRun, env: StandardAccount): void {
    expect(run.error, run.error?.message).to.equal(undefined);
    expect(env.account.refusals).to.deep.equal([]);
    expect(env.account.deadAnswers, "dead answers").to.deep.equal([]);
    expect(env.account.disconnects, "live interfaces re-created while records answer them").to.deep.equal([]);
    expect(env.account.dnsAnswers(ATS, env.vpc.id)).to.not.deep.equal([]);
}

/** The change was refused before anything changed, naming `argument` and the fix. */
async function expectRefusedBeforeAnything(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs>, argument: string, text: string): Promise<void> {
    const before = snapshot(env.account);
    const preview = await deploy(env, args, true);
    expect(preview.error?.message, "the preview already refuses it").to.contain(`${argument} = `);
    const run = await deploy(env, args);
    expect(run.error, "expected the component to refuse the change").to.not.equal(undefined);
    expect(run.error!.message).to.match(/^IotCoreVpcEndpoints "iot" has \d+ invalid argument problems?:/);
    expect(run.error!.message).to.contain(`${argument} = `);
    expect(run.error!.message).to.contain(text);
    expect(env.account.refusals, "no step reached AWS").to.deep.equal([]);
    expect(snapshot(env.account), "nothing changed").to.equal(before);
}

async function deployed(args: Partial<IotCoreVpcEndpointsArgs> = {}, env = standardAccount()): Promise<StandardAccount> {
    expectCompleted(await deploy(env, args), env);
    return env;
}

describe("day 2: changes that complete in one update", () => {
    it("grows expectedConnections: new endpoints and records only", async () => {
        const env = await deployed({ endpointCount: undefined, expectedConnections: 80_000 });
        const run = await deploy(env, { endpointCount: undefined, expectedConnections: 300_000 });
        expectCompleted(run, env);
        expect(ofType(run, T.vpcEndpoint)).to.have.length(4);
    });

    it("shrinks expectedConnections: the endpoints that go lose their records first (both at the end, records before endpoints)", async () => {
        const env = await deployed({ endpointCount: undefined, expectedConnections: 300_000 });
        const run = await deploy(env, { endpointCount: undefined, expectedConnections: 80_000 });
        expectCompleted(run, env);
        const deletes = env.account.stepsOf().filter((s) => s.op === "delete").map((s) => s.type);
        expect(deletes.lastIndexOf(T.record)).to.be.lessThan(deletes.indexOf(T.vpcEndpoint));
    });

    it("appends a subnet: the endpoints get an interface there before its records exist", async () => {
        const env = await deployed({ subnetIds: standardAccount().subnetIds.slice(0, 2) });
        const run = await deploy(env, { subnetIds: env.subnetIds.slice(0, 3) });
        expectCompleted(run, env);
        expect(ofType(run, T.record)).to.have.length(6);
    });

    const layouts = [RecordLayout.PerEni, RecordLayout.PerEndpoint, RecordLayout.Alias];
    for (const [from, to] of layouts.flatMap((a) => layouts.filter((b) => b !== a).map((b) => [a, b] as const))) {
        it(`switches recordLayout from ${from} to ${to}: old and new records coexist until the end, within 100`, async () => {
            const env = await deployed({ recordLayout: from });
            expectCompleted(await deploy(env, { recordLayout: to }), env);
        });
    }

    it("rotates a custom domain's certificates: the domain configuration is replaced delete-first (a domain has one at a time)", async () => {
        const env = await deployed({ customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [CERT(1)] }] });
        const run = await deploy(env, { customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [CERT(2)] }] });
        expectCompleted(run, env);
        const configs = env.account.resourcesOfType(T.domainConfiguration);
        expect(configs.map((c) => c.state.serverCertificateArns)).to.deep.equal([[CERT(2)]]);
        const steps = env.account.stepsOf().filter((s) => s.type === T.domainConfiguration).map((s) => s.op);
        expect(steps).to.include("replace");
    });

    it("adds and removes a custom domain", async () => {
        const env = await deployed();
        const added = await deploy(env, { customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [CERT(1)] }] });
        expectCompleted(added, env);
        expect(env.account.dnsAnswers("devices.example.com", env.vpc.id)).to.not.deep.equal([]);
        expectCompleted(await deploy(env, {}), env);
        expect(env.account.resourcesOfType(T.domainConfiguration)).to.deep.equal([]);
        expect(env.account.resourcesOfType(T.zone).map((z) => z.state.name)).to.deep.equal([ATS]);
    });

    const optIns: [string, Partial<IotCoreVpcEndpointsArgs>, string][] = [
        ["the inbound resolver", { inboundResolver: {} }, T.resolverEndpoint],
        ["the credential provider", { credentialsProvider: {} }, T.zone],
        ["capacity alarms", { capacityAlarms: {} }, T.metricAlarm],
        ["the dashboard", { dashboard: true }, T.dashboard],
        ["the device policy (no certificate attached)", { devicePolicy: {} }, T.iotPolicy],
    ];
    for (const [what, on, type] of optIns) {
        it(`switches ${what} on and off`, async () => {
            const env = await deployed();
            const before = env.account.resourcesOfType(type).length;
            expectCompleted(await deploy(env, on), env);
            expect(env.account.resourcesOfType(type).length).to.be.greaterThan(before);
            expectCompleted(await deploy(env, {}), env);
            expect(env.account.resourcesOfType(type)).to.have.length(before);
        });
    }

    it("switches the device policy off while certificates are attached: the policy stays in AWS, attached, and leaves the stack", async () => {
        const env = await deployed({ devicePolicy: {} });
        const [policy] = env.account.resourcesOfType(T.iotPolicy);
        env.account.attachPolicy(policy.id, "arn:aws:iot:us-east-1:123456789012:cert/0123456789abcdef");
        const run = await deploy(env, {});
        expectCompleted(run, env);
        expect(env.account.resourcesOfType(T.iotPolicy)).to.deep.equal([]);
        expect(env.account.objectsOfType(T.iotPolicy).map((o) => o.id)).to.deep.equal([policy.id]);
        expect(env.account.stepsOf().filter((s) => s.type === T.iotPolicy).map((s) => s.op)).to.deep.equal(["retain"]);
    });

    it("changes allowed CIDRs and device ports in place", async () => {
        const env = await deployed();
        const run = await deploy(env, { allowedCidrs: ["10.20.0.0/16", "192.168.0.0/16"], devicePorts: [8883] });
        expectCompleted(run, env);
        const sg = ofType(run, T.securityGroup)[0];
        expect((sg.inputs.ingress as unknown[]).length).to.equal(1);
        expect(env.account.stepsOf().filter((s) => s.type === T.securityGroup).map((s) => s.op)).to.deep.equal(["update"]);
    });

    it("keeps an association made outside the component across updates, refreshed or not (the zone ignores its inline vpcs)", async () => {
        const env = await deployed();
        const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16" });
        const [zone] = env.account.resourcesOfType(T.zone);
        env.account.associateVpcWithZone(zone.id, spoke.vpc.id);
        expectCompleted(await deploy(env, { ttl: 60, tags: { team: "iot" } }), env);
        expectCompleted(await deploy(env, { ttl: 60, tags: { team: "iot" } }, false, true), env);
        expect(env.account.zoneVpcs(zone.id).sort()).to.deep.equal([env.vpc.id, spoke.vpc.id].sort());
        expect(env.account.dnsAnswers(ATS, spoke.vpc.id)).to.not.deep.equal([]);
    });
});

describe("day 2: changes refused before anything changes, and the procedure that works", () => {
    it("ttl: refused (two TTLs in one weighted set half-way); through the alias layout it completes", async () => {
        const env = await deployed({ ttl: 60 });
        await expectRefusedBeforeAnything(env, { ttl: 30 }, "ttl", 'change it in two updates: first recordLayout: "alias"');
        expectCompleted(await deploy(env, { ttl: 60, recordLayout: RecordLayout.Alias }), env);
        expectCompleted(await deploy(env, { ttl: 30, recordLayout: RecordLayout.PerEni }), env);
        expect(env.account.resourcesOfType(T.record).map((r) => r.state.ttl)).to.deep.equal(Array(6).fill(30));
    });

    it("removing a subnet that records answer: refused; drained first, it completes with no dead answer", async () => {
        for (const layout of [RecordLayout.PerEni, RecordLayout.PerEndpoint]) {
            const env = await deployed({ recordLayout: layout });
            const [a, b, c] = env.subnetIds;
            await expectRefusedBeforeAnything(env, { recordLayout: layout, subnetIds: [a, c] }, "subnetIds", "first move it from subnetIds to drainingSubnetIds");
            const drained = await deploy(env, { recordLayout: layout, subnetIds: [a, c], drainingSubnetIds: [b] });
            expectCompleted(drained, env);
            const answers = env.account.dnsAnswers(ATS, env.vpc.id);
            const ipsOfB = [...env.account.enis.values()].filter((e) => e.subnetId === b).map((e) => e.privateIp);
            expect(ipsOfB, layout).to.have.length(2); // the interfaces stay while draining
            expect(answers.filter((ip) => ipsOfB.includes(ip)), `${layout}: no answer points at the draining subnet`).to.deep.equal([]);
            expectCompleted(await deploy(env, { recordLayout: layout, subnetIds: [a, c] }), env);
            expect([...env.account.enis.values()].filter((e) => e.subnetId === b)).to.deep.equal([]);
        }
    });

    it("a layout switch that would hold more than 100 records while old and new coexist: refused", async () => {
        const env = await deployed({ endpointCount: 33, maxEndpointsPerVpc: 50 });
        await expectRefusedBeforeAnything(env, { endpointCount: 33, recordLayout: RecordLayout.PerEndpoint }, "recordLayout", "would hold 132 weighted records");
    });

    it("a private zone of the same name already on the VPC: refused in the preview; adopted with existingHostedZoneId", async () => {
        const env = standardAccount();
        const zoneId = env.account.addHostedZone(ATS, { vpcIds: [env.vpc.id], comment: "central DNS" });
        await expectRefusedBeforeAnything(env, {}, "vpcId", `pass existingHostedZoneId: "${zoneId}"`);
        const run = await deploy(env, { existingHostedZoneId: zoneId });
        expectCompleted(run, env);
        expect(ofType(run, T.zone)).to.deep.equal([]);
        expect(ofType(run, T.record).every((r) => r.inputs.zoneId === zoneId)).to.equal(true);
        expect((run.stackOutputs as { hostedZoneId: string }).hostedZoneId).to.equal(zoneId);
    });

    it("vpcId: refused (the zone keeps the VPC it was created with); a second component in the new VPC, then removing the first, completes", async () => {
        const env = await deployed();
        const next = env.account.addVpc("next", { cidr: "10.30.0.0/16" });
        const moved = { vpcId: next.vpc.id, subnetIds: next.subnets.slice(0, 3).map((x) => x.id) };
        await expectRefusedBeforeAnything(env, moved, "vpcId", "add a second IotCoreVpcEndpoints (another name)");
        const both = await runProgram(env.account, () => {
            new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), endpointCount: 2 });
            new IotCoreVpcEndpoints("iot-next", { ...moved, endpointCount: 2 });
        });
        expectCompleted(both, env);
        expect(env.account.dnsAnswers(ATS, next.vpc.id)).to.have.length(6);
        const after = await runProgram(env.account, () => {
            new IotCoreVpcEndpoints("iot-next", { ...moved, endpointCount: 2 });
        });
        expect(after.error, after.error?.message).to.equal(undefined);
        expect(env.account.refusals).to.deep.equal([]);
        expect(env.account.dnsAnswers(ATS, next.vpc.id)).to.have.length(6);
        expect(env.account.dnsAnswers(ATS, env.vpc.id), "the old VPC's zone is gone").to.deep.equal([]);
    });

    it("a stack renamed: its own zone reads as another owner's, refused; marking the zone as this stack's lets it through", async () => {
        const env = standardAccount();
        const before = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), endpointCount: 2 }), { stack: "staging" });
        expect(before.error).to.equal(undefined);
        const [zone] = env.account.resourcesOfType(T.zone);
        const refused = await deploy(env, {});
        expect(refused.error!.message).to.contain(`vpcId = "${env.vpc.id}": already has a private hosted zone for ${ATS} (${zone.id}) managed by iotvpc iotvpc/staging/iot`);
        expect(refused.error!.message).to.contain(`aws route53 update-hosted-zone-comment --id ${zone.id} --comment "Private AWS IoT Core data endpoint (interface VPC endpoints); managed by iotvpc iotvpc/test/iot"`);
        expect(env.account.refusals).to.deep.equal([]);
        env.account.updateHostedZoneComment(zone.id, "Private AWS IoT Core data endpoint (interface VPC endpoints); managed by iotvpc iotvpc/test/iot");
        expectCompleted(await deploy(env, {}), env);
        expect(env.account.resourcesOfType(T.zone).map((z) => z.id)).to.deep.equal([zone.id]);
    });

    it("existingHostedZoneId naming the zone the component itself manages: refused (the update would delete it at its end)", async () => {
        const env = await deployed();
        const [zone] = env.account.resourcesOfType(T.zone);
        await expectRefusedBeforeAnything(env, { existingHostedZoneId: zone.id }, "existingHostedZoneId", "leave existingHostedZoneId out: the component keeps managing its zone.");
    });

    it("endpointIps pinning the addresses AWS chose: one update, nothing re-created", async () => {
        const env = await deployed();
        const current: Record<string, string[]> = {};
        for (const e of [...env.account.enis.values()].sort((a, b) => a.description.localeCompare(b.description))) {
            (current[e.subnetId] ??= []).push(e.privateIp);
        }
        const endpoints = env.account.resourcesOfType(T.vpcEndpoint).map((e) => [e.name, e.id]).sort();
        const byEndpoint = (name: string) => [...env.account.enis.values()].filter((e) => e.attachedTo === endpoints.find(([n]) => n === name)![1]);
        const pins = Object.fromEntries(env.subnetIds.slice(0, 3).map((s) => [s, ["iot-ep1", "iot-ep2"].map((n) => byEndpoint(n).find((e) => e.subnetId === s)!.privateIp)]));
        const enis = [...env.account.enis.keys()].sort();
        expectCompleted(await deploy(env, { endpointIps: pins }), env);
        expect([...env.account.enis.keys()].sort(), "the same interfaces").to.deep.equal(enis);
    });

    const PINNED_FIX = "make the change in two updates: first leave endpointIps out (nothing is sent to AWS; the records keep the addresses the interfaces have), then change subnetIds";

    it("endpointIps changing a live interface's address: refused (AWS would re-create every interface of the endpoint); unpinned first, nothing changes", async () => {
        const env = standardAccount();
        const [a, b, c] = env.subnetIds;
        const ips = (bSecond: string) => ({ [a]: ["10.20.0.10", "10.20.0.11"], [b]: ["10.20.16.10", bSecond], [c]: ["10.20.32.10", "10.20.32.11"] });
        await deployed({ endpointIps: ips("10.20.16.11") }, env);
        await expectRefusedBeforeAnything(env, { endpointIps: ips("10.20.16.12") }, "endpointIps", `["ep2 in ${b}: gets 10.20.16.12"]`);
        await expectRefusedBeforeAnything(env, { endpointIps: ips("10.20.16.12") }, "endpointIps", PINNED_FIX);
        const enis = [...env.account.enis.keys()].sort();
        const unpinned = await deploy(env, {});
        expectCompleted(unpinned, env);
        expect([...env.account.enis.keys()].sort(), "no interface re-created").to.deep.equal(enis);
        expect(env.account.stepsOf().filter((s) => s.type === T.vpcEndpoint).map((s) => s.op), "nothing sent to AWS").to.deep.equal(["same", "same"]);
        expect(env.account.dnsAnswers(ATS, env.vpc.id)).to.include("10.20.16.11");
    });

    it("a pinned deployment that grows by a subnet: refused; unpinned first, the new subnet's interfaces are added and none re-created", async () => {
        const env = standardAccount();
        const [a, b, c, d] = env.subnetIds;
        const pins = { [a]: ["10.20.0.10", "10.20.0.11"], [b]: ["10.20.16.10", "10.20.16.11"], [c]: ["10.20.32.10", "10.20.32.11"] };
        await deployed({ endpointIps: pins }, env);
        await expectRefusedBeforeAnything(env, { subnetIds: [a, b, c, d], endpointIps: { ...pins, [d]: ["10.20.48.10", "10.20.48.11"] } }, "endpointIps",
            `["ep1 in ${d}: gets 10.20.48.10","ep2 in ${d}: gets 10.20.48.11"]`);
        const enis = [...env.account.enis.keys()].sort();
        expectCompleted(await deploy(env, {}), env);
        const grown = await deploy(env, { subnetIds: [a, b, c, d] });
        expectCompleted(grown, env);
        expect([...env.account.enis.keys()].filter((id) => enis.includes(id)).sort(), "every interface kept").to.deep.equal(enis);
        expect([...env.account.enis.values()].filter((e) => e.subnetId === d)).to.have.length(2);
        expect(ofType(grown, T.record)).to.have.length(8);
    });

    it("a pinned deployment that drops a drained subnet: refused; unpinned first, only that subnet's interfaces go", async () => {
        const env = standardAccount();
        const [a, b, c] = env.subnetIds;
        const pins = { [a]: ["10.20.0.10", "10.20.0.11"], [b]: ["10.20.16.10", "10.20.16.11"], [c]: ["10.20.32.10", "10.20.32.11"] };
        await deployed({ endpointIps: pins }, env);
        expectCompleted(await deploy(env, { subnetIds: [a, c], drainingSubnetIds: [b], endpointIps: pins }), env);
        const { [b]: _dropped, ...rest } = pins;
        await expectRefusedBeforeAnything(env, { subnetIds: [a, c], endpointIps: rest }, "endpointIps", `["ep1 leaves ${b}","ep2 leaves ${b}"]`);
        expectCompleted(await deploy(env, { subnetIds: [a, c], drainingSubnetIds: [b] }), env);
        expectCompleted(await deploy(env, { subnetIds: [a, c] }), env);
        expect(env.account.dnsAnswers(ATS, env.vpc.id)).to.deep.equal(["10.20.0.10", "10.20.0.11", "10.20.32.10", "10.20.32.11"]);
    });

    it("a pinned address another interface holds: refused before anything is created, naming the holder", async () => {
        const env = standardAccount();
        const [a, b] = env.subnetIds;
        const squatter = env.account.addNetworkInterface(b, { ip: "10.20.16.11", description: "an instance of another team" });
        const pins = { [a]: ["10.20.0.10", "10.20.0.11"], [b]: ["10.20.16.10", "10.20.16.11"] };
        await expectRefusedBeforeAnything(env, { subnetIds: [a, b], endpointIps: pins }, `endpointIps.${b}`,
            `"10.20.16.11": is in use by ${squatter.id} (an instance of another team) in ${b}: EC2 gives an address to one network interface, so AWS would refuse it (InvalidIPAddress.InUse) part-way through the update.`);
    });

    it("a pinned resolver address another interface holds: refused before anything is created", async () => {
        const env = standardAccount();
        const [a, b] = env.subnetIds;
        const squatter = env.account.addNetworkInterface(a, { ip: "10.20.0.53" });
        await expectRefusedBeforeAnything(env, { subnetIds: [a, b], inboundResolver: { ipAddresses: ["10.20.0.53", "10.20.16.53"] } }, "inboundResolver.ipAddresses",
            `"10.20.0.53": is in use by ${squatter.id} in ${a}`);
    });

    it("an adopted zone id that is not the VPC's zone for the name: refused", async () => {
        const env = standardAccount();
        const other = env.account.addHostedZone("elsewhere.example.com", { vpcIds: [env.vpc.id] });
        await expectRefusedBeforeAnything(env, { existingHostedZoneId: other }, "existingHostedZoneId", "is not a private zone for");
    });
});
