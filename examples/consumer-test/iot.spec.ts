import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { IotCoreVpcEndpoints } from "iotvpc";
import { mockAwsAccount } from "iotvpc/testing";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const RECORD = "aws:route53/record:Record";
const ZONE = "aws:route53/zone:Zone";

/** True when the IPv4 address `ip` lies inside the block `cidr`. */
function inCidr(ip: string, cidr: string): boolean {
    const [base, bits] = cidr.split("/");
    const number = (a: string) => a.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    const size = 2 ** (32 - Number(bits));
    return Math.floor(number(ip) / size) === Math.floor(number(base) / size);
}

describe("IoT Core through the VPC", () => {
    const account = mockAwsAccount({ region: "us-east-1", iotEndpointPrefix: "a1b2c3d4e5f6g7" });
    const host = "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com";
    const [a, b] = account.vpc.subnets;

    before(async () => {
        pulumi.runtime.setMocks(account, "project", "stack");
        new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds: [a.id, b.id] });
        await account.settled(); // every resource created, nothing refused
    });

    it("creates an iot.data endpoint in both subnets", () => {
        const endpoints = account.resourcesOfType(ENDPOINT);
        expect(endpoints).to.have.length(1);
        expect(endpoints[0].state.serviceName).to.equal("com.amazonaws.us-east-1.iot.data");
        expect(endpoints[0].state.subnetIds).to.deep.equal([a.id, b.id]);
    });

    it("gives each subnet a record with an address inside that subnet", () => {
        const records = account.resourcesOfType(RECORD).map((r) => r.state.records as string[]);
        expect(records).to.have.length(2);
        expect(inCidr(records[0][0], a.cidrBlock)).to.equal(true);
        expect(inCidr(records[1][0], b.cidrBlock)).to.equal(true);
    });

    it("resolves the account's IoT endpoint to those private addresses in the VPC", () => {
        const answers = account.dnsAnswers(host);
        expect(answers).to.have.length(2);
        expect(answers.every((ip) => inCidr(ip, a.cidrBlock) || inCidr(ip, b.cidrBlock))).to.equal(true);
        expect(account.refusals).to.deep.equal([]);
    });
});

describe("IoT Core through the VPC, with the DNS team's zone", () => {
    const account = mockAwsAccount({ region: "us-east-1", iotEndpointPrefix: "a1b2c3d4e5f6g7" });
    const host = "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com";
    // what the account held before the stack: their private zone for the endpoint name
    const zoneId = account.addHostedZone(host, { vpcIds: [account.vpc.id] });

    before(async () => {
        pulumi.runtime.setMocks(account, "project", "stack");
        const subnetIds = account.vpc.subnetIds.slice(0, 2);
        new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds, existingHostedZoneId: zoneId });
        await account.settled();
    });

    it("puts the records in that zone and creates none", () => {
        expect(account.resourcesOfType(ZONE)).to.deep.equal([]);
        expect(account.resourcesOfType(RECORD).map((r) => r.state.zoneId)).to.deep.equal([zoneId, zoneId]);
        expect(account.dnsAnswers(host)).to.have.length(2);
    });
});
