/**
 * The fake account itself, driven by small hand-written `@pulumi/aws` programs: each AWS rule fires at
 * the step where AWS would refuse, fails the run there, and does not fire otherwise; the engine orders
 * creates, updates, replacements and deletes as `pulumi up` does; DNS answers are tracked step by step.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { FakeAwsAccount, FakeStep, FakeSubnet, FakeVpc } from "../simulation/aws/account";
import { ProgramRun, runProgram } from "../simulation/harness";
import { T, ipInSubnet } from "./support/fixtures";
import { skipBecause } from "./support/skip";

/** The option's request field, present from @pulumi/pulumi 3.212.0 (the lowest-peers run has 3.204.0). */
const { RegisterResourceRequest } = require("@pulumi/pulumi/proto/resource_pb");
const PULUMI_VERSION: string = require("@pulumi/pulumi/package.json").version;

const CERT_1 = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-1111-1111-111111111111";
const CERT_2 = "arn:aws:acm:us-east-1:123456789012:certificate/22222222-2222-2222-2222-222222222222";
const DATA_SERVICE = "com.amazonaws.us-east-1.iot.data";
const NAME = "devices.internal.example";
const OTHER_ACCOUNT = "222222222222";

interface Env {
    readonly account: FakeAwsAccount;
    readonly vpc: FakeVpc;
    readonly subnets: FakeSubnet[];
}

function env(): Env {
    const account = new FakeAwsAccount();
    const { vpc, subnets } = account.addVpc("main");
    return { account, vpc, subnets };
}

function up(e: Env, program: () => unknown, preview = false): Promise<ProgramRun> {
    return runProgram(e.account, program, { preview });
}

/** `op type-suffix name` of each step of the last run, for readable assertions. */
function stepsOfLastRun(e: Env, filter: (s: FakeStep) => boolean = () => true): string[] {
    return e.account.stepsOf().filter(filter).map((s) => `${s.op} ${s.name}`);
}

/** An address at `offset` in the subnet (0 = its network address). */
function addressIn(subnet: FakeSubnet, offset: number): string {
    const [a, b, c, d] = subnet.cidrBlock.split("/")[0].split(".").map(Number);
    const n = ((a * 256 + b) * 256 + c) * 256 + d + offset;
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

function privateZone(e: Env, name = NAME, opts?: pulumi.CustomResourceOptions): aws.route53.Zone {
    return new aws.route53.Zone("zone", { name, vpcs: [{ vpcId: e.vpc.id }] }, opts);
}

function weighted(zone: aws.route53.Zone, name: string, setIdentifier: string, ttl: number, ip: string, opts?: pulumi.CustomResourceOptions): aws.route53.Record {
    return new aws.route53.Record(name, {
        zoneId: zone.zoneId, name: NAME, type: "A", ttl, records: [ip], setIdentifier, weightedRoutingPolicies: [{ weight: 1 }],
    }, opts);
}

function expectRefused(run: ProgramRun, e: Env, name: string, code: string): void {
    expect(run.error, "the run should fail").to.not.equal(undefined);
    expect(run.error!.message).to.contain(code);
    const refused = e.account.stepsOf().filter((s) => s.op === "refused");
    expect(refused.map((s) => s.name), "refused steps").to.deep.equal([name]);
    expect(e.account.refusals.at(-1)).to.match(new RegExp(`^aws:[^ ]+ ${name}: ${code.replace(/\./g, "\\.")}: `));
}

describe("fake AWS: Route 53 records, step by step", () => {
    it("refuses mixing TTLs in a weighted set at the first record update, and the run ends there", async () => {
        const e = env();
        const program = (ttl: number) => () => {
            const zone = privateZone(e);
            ["r1", "r2", "r3"].forEach((n, i) => weighted(zone, n, n, ttl, `10.99.0.${i + 1}`));
        };
        const first = await up(e, program(60));
        expect(first.error).to.equal(undefined);
        expect(e.account.refusals).to.deep.equal([]);

        const second = await up(e, program(30));
        expectRefused(second, e, "r1", "InvalidChangeBatch");
        expect(second.error!.message).to.contain("weighted sets must contain the same TTL");
        expect(stepsOfLastRun(e)).to.deep.equal(["same zone", "refused r1"]);
        for (const r of e.account.resourcesOfType(T.record)) {
            expect(r.state.ttl, r.name).to.equal(60);
        }
    });

    it("accepts a TTL change of a weighted set of one record", async () => {
        const e = env();
        const program = (ttl: number) => () => weighted(privateZone(e), "only", "only", ttl, "10.99.0.1");
        await up(e, program(60));
        const run = await up(e, program(30));
        expect(run.error).to.equal(undefined);
        expect(stepsOfLastRun(e)).to.deep.equal(["same zone", "update only"]);
    });

    it("a preview records the TTL refusal without failing and changes nothing", async () => {
        const e = env();
        const program = (ttl: number) => () => {
            const zone = privateZone(e);
            ["r1", "r2"].forEach((n, i) => weighted(zone, n, n, ttl, `10.99.0.${i + 1}`));
        };
        await up(e, program(60));
        const preview = await up(e, program(30), true);
        expect(preview.error).to.equal(undefined);
        expect(e.account.refusals[0]).to.contain("aws:route53/record:Record r1: InvalidChangeBatch: weighted sets must contain the same TTL");
        expect(e.account.resourcesOfType(T.record).map((r) => r.state.ttl)).to.deep.equal([60, 60]);
        expect(e.account.stepsOf().every((s) => s.preview)).to.equal(true);
    });

    it("refuses the 101st weighted record of a name and type, at that record", async () => {
        const e = env();
        const run = await up(e, () => {
            const zone = privateZone(e);
            for (let i = 1; i <= 101; i++) {
                weighted(zone, `w${i}`, `w${i}`, 60, `10.99.${Math.floor(i / 250)}.${(i % 250) + 1}`);
            }
        });
        expectRefused(run, e, "w101", "InvalidChangeBatch");
        expect(run.error!.message).to.contain("more than 100 weighted records");
        expect(e.account.stepsOf().filter((s) => s.op === "create" && s.type === T.record)).to.have.length(100);
    });

    it("refuses a duplicate set identifier, and a simple record next to a weighted set", async () => {
        const e = env();
        const dup = await up(e, () => {
            const zone = privateZone(e);
            const first = weighted(zone, "a", "same-id", 60, "10.99.0.1");
            weighted(zone, "b", "same-id", 60, "10.99.0.2", { dependsOn: [first] });
        });
        expectRefused(dup, e, "b", "InvalidChangeBatch");
        expect(dup.error!.message).to.contain(`Tried to create resource record set [name='${NAME}.', type='A', set-identifier='same-id'] but it already exists`);

        const e2 = env();
        const mixed = await up(e2, () => {
            const zone = privateZone(e2);
            const first = weighted(zone, "a", "a", 60, "10.99.0.1");
            new aws.route53.Record("simple", { zoneId: zone.zoneId, name: NAME, type: "A", ttl: 60, records: ["10.99.0.2"] }, { dependsOn: [first] });
        });
        expectRefused(mixed, e2, "simple", "InvalidChangeBatch");
    });

    it("refuses a record outside its zone", async () => {
        const e = env();
        const run = await up(e, () => {
            const zone = privateZone(e);
            new aws.route53.Record("stray", { zoneId: zone.zoneId, name: "elsewhere.example.org", type: "A", ttl: 60, records: ["10.99.0.1"] });
        });
        expectRefused(run, e, "stray", "InvalidChangeBatch");
        expect(run.error!.message).to.contain("is not permitted in zone");
    });
});

describe("fake AWS: private zones and VPC associations", () => {
    it("refuses a zone whose name a zone made before the stack already uses in the VPC", async () => {
        const e = env();
        const seeded = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id], comment: "made by hand" });
        const run = await up(e, () => privateZone(e));
        expectRefused(run, e, "zone", "ConflictingDomainExists");
        expect(run.error!.message).to.contain(`zone ${seeded} (${NAME}, not managed by this stack) is already associated with ${e.vpc.id}`);
    });

    it("accepts a zone of the same name in another VPC", async () => {
        const e = env();
        const other = e.account.addVpc("other", { cidr: "10.30.0.0/16" });
        e.account.addHostedZone(NAME, { vpcIds: [other.vpc.id] });
        const run = await up(e, () => privateZone(e));
        expect(run.error).to.equal(undefined);
        expect(e.account.refusals).to.deep.equal([]);
    });

    for (const ignore of [false, true]) {
        it(`inline vpcs ${ignore ? "with ignoreChanges: [\"vpcs\"] keeps" : "removes"} a ZoneAssociation's association on the next update`, async () => {
            const e = env();
            const b = e.account.addVpc("b", { cidr: "10.30.0.0/16" }).vpc;
            const c = e.account.addVpc("c", { cidr: "10.40.0.0/16" }).vpc;
            const program = (vpcIds: string[]) => () => {
                const zone = new aws.route53.Zone("zone", { name: NAME, vpcs: vpcIds.map((vpcId) => ({ vpcId })) }, ignore ? { ignoreChanges: ["vpcs"] } : {});
                new aws.route53.Record("a", { zoneId: zone.zoneId, name: NAME, type: "A", ttl: 60, records: ["10.99.0.1"] });
                new aws.route53.ZoneAssociation("b", { zoneId: zone.zoneId, vpcId: b.id });
            };
            const first = await up(e, program([e.vpc.id]));
            expect(first.error).to.equal(undefined);
            const zoneId = e.account.resourcesOfType(T.zone)[0].id;
            expect(e.account.zoneVpcs(zoneId)).to.deep.equal([e.vpc.id, b.id]);
            expect(e.account.dnsAnswers(NAME, b.id)).to.deep.equal(["10.99.0.1"]);

            const second = await up(e, program([e.vpc.id, c.id]));
            expect(second.error).to.equal(undefined);
            if (ignore) {
                expect(stepsOfLastRun(e)).to.have.members(["same zone", "same a", "same b"]);
                expect(e.account.zoneVpcs(zoneId)).to.deep.equal([e.vpc.id, b.id]);
                expect(e.account.dnsAnswers(NAME, b.id)).to.deep.equal(["10.99.0.1"]);
            } else {
                expect(stepsOfLastRun(e)).to.have.members(["update zone", "same a", "same b"]);
                expect(e.account.zoneVpcs(zoneId)).to.deep.equal([e.vpc.id, c.id]);
                expect(e.account.dnsAnswers(NAME, b.id), "devices in b lost the zone").to.deep.equal([]);
                expect(e.account.dnsAnswers(NAME, c.id)).to.deep.equal(["10.99.0.1"]);
            }
            expect(e.account.refusals).to.deep.equal([]);
        });
    }

    it("inline vpcs removes an association made by hand when the zone's vpcs change, not before", async () => {
        const e = env();
        const byHand = e.account.addVpc("by-hand", { cidr: "10.30.0.0/16" }).vpc;
        const c = e.account.addVpc("c", { cidr: "10.40.0.0/16" }).vpc;
        const program = (vpcIds: string[], comment: string) => () => new aws.route53.Zone("zone", { name: NAME, comment, vpcs: vpcIds.map((vpcId) => ({ vpcId })) });
        await up(e, program([e.vpc.id], "one"));
        const zoneId = e.account.resourcesOfType(T.zone)[0].id;
        e.account.associateVpcWithZone(zoneId, byHand.id);
        await up(e, program([e.vpc.id], "two"));
        expect(stepsOfLastRun(e)).to.deep.equal(["update zone"]);
        expect(e.account.zoneVpcs(zoneId), "an update that leaves vpcs alone").to.deep.equal([e.vpc.id, byHand.id]);
        await up(e, program([e.vpc.id, c.id], "two"));
        expect(e.account.zoneVpcs(zoneId)).to.deep.equal([e.vpc.id, c.id]);
        expect(e.account.refusals).to.deep.equal([]);
    });

    it("associates another account's VPC only after the zone's account authorized it", async () => {
        const e = env();
        const theirs = e.account.addVpc("theirs", { cidr: "10.50.0.0/16", ownerAccountId: OTHER_ACCOUNT }).vpc;
        const program = (authorize: boolean) => () => {
            const other = new aws.Provider("other", { region: "us-east-1", assumeRoles: [{ roleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/deploy` }] });
            const zone = privateZone(e);
            new aws.route53.Record("a", { zoneId: zone.zoneId, name: NAME, type: "A", ttl: 60, records: ["10.99.0.1"] });
            const auth = authorize ? [new aws.route53.VpcAssociationAuthorization("auth", { zoneId: zone.zoneId, vpcId: theirs.id })] : [];
            new aws.route53.ZoneAssociation("theirs", { zoneId: zone.zoneId, vpcId: theirs.id }, { provider: other, dependsOn: auth });
            return {
                ours: aws.getCallerIdentityOutput({}).accountId,
                theirs: aws.getCallerIdentityOutput({}, { provider: other }).accountId,
            };
        };
        const refused = await up(e, program(false));
        expectRefused(refused, e, "theirs", "NotAuthorizedException");
        expect(refused.error!.message).to.contain("create an aws.route53.VpcAssociationAuthorization there first");

        const run = await up(e, program(true));
        expect(run.error).to.equal(undefined);
        expect(run.stackOutputs).to.deep.equal({ ours: e.account.accountId, theirs: OTHER_ACCOUNT });
        const zoneId = e.account.resourcesOfType(T.zone)[0].id;
        expect(e.account.zoneVpcs(zoneId)).to.deep.equal([e.vpc.id, theirs.id]);
        expect(e.account.dnsAnswers(NAME, theirs.id)).to.deep.equal(["10.99.0.1"]);
    });

    it("refuses associating a VPC of another account through the zone's own provider", async () => {
        const e = env();
        const theirs = e.account.addVpc("theirs", { cidr: "10.50.0.0/16", ownerAccountId: OTHER_ACCOUNT }).vpc;
        const run = await up(e, () => {
            const zone = privateZone(e);
            new aws.route53.ZoneAssociation("theirs", { zoneId: zone.zoneId, vpcId: theirs.id });
        });
        expectRefused(run, e, "theirs", "NotAuthorizedException");
        expect(run.error!.message).to.contain(`belongs to account ${OTHER_ACCOUNT}`);
    });

    it("maps a provider to the one account its allowedAccountIds names, and refuses an account it does not allow", async () => {
        const e = env();
        const run = await up(e, () => {
            const p = new aws.Provider("only-b", { region: "eu-west-1", allowedAccountIds: [OTHER_ACCOUNT] });
            return { account: aws.getCallerIdentityOutput({}, { provider: p }).accountId, region: aws.getRegionOutput({}, { provider: p }).name };
        });
        expect(run.error).to.equal(undefined);
        expect(run.stackOutputs).to.deep.equal({ account: OTHER_ACCOUNT, region: "eu-west-1" });

        const bad = await up(env(), () => new aws.Provider("wrong", { assumeRoles: [{ roleArn: "arn:aws:iam::333333333333:role/x" }], allowedAccountIds: [OTHER_ACCOUNT] }));
        expect(bad.error!.message).to.contain("AWS account ID not allowed: 333333333333");
    });

    it("refuses deleting a zone that still holds records, and deletes records before their zone at the end of a run", async () => {
        const e = env();
        const withRecords = () => {
            const zone = privateZone(e);
            weighted(zone, "r1", "r1", 60, "10.99.0.1");
            weighted(zone, "r2", "r2", 60, "10.99.0.2");
        };
        await up(e, withRecords);
        const gone = await up(e, () => undefined);
        expect(gone.error).to.equal(undefined);
        expect(stepsOfLastRun(e)).to.deep.equal(["delete r2", "delete r1", "delete zone"]);

        const e2 = env();
        await up(e2, () => privateZone(e2));
        const zoneId = e2.account.resourcesOfType(T.zone)[0].id;
        e2.account.addRecord(zoneId, { name: `manual.${NAME}`, values: ["10.99.0.9"] });
        const refused = await up(e2, () => undefined);
        expectRefused(refused, e2, "zone", "HostedZoneNotEmpty");
        expect(e2.account.resourcesOfType(T.zone)).to.have.length(1);
    });

    it("refuses a delete-before-replace of a zone that holds records: the old zone must be deleted first", async () => {
        const e = env();
        await up(e, () => {
            const zone = new aws.route53.Zone("zone", { name: NAME, vpcs: [{ vpcId: e.vpc.id }], comment: "one" }, { deleteBeforeReplace: true, replaceOnChanges: ["comment"] });
            weighted(zone, "r1", "r1", 60, "10.99.0.1");
        });
        const run = await up(e, () => {
            const zone = new aws.route53.Zone("zone", { name: NAME, vpcs: [{ vpcId: e.vpc.id }], comment: "two" }, { deleteBeforeReplace: true, replaceOnChanges: ["comment"] });
            weighted(zone, "r1", "r1", 60, "10.99.0.1");
        });
        expectRefused(run, e, "zone", "HostedZoneNotEmpty");
        expect(e.account.stateOf(T.zone, "zone")!.comment).to.equal("one");
    });
});

describe("fake AWS: IoT", () => {
    const domainConfiguration = (certs: string[], opts?: pulumi.CustomResourceOptions) =>
        new aws.iot.DomainConfiguration("devices", { domainName: "devices.example.com", serviceType: "DATA", serverCertificateArns: certs }, opts);

    it("refuses a create-before-delete replacement of a domain configuration: the domain name is still in use", async () => {
        const e = env();
        await up(e, () => domainConfiguration([CERT_1]));
        const run = await up(e, () => domainConfiguration([CERT_2]));
        expectRefused(run, e, "devices", "ResourceAlreadyExistsException");
        expect(run.error!.message).to.contain("the domain name devices.example.com is already used by domain configuration");
        expect(e.account.stateOf(T.domainConfiguration, "devices")!.serverCertificateArns).to.deep.equal([CERT_1]);
    });

    it("replaces a domain configuration with deleteBeforeReplace: the old one goes first, at that step", async () => {
        const e = env();
        await up(e, () => domainConfiguration([CERT_1], { deleteBeforeReplace: true }));
        const oldId = e.account.resourcesOfType(T.domainConfiguration)[0].id;
        const run = await up(e, () => domainConfiguration([CERT_2], { deleteBeforeReplace: true }));
        expect(run.error).to.equal(undefined);
        const steps = e.account.stepsOf();
        expect(steps.map((s) => `${s.op} ${s.name}`)).to.deep.equal(["delete-replaced devices", "replace devices"]);
        expect(steps[0].id).to.equal(oldId);
        expect(steps[1].id).to.not.equal(oldId);
        expect(steps[1].detail).to.contain("serverCertificateArns");
        expect(e.account.objectsOfType(T.domainConfiguration).map((o) => o.id)).to.deep.equal([steps[1].id]);
        expect(e.account.refusals).to.deep.equal([]);
    });

    it("refuses deleting a policy attached to a certificate at the end of the run, which fails; detached, it goes", async () => {
        const e = env();
        const policy = () => new aws.iot.Policy("devices", { name: "devices", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: "*" }] }) });
        await up(e, policy);
        e.account.attachPolicy("devices", CERT_1);
        const refused = await up(e, () => undefined);
        expectRefused(refused, e, "devices", "DeleteConflictException");
        expect(e.account.stateOf(T.iotPolicy, "devices")).to.not.equal(undefined);

        e.account.detachPolicy("devices", CERT_1);
        const run = await up(e, () => undefined);
        expect(run.error).to.equal(undefined);
        expect(stepsOfLastRun(e)).to.deep.equal(["delete devices"]);
        expect(e.account.objectsOfType(T.iotPolicy)).to.deep.equal([]);
    });

    it("drops a retainOnDelete policy from the stack without deleting it", async () => {
        const e = env();
        await up(e, () => new aws.iot.Policy("devices", { name: "devices", policy: "{}" }, { retainOnDelete: true }));
        e.account.attachPolicy("devices", CERT_1);
        const run = await up(e, () => undefined);
        expect(run.error).to.equal(undefined);
        expect(stepsOfLastRun(e)).to.deep.equal(["retain devices"]);
        expect(e.account.refusals).to.deep.equal([]);
        expect(e.account.resourcesOfType(T.iotPolicy)).to.deep.equal([]);
        expect(e.account.objectsOfType(T.iotPolicy).map((o) => o.id)).to.deep.equal(["devices"]);
    });
});

describe("fake AWS: interface endpoints and their addresses", () => {
    const endpoint = (e: Env, subnets: FakeSubnet[], pins: Record<string, string> = {}, name = "ep") => new aws.ec2.VpcEndpoint(name, {
        vpcId: e.vpc.id,
        serviceName: DATA_SERVICE,
        vpcEndpointType: "Interface",
        privateDnsEnabled: false,
        subnetIds: subnets.map((s) => s.id),
        subnetConfigurations: Object.entries(pins).map(([subnetId, ipv4]) => ({ subnetId, ipv4 })),
    });

    it("lists each interface's address and subnet in subnetConfigurations", async () => {
        const e = env();
        const run = await up(e, () => endpoint(e, e.subnets.slice(0, 2)).subnetConfigurations);
        expect(run.error).to.equal(undefined);
        const configs = e.account.stateOf(T.vpcEndpoint, "ep")!.subnetConfigurations as { ipv4: string; ipv6: string; subnetId: string }[];
        expect(configs.map((c) => c.subnetId)).to.deep.equal(e.subnets.slice(0, 2).map((s) => s.id));
        configs.forEach((c, i) => {
            expect(c.ipv6).to.equal("");
            expect(ipInSubnet(c.ipv4, e.subnets[i])).to.equal(true);
            expect([...e.account.enis.values()].find((x) => x.subnetId === c.subnetId)!.privateIp).to.equal(c.ipv4);
        });
    });

    it("gives a pinned address inside the subnet", async () => {
        const e = env();
        const ip = addressIn(e.subnets[0], 100);
        const run = await up(e, () => endpoint(e, e.subnets.slice(0, 1), { [e.subnets[0].id]: ip }));
        expect(run.error).to.equal(undefined);
        expect([...e.account.enis.values()].map((x) => x.privateIp)).to.deep.equal([ip]);
    });

    for (const [what, offset, code] of [
        ["outside the subnet", 4096 + 10, "is not in subnet"],
        ["the subnet's network address", 0, "is reserved by AWS"],
        ["the VPC router's address", 1, "is reserved by AWS"],
        ["the fourth reserved address", 3, "is reserved by AWS"],
        ["the subnet's last address", 4095, "is reserved by AWS"],
    ] as const) {
        it(`refuses a pinned address that is ${what}`, async () => {
            const e = env();
            const run = await up(e, () => endpoint(e, e.subnets.slice(0, 1), { [e.subnets[0].id]: addressIn(e.subnets[0], offset) }));
            expectRefused(run, e, "ep", "InvalidParameter");
            expect(run.error!.message).to.contain(code);
        });
    }

    it("refuses a pinned address another interface holds", async () => {
        const e = env();
        const ip = addressIn(e.subnets[0], 200);
        const run = await up(e, () => {
            endpoint(e, e.subnets.slice(0, 1), { [e.subnets[0].id]: ip }, "first");
            endpoint(e, e.subnets.slice(0, 1), { [e.subnets[0].id]: ip }, "second");
        });
        expectRefused(run, e, "second", "InvalidIPAddress.InUse");
    });

    it("answers a removed subnet's address, dead, from the endpoint update until its record is deleted", async () => {
        const e = env();
        const program = (subnets: FakeSubnet[]) => () => {
            const ep = endpoint(e, subnets);
            const zone = privateZone(e);
            for (const s of subnets) {
                const ip = ep.subnetConfigurations.apply((c) => c.find((x) => x.subnetId === s.id)?.ipv4 ?? "");
                new aws.route53.Record(`rec-${s.availabilityZone}`, {
                    zoneId: zone.zoneId, name: NAME, type: "A", ttl: 60, records: [ip], setIdentifier: s.availabilityZone, weightedRoutingPolicies: [{ weight: 1 }],
                });
            }
        };
        const [a, b] = e.subnets;
        await up(e, program([a, b]));
        expect(e.account.deadAnswers).to.deep.equal([]);
        const before = e.account.dnsAnswers(NAME, e.vpc.id);
        expect(before).to.have.length(2);
        const lostIp = e.account.stateOf(T.record, `rec-${b.availabilityZone}`)!.records as string[];

        const run = await up(e, program([a]));
        expect(run.error).to.equal(undefined);
        const steps = e.account.stepsOf();
        expect(steps.map((s) => `${s.op} ${s.name}`)).to.have.members(["update ep", "same zone", `same rec-${a.availabilityZone}`, `delete rec-${b.availabilityZone}`]);
        const update = steps.find((s) => s.op === "update")!;
        const deletion = steps.find((s) => s.op === "delete")!;
        expect(deletion).to.equal(steps.at(-1), "deletes come at the end of the run");
        // after every step from the endpoint's update until (not after) the record's delete
        const dead = e.account.deadAnswers;
        expect(dead.map((d) => d.step)).to.deep.equal(steps.filter((s) => s.index >= update.index && s.index < deletion.index).map((s) => s.index));
        expect(dead[0].description).to.equal(`update ${T.vpcEndpoint} ep`);
        for (const d of dead) {
            expect(d).to.deep.include({ run: e.account.runs, zone: NAME, name: NAME, setIdentifier: b.availabilityZone, ip: lostIp[0] });
        }
        expect(e.account.dnsAnswers(NAME, e.vpc.id)).to.deep.equal(before.filter((ip) => ip !== lostIp[0]));
    });

    it("has no dead answers when the record goes before the subnet", async () => {
        const e = env();
        const [a, b] = e.subnets;
        const program = (endpointSubnets: FakeSubnet[], recordSubnets: FakeSubnet[]) => () => {
            const ep = endpoint(e, endpointSubnets);
            const zone = privateZone(e);
            for (const s of recordSubnets) {
                const ip = ep.subnetConfigurations.apply((c) => c.find((x) => x.subnetId === s.id)?.ipv4 ?? "");
                new aws.route53.Record(`rec-${s.availabilityZone}`, { zoneId: zone.zoneId, name: NAME, type: "A", ttl: 60, records: [ip], setIdentifier: s.availabilityZone, weightedRoutingPolicies: [{ weight: 1 }] });
            }
        };
        await up(e, program([a, b], [a, b]));
        await up(e, program([a, b], [a]));
        await up(e, program([a], [a]));
        expect(e.account.deadAnswers).to.deep.equal([]);
        expect(e.account.refusals).to.deep.equal([]);
    });

    it("refuses two subnets of one zone and a zone where the service is not offered", async () => {
        const e = env();
        const second = e.account.addSubnet(e.vpc.id, "a", "second-a");
        const run = await up(e, () => endpoint(e, [e.subnets[0], second]));
        expectRefused(run, e, "ep", "DuplicateSubnetsInSameZone");

        const e2 = env();
        const zoneE = e2.account.addSubnet(e2.vpc.id, "e", "zone-e");
        const notOffered = await up(e2, () => endpoint(e2, [zoneE]));
        expectRefused(notOffered, e2, "ep", "InvalidParameter");
        expect(notOffered.error!.message).to.contain("is not available in us-east-1e");
    });
});

describe("fake AWS: security groups, resolver endpoints, dashboards", () => {
    const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`);

    it("refuses a security group with 61 inbound rules (each port x CIDR counts), accepts 60", async () => {
        const sg = (e: Env, ingress: { port: number; cidrs: string[] }[]) => new aws.ec2.SecurityGroup("sg", {
            vpcId: e.vpc.id,
            ingress: ingress.map((r) => ({ protocol: "tcp", fromPort: r.port, toPort: r.port, cidrBlocks: r.cidrs })),
        });
        const ok = env();
        expect((await up(ok, () => sg(ok, [{ port: 443, cidrs: cidrs(60) }]))).error).to.equal(undefined);

        const one = env();
        expectRefused(await up(one, () => sg(one, [{ port: 443, cidrs: cidrs(61) }])), one, "sg", "RulesPerSecurityGroupLimitExceeded");

        const ports = env();
        const run = await up(ports, () => sg(ports, [8883, 443, 8443].map((port) => ({ port, cidrs: cidrs(21) }))));
        expectRefused(run, ports, "sg", "RulesPerSecurityGroupLimitExceeded");
        expect(run.error!.message).to.contain("63 inbound rules");
    });

    it("counts separate ingress rules against the same quota, at the rule that exceeds it", async () => {
        const e = env();
        const run = await up(e, () => {
            const sg = new aws.ec2.SecurityGroup("sg", { vpcId: e.vpc.id, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: cidrs(59) }] });
            new aws.vpc.SecurityGroupIngressRule("extra-1", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 8883, toPort: 8883, cidrIpv4: "192.168.0.0/24" });
            new aws.vpc.SecurityGroupIngressRule("extra-2", { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 8883, toPort: 8883, cidrIpv4: "192.168.1.0/24" });
        });
        expect(run.error).to.not.equal(undefined);
        expect(e.account.stepsOf().filter((s) => s.op === "refused")).to.have.length(1);
        expect(e.account.refusals.at(-1)).to.contain("RulesPerSecurityGroupLimitExceeded");
    });

    const resolver = (e: Env, ipAddresses: { subnetId: string; ip?: string }[], name = "resolver") => {
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId: e.vpc.id });
        return new aws.route53.ResolverEndpoint(name, { direction: "INBOUND", securityGroupIds: [sg.id], ipAddresses });
    };

    it("refuses a resolver endpoint with one IP address, accepts two in one subnet", async () => {
        const one = env();
        const refused = await up(one, () => resolver(one, [{ subnetId: one.subnets[0].id }]));
        expectRefused(refused, one, "resolver", "InvalidParameterException");
        expect(refused.error!.message).to.contain("needs 2 to 6 IP addresses, got 1");

        const e = env();
        const pinned = [addressIn(e.subnets[0], 20), addressIn(e.subnets[0], 21)];
        const run = await up(e, () => resolver(e, pinned.map((ip) => ({ subnetId: e.subnets[0].id, ip }))));
        expect(run.error).to.equal(undefined);
        const ips = (e.account.stateOf(T.resolverEndpoint, "resolver")!.ipAddresses as { ip: string }[]).map((a) => a.ip);
        expect(ips).to.deep.equal(pinned);
    });

    it("merges two addresses of one subnet without an ip into one, as the provider's set does, and AWS refuses the one (terraform-provider-aws #28233)", async () => {
        const e = env();
        const run = await up(e, () => resolver(e, [{ subnetId: e.subnets[0].id }, { subnetId: e.subnets[0].id }]));
        expectRefused(run, e, "resolver", "InvalidParameterException");
        expect(run.error!.message).to.contain("needs 2 to 6 IP addresses, got 1");
    });

    it("refuses resolver IPs outside their subnet, reserved, or in use; and a fifth resolver endpoint", async () => {
        const e = env();
        const [a, b] = e.subnets;
        const outside = await up(e, () => resolver(e, [{ subnetId: a.id, ip: addressIn(b, 20) }, { subnetId: b.id }]));
        expect(outside.error!.message).to.contain(`IP address ${addressIn(b, 20)} is not in subnet ${a.id}`);
        const e2 = env();
        const reserved = await up(e2, () => resolver(e2, [{ subnetId: e2.subnets[0].id, ip: addressIn(e2.subnets[0], 2) }, { subnetId: e2.subnets[1].id }]));
        expect(reserved.error!.message).to.contain("is reserved by AWS");
        const e3 = env();
        const ip = addressIn(e3.subnets[0], 300);
        const inUse = await up(e3, () => {
            resolver(e3, [{ subnetId: e3.subnets[0].id, ip }, { subnetId: e3.subnets[1].id }], "first");
            resolver(e3, [{ subnetId: e3.subnets[0].id, ip }, { subnetId: e3.subnets[1].id }], "second");
        });
        expectRefused(inUse, e3, "second", "ResourceExistsException");

        const e4 = env();
        const quota = await up(e4, () => {
            for (let i = 1; i <= 5; i++) {
                resolver(e4, [{ subnetId: e4.subnets[0].id }, { subnetId: e4.subnets[1].id }], `r${i}`);
            }
        });
        expect(quota.error!.message).to.contain("LimitExceededException");
        expect(e4.account.resourcesOfType(T.resolverEndpoint)).to.have.length(4);
    });

    it("checks dashboard names and bodies", async () => {
        const dashboard = async (name: string, body: string) => {
            const e = env();
            const run = await up(e, () => new aws.cloudwatch.Dashboard("d", { dashboardName: name, dashboardBody: body }));
            return run.error?.message;
        };
        const widgets = JSON.stringify({ widgets: [{ type: "text", x: 0, y: 0, width: 6, height: 2, properties: { markdown: "IoT endpoints" } }] });
        expect(await dashboard("iot-endpoints_1", widgets)).to.equal(undefined);
        expect(await dashboard("iot endpoints", widgets)).to.contain("InvalidParameterInput: dashboard name");
        expect(await dashboard("x".repeat(256), widgets)).to.contain("must be 1 to 255");
        expect(await dashboard("d", "{not json")).to.contain("not valid JSON");
        expect(await dashboard("d", JSON.stringify({ panels: [] }))).to.contain("needs a \"widgets\" array");
        expect(await dashboard("d", JSON.stringify({ widgets: [{ properties: { markdown: "x".repeat(1024 * 1024) } }] }))).to.contain("more than 1048576");
    });
});

describe("fake AWS: lookups", () => {
    it("getZone finds the private zone of a name on a VPC, seeded ones too; getRecords lists its record sets", async () => {
        const e = env();
        const zoneId = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id], comment: "by hand", tags: { team: "iot" } });
        e.account.addRecord(zoneId, { name: NAME, ttl: 30, values: ["10.99.0.1"], setIdentifier: "one", weight: 1 });
        e.account.addRecord(zoneId, { name: NAME, ttl: 30, values: ["10.99.0.2"], setIdentifier: "two", weight: 0 });
        e.account.addRecord(zoneId, { name: `other.${NAME}`, values: ["10.99.0.3"] });
        const run = await up(e, () => {
            const zone = aws.route53.getZoneOutput({ name: `${NAME}.`, privateZone: true, vpcId: e.vpc.id });
            const records = aws.route53.getRecordsOutput({ zoneId: zone.zoneId, nameRegex: "^devices\\." });
            return { zone, records: records.resourceRecordSets };
        });
        expect(run.error).to.equal(undefined);
        const out = run.stackOutputs as { zone: Record<string, unknown>; records: Record<string, unknown>[] };
        expect(out.zone).to.deep.include({ zoneId, name: NAME, comment: "by hand", privateZone: true, vpcId: e.vpc.id, resourceRecordSetCount: 5, tags: { team: "iot" } });
        expect(out.records.map((r) => [r.name, r.type, r.setIdentifier, r.weight, r.ttl, r.resourceRecords])).to.deep.equal([
            [`${NAME}.`, "A", "one", 1, 30, [{ value: "10.99.0.1" }]],
            [`${NAME}.`, "A", "two", 0, 30, [{ value: "10.99.0.2" }]],
            [`${NAME}.`, "NS", "", 0, 172800, (out.records.find((r) => r.type === "NS")!.resourceRecords as unknown[])],
            [`${NAME}.`, "SOA", "", 0, 900, (out.records.find((r) => r.type === "SOA")!.resourceRecords as unknown[])],
        ].sort((x, y) => String(x[1]).localeCompare(String(y[1])) || String(x[2]).localeCompare(String(y[2]))));
        expect(e.account.dnsAnswers(NAME, e.vpc.id)).to.deep.equal(["10.99.0.1"]);
    });

    it("getZone fails like the provider when no zone matches, and getSubnet for an unknown id", async () => {
        const e = env();
        const noZone = await up(e, () => aws.route53.getZoneOutput({ name: NAME, privateZone: true, vpcId: e.vpc.id }).zoneId);
        expect(noZone.error!.message).to.contain("no matching Route 53 Hosted Zone found");
        const noSubnet = await up(e, () => aws.ec2.getSubnetOutput({ id: "subnet-0123456789abcdef0" }).id);
        expect(noSubnet.error!.message).to.contain("no matching EC2 Subnet found");
    });

    it("a public zone of the name does not answer getZone for a private one", async () => {
        const e = env();
        e.account.addHostedZone(NAME, { vpcIds: [] });
        const run = await up(e, () => aws.route53.getZoneOutput({ name: NAME, privateZone: true }).zoneId);
        expect(run.error!.message).to.contain("no matching Route 53 Hosted Zone found");
    });
});

describe("fake AWS: resource options in the engine", () => {
    const policyDoc = JSON.stringify({ Version: "2012-10-17", Statement: [] });

    it("replacementTrigger: a new value replaces the resource, create before delete", async function () {
        if (typeof (RegisterResourceRequest.prototype as { hasReplacementTrigger?: unknown }).hasReplacementTrigger !== "function") {
            skipBecause(this, `@pulumi/pulumi ${PULUMI_VERSION} has no replacementTrigger option (added in 3.212.0)`);
        }
        const e = env();
        // typed loosely: the lowest peer's CustomResourceOptions has no such key, and the suite type-checks against it
        const options = (trigger: string): Record<string, unknown> => ({ replacementTrigger: trigger });
        const program = (trigger: string) => () => new aws.iot.Policy("p", { policy: policyDoc }, options(trigger) as pulumi.CustomResourceOptions);
        await up(e, program("v1"));
        const oldId = e.account.resourcesOfType(T.iotPolicy)[0].id;
        expect((await up(e, program("v1"))).error).to.equal(undefined);
        expect(stepsOfLastRun(e)).to.deep.equal(["same p"]);
        await up(e, program("v2"));
        const steps = e.account.stepsOf();
        expect(steps.map((s) => `${s.op} ${s.name}`)).to.deep.equal(["replace p", "delete-replaced p"]);
        expect(steps[0].detail).to.equal("create-before-delete: replacementTrigger");
        expect(steps[1].id).to.equal(oldId);
        expect(e.account.resourcesOfType(T.iotPolicy)[0].id).to.not.equal(oldId);
        expect(e.account.objectsOfType(T.iotPolicy)).to.have.length(1);
    });

    it("replaceOnChanges: a change of that path replaces; without it the same change updates in place", async () => {
        for (const replace of [true, false]) {
            const e = env();
            const program = (team: string) => () => new aws.ec2.SecurityGroup("sg", { vpcId: e.vpc.id, tags: { team } }, replace ? { replaceOnChanges: ["tags.team"] } : {});
            await up(e, program("a"));
            await up(e, program("b"));
            expect(stepsOfLastRun(e), String(replace)).to.deep.equal(replace ? ["replace sg", "delete-replaced sg"] : ["update sg"]);
            expect(e.account.stateOf(T.securityGroup, "sg")!.tags).to.deep.equal({ team: "b" });
        }
    });

    it("ignoreChanges: the recorded value stays and nothing is sent", async () => {
        const e = env();
        const program = (team: string, comment: string) => () => new aws.route53.Zone("zone", { name: NAME, vpcs: [{ vpcId: e.vpc.id }], comment, tags: { team } }, { ignoreChanges: ["tags"] });
        await up(e, program("a", "one"));
        await up(e, program("b", "one"));
        expect(stepsOfLastRun(e)).to.deep.equal(["same zone"]);
        await up(e, program("c", "two"));
        expect(stepsOfLastRun(e)).to.deep.equal(["update zone"]);
        expect(e.account.stateOf(T.zone, "zone")).to.deep.include({ comment: "two", tags: { team: "a" } });
    });

    it("a replace-forcing input replaces; the old half is deleted at the end of the run, after the other steps", async () => {
        const e = env();
        const program = (description: string) => () => {
            const sg = new aws.ec2.SecurityGroup("sg", { vpcId: e.vpc.id, description });
            new aws.ec2.VpcEndpoint("ep", { vpcId: e.vpc.id, serviceName: DATA_SERVICE, vpcEndpointType: "Interface", subnetIds: [e.subnets[0].id], securityGroupIds: [sg.id] });
        };
        await up(e, program("one"));
        const run = await up(e, program("two"));
        expect(run.error).to.equal(undefined);
        expect(stepsOfLastRun(e)).to.deep.equal(["replace sg", "update ep", "delete-replaced sg"]);
        expect(e.account.refusals).to.deep.equal([]);
    });

    it("refuses deleting a replaced security group an interface still uses", async () => {
        const e = env();
        const program = (description: string) => () => {
            const sg = new aws.ec2.SecurityGroup("sg", { vpcId: e.vpc.id, description }, { ignoreChanges: [] });
            new aws.ec2.VpcEndpoint("ep", { vpcId: e.vpc.id, serviceName: DATA_SERVICE, vpcEndpointType: "Interface", subnetIds: [e.subnets[0].id], securityGroupIds: [sg.id] }, { ignoreChanges: ["securityGroupIds"] });
        };
        await up(e, program("one"));
        const run = await up(e, program("two"));
        expectRefused(run, e, "sg", "DependencyViolation");
        expect(stepsOfLastRun(e)).to.deep.equal(["replace sg", "same ep", "refused sg"]);
    });
});
