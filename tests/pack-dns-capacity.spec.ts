/**
 * The DNS and capacity policies called in-process on hand-made resource snapshots (no pack process): each
 * verdict in both directions, the exact text a user reads, the config the pack falls back from, and the
 * values a preview does not know yet. Every expected value is written out here, worked by hand from the
 * source document and AWS's documented limits.
 */
import { expect } from "chai";

import { AnalyzedResource } from "../simulation/policyPack";
import { RESOURCE_TYPES as T } from "../components/resourceTypes";
import { componentCapacityArgs, endpointCapacity, endpointsPerVpc, mqttKeepAlive } from "../policy-pack/capacity";
import { atsOnly, privateZoneConflict, weightedRecords } from "../policy-pack/dns";
import { judge, judgeStack, messages } from "./support/inProcess";
import { ATS, OTHER_VPC, SUBNETS, U, VPC, componentArgs, iotEndpoint, res, weightedRecord, zone, zoneAssociation } from "./support/stacks";

// ----- hand-made resources (support/stacks.ts; `U` is a value a preview does not know yet) -----

const LEGACY = "a3k7odshaiipe8.iot.us-east-1.amazonaws.com";
/** The address of every weighted record here: the policies compare weights, identifiers and TTLs, not addresses. */
const IP = "10.20.0.11";

/**
 * An IoT data endpoint (`iotEndpoint`) with the id it has once deployed (`vpce-<name>`), which
 * `iotEndpoint` does not set, and, for the capacity policies, the component it is a child of.
 */
const endpoint = (name: string, props: Record<string, unknown> = {}, parent?: AnalyzedResource) =>
    iotEndpoint(name, { id: `vpce-${name}`, ...props }, parent ? { parent: parent.urn } : {});

const urn = (r: AnalyzedResource) => r.urn;

// ----- iot-dns-weighted-records -----

describe("pack in-process: iot-dns-weighted-records", () => {
    const placed = () => [endpoint("ep1"), zone()];

    it("is mandatory and high severity, and its config caps weighted records at Route 53's 100 per name and type", () => {
        expect([weightedRecords.enforcementLevel, weightedRecords.severity]).to.deep.equal(["mandatory", "high"]);
        expect(weightedRecords.configSchema?.properties.maxWeightedRecords).to.deep.equal({
            type: "integer", minimum: 1, maximum: 100, default: 100,
            description: "Most weighted records allowed per name and type (Route 53 allows 100).",
        });
    });

    it("maxWeightedRecords 2: two records pass, a third is reported on the third record with the fix", () => {
        const [a, b, c] = [weightedRecord("a", IP), weightedRecord("b", IP), weightedRecord("c", IP)];
        expect(judgeStack(weightedRecords, [...placed(), a, b], { maxWeightedRecords: 2 })).to.deep.equal([]);
        expect(judgeStack(weightedRecords, [...placed(), a, b, c], { maxWeightedRecords: 2 })).to.deep.equal([{
            message: `3 weighted records for ${ATS} A; Route 53 allows 2 per name and type. ` +
                "Use fewer endpoints x subnets, or one record per endpoint (recordLayout \"perEndpoint\").",
            urn: urn(c),
        }]);
    });

    it("a maxWeightedRecords that is not a whole number is ignored: the Route 53 limit of 100 applies", () => {
        const records = (n: number) => Array.from({ length: n }, (_, i) => weightedRecord(`r${i + 1}`, IP));
        expect(judgeStack(weightedRecords, [...placed(), ...records(100)], { maxWeightedRecords: 2.5 })).to.deep.equal([]);
        const over = records(101);
        expect(judgeStack(weightedRecords, [...placed(), ...over], { maxWeightedRecords: 2.5 })).to.deep.equal([{
            message: `101 weighted records for ${ATS} A; Route 53 allows 100 per name and type. ` +
                "Use fewer endpoints x subnets, or one record per endpoint (recordLayout \"perEndpoint\").",
            urn: urn(over[100]), // the 101st
        }]);
    });

    it("unequal weights name the distinct weights above 0, smallest first", () => {
        const rs = [weightedRecord("w0", IP, { weightedRoutingPolicies: [{ weight: 0 }] }), weightedRecord("w10", IP, { weightedRoutingPolicies: [{ weight: 10 }] }),
            weightedRecord("w9", IP, { weightedRoutingPolicies: [{ weight: 9 }] }), weightedRecord("w2", IP, { weightedRoutingPolicies: [{ weight: 2 }] })];
        expect(judgeStack(weightedRecords, [...placed(), ...rs])).to.deep.equal([{
            message: `Weighted records for ${ATS} A have unequal weights (2, 9 and 10); the document asks for equal weights across all weighted records. ` +
                "Give every record the same weight (0 only for a record being drained).",
            urn: urn(rs[0]),
        }]);
    });

    it("a record without weights, or whose weights a preview does not know, is not part of the weighted set", () => {
        const plain = (weights: unknown) => weightedRecord("plain", IP, { weightedRoutingPolicies: weights, setIdentifier: undefined, ttl: 300 });
        expect(judgeStack(weightedRecords, [...placed(), weightedRecord("a", IP), weightedRecord("b", IP), plain([])])).to.deep.equal([]);
        expect(judgeStack(weightedRecords, [...placed(), weightedRecord("a", IP), weightedRecord("b", IP), plain(U)])).to.deep.equal([]);
    });

    it("records in a zone outside the stack form one set per zone id", () => {
        const outside = (name: string, zoneId: string, weight: number) => weightedRecord(name, IP, { zoneId, weightedRoutingPolicies: [{ weight }] });
        const a = outside("a", "Z0OUTSIDE00001", 1);
        expect(judgeStack(weightedRecords, [endpoint("ep1"), a, outside("b", "Z0OUTSIDE00001", 2)])).to.deep.equal([{
            message: `Weighted records for ${ATS} A have unequal weights (1 and 2); the document asks for equal weights across all weighted records. ` +
                "Give every record the same weight (0 only for a record being drained).",
            urn: urn(a),
        }]);
        expect(judgeStack(weightedRecords, [endpoint("ep1"), a, outside("b", "Z0OUTSIDE00002", 2)])).to.deep.equal([]);
    });

    it("records whose zone or type a preview does not know are not judged", () => {
        const two = (props: Record<string, unknown>) => [weightedRecord("a", IP, props), weightedRecord("b", IP, { ...props, weightedRoutingPolicies: [{ weight: 2 }] })];
        expect(judgeStack(weightedRecords, [...placed(), ...two({ zoneId: U })])).to.deep.equal([]);
        expect(judgeStack(weightedRecords, [...placed(), ...two({ type: U })])).to.deep.equal([]);
    });

    it("a record that may be an alias (aliases not known yet) has no TTL of its own to compare", () => {
        const maybeAlias = weightedRecord("b", IP, { ttl: 300, aliases: U });
        expect(judgeStack(weightedRecords, [...placed(), weightedRecord("a", IP), maybeAlias])).to.deep.equal([]);
        const first = weightedRecord("a", IP);
        expect(judgeStack(weightedRecords, [...placed(), first, weightedRecord("b", IP, { ttl: 300 })])).to.deep.equal([{
            message: `Weighted records for ${ATS} A have different TTLs (60 and 300); Route 53 refuses a weighted set with more than one TTL ` +
                "(\"weighted sets must contain the same TTL\"). Give every record of the set the same ttl.",
            urn: urn(first),
        }]);
    });

    it("a missing set identifier is reported on its record; unknown ones are not", () => {
        const none = weightedRecord("none", IP, { setIdentifier: undefined });
        expect(judgeStack(weightedRecords, [...placed(), weightedRecord("a", IP), none])).to.deep.equal([{
            message: `Weighted record rec-none for ${ATS} A has no set identifier; Route 53 requires one. Set setIdentifier.`,
            urn: urn(none),
        }]);
        expect(judgeStack(weightedRecords, [...placed(), weightedRecord("a", IP, { setIdentifier: U }), weightedRecord("b", IP, { setIdentifier: U })])).to.deep.equal([]);
    });

    it("a shared set identifier names both records and the fix on the second", () => {
        const two = weightedRecord("two", IP, { setIdentifier: "ep1" });
        expect(judgeStack(weightedRecords, [...placed(), weightedRecord("one", IP, { setIdentifier: "ep1" }), two])).to.deep.equal([{
            message: `Weighted records rec-one and rec-two for ${ATS} A share set identifier "ep1"; each needs its own. Give rec-two another setIdentifier.`,
            urn: urn(two),
        }]);
    });
});

describe("pack in-process: iot-dns-weighted-records, where the zone is attached", () => {
    const attachedMessage = `Zone zone holding ${ATS} is attached to ${OTHER_VPC}, not to the IoT endpoints' VPC (${VPC}). ` +
        "Attach it to that VPC (inline vpcs, or an aws.route53.ZoneAssociation).";

    it("a private zone attached only to another VPC is reported on the zone, naming both VPCs and the fix", () => {
        const z = zone(ATS, [{ vpcId: OTHER_VPC }]);
        expect(judgeStack(weightedRecords, [endpoint("ep1"), z, weightedRecord("a", IP)])).to.deep.equal([{ message: attachedMessage, urn: urn(z) }]);
        expect(judgeStack(weightedRecords, [endpoint("ep1"), zone(ATS, [{ vpcId: OTHER_VPC }, { vpcId: VPC }]), weightedRecord("a", IP)])).to.deep.equal([]);
    });

    it("an association without a VPC id adds nothing to the VPCs the zone is attached to", () => {
        const z = zone(ATS, [{ vpcId: OTHER_VPC }]);
        // built here, not with zoneAssociation (which always sets a vpcId): this association has no vpcId at all
        const vpcLess = res(T.zoneAssociation, "a1", { zoneId: "Z0ABCDEF123456", id: "Z0ABCDEF123456:a1" });
        expect(judgeStack(weightedRecords, [endpoint("ep1"), z, vpcLess, weightedRecord("a", IP)])).to.deep.equal([{ message: attachedMessage, urn: urn(z) }]);
    });

    it("an endpoint whose VPC, or an endpoint whose service, a preview does not know leaves no VPC wrong", () => {
        const z = zone(ATS, [{ vpcId: OTHER_VPC }]);
        expect(judgeStack(weightedRecords, [endpoint("ep1", { vpcId: U }), z, weightedRecord("a", IP)])).to.deep.equal([]);
        expect(judgeStack(weightedRecords, [endpoint("ep1"), endpoint("ep2", { vpcId: U }), z, weightedRecord("a", IP)])).to.deep.equal([]);
        expect(judgeStack(weightedRecords, [endpoint("ep1"), endpoint("ep2", { serviceName: U }), z, weightedRecord("a", IP)])).to.deep.equal([]);
    });

    it("a stack without IoT endpoints has no VPC to attach the zone to", () => {
        expect(judgeStack(weightedRecords, [zone(ATS, [{ vpcId: OTHER_VPC }]), weightedRecord("a", IP)])).to.deep.equal([]);
    });

    it("an association whose VPC a preview does not know may attach the zone", () => {
        expect(judgeStack(weightedRecords, [endpoint("ep1"), zone(ATS, [{ vpcId: OTHER_VPC }]), zoneAssociation("a1", U), weightedRecord("a", IP)])).to.deep.equal([]);
    });

    it("a zone whose VPC attachments cannot be read (no vpc ids, vpcs not a list) is not judged", () => {
        expect(judgeStack(weightedRecords, [endpoint("ep1"), zone(ATS, [{ vpcRegion: "us-east-1" }]), weightedRecord("a", IP)])).to.deep.equal([]);
        expect(judgeStack(weightedRecords, [endpoint("ep1"), zone(ATS, OTHER_VPC), zoneAssociation("a1", OTHER_VPC), weightedRecord("a", IP)])).to.deep.equal([]);
    });

    it("a public zone is reported with the names it holds, sorted, and how to create it private", () => {
        const second = "zzz9-ats.iot.us-east-1.amazonaws.com";
        const z = zone(ATS, []);
        const plain = (name: string, dnsName: string) => weightedRecord(name, IP, { name: dnsName, weightedRoutingPolicies: undefined, setIdentifier: undefined });
        expect(judgeStack(weightedRecords, [endpoint("ep1"), z, plain("r1", second), plain("r2", ATS)])).to.deep.equal([{
            message: `Zone zone holding ${ATS} and ${second} is public; records for IoT endpoint names belong in a private hosted zone attached to the endpoints' VPC. ` +
                "Create the zone with vpcs: [{ vpcId }] (AWS cannot associate a VPC with a public zone later).",
            urn: urn(z),
        }]);
    });

    it("a record whose name a preview does not know is not judged", () => {
        expect(judgeStack(weightedRecords, [endpoint("ep1"), zone(ATS, []), weightedRecord("a", IP, { name: U })])).to.deep.equal([]);
    });
});

// ----- iot-dns-private-zone-conflict -----

describe("pack in-process: iot-dns-private-zone-conflict", () => {
    const DOMAIN = "devices.example.com";
    /** A zone built here, not with stacks.ts's zone (which names every zone resource "zone" and gives each the same id): conflicts need several. */
    const named = (name: string, zoneName: string, id: string, vpcs: unknown = [{ vpcId: VPC }]) => res(T.zone, name, { name: zoneName, vpcs, zoneId: id, id });
    const message = (first: string, second: string, name: string) =>
        `Zones ${first} and ${second} are both private zones for ${name} associated with ${VPC}; Route 53 refuses the second (ConflictingDomainExists). ` +
        `Keep one zone for ${name} per VPC: put its records in ${first} and remove ${second} or its association.`;

    it("is mandatory and high severity, points at Route 53's private zone considerations and takes no config", () => {
        expect([privateZoneConflict.enforcementLevel, privateZoneConflict.severity, privateZoneConflict.url]).to.deep.equal([
            "mandatory", "high", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html"]);
        expect(privateZoneConflict.configSchema).to.deep.equal({ properties: {} });
    });

    it("two private zones of a domain configuration's domain on one VPC are reported on the second", () => {
        const [za, zb] = [named("za", DOMAIN, "Z0A"), named("zb", DOMAIN, "Z0B")];
        const domain = res(T.domainConfiguration, "domain", { domainName: DOMAIN });
        expect(judgeStack(privateZoneConflict, [za, zb, domain])).to.deep.equal([{ message: message("za", "zb", DOMAIN), urn: urn(zb) }]);
        expect(judgeStack(privateZoneConflict, [za, zb])).to.deep.equal([]); // not an IoT name without the domain configuration
    });

    it("a component's custom domain is an IoT name too", () => {
        const [za, zb] = [named("za", DOMAIN, "Z0A"), named("zb", DOMAIN, "Z0B")];
        const component = res(T.component, "iot", { customDomains: [DOMAIN] });
        expect(judgeStack(privateZoneConflict, [za, zb, component])).to.deep.equal([{ message: message("za", "zb", DOMAIN), urn: urn(zb) }]);
    });

    it("two conflicts in one stack are two violations", () => {
        const zones = [named("z1", ATS, "Z01"), named("z2", ATS, "Z02"), named("z3", DOMAIN, "Z03"), named("z4", DOMAIN, "Z04")];
        const domain = res(T.domainConfiguration, "domain", { domainName: DOMAIN });
        expect(judgeStack(privateZoneConflict, [...zones, domain])).to.deep.equal([
            { message: message("z1", "z2", ATS), urn: urn(zones[1]) },
            { message: message("z3", "z4", DOMAIN), urn: urn(zones[3]) },
        ]);
    });

    it("zones whose names a preview does not know, and public zones, are not judged", () => {
        expect(judgeStack(privateZoneConflict, [named("z1", U, "Z01"), named("z2", U, "Z02")])).to.deep.equal([]);
        const publicZones = [named("z1", ATS, "Z01", []), named("z2", ATS, "Z02", []),
            zoneAssociation("a1", VPC, "Z01"), zoneAssociation("a2", VPC, "Z02")];
        expect(judgeStack(privateZoneConflict, publicZones)).to.deep.equal([]);
    });
});

// ----- iot-dns-ats-only -----

describe("pack in-process: iot-dns-ats-only", () => {
    const legacyMessage = (kind: string) => `The ${kind} ${LEGACY} is the legacy (VeriSign) data endpoint; VPC endpoints serve ATS certificates only. ` +
        "Use the iot:Data-ATS endpoint name (<prefix>-ats.iot.<region>.amazonaws.com).";

    it("is mandatory and high severity; exemptNames is a list of DNS names, empty by default", () => {
        expect([atsOnly.enforcementLevel, atsOnly.severity]).to.deep.equal(["mandatory", "high"]);
        expect(atsOnly.configSchema?.properties.exemptNames).to.deep.equal({
            type: "array", items: { type: "string" }, default: [], description: "DNS names this rule does not apply to.",
        });
    });

    it("a zone and a record for the legacy data endpoint are each reported as what they are", () => {
        expect(messages(judge(atsOnly, zone(LEGACY, [{ vpcId: VPC }])))).to.deep.equal([legacyMessage("zone")]);
        expect(messages(judge(atsOnly, weightedRecord("a", IP, { name: LEGACY })))).to.deep.equal([legacyMessage("record")]);
        expect(messages(judge(atsOnly, weightedRecord("a", IP)))).to.deep.equal([]);
    });

    it("a zone for a parent of the endpoint names is reported; a record of that name is not", () => {
        expect(messages(judge(atsOnly, zone("iot.us-east-1.amazonaws.com", [{ vpcId: VPC }])))).to.deep.equal([
            "The zone iot.us-east-1.amazonaws.com is a parent of the IoT Core endpoint names (<prefix>-ats.iot.<region>.amazonaws.com): inside the VPC it answers for them, " +
            "and for every other AWS name beneath it, so it shadows them all. Name the private zone exactly after the account's ATS data endpoint instead.",
        ]);
        expect(messages(judge(atsOnly, weightedRecord("a", IP, { name: "iot.us-east-1.amazonaws.com" })))).to.deep.equal([]);
    });

    it("exemptNames lets a name through; a value that is not a list of names is ignored", () => {
        const legacyZone = zone(LEGACY, [{ vpcId: VPC }]);
        expect(messages(judge(atsOnly, legacyZone, { exemptNames: [LEGACY] }))).to.deep.equal([]);
        expect(messages(judge(atsOnly, legacyZone, { exemptNames: LEGACY }))).to.deep.equal([legacyMessage("zone")]);
        expect(messages(judge(atsOnly, legacyZone, { exemptNames: [1, LEGACY] }))).to.deep.equal([legacyMessage("zone")]);
    });
});

// ----- iot-endpoint-capacity -----

describe("pack in-process: iot-endpoint-capacity", () => {
    const component = (capacity: unknown) => res(T.component, "iot", { capacity, customDomains: [] });
    const credentials = "com.amazonaws.us-east-1.iot.credentials";

    it("is mandatory and high severity; its config documents declaredConnections and the deprecated connectionsPerEndpoint", () => {
        expect([endpointCapacity.enforcementLevel, endpointCapacity.severity]).to.deep.equal(["mandatory", "high"]);
        const p = endpointCapacity.configSchema?.properties;
        expect(p?.declaredConnections).to.deep.equal({
            type: "object", additionalProperties: { type: "integer", minimum: 0 }, default: {},
            description: "Concurrent devices each VPC must carry, by VPC id, for stacks that create endpoints without the component (judged at maxUtilizationPercent).",
        });
        expect(p?.connectionsPerEndpoint).to.deep.equal({
            type: "integer", minimum: 1, maximum: 100000, default: 100000,
            description: "Deprecated: use maxUtilizationPercent. Devices one endpoint is planned for; still honoured when it is the stricter of the two.",
        });
    });

    it("a component's credential provider endpoints do not carry its devices", () => {
        const c = component({ expectedConnections: 150000, endpoints: 2, targetUtilizationPercent: 100 });
        expect(judgeStack(endpointCapacity, [c, endpoint("ep1", {}, c), endpoint("cred1", { serviceName: credentials }, c)])).to.deep.equal([{
            message: "Component iot declares 150000 devices but has 1 IoT data endpoint(s), which carry 100000 at 100% utilization (100000 each). " +
                "Use at least 2 endpoints (expectedConnections or endpointCount).",
            urn: urn(c),
        }]);
        expect(judgeStack(endpointCapacity, [c, endpoint("ep1", {}, c), endpoint("ep2", {}, c)])).to.deep.equal([]);
    });

    it("a component whose capacity output has no device count (absent or unknown) is not judged", () => {
        for (const capacity of [{ endpoints: 1 }, { expectedConnections: U, endpoints: 1 }]) {
            const c = component(capacity);
            expect(judgeStack(endpointCapacity, [c, endpoint("ep1", {}, c)])).to.deep.equal([]);
        }
    });

    it("declaredConnections counts only the data endpoints in that VPC", () => {
        const declared = { declaredConnections: { [VPC]: 150000 } };
        expect(judgeStack(endpointCapacity, [endpoint("ep1"), endpoint("ep2", { vpcId: OTHER_VPC }), endpoint("cred1", { serviceName: credentials })], declared)).to.deep.equal([{
            message: `${VPC} must carry 150000 devices (declaredConnections) but has 1 IoT data endpoint(s), which carry 100000 at 100% utilization (100000 each). Use at least 2 endpoints.`,
        }]);
        expect(judgeStack(endpointCapacity, [endpoint("ep1"), endpoint("ep2")], declared)).to.deep.equal([]);
    });

    it("declaredConnections waits while a preview does not know an endpoint's service or VPC", () => {
        const declared = { declaredConnections: { [VPC]: 150000 } };
        expect(judgeStack(endpointCapacity, [endpoint("ep1"), endpoint("ep2", { serviceName: U })], declared)).to.deep.equal([]);
        expect(judgeStack(endpointCapacity, [endpoint("ep1"), endpoint("ep2", { vpcId: U })], declared)).to.deep.equal([]);
    });

    it("config values the schema refuses fall back to the defaults instead of being compared against", () => {
        const one = [endpoint("ep1")];
        expect(judgeStack(endpointCapacity, one, { declaredConnections: null })).to.deep.equal([]);
        expect(judgeStack(endpointCapacity, one, { declaredConnections: { [VPC]: 150000.5 } })).to.deep.equal([]);
        expect(judgeStack(endpointCapacity, one, { declaredConnections: { [VPC]: 100000 }, connectionsPerEndpoint: 50000.5 })).to.deep.equal([]);
        expect(judgeStack(endpointCapacity, one, { declaredConnections: { [VPC]: 100000 }, connectionsPerEndpoint: 50000 })).to.deep.equal([{
            message: `${VPC} must carry 100000 devices (declaredConnections) but has 1 IoT data endpoint(s), which carry 50000 at 50% utilization (50000 each). Use at least 2 endpoints.`,
        }]);
    });
});

// ----- iot-endpoints-per-vpc -----

describe("pack in-process: iot-endpoints-per-vpc", () => {
    const gwlb = (name: string) => endpoint(name, { serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", vpcEndpointType: "GatewayLoadBalancer" });
    const quota = { maxEndpointsPerVpc: 2 };

    it("is mandatory and medium severity, points at the PrivateLink quotas and documents existingEndpointsPerVpc", () => {
        expect([endpointsPerVpc.enforcementLevel, endpointsPerVpc.severity, endpointsPerVpc.url]).to.deep.equal([
            "mandatory", "medium", "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"]);
        expect(endpointsPerVpc.configSchema?.properties.existingEndpointsPerVpc).to.deep.equal({
            type: "object", additionalProperties: { type: "integer", minimum: 0 }, default: {},
            description: "Interface endpoints already in each VPC that this stack does not create (other stacks, the console), by VPC id.",
        });
    });

    it("Gateway Load Balancer endpoints count against the quota: 2 of 2 pass, 3 are reported", () => {
        expect(judgeStack(endpointsPerVpc, [endpoint("ep1"), gwlb("g1")], quota)).to.deep.equal([]);
        expect(judgeStack(endpointsPerVpc, [endpoint("ep1"), gwlb("g1"), gwlb("g2")], quota)).to.deep.equal([{
            message: `${VPC} would have 3 interface endpoints (3 in this stack), 1 over the quota of 2. ` +
                "This rule counts only this stack's endpoints and those declared in existingEndpointsPerVpc. " +
                "Spread devices over more VPCs, or raise the quota and set maxEndpointsPerVpc in this policy's config.",
        }]);
    });

    it("gateway endpoints, endpoints of no or unknown type, and other VPCs' endpoints are not counted", () => {
        const s3 = { serviceName: "com.amazonaws.us-east-1.s3" };
        const stack = [endpoint("ep1"), endpoint("ep2"), endpoint("s3", { ...s3, vpcEndpointType: "Gateway" }), endpoint("s3b", { ...s3, vpcEndpointType: undefined }),
            endpoint("s3c", { ...s3, vpcEndpointType: U }),
            endpoint("ssm", { serviceName: "com.amazonaws.us-east-1.ssm", vpcId: OTHER_VPC }), endpoint("ssm2", { serviceName: "com.amazonaws.us-east-1.ssm", vpcId: OTHER_VPC }),
            endpoint("ssm3", { serviceName: "com.amazonaws.us-east-1.ssm", vpcId: OTHER_VPC })];
        expect(judgeStack(endpointsPerVpc, stack, quota)).to.deep.equal([]);
    });

    it("existingEndpointsPerVpc adds to the count; a value the schema refuses is ignored", () => {
        const two = [endpoint("ep1"), endpoint("ep2")];
        expect(judgeStack(endpointsPerVpc, two, { ...quota, existingEndpointsPerVpc: null })).to.deep.equal([]);
        expect(judgeStack(endpointsPerVpc, two, { ...quota, existingEndpointsPerVpc: { [VPC]: 0.5 } })).to.deep.equal([]);
        expect(judgeStack(endpointsPerVpc, two, { ...quota, existingEndpointsPerVpc: { [VPC]: 1 } })).to.deep.equal([{
            message: `${VPC} would have 3 interface endpoints (2 in this stack and 1 already there (existingEndpointsPerVpc)), 1 over the quota of 2. ` +
                "This rule counts only this stack's endpoints and those declared in existingEndpointsPerVpc. " +
                "Spread devices over more VPCs, or raise the quota and set maxEndpointsPerVpc in this policy's config.",
        }]);
    });
});

// ----- iot-component-capacity-args -----

describe("pack in-process: iot-component-capacity-args", () => {
    const args = (props: Record<string, unknown>) => componentArgs({ subnetIds: [SUBNETS[0]], ...props });
    const quotaMessage = (total: number, own = "") => `${total} interface endpoints exceed the 50 per VPC quota.${own} ` +
        "Spread devices over more VPCs, or raise the quota with AWS and then maxEndpointsPerVpc in this policy's config.";

    it("is mandatory and high severity", () => {
        expect([componentCapacityArgs.enforcementLevel, componentCapacityArgs.severity]).to.deep.equal(["mandatory", "high"]);
    });

    it("counts Greengrass core devices as connections, and its credential and service endpoints against the quota", () => {
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 90000, endpointCount: 1, targetUtilizationPercent: 100, greengrassOptions: { coreDevices: 20000 } })))).to.deep.equal([
            "endpointCount 1 carries 100000 devices at 100% utilization, fewer than expectedConnections with greengrassOptions.coreDevices (110000). Raise it to at least 2 or omit it.",
        ]);
        // 46 data + 1 credential provider + S3 + ecr's two = 50: within; with sts, 51
        expect(messages(judge(componentCapacityArgs, args({ endpointCount: 46, expectedConnections: 100000, greengrassOptions: { endpoints: ["ecr"] } })))).to.deep.equal([]);
        expect(messages(judge(componentCapacityArgs, args({ endpointCount: 46, expectedConnections: 100000, greengrassOptions: { endpoints: ["ecr", "sts"] } })))).to.deep.equal([quotaMessage(51)]);
        // S3 through a gateway endpoint is not an interface endpoint
        expect(messages(judge(componentCapacityArgs, args({ endpointCount: 46, expectedConnections: 100000, greengrassOptions: { endpoints: ["ecr", "sts"], s3RouteTableIds: ["rtb-0123456789abcdef0"] } })))).to.deep.equal([]);
    });

    it("endpointCount 1 for 150,000 devices at 100% is reported with the count that carries them; 2 passes", () => {
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 150000, endpointCount: 1, targetUtilizationPercent: 100 })))).to.deep.equal([
            "endpointCount 1 carries 100000 devices at 100% utilization, fewer than expectedConnections 150000. Raise it to at least 2 or omit it.",
        ]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 150000, endpointCount: 2, targetUtilizationPercent: 100 })))).to.deep.equal([]);
    });

    it("the default 80% target sizes 2 endpoints for 150,000 devices, too few under a pack maximum of 50%; a 50% target passes", () => {
        const config = { maxUtilizationPercent: 50 };
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 150000 }), config))).to.deep.equal([
            "targetUtilizationPercent 80 sizes 2 IoT data endpoint(s), which carry 100000 at 50% utilization (50000 each) under this pack's maxUtilizationPercent, " +
            "fewer than expectedConnections 150000. Lower targetUtilizationPercent to 50 or less.",
        ]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 150000, targetUtilizationPercent: 50 }), config))).to.deep.equal([]);
    });

    it("an explicit endpointCount, even one the component refuses (0), is never blamed on the target's sizing", () => {
        const config = { maxUtilizationPercent: 50 };
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 150000, endpointCount: 0 }), config))).to.deep.equal([]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 150000, endpointCount: 3 }), config))).to.deep.equal([]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 150000, endpointCount: 2 }), config))).to.deep.equal([
            "endpointCount 2 carries 100000 devices at 50% utilization, fewer than expectedConnections 150000. Raise it to at least 3 or omit it.",
        ]);
    });

    it("50 endpoints fit the default quota of 50; 51 are reported, and the component's own maxEndpointsPerVpc is named only when it differs", () => {
        const big = { expectedConnections: 100000, targetUtilizationPercent: 100 };
        expect(messages(judge(componentCapacityArgs, args({ ...big, endpointCount: 50 })))).to.deep.equal([]);
        expect(messages(judge(componentCapacityArgs, args({ ...big, endpointCount: 51 })))).to.deep.equal([quotaMessage(51)]);
        expect(messages(judge(componentCapacityArgs, args({ ...big, endpointCount: 51, maxEndpointsPerVpc: 50 })))).to.deep.equal([quotaMessage(51)]);
        expect(messages(judge(componentCapacityArgs, args({ ...big, endpointCount: 51, maxEndpointsPerVpc: 60 })))).to.deep.equal([quotaMessage(51,
            " The component's own maxEndpointsPerVpc (60) does not raise it: this policy's config is the quota the pack enforces.")]);
    });

    it("a fixed endpointCount over the quota is reported even while the device count or target is unknown; a sized one waits for them", () => {
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: U, endpointCount: 60 })))).to.deep.equal([quotaMessage(60)]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 100000, targetUtilizationPercent: U, endpointCount: 51 })))).to.deep.equal([quotaMessage(51)]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: U, endpointCount: 50 })))).to.deep.equal([]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: U })))).to.deep.equal([]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 6000000, targetUtilizationPercent: U })))).to.deep.equal([]);
        expect(messages(judge(componentCapacityArgs, args({ expectedConnections: 6000000, endpointCount: U })))).to.deep.equal([]);
    });

    it("credential provider endpoints count against the quota; when a preview does not know them, the data endpoints alone are judged", () => {
        const big = { expectedConnections: 100000, targetUtilizationPercent: 100 };
        expect(messages(judge(componentCapacityArgs, args({ ...big, endpointCount: 50, credentialsProvider: { endpointCount: 1 } })))).to.deep.equal([quotaMessage(51)]);
        expect(messages(judge(componentCapacityArgs, args({ ...big, endpointCount: 51, credentialsProvider: U })))).to.deep.equal([quotaMessage(51)]);
        expect(messages(judge(componentCapacityArgs, args({ ...big, endpointCount: 50, credentialsProvider: U })))).to.deep.equal([]);
    });
});

// ----- iot-mqtt-keep-alive -----

describe("pack in-process: iot-mqtt-keep-alive", () => {
    const args = (k: number) => res(T.component, "iot", { vpcId: VPC, mqttKeepAliveSeconds: k });

    it("is mandatory and medium severity; maxKeepAliveSeconds is a whole number of seconds up to 230", () => {
        expect([mqttKeepAlive.enforcementLevel, mqttKeepAlive.severity]).to.deep.equal(["mandatory", "medium"]);
        expect(mqttKeepAlive.configSchema?.properties.maxKeepAliveSeconds).to.deep.equal({
            type: "integer", minimum: 1, maximum: 230, default: 230,
            description: "Longest MQTT keep-alive allowed, in seconds (the endpoint cuts above 230).",
        });
    });

    it("a team maximum of 60 s: 60 passes, 61 is reported with the maximum as the fix", () => {
        expect(messages(judge(mqttKeepAlive, args(60), { maxKeepAliveSeconds: 60 }))).to.deep.equal([]);
        expect(messages(judge(mqttKeepAlive, args(61), { maxKeepAliveSeconds: 60 }))).to.deep.equal([
            "mqttKeepAliveSeconds is 61; VPC endpoints cut MQTT keep-alives above 230 s to 230 s. Set it to 60 or less.",
        ]);
    });

    it("a maxKeepAliveSeconds that is not a whole number is ignored: the endpoint's 230 s applies", () => {
        expect(messages(judge(mqttKeepAlive, args(200), { maxKeepAliveSeconds: 100.5 }))).to.deep.equal([]);
        expect(messages(judge(mqttKeepAlive, args(231), { maxKeepAliveSeconds: 100.5 }))).to.deep.equal([
            "mqttKeepAliveSeconds is 231; VPC endpoints cut MQTT keep-alives above 230 s to 230 s. Set it to 230 or less.",
        ]);
    });
});
