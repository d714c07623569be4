/**
 * The boundary with the engine and the AWS provider (`components/replies.ts`): every known form of a
 * failed lookup's error, written out as the engine hands it to the program, and lookup answers that
 * lack a field (a consumer's echo mocks) named as problems, never a TypeError.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { IotCoreVpcEndpoints } from "../components";
import { MalformedReply, endpointOfInterface, readInvokeFailure, readRecordSets, readRegion, readSubnet, readVpc, readZone, reasonText, resolverOfInterface } from "../components/replies";
import { FakeAwsAccount } from "../simulation/aws/account";
import { runProgram } from "../simulation/harness";
import { standardAccount } from "./support/fixtures";

const ZONE = "aws:route53/getZone:getZone";
const VPCE = "aws:ec2/getVpcEndpoint:getVpcEndpoint";
const RESOLVER = "aws:route53/getResolverEndpoint:getResolverEndpoint";

describe("replies: a failed lookup, read from the whole text the engine hands over", () => {
    // [what, the error's text, reasons, notFound, several]
    const forms: [string, string, string[], boolean, boolean][] = [
        ["the engine's wrapper around the provider's list (pulumi-aws 6.38+)",
            `invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* no matching Route 53 Hosted Zone found\n\n`,
            ["no matching Route 53 Hosted Zone found"], true, false],
        ["the older provider's one line (pulumi-aws 6.37 and before)",
            `invocation of ${ZONE} returned an error: invoking ${ZONE}: no matching Route53Zone found`,
            ["no matching Route53Zone found"], true, false],
        ["two errors in the list",
            "invocation of aws:ec2/getVpc:getVpc returned an error: invoking aws:ec2/getVpc:getVpc: 2 errors occurred:\n\t* no matching EC2 VPC found\n\t* something else\n\n",
            ["no matching EC2 VPC found", "something else"], true, false],
        ["a subnet that does not exist",
            "invocation of aws:ec2/getSubnet:getSubnet returned an error: invoking aws:ec2/getSubnet:getSubnet: 1 error occurred:\n\t* no matching EC2 Subnet found\n\n",
            ["no matching EC2 Subnet found"], true, false],
        ["access denied: a reason, not a not-found",
            `invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* listing Route 53 Hosted Zones: operation error Route 53: ListHostedZones, ` +
                "https response error StatusCode: 403, api error AccessDenied: User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: route53:ListHostedZones\n\n",
            ["listing Route 53 Hosted Zones: operation error Route 53: ListHostedZones, https response error StatusCode: 403, api error AccessDenied: User: " +
                "arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: route53:ListHostedZones"], false, false],
        ["several zones matched: not a not-found",
            `invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* multiple Route 53 Hosted Zones matched; use additional constraints to reduce matches to a single Route 53 Hosted Zone\n\n`,
            ["multiple Route 53 Hosted Zones matched; use additional constraints to reduce matches to a single Route 53 Hosted Zone"], false, true],
        ["several zones in the older provider's one line",
            `invocation of ${ZONE} returned an error: invoking ${ZONE}: multiple Route53Zone found please use vpc_id option to filter`,
            ["multiple Route53Zone found please use vpc_id option to filter"], false, true],
        ["a bare message (mocks that throw a plain Error)", "no matching Route 53 Hosted Zone found", ["no matching Route 53 Hosted Zone found"], true, false],
        ["no endpoint of this component's marks",
            `invocation of ${VPCE} returned an error: invoking ${VPCE}: 1 error occurred:\n\t* no matching EC2 VPC Endpoint found\n\n`,
            ["no matching EC2 VPC Endpoint found"], true, false],
        ["two endpoints of this component's marks",
            `invocation of ${VPCE} returned an error: invoking ${VPCE}: 1 error occurred:\n\t* multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint\n\n`,
            ["multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint"], false, true],
        ["no resolver of this component's name",
            `invocation of ${RESOLVER} returned an error: invoking ${RESOLVER}: 1 error occurred:\n\t* no Route53 Resolver Endpoint matched\n\n`,
            ["no Route53 Resolver Endpoint matched"], true, false],
        ["two resolvers of this component's name",
            `invocation of ${RESOLVER} returned an error: invoking ${RESOLVER}: 1 error occurred:\n\t* 2 Route53 Resolver Endpoints matched; use additional constraints to reduce matches to a single Route53 Resolver Endpoint\n\n`,
            ["2 Route53 Resolver Endpoints matched; use additional constraints to reduce matches to a single Route53 Resolver Endpoint"], false, true],
    ];
    const unknownPrefixes: [string, string, string[], boolean, boolean][] = [
        ["an older CLI's or the Automation API's gRPC prefix before the engine's wrapper",
            `rpc error: code = Unknown desc = invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* no matching Route 53 Hosted Zone found\n\n`,
            ["no matching Route 53 Hosted Zone found"], true, false],
        ["an SDK's `Error: ` before the provider's one line, no engine wrapper",
            `Error: invoking ${ZONE}: no matching Route53Zone found`,
            ["no matching Route53Zone found"], true, false],
        ["an SDK's `Error: ` before the engine's wrapper, several endpoints",
            `Error: invocation of ${VPCE} returned an error: invoking ${VPCE}: 1 error occurred:\n\t* multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint\n\n`,
            ["multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint"], false, true],
        ["the gRPC prefix before the provider's one line, several resolvers",
            `rpc error: code = Unknown desc = invoking ${RESOLVER}: 2 Route53 Resolver Endpoints matched; use additional constraints to reduce matches to a single Route53 Resolver Endpoint`,
            ["2 Route53 Resolver Endpoints matched; use additional constraints to reduce matches to a single Route53 Resolver Endpoint"], false, true],
        ["a list laid out otherwise (dashes, no count line): one reason, the not-found still read",
            `invocation of ${VPCE} returned an error: invoking ${VPCE}: 2 problems:\n  - reading EC2 VPC Endpoints: retrying\n  - no matching EC2 VPC Endpoint found\n`,
            ["2 problems:\n  - reading EC2 VPC Endpoints: retrying\n  - no matching EC2 VPC Endpoint found"], true, false],
        ["the engine's text on a later line of a tool's own message",
            `error: update failed\n  invocation of ${RESOLVER} returned an error: invoking ${RESOLVER}: 1 error occurred:\n\t* no Route53 Resolver Endpoint matched\n\n`,
            [`error: update failed\n  invocation of ${RESOLVER} returned an error: invoking ${RESOLVER}: 1 error occurred:\n\t* no Route53 Resolver Endpoint matched`], true, false],
    ];
    const unrelated: [string, string, string[], boolean, boolean][] = [
        ["no credentials: `No valid credential sources found` is not a lookup's answer",
            `invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* unable to validate AWS credentials.\nDetails: No valid credential sources found.\n\n`,
            ["unable to validate AWS credentials.\nDetails: No valid credential sources found."], false, false],
        ["no instance role, behind the gRPC prefix: `no EC2 IMDS role found`",
            `rpc error: code = Unknown desc = invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* listing Route 53 Hosted Zones: operation error Route 53: ListHostedZones, ` +
                "get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded\n\n",
            ["listing Route 53 Hosted Zones: operation error Route 53: ListHostedZones, get identity: get credentials: failed to refresh cached credentials, " +
                "no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded"], false, false],
        ["access denied without an identity policy, behind `Error: `",
            `Error: invoking ${VPCE}: reading EC2 VPC Endpoints: operation error EC2: DescribeVpcEndpoints, https response error StatusCode: 403, api error UnauthorizedOperation: ` +
                "You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: ec2:DescribeVpcEndpoints " +
                "because no identity-based policy allows the ec2:DescribeVpcEndpoints action",
            ["reading EC2 VPC Endpoints: operation error EC2: DescribeVpcEndpoints, https response error StatusCode: 403, api error UnauthorizedOperation: " +
                "You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: ec2:DescribeVpcEndpoints " +
                "because no identity-based policy allows the ec2:DescribeVpcEndpoints action"], false, false],
        ["throttled, in a two-item list with an API NotFound code",
            `invocation of ${VPCE} returned an error: invoking ${VPCE}: 2 errors occurred:\n\t* reading EC2 VPC Endpoints: operation error EC2: DescribeVpcEndpoints, ` +
                "failed to get rate limit token, retry quota exceeded, 0 available, 5 requested\n\t* api error InvalidVpcEndpointId.NotFound: The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist\n\n",
            ["reading EC2 VPC Endpoints: operation error EC2: DescribeVpcEndpoints, failed to get rate limit token, retry quota exceeded, 0 available, 5 requested",
                "api error InvalidVpcEndpointId.NotFound: The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist"], false, false],
    ];
    const read = (text: string) => {
        const failure = readInvokeFailure(new Error(text));
        return { reasons: failure.reasons, notFound: failure.notFound, several: failure.several };
    };
    for (const [what, text, reasons, notFound, several] of forms) {
        it(`reads ${what}`, () => {
            expect(read(text)).to.deep.equal({ reasons, notFound, several });
        });
    }
    for (const [what, text, reasons, notFound, several] of unknownPrefixes) {
        it(`reads the provider's answer behind ${what}`, () => {
            expect(read(text)).to.deep.equal({ reasons, notFound, several });
        });
    }
    for (const [what, text, reasons, notFound, several] of unrelated) {
        it(`reads neither not-found nor several in ${what}`, () => {
            expect(read(text)).to.deep.equal({ reasons, notFound, several });
        });
    }

    it("shows the provider's reasons on one line, never the wrapper", () => {
        const text = "invocation of aws:ec2/getVpc:getVpc returned an error: invoking aws:ec2/getVpc:getVpc: 2 errors occurred:\n\t* no matching EC2 VPC found\n\t* something\nelse\n\n";
        expect(reasonText(readInvokeFailure(new Error(text)))).to.equal("no matching EC2 VPC found; something else");
    });

    it("keeps an empty error readable", () => {
        expect(readInvokeFailure(new Error("")).reasons).to.deep.equal(["(no message)"]);
        expect(readInvokeFailure("plain string").reasons).to.deep.equal(["plain string"]);
    });
});

describe("replies: lookup answers", () => {
    it("reads a VPC's associated CIDR blocks only", () => {
        expect(readVpc({
            id: "vpc-0123456789abcdef0", enableDnsSupport: true, enableDnsHostnames: false,
            cidrBlockAssociations: [{ cidrBlock: "10.0.0.0/16", state: "associated" }, { cidrBlock: "10.1.0.0/16", state: "disassociating" }],
        })).to.deep.equal({ id: "vpc-0123456789abcdef0", cidrBlocks: ["10.0.0.0/16"], enableDnsSupport: true, enableDnsHostnames: false });
    });

    it("reads a zone without comment or tags (older providers) as an empty comment and no tags", () => {
        expect(readZone({ zoneId: "Z01", name: "a.example" })).to.deep.equal({ zoneId: "Z01", name: "a.example", comment: "", tags: {} });
    });

    it("reads record sets: a weighted A record, an alias (no TTL), a plain NS record (no weight)", () => {
        expect(readRecordSets({ resourceRecordSets: [
            { name: "a.example.", type: "A", setIdentifier: "ep1-enis", weight: 1, ttl: 60, resourceRecords: [{ value: "10.0.0.9" }] },
            { name: "a.example.", type: "A", setIdentifier: "ep2-alias", weight: 1, ttl: 0, aliasTarget: { dnsName: "vpce-1.example.", hostedZoneId: "Z7", evaluateTargetHealth: false } },
            { name: "a.example.", type: "NS", setIdentifier: "", weight: 0, ttl: 172800, resourceRecords: [{ value: "ns-1.awsdns-01.com." }] },
        ] })).to.deep.equal([
            { name: "a.example.", type: "A", setIdentifier: "ep1-enis", weight: 1, ttl: 60, values: ["10.0.0.9"], aliasTarget: undefined },
            { name: "a.example.", type: "A", setIdentifier: "ep2-alias", weight: 1, ttl: undefined, values: [], aliasTarget: "vpce-1.example." },
            { name: "a.example.", type: "NS", setIdentifier: "", weight: undefined, ttl: 172800, values: ["ns-1.awsdns-01.com."], aliasTarget: undefined },
        ]);
    });

    it("names the lookup and the field an echo mock left out, and points at iotvpc/testing", () => {
        const problemOf = (f: () => unknown) => {
            try {
                f();
            } catch (e) {
                expect(e).to.be.instanceOf(MalformedReply);
                return (e as MalformedReply).problem;
            }
            throw new Error("expected a MalformedReply");
        };
        expect(problemOf(() => readRegion({}))).to.deep.include({
            argument: "aws:index/getRegion:getRegion",
            value: "region undefined",
            problem: "the lookup answered without a string region, which AWS always returns (a mock that echoes its inputs?).",
        });
        expect(problemOf(() => readSubnet({ id: "subnet-0123456789abcdef0" })).value).to.equal("availabilityZone undefined");
        expect(problemOf(() => readRegion({})).fix).to.contain("use mockAwsAccount from iotvpc/testing");
    });
});

describe("replies: whose network interface an address is, from the interface's description", () => {
    // The descriptions AWS gives the interfaces of an interface endpoint and of a resolver endpoint (the
    // resolver's: row `resolver-interface-description` of simulation/aws/behaviours.ts); any other is not ours.
    it("reads the endpoint of an endpoint interface, and nothing from near-misses", () => {
        expect(endpointOfInterface("VPC Endpoint Interface vpce-0123456789abcdef0")).to.equal("vpce-0123456789abcdef0");
        for (const other of [
            "VPC Endpoint Interface vpce-svc-0123456789abcdef0", // an endpoint service's id
            "VPC Endpoint Interface vpce-0123456789abcdef0 (copy)", // an interface someone described by hand
            "vpce-0123456789abcdef0",
            "VPC Endpoint Interface VPCE-0123456789ABCDEF0",
            "Interface for NAT Gateway nat-0123456789abcdef0",
            "Route 53 Resolver: rslvr-in-0123456789abcdef0:rni-0123456789abcdef0",
            "",
        ]) {
            expect(endpointOfInterface(other), other).to.equal(undefined);
        }
    });

    it("reads the resolver endpoint of a resolver interface, inbound or outbound, and nothing from near-misses", () => {
        expect(resolverOfInterface("Route 53 Resolver: rslvr-in-0123456789abcdef0:rni-0123456789abcdef0")).to.equal("rslvr-in-0123456789abcdef0");
        expect(resolverOfInterface("Route 53 Resolver: rslvr-out-0123456789abcdef1:rni-0123456789abcdef1")).to.equal("rslvr-out-0123456789abcdef1");
        // read loosely (no AWS document states the form): the endpoint id in any description naming the resolver
        for (const variant of [
            "Route 53 Resolver: rslvr-in-0123456789abcdef0", // no interface id after the endpoint's
            "Route53 Resolver: rslvr-in-0123456789abcdef0:rni-0123456789abcdef0",
            "Route 53 Resolver endpoint rslvr-in-0123456789abcdef0 (rni-0123456789abcdef0)",
        ]) {
            expect(resolverOfInterface(variant), variant).to.equal("rslvr-in-0123456789abcdef0");
        }
        for (const other of [
            "Route 53 Resolver: rslvr-rr-0123456789abcdef0:rni-0123456789abcdef0", // a resolver rule's id
            "Route 53 Resolver: rslvr-in-0123456789abcdefX", // not an id
            "interface of rslvr-in-0123456789abcdef0", // does not name the resolver
            "VPC Endpoint Interface vpce-0123456789abcdef0",
            "",
        ]) {
            expect(resolverOfInterface(other), other).to.equal(undefined);
        }
    });
});

describe("replies: the component under a consumer's echo mocks", () => {
    it("gives a named problem, not a TypeError", async () => {
        const account = new FakeAwsAccount();
        const run = await runProgram(account, () => {
            // the harness sets the fake's mocks; replace them with the echo mocks a consumer writes
            void pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "project", "stack", false);
            const c = new IotCoreVpcEndpoints("iot", { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] });
            return { endpoint: c.dataEndpoint };
        });
        expect(run.error, "the run fails").to.not.equal(undefined);
        expect(run.error!.message).to.not.contain("TypeError");
        // whichever lookup answers first: each names itself, its missing field, and iotvpc/testing
        expect(run.error!.message).to.match(/^IotCoreVpcEndpoints "iot" has 1 invalid argument problem:\n {2}- aws:[a-z0-9]+\/get[A-Za-z]+:get[A-Za-z]+ = [A-Za-z]+ undefined: the lookup answered without a [a-z ]+ [A-Za-z]+, which AWS always returns \(a mock that echoes its inputs\?\)\. Fix: .*use mockAwsAccount from iotvpc\/testing/);
    });
});

describe("replies: the fake account fails lookups as the engine hands them over", () => {
    for (const providerErrors of ["current", "legacy"] as const) {
        it(`a first deploy finds no zone yet and creates one (${providerErrors} provider wording)`, async () => {
            const account = new FakeAwsAccount({ providerErrors });
            const { vpc, subnets } = account.addVpc("main");
            const run = await runProgram(account, () => {
                const c = new IotCoreVpcEndpoints("iot", { vpcId: vpc.id, subnetIds: subnets.slice(0, 2).map((s) => s.id) });
                return { zone: c.hostedZoneId };
            });
            expect(run.error, run.error?.message).to.equal(undefined);
            expect(account.refusals).to.deep.equal([]);
            expect(account.dnsAnswers("a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", vpc.id)).to.have.length(2);
        });

        it(`a VPC that does not exist shows the provider's reason, not the wrapper (${providerErrors} wording)`, async () => {
            const env = standardAccount();
            const fresh = new FakeAwsAccount({ providerErrors });
            const run = await runProgram(fresh, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2) }));
            expect(run.error!.message).to.contain(`- vpcId = "${env.vpc.id}": was not found in us-east-1: no matching EC2 VPC found Fix:`);
            expect(run.error!.message).to.not.contain("invocation of");
        });
    }
});
