/**
 * Issue 21: `iotvpc/testing`, the fake AWS account consumers pass to `pulumi.runtime.setMocks` in their
 * own unit tests, with no harness around it: runs begin with `setMocks`, `settled()` reports what failed.
 * (tests/package.spec.ts runs the consumer example against the installed package.)
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { IotCoreVpcEndpoints } from "../components";
import { MockAwsAccount, mockAwsAccount } from "../testing";
import { T, ipInSubnet } from "./support/fixtures";

const HOST = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";

/** What `settled()` rejected with, or `undefined` when it resolved. */
async function failureOf(account: MockAwsAccount): Promise<string | undefined> {
    return account.settled().then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)));
}

describe("iotvpc/testing: mockAwsAccount under plain setMocks", function () {
    this.timeout(30_000);

    describe("a new account", () => {
        it("holds a VPC with a subnet in each zone of the region that offers iot.data, in the VPC's first /20 blocks", () => {
            const account = mockAwsAccount({ region: "us-east-1" });
            expect(account.region).to.equal("us-east-1");
            expect(account.accountId).to.equal("123456789012");
            expect(account.vpc.cidrBlock).to.equal("10.20.0.0/16");
            expect(account.vpc.subnets.map((s) => [s.availabilityZone, s.cidrBlock])).to.deep.equal([
                ["us-east-1a", "10.20.0.0/20"], ["us-east-1b", "10.20.16.0/20"], ["us-east-1c", "10.20.32.0/20"],
                ["us-east-1d", "10.20.48.0/20"], ["us-east-1f", "10.20.64.0/20"],
            ]);
            expect(account.vpc.subnetIds).to.deep.equal(account.vpc.subnets.map((s) => s.id));
            expect(account.vpc.id).to.match(/^vpc-0[0-9a-f]{16}$/);
        });

        it("takes the VPC's block and zones", () => {
            const account = mockAwsAccount({ region: "eu-west-1", vpc: { cidr: "172.16.0.0/16", zones: ["b", "c"] } });
            expect(account.vpc.subnets.map((s) => [s.availabilityZone, s.cidrBlock])).to.deep.equal([["eu-west-1b", "172.16.0.0/20"], ["eu-west-1c", "172.16.16.0/20"]]);
        });

        it("refuses options that are not an account, naming each with its value and the fix", () => {
            expect(() => mockAwsAccount({ accountId: "1234", iotEndpointPrefix: "A-B", endpointsPerVpcQuota: -1, securityGroupRulesQuota: 1.5 })).to.throw(
                'mockAwsAccount: accountId "1234" is not an AWS account id; give 12 digits, such as "123456789012"; ' +
                'iotEndpointPrefix "A-B" is not an IoT endpoint prefix; give lowercase letters and digits, such as "a3k7odshaiipe8"; ' +
                "endpointsPerVpcQuota -1 is not a quota; give a whole number of 0 or more; " +
                "securityGroupRulesQuota 1.5 is not a quota; give a whole number of 0 or more");
            expect(() => mockAwsAccount({ region: "mars" })).to.throw('"mars" is not an AWS region code');
        });
    });

    describe("a deployment", () => {
        const account = mockAwsAccount({ region: "us-east-1" });
        const [a, b] = account.vpc.subnets;
        let iot: IotCoreVpcEndpoints;
        before(async () => {
            pulumi.runtime.setMocks(account, "project", "stack");
            iot = new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds: [a.id, b.id] });
            await account.settled();
        });

        it("creates the endpoint in the given subnets and answers the outputs", async () => {
            const endpoints = account.resourcesOfType(T.vpcEndpoint);
            expect(endpoints.map((e) => e.name)).to.deep.equal(["iot-ep1"]);
            expect(endpoints[0].state).to.deep.include({ serviceName: "com.amazonaws.us-east-1.iot.data", vpcId: account.vpc.id, subnetIds: [a.id, b.id] });
            expect(await new Promise((resolve) => iot.endpointIds.apply(resolve))).to.deep.equal([endpoints[0].id]);
            expect(account.refusals).to.deep.equal([]);
        });

        it("resolves the ATS name, in the VPC only, to one address in each subnet", () => {
            const answers = account.dnsAnswers(HOST);
            expect(answers).to.have.length(2);
            expect(answers.filter((ip) => ipInSubnet(ip, a))).to.have.length(1);
            expect(answers.filter((ip) => ipInSubnet(ip, b))).to.have.length(1);
            const other = account.addVpc("other", { cidr: "10.30.0.0/16" });
            expect(account.dnsAnswers(HOST, other.id)).to.deep.equal([]);
        });

        it("records the lookups the component made", () => {
            const tokens = new Set(account.invokes.map((i) => i.token));
            expect([...tokens]).to.include.members(["aws:ec2/getVpc:getVpc", "aws:ec2/getSubnet:getSubnet", "aws:iot/getEndpoint:getEndpoint"]);
            expect(account.invokes.find((i) => i.token === "aws:ec2/getVpc:getVpc")!.inputs).to.deep.equal({ id: account.vpc.id });
        });
    });

    describe("what the account held before the stack", () => {
        const account = mockAwsAccount({ region: "us-east-1" });
        const [a, b] = account.vpc.subnetIds;
        let failure: string | undefined;
        before(async () => {
            const eni = account.addNetworkInterface(a, { ip: "10.20.0.10", description: "bastion" });
            expect(eni).to.deep.include({ subnetId: a, vpcId: account.vpc.id, privateIp: "10.20.0.10", description: "bastion" });
            pulumi.runtime.setMocks(account, "project", "stack");
            new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds: [a, b], endpointIps: { [a]: ["10.20.0.10"], [b]: ["10.20.16.10"] } });
            failure = await failureOf(account);
        });

        it("fails the update before AWS is asked, naming the interface that holds a pinned address", () => {
            expect(failure).to.match(/ {2}- endpointIps\.subnet-0[0-9a-f]{16} = "10\.20\.0\.10": is in use by eni-0[0-9a-f]{16} \(bastion\) in subnet-0[0-9a-f]{16}: EC2 gives an address to one network interface/);
            expect(account.refusals).to.deep.equal([]);
            expect(account.resourcesOfType(T.vpcEndpoint)).to.deep.equal([]);
        });

        it("refuses seeding what EC2 refuses", () => {
            expect(() => account.addNetworkInterface(a, { ip: "10.20.16.5" })).to.throw(`the IPv4 address 10.20.16.5 is not in subnet ${a} (10.20.0.0/20)`);
        });
    });

    describe("a seeded private zone for the endpoint name", () => {
        const account = mockAwsAccount({ region: "us-east-1", iotEndpointPrefix: "a1b2c3d4e5f6g7" });
        const host = "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com";
        const zoneId = account.addHostedZone(host, { vpcIds: [account.vpc.id] });
        before(async () => {
            pulumi.runtime.setMocks(account, "project", "stack");
            new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds: account.vpc.subnetIds.slice(0, 2), existingHostedZoneId: zoneId });
            await account.settled();
        });

        it("takes the records, and devices resolve them through it", () => {
            expect(account.resourcesOfType(T.zone)).to.deep.equal([]);
            expect(account.resourcesOfType(T.record).map((r) => r.state.zoneId)).to.deep.equal([zoneId, zoneId]);
            expect(account.dnsAnswers(host)).to.have.length(2);
        });

        it("refuses a second private zone of the name in the VPC, as Route 53 does", () => {
            expect(() => account.addHostedZone(host, { vpcIds: [account.vpc.id] })).to.throw(/ConflictingDomainExists/);
        });
    });

    describe("a program that fails before AWS is asked", () => {
        const account = mockAwsAccount({ region: "us-east-1" });
        let failure: string | undefined;
        before(async () => {
            const other = account.addVpc("other", { cidr: "10.30.0.0/16" });
            pulumi.runtime.setMocks(account, "project", "stack");
            new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds: [account.vpc.subnetIds[0], other.subnetIds[1]] });
            failure = await failureOf(account);
        });

        it("settles with the component's error (thrown in an apply, where no one awaits it)", () => {
            expect(failure).to.match(/subnetIds = "subnet-0[0-9a-f]{16}": belongs to vpc-0[0-9a-f]{16}, not to vpcId vpc-0[0-9a-f]{16}\. Fix: pass subnets of vpc-0[0-9a-f]{16}\./);
            expect(account.refusals).to.deep.equal([]);
        });
    });

    describe("runs: each setMocks with the account is the next `pulumi up` (or preview) of one stack", () => {
        const account = mockAwsAccount({ region: "us-east-1", endpointsPerVpcQuota: 1 });
        const program = (subnets: number, expectedConnections?: number) =>
            new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds: account.vpc.subnetIds.slice(0, subnets), expectedConnections });
        let preview: { failure?: string; endpoints: number; refusals: string[] };
        let firstId: string;
        let updated: { failure?: string; ids: string[]; subnets: unknown };
        before(async () => {
            pulumi.runtime.setMocks(account, "project", "stack", true);
            program(2, 100_000); // two endpoints: over the quota of 1
            preview = { failure: await failureOf(account), endpoints: account.resourcesOfType(T.vpcEndpoint).length, refusals: [...account.refusals] };

            pulumi.runtime.setMocks(account, "project", "stack");
            program(2);
            await account.settled();
            firstId = account.resourcesOfType(T.vpcEndpoint)[0].id;

            pulumi.runtime.setMocks(account, "project", "stack");
            program(3);
            const failure = await failureOf(account);
            const endpoints = account.resourcesOfType(T.vpcEndpoint);
            updated = { failure, ids: endpoints.map((e) => e.id), subnets: endpoints[0].state.subnetIds };
        });

        it("a preview reports what AWS would refuse, fails nothing and leaves the account as it was", () => {
            expect(preview.failure).to.equal(undefined);
            expect(preview.endpoints).to.equal(0);
            expect(preview.refusals).to.have.length(1);
            expect(preview.refusals[0]).to.match(/^aws:ec2\/vpcEndpoint:VpcEndpoint iot-ep2: VpcEndpointLimitExceeded: more than 1 interface endpoints in vpc-0[0-9a-f]{16}/);
        });

        it("an update of the same program updates the endpoint in place instead of creating it twice", () => {
            expect(updated.failure).to.equal(undefined);
            expect(updated.ids).to.deep.equal([firstId]);
            expect(updated.subnets).to.deep.equal(account.vpc.subnetIds.slice(0, 3));
            expect(account.dnsAnswers(HOST)).to.have.length(3);
        });
    });
});
