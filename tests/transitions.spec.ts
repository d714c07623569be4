/**
 * The day-2 judgments of `components/transitions.ts`, called in process with plain data: every message a
 * user reads written out, and each boundary on both sides.
 */
import { expect } from "chai";

import { RecordLayout } from "../components/args";
import {
    AddressHolder, DeployedRecord, LiveEndpoint, ZoneChange, layoutOfSetIdentifiers, managedBy, pinnedAddressProblems, splitSetIdentifier, zoneChangeProblems,
} from "../components/transitions";

const A = "subnet-0aaaaaaaaaaaaaaaa";
const B = "subnet-0bbbbbbbbbbbbbbbb";
const C = "subnet-0cccccccccccccccc";
const SUBNETS = [{ id: A, cidrBlock: "10.20.0.0/20" }, { id: B, cidrBlock: "10.20.16.0/20" }];
const ep = (id: string) => `VPC Endpoint Interface ${id}`;
const holder = (ip: string, subnetId: string, description: string, interfaceId = `eni-${ip.replace(/\./g, "")}`): AddressHolder => ({ ip, interfaceId, subnetId, description });
const PINS = { [A]: ["10.20.0.10", "10.20.0.11"], [B]: ["10.20.16.10", "10.20.16.11"] };
const LIVE: LiveEndpoint[] = [{ key: "ep1", id: "vpce-1", subnetIds: [A, B] }, { key: "ep2", id: "vpce-2", subnetIds: [A, B] }];
const OWN = [holder("10.20.0.10", A, ep("vpce-1")), holder("10.20.0.11", A, ep("vpce-2")), holder("10.20.16.10", B, ep("vpce-1")), holder("10.20.16.11", B, ep("vpce-2"))];
const CHANGE_PROBLEM = "changes the subnet configuration of endpoints that devices resolve now: AWS replaces the network interface of every configuration an update sends with an address, " +
    "and the AWS provider sends all of an endpoint's configurations when any changes (EC2 API reference, SubnetConfiguration; terraform-provider-aws vpc_endpoint.go), " +
    "so every interface of these endpoints would be re-created while devices use them.";
const CHANGE_FIX = "make the change in two updates: first leave endpointIps out (nothing is sent to AWS; the records keep the addresses the interfaces have), then change subnetIds " +
    "or drainingSubnetIds: only the added or removed subnet's interface changes, an added one at an address AWS picks, and the others keep theirs while their endpoint exists. " +
    "An interface's address cannot change without re-creating every interface of its endpoint.";

describe("transitions: pinned addresses against what holds them", () => {
    const judge = (over: Partial<Parameters<typeof pinnedAddressProblems>[0]>) =>
        pinnedAddressProblems({ endpointIps: PINS, subnets: SUBNETS, endpointKeys: ["ep1", "ep2"], live: LIVE, holders: OWN, ...over });

    it("accepts a first deploy (nothing holds the addresses, no endpoint exists) and a redeploy (each held by its own endpoint's interface)", () => {
        expect(judge({ live: [], holders: [] })).to.deep.equal([]);
        expect(judge({})).to.deep.equal([]);
    });

    it("names an address another interface holds, with the holder and how to find it", () => {
        expect(judge({ live: [], holders: [holder("10.20.16.11", B, "an instance", "eni-0f00")] })).to.deep.equal([{
            argument: `endpointIps.${B}`, value: "\"10.20.16.11\"",
            problem: `is in use by eni-0f00 (an instance) in ${B}: EC2 gives an address to one network interface, so AWS would refuse it (InvalidIPAddress.InUse) part-way through the update.`,
            fix: "pick a free address of 10.20.16.0/20 (aws ec2 describe-network-interfaces --filters Name=addresses.private-ip-address,Values=10.20.16.11), or free that one first.",
        }]);
        // a holder without a description is named by id alone
        expect(judge({ live: [], holders: [holder("10.20.0.10", A, "", "eni-0f01")] })[0].problem).to.equal(
            `is in use by eni-0f01 in ${A}: EC2 gives an address to one network interface, so AWS would refuse it (InvalidIPAddress.InUse) part-way through the update.`);
    });

    it("takes an address held by another of this component's endpoints, or by its own endpoint in another subnet, as in use", () => {
        const swapped = [holder("10.20.0.10", A, ep("vpce-2")), ...OWN.slice(1)];
        expect(judge({ holders: swapped }).map((p) => `${p.argument} ${p.value}`)).to.deep.equal([`endpointIps.${A} "10.20.0.10"`]);
        const otherSubnet = [holder("10.20.0.10", B, ep("vpce-1")), ...OWN.slice(1)];
        expect(judge({ holders: otherSubnet }).map((p) => p.argument)).to.deep.equal([`endpointIps.${A}`]);
    });

    it("refuses a new address for a live endpoint, and a subnet it would gain or lose, in one problem with the procedure", () => {
        const moved = { ...PINS, [B]: ["10.20.16.10", "10.20.16.12"] };
        expect(judge({ endpointIps: moved, holders: OWN.filter((h) => h.ip !== "10.20.16.11") })).to.deep.equal([{
            argument: "endpointIps", value: `["ep2 in ${B}: gets 10.20.16.12"]`, problem: CHANGE_PROBLEM, fix: CHANGE_FIX,
        }]);
        const grown = { ...PINS, [C]: ["10.20.32.10", "10.20.32.11"] };
        expect(judge({ endpointIps: grown, subnets: [...SUBNETS, { id: C, cidrBlock: "10.20.32.0/20" }] })[0].value)
            .to.equal(`["ep1 in ${C}: gets 10.20.32.10","ep2 in ${C}: gets 10.20.32.11"]`);
        const { [B]: _b, ...shrunk } = PINS;
        expect(judge({ endpointIps: shrunk, subnets: SUBNETS.slice(0, 1) })[0].value).to.equal(`["ep1 leaves ${B}","ep2 leaves ${B}"]`);
    });

    it("gives a new endpoint its addresses freely, and says nothing of subnets when no address is pinned", () => {
        expect(judge({ endpointIps: { [A]: ["10.20.0.10", "10.20.0.11", "10.20.0.12"], [B]: ["10.20.16.10", "10.20.16.11", "10.20.16.12"] }, endpointKeys: ["ep1", "ep2", "ep3"] })).to.deep.equal([]);
        expect(judge({ endpointIps: undefined, subnets: SUBNETS.slice(0, 1), holders: [] })).to.deep.equal([]);
    });

    it("lets the resolver keep its own addresses, and names another holder of one", () => {
        const resolverIps = [{ subnetId: A, ip: "10.20.0.53" }, { subnetId: B, ip: "10.20.16.53" }];
        const own = [holder("10.20.0.53", A, "Route 53 Resolver: rslvr-in-0123456789abcdef0:rni-1"), holder("10.20.16.53", B, "Route 53 Resolver: rslvr-in-0123456789abcdef0:rni-2")];
        expect(judge({ endpointIps: undefined, resolverIps, ownResolverId: "rslvr-in-0123456789abcdef0", holders: own })).to.deep.equal([]);
        expect(judge({ endpointIps: undefined, resolverIps, ownResolverId: undefined, holders: own }).map((p) => `${p.argument} ${p.value}`))
            .to.deep.equal(["inboundResolver.ipAddresses \"10.20.0.53\"", "inboundResolver.ipAddresses \"10.20.16.53\""]);
        expect(judge({ endpointIps: undefined, resolverIps, ownResolverId: "rslvr-in-0123456789abcdef0", holders: [holder("10.20.0.53", A, ep("vpce-9"), "eni-9")] })[0].problem)
            .to.equal(`is in use by eni-9 (VPC Endpoint Interface vpce-9) in ${A}: EC2 gives an address to one network interface, so AWS would refuse it (InvalidIPAddress.InUse) part-way through the update.`);
    });
});

describe("transitions: set identifiers and owners", () => {
    it("splits the component's set identifiers and nothing else", () => {
        expect(splitSetIdentifier(`ep3-${A}`)).to.deep.equal({ endpoint: "ep3", rest: A });
        expect(splitSetIdentifier("cred1-enis")).to.deep.equal({ endpoint: "cred1", rest: "enis" });
        expect(splitSetIdentifier("blue-1")).to.equal(undefined);
        expect(splitSetIdentifier("ep-1")).to.equal(undefined);
    });

    it("reads the layout a set was written in, and none from a mix or from others' records", () => {
        expect(layoutOfSetIdentifiers([`ep1-${A}`, `ep2-${B}`])).to.equal(RecordLayout.PerEni);
        expect(layoutOfSetIdentifiers(["ep1-enis", "ep2-enis"])).to.equal(RecordLayout.PerEndpoint);
        expect(layoutOfSetIdentifiers(["ep1-alias"])).to.equal(RecordLayout.Alias);
        expect(layoutOfSetIdentifiers(["ep1-alias", "ep2-enis"])).to.equal(undefined);
        expect(layoutOfSetIdentifiers(["blue"])).to.equal(undefined);
        expect(layoutOfSetIdentifiers([])).to.equal(undefined);
    });

    it("reads the owner a component wrote in a zone's comment", () => {
        const zone = (comment: string) => ({ zoneId: "Z1", name: "x", comment, tags: {} });
        expect(managedBy(zone("Private AWS IoT Core data endpoint (interface VPC endpoints); managed by iotvpc p/s/iot"))).to.equal("p/s/iot");
        expect(managedBy(zone("made by hand"))).to.equal(undefined);
    });
});

describe("transitions: a zone's records during the update", () => {
    const NAME = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";
    const found = { zoneId: "Z1", name: NAME, comment: "ours", tags: {} };
    const rec = (setIdentifier: string, values: string[], over: Partial<DeployedRecord> = {}): DeployedRecord =>
        ({ name: `${NAME}.`, type: "A", setIdentifier, weight: 1, ttl: 60, values, alias: false, ...over });
    const base: ZoneChange = {
        label: "ats", zoneArgument: "vpcId", adoptArgument: "existingHostedZoneId", zoneName: NAME, vpcId: "vpc-1", found, ours: true, comment: "ours",
        deployed: [rec(`ep1-${A}`, ["10.20.0.9"]), rec(`ep1-${B}`, ["10.20.16.9"])],
        planned: [{ setIdentifier: `ep1-${A}`, endpointKey: "ep1", alias: false }, { setIdentifier: `ep1-${B}`, endpointKey: "ep1", alias: false }],
        layout: RecordLayout.PerEni, ttl: 60,
        subnets: [{ key: A, id: A, cidrBlock: "10.20.0.0/20", draining: false }, { key: B, id: B, cidrBlock: "10.20.16.0/20", draining: false }],
        endpointKeys: ["ep1"],
    };

    it("accepts an unchanged zone", () => {
        expect(zoneChangeProblems(base)).to.deep.equal([]);
    });

    it("refuses a TTL that differs from the deployed set's, with the two-update procedure", () => {
        expect(zoneChangeProblems({ ...base, ttl: 30 })).to.deep.equal([{
            argument: "ttl", value: "30",
            problem: `differs from the TTL 60 of the deployed weighted records for ${NAME}; Route 53 refuses a weighted set with two TTLs and the AWS provider changes records one request at a time, so the update would stop at its first record.`,
            fix: "change it in two updates: first recordLayout: \"alias\" (alias records carry no TTL; devices keep resolving the endpoints), then recordLayout: \"perEni\" with ttl: 30.",
        }]);
    });

    it("refuses removing a subnet whose records answer, and accepts it once they are drained (weight 0)", () => {
        const without = { ...base, subnets: base.subnets.slice(0, 1), planned: base.planned.slice(0, 1) };
        expect(zoneChangeProblems(without).map((p) => `${p.argument} ${p.value}`)).to.deep.equal([`subnetIds ["${B}"]`]);
        const drained = { ...without, deployed: [base.deployed[0], rec(`ep1-${B}`, ["10.20.16.9"], { weight: 0 })] };
        expect(zoneChangeProblems(drained)).to.deep.equal([]);
    });

    it("refuses more than 100 weighted records while old and new coexist, and accepts 100", () => {
        const deployed = Array.from({ length: 60 }, (_, i) => rec(`ep${i + 1}-enis`, [`10.20.0.${i + 10}`]));
        const planned = (n: number) => Array.from({ length: n }, (_, i) => ({ setIdentifier: `ep${i + 1}-alias`, endpointKey: `ep${i + 1}`, alias: true }));
        const change = (n: number): ZoneChange => ({ ...base, deployed, planned: planned(n), layout: RecordLayout.Alias, endpointKeys: planned(n).map((p) => p.endpointKey), previousLayout: RecordLayout.PerEndpoint });
        expect(zoneChangeProblems(change(40))).to.deep.equal([]);
        expect(zoneChangeProblems(change(41)).map((p) => `${p.argument} ${p.value}`)).to.deep.equal(["recordLayout \"alias\""]);
        expect(zoneChangeProblems(change(41))[0].problem).to.equal(
            `would hold 101 weighted records for ${NAME} during the update (60 deployed, 41 added; the 60 that go are deleted only at its end); Route 53 allows 100.`);
    });

    it("names a zone of the name that this component did not make, and one another iotvpc component made", () => {
        const theirs = zoneChangeProblems({ ...base, ours: false, found: { ...found, comment: "dns team" } });
        expect(theirs.map((p) => `${p.argument}: ${p.fix}`)).to.deep.equal([
            "vpcId: pass existingHostedZoneId: \"Z1\" to put this component's records in that zone, or disassociate that zone from vpc-1 first."]);
        const other = zoneChangeProblems({ ...base, ours: false, found: { ...found, comment: "x; managed by iotvpc p/other/iot" } });
        expect(other[0].problem).to.contain("managed by iotvpc p/other/iot");
    });

    it("refuses a simple A record at the apex of an adopted zone", () => {
        const adopted = zoneChangeProblems({ ...base, ours: false, adoptZoneId: "Z1", found: { ...found, comment: "dns team" }, deployed: [rec("", ["10.9.9.9"], { weight: undefined })] });
        expect(adopted.map((p) => `${p.argument} ${p.value}`)).to.deep.equal(["existingHostedZoneId \"Z1\""]);
    });
});

describe("transitions: every message of a zone's change, in full", () => {
    const NAME = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";
    const found = { zoneId: "Z1", name: NAME, comment: "ours", tags: {} };
    const rec = (setIdentifier: string, values: string[], over: Partial<DeployedRecord> = {}): DeployedRecord =>
        ({ name: `${NAME}.`, type: "A", setIdentifier, weight: 1, ttl: 60, values, alias: false, ...over });
    const base: ZoneChange = {
        label: "ats", zoneArgument: "vpcId", adoptArgument: "existingHostedZoneId", zoneName: NAME, vpcId: "vpc-1", found, ours: true, comment: "ours",
        deployed: [rec("ep1-enis", ["10.20.0.9", "10.20.16.9"])],
        planned: [{ setIdentifier: "ep1-enis", endpointKey: "ep1", alias: false }],
        layout: RecordLayout.PerEndpoint, ttl: 60,
        subnets: [{ key: A, id: A, cidrBlock: "10.20.0.0/20", draining: false }, { key: B, id: B, cidrBlock: "10.20.16.0/20", draining: false }],
        endpointKeys: ["ep1"],
    };

    it("a component that moved to another VPC", () => {
        expect(zoneChangeProblems({ ...base, found: undefined, ours: false, deployed: [], ownZoneElsewhere: { zoneId: "Z9", name: NAME, comment: "ours", tags: {} } })).to.deep.equal([{
            argument: "vpcId", value: "\"vpc-1\"",
            problem: `is not the VPC this component's private zone for ${NAME} (Z9) is associated with: a deployed component cannot move to another VPC ` +
                "(the zone keeps its VPCs, so devices in the new one would resolve the public endpoint).",
            fix: "keep vpcId as it was; to move, add a second IotCoreVpcEndpoints (another name) with vpcId \"vpc-1\", move the devices, then remove this one. " +
                "If Z9 was disassociated from the VPC by hand, associate it again (aws route53 associate-vpc-with-hosted-zone).",
        }]);
    });

    it("adopting the zone the component manages, a zone that is not the VPC's, and one when the VPC has none", () => {
        expect(zoneChangeProblems({ ...base, adoptZoneId: "Z1" })).to.deep.equal([{
            argument: "existingHostedZoneId", value: "\"Z1\"",
            problem: "is the private zone this component created and manages; adopting it would stop declaring it, so the update would delete it at its end (refused while it holds records: HostedZoneNotEmpty).",
            fix: "leave existingHostedZoneId out: the component keeps managing its zone.",
        }]);
        expect(zoneChangeProblems({ ...base, ours: false, adoptZoneId: "Z2" })).to.deep.equal([{
            argument: "existingHostedZoneId", value: "\"Z2\"", problem: `is not the private zone for ${NAME} associated with vpc-1: that is Z1.`,
            fix: "pass existingHostedZoneId: \"Z1\", or leave it out once that zone is gone.",
        }]);
        expect(zoneChangeProblems({ ...base, found: undefined, ours: false, deployed: [], adoptZoneId: "Z2" })).to.deep.equal([{
            argument: "existingHostedZoneId", value: "\"Z2\"", problem: `is not a private zone for ${NAME} associated with vpc-1.`,
            fix: `associate zone Z2 (named ${NAME}) with vpc-1 first, or leave existingHostedZoneId out to let the component create the zone.`,
        }]);
        // the adopted zone the VPC does have, not the component's: judged like its own
        expect(zoneChangeProblems({ ...base, ours: false, adoptZoneId: "Z1" })).to.deep.equal([]);
    });

    it("another iotvpc component's zone on the VPC, with the command that marks it as this one's", () => {
        expect(zoneChangeProblems({ ...base, ours: false, found: { ...found, comment: "x; managed by iotvpc p/other/iot" }, comment: "mine" })).to.deep.equal([{
            argument: "vpcId", value: "\"vpc-1\"",
            problem: `already has a private hosted zone for ${NAME} (Z1) managed by iotvpc p/other/iot: another stack or component on this VPC, or this component before a stack or project rename. ` +
                "Route 53 refuses a second private zone of the same name in one VPC (ConflictingDomainExists).",
            fix: "if it is this component renamed, mark the zone as this one's: aws route53 update-hosted-zone-comment --id Z1 --comment \"mine\", then run again. " +
                "Otherwise remove the other component, or deploy this one to another VPC.",
        }]);
        expect(managedBy({ zoneId: "Z1", name: NAME, comment: "; managed by iotvpc p/s/n", tags: {} })).to.equal("p/s/n");
    });

    it("a simple A record at the apex, and no problem from records of other names or types", () => {
        expect(zoneChangeProblems({ ...base, deployed: [...base.deployed, rec("", ["10.9.9.9"], { weight: undefined })] })).to.deep.equal([{
            argument: "existingHostedZoneId", value: "\"Z1\"",
            problem: `holds a non-weighted A record for ${NAME}; Route 53 cannot mix it with the component's weighted records, and it would answer devices itself.`,
            fix: "delete that record from Z1 (aws route53 change-resource-record-sets), then run the update again.",
        }]);
        expect(zoneChangeProblems({ ...base, deployed: [...base.deployed, rec("", ["x"], { type: "TXT", weight: undefined }), rec("", ["10.9.9.9"], { name: `other.${NAME}.`, weight: undefined })] }))
            .to.deep.equal([]);
    });

    it("more than 100 records by growth names expectedConnections and the count added", () => {
        const deployed = Array.from({ length: 60 }, (_, i) => rec(`ep${i + 1}-enis`, [`10.20.0.${i + 10}`]));
        const planned = Array.from({ length: 101 }, (_, i) => ({ setIdentifier: `ep${i + 1}-enis`, endpointKey: `ep${i + 1}`, alias: false }));
        expect(zoneChangeProblems({ ...base, deployed, planned, endpointKeys: planned.map((p) => p.endpointKey) })).to.deep.equal([{
            argument: "expectedConnections", value: "41 records added",
            problem: `would hold 101 weighted records for ${NAME} during the update (60 deployed, 41 added; the 0 that go are deleted only at its end); Route 53 allows 100.`,
            fix: "make the change in two updates that each stay within 100: first one that only removes records (fewer endpoints, or subnets drained and removed), then the one that adds.",
        }]);
    });

    it("a TTL change: refused for records with a TTL, not for alias records nor when nothing is planned", () => {
        expect(zoneChangeProblems({ ...base, ttl: 30 }).map((p) => p.value)).to.deep.equal(["30"]);
        expect(zoneChangeProblems({ ...base, ttl: 30, layout: RecordLayout.Alias, planned: [{ setIdentifier: "ep1-alias", endpointKey: "ep1", alias: true }] })).to.deep.equal([]);
        expect(zoneChangeProblems({ ...base, ttl: 30, planned: [] })).to.deep.equal([]);
        expect(zoneChangeProblems({ ...base, ttl: 30, deployed: [rec("ep1-alias", [], { alias: true, ttl: undefined })] })).to.deep.equal([]);
    });

    it("removing a subnet that perEndpoint records still answer, in full; drained, alias and others' records do not count", () => {
        const without = { ...base, subnets: base.subnets.slice(0, 1) };
        expect(zoneChangeProblems(without)).to.deep.equal([{
            argument: "subnetIds", value: "[\"10.20.16.9\"]",
            problem: `removes subnets whose network interfaces records for ${NAME} still answer: the endpoints drop those interfaces when they are updated, ` +
                "and the records go only at the end of the update, so devices would resolve addresses that no longer exist in between.",
            fix: "remove a subnet in two updates: first move it from subnetIds to drainingSubnetIds (its records stop answering; wait one TTL, 60 s), then remove it from drainingSubnetIds.",
        }]);
        expect(zoneChangeProblems({ ...without, deployed: [rec("ep1-enis", ["10.20.0.9", "10.20.16.9"], { weight: 0 })] })).to.deep.equal([]);
        expect(zoneChangeProblems({ ...without, deployed: [rec("ep2-enis", ["10.20.16.9"])] })).to.deep.equal([]);
        expect(zoneChangeProblems({ ...without, deployed: [rec("blue-1", ["10.20.16.9"])] })).to.deep.equal([]);
        expect(zoneChangeProblems({ ...without, deployed: [rec("ep1-alias", [], { alias: true, ttl: undefined })], layout: RecordLayout.Alias,
            planned: [{ setIdentifier: "ep1-alias", endpointKey: "ep1", alias: true }] })).to.deep.equal([]);
    });

    it("splits only identifiers that start with the component's endpoint keys", () => {
        expect(splitSetIdentifier("blue-ep1-x")).to.equal(undefined);
    });
});

describe("transitions: pinned addresses, the edges", () => {
    it("names a resolver address's subnet when it is not one of the endpoints'", () => {
        const problems = pinnedAddressProblems({
            subnets: SUBNETS, endpointKeys: ["ep1"], live: [],
            resolverIps: [{ subnetId: C, ip: "10.20.32.53" }], holders: [holder("10.20.32.53", C, "", "eni-1")],
        });
        expect(problems.map((p) => p.fix)).to.deep.equal([`pick a free address of ${C} (aws ec2 describe-network-interfaces --filters Name=addresses.private-ip-address,Values=10.20.32.53), or free that one first.`]);
        expect(pinnedAddressProblems({ subnets: SUBNETS, endpointKeys: ["ep1"], live: [], holders: [holder("10.20.32.53", C, "", "eni-1")] })).to.deep.equal([]);
    });
});
