/**
 * The policy pack's shared readers (`policy-pack/lib.ts`), called in-process with hand-made properties:
 * how each resource type's properties become a typed snapshot (unknown values stay `UNKNOWN`, values of
 * another shape become `undefined`), how config falls back to its schema's defaults, and how a policy's
 * own failure is reported instead of failing the preview. Expected values are written out by hand.
 */
import { PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs, unknownCheckingProxy } from "@pulumi/policy";
import { expect } from "chai";

import {
    DOC,
    INTERNAL_ERROR,
    StackIndex,
    UNKNOWN,
    asBoolean,
    asList,
    asNumber,
    asRecord,
    asString,
    at,
    configOf,
    iotEndpointOf,
    isUnknown,
    knownItems,
    knownString,
    listOf,
    listed,
    providerRegion,
    readComponent,
    readDomainConfiguration,
    readIotPolicy,
    readRecord,
    readSecurityGroup,
    readSecurityGroupIngressRule,
    readSecurityGroupRule,
    readVpcEndpoint,
    readVpcEndpointPolicy,
    readZone,
    readZoneVpc,
    snapshot,
    validateStackSafely,
    validateType,
    validateTypes,
} from "../policy-pack/lib";
// U: the engine's sentinel for a value a preview does not know yet, which the SDK's proxy refuses to read
import { U } from "./support/stacks";

describe("policy pack lib: values that may be unknown", () => {
    it("sends people to the IoT Core VPC endpoint guide", () => {
        expect(DOC).to.equal("https://docs.aws.amazon.com/iot/latest/developerguide/IoTCore-VPC.html");
    });

    it("tells the unknown marker from every other value", () => {
        expect(isUnknown(UNKNOWN)).to.equal(true);
        expect(isUnknown("unknown")).to.equal(false);
        expect(isUnknown(undefined)).to.equal(false);
    });

    it("reads a string, keeps unknown, and drops other types", () => {
        expect(asString("vpc-1")).to.equal("vpc-1");
        expect(asString(UNKNOWN)).to.equal(UNKNOWN);
        expect(asString(8883)).to.equal(undefined);
    });

    it("reads a finite number, and a decimal string as the provider does", () => {
        expect(asNumber(8883)).to.equal(8883);
        expect(asNumber(UNKNOWN)).to.equal(UNKNOWN);
        expect(asNumber(Infinity)).to.equal(undefined);
        expect(asNumber(NaN)).to.equal(undefined);
        expect(asNumber("8883")).to.equal(8883);
        expect(asNumber("-1")).to.equal(-1);
        expect(asNumber("1.25")).to.equal(1.25);
        expect(asNumber(" 8883")).to.equal(8883);
        expect(asNumber("8883 ")).to.equal(8883);
        expect(asNumber("  443  ")).to.equal(443);
    });

    it("refuses text that is not a plain decimal number, and values of other types", () => {
        expect(asNumber("port 8883")).to.equal(undefined);
        expect(asNumber("8883x")).to.equal(undefined);
        expect(asNumber("x")).to.equal(undefined);
        expect(asNumber("1.")).to.equal(undefined);
        expect(asNumber("1.x")).to.equal(undefined);
        expect(asNumber("")).to.equal(undefined);
        expect(asNumber("Infinity")).to.equal(undefined);
        expect(asNumber([8883])).to.equal(undefined);
        expect(asNumber(true)).to.equal(undefined);
    });

    it("reads a boolean, and every string the provider reads as one", () => {
        expect(asBoolean(true)).to.equal(true);
        expect(asBoolean(false)).to.equal(false);
        expect(asBoolean(UNKNOWN)).to.equal(UNKNOWN);
        for (const s of ["1", "t", "T", "TRUE", "true", "True"]) {
            expect(asBoolean(s), s).to.equal(true);
        }
        for (const s of ["0", "f", "F", "FALSE", "false", "False"]) {
            expect(asBoolean(s), s).to.equal(false);
        }
        expect(asBoolean("yes")).to.equal(undefined);
        expect(asBoolean("")).to.equal(undefined);
        expect(asBoolean(1)).to.equal(undefined);
    });

    it("reads lists and records, keeps unknown, and drops other shapes", () => {
        expect(asList(["a"])).to.deep.equal(["a"]);
        expect(asList(UNKNOWN)).to.equal(UNKNOWN);
        expect(asList("a")).to.equal(undefined);
        expect(asRecord({ a: 1 })).to.deep.equal({ a: 1 });
        expect(asRecord(UNKNOWN)).to.equal(UNKNOWN);
        expect(asRecord(null)).to.equal(undefined);
        expect(asRecord("a")).to.equal(undefined);
        expect(asRecord(["a"])).to.equal(undefined);
    });

    it("reads a property inside a record that is unknown, absent or known", () => {
        expect(at(UNKNOWN, "vpcId")).to.equal(UNKNOWN);
        expect(at(undefined, "vpcId")).to.equal(undefined);
        expect(at({ vpcId: "vpc-1" }, "vpcId")).to.equal("vpc-1");
        expect(at({}, "toString")).to.equal(undefined);
    });

    it("reads a list's elements, keeping unknown ones and leaving out unreadable ones", () => {
        expect(listOf(["sg-1", UNKNOWN, 5, "sg-2"], knownString)).to.deep.equal(["sg-1", UNKNOWN, "sg-2"]);
        expect(listOf(UNKNOWN, knownString)).to.equal(UNKNOWN);
        expect(listOf(undefined, knownString)).to.equal(undefined);
        expect(knownString(5)).to.equal(undefined);
    });

    it("splits a list field into its known elements and whether anything is unknown", () => {
        expect(knownItems(UNKNOWN)).to.deep.equal({ values: [], unknown: true });
        expect(knownItems(undefined)).to.deep.equal({ values: [], unknown: false });
        expect(knownItems(["a", UNKNOWN])).to.deep.equal({ values: ["a"], unknown: true });
        expect(knownItems(["a", "b"])).to.deep.equal({ values: ["a", "b"], unknown: false });
    });
});

describe("policy pack lib: snapshots of proxied properties", () => {
    it("replaces each value a preview does not know, at any depth, with UNKNOWN", () => {
        const props = unknownCheckingProxy({ serviceName: U, subnetIds: ["subnet-1", U], dnsOptions: { dnsRecordIpType: U } });
        expect(snapshot(props)).to.deep.equal({ serviceName: UNKNOWN, subnetIds: ["subnet-1", UNKNOWN], dnsOptions: { dnsRecordIpType: UNKNOWN } });
    });

    it("copies null, scalars and nested data as they are", () => {
        expect(snapshot(null)).to.equal(null);
        expect(snapshot("x")).to.equal("x");
        expect(snapshot({ a: null, b: [1, { c: true }] })).to.deep.equal({ a: null, b: [1, { c: true }] });
    });

    it("returns plain data: ordinary properties, and a __proto__ key stays a key", () => {
        // kept beside the __proto__ checks, which do not see it: only this notices a property made read-only or fixed
        const s = snapshot({ vpcId: "vpc-1" }) as Record<string, unknown>;
        expect(Object.getOwnPropertyDescriptor(s, "vpcId")).to.deep.equal({ value: "vpc-1", writable: true, enumerable: true, configurable: true });
        const p = snapshot(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
        expect(Object.getPrototypeOf(p)).to.equal(Object.prototype);
        expect(Object.keys(p)).to.deep.equal(["__proto__"]);
    });

    it("lets any other failure while reading a property through (it is a bug, not an unknown value)", () => {
        const props = Object.defineProperty({}, "vpcId", { enumerable: true, get: () => { throw new Error("broken getter"); } });
        expect(() => snapshot(props)).to.throw("broken getter");
    });
});

describe("policy pack lib: typed snapshots of each resource type", () => {
    it("reads a VPC endpoint, leaving out subnet configurations that are not records", () => {
        const e = readVpcEndpoint({
            id: "vpce-1", serviceName: "com.amazonaws.us-east-1.iot.data", vpcId: "vpc-1", vpcEndpointType: "Interface", privateDnsEnabled: "false",
            policy: "{}", ipAddressType: "ipv4", dnsOptions: { dnsRecordIpType: "ipv4" }, region: "us-east-1",
            subnetConfigurations: [{ subnetId: "subnet-1", ipv4: "10.0.0.5", ipv6: 7 }, "subnet-2", UNKNOWN],
            securityGroupIds: ["sg-1", 2],
        });
        expect(e).to.deep.equal({
            id: "vpce-1", serviceName: "com.amazonaws.us-east-1.iot.data", vpcId: "vpc-1", vpcEndpointType: "Interface", privateDnsEnabled: false,
            policy: "{}", ipAddressType: "ipv4", dnsRecordIpType: "ipv4", region: "us-east-1",
            subnetConfigurations: [{ subnetId: "subnet-1", ipv4: "10.0.0.5", ipv6: undefined }, UNKNOWN],
            securityGroupIds: ["sg-1"],
        });
    });

    it("reads an endpoint policy attachment", () => {
        expect(readVpcEndpointPolicy({ id: "vpce-1", vpcEndpointId: "vpce-1" })).to.deep.equal({ id: "vpce-1", vpcEndpointId: "vpce-1" });
    });

    it("reads a security group's inline ingress rules, with numeric protocols as text", () => {
        const g = readSecurityGroup({
            id: "sg-1", vpcId: "vpc-1",
            ingress: [
                { protocol: 6, fromPort: 8883, toPort: "8883", cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: [], prefixListIds: ["pl-1"], securityGroups: ["sg-2"], self: "true" },
                { protocol: -1, fromPort: 0, toPort: 0, self: false },
                { protocol: "tcp", fromPort: 443, toPort: 443, self: UNKNOWN },
                "not a rule",
            ],
        });
        expect(g).to.deep.equal({
            id: "sg-1", vpcId: "vpc-1",
            ingress: [
                { protocol: "6", fromPort: 8883, toPort: 8883, ipv4Cidrs: ["10.0.0.0/16"], ipv6Cidrs: [], otherSources: ["pl-1", "sg-2", "self"] },
                { protocol: "-1", fromPort: 0, toPort: 0, ipv4Cidrs: [], ipv6Cidrs: [], otherSources: [] },
                { protocol: "tcp", fromPort: 443, toPort: 443, ipv4Cidrs: [], ipv6Cidrs: [], otherSources: UNKNOWN },
            ],
        });
    });

    it("reads a protocol that is not a number or text as absent", () => {
        const g = readSecurityGroup({ ingress: [{ protocol: NaN }, { protocol: true }, { protocol: UNKNOWN, cidrBlocks: UNKNOWN }] });
        const rules = g.ingress as readonly { protocol: unknown; ipv4Cidrs: unknown }[];
        expect(rules.map((r) => r.protocol)).to.deep.equal([undefined, undefined, UNKNOWN]);
        expect(rules[2].ipv4Cidrs).to.equal(UNKNOWN);
    });

    it("reads a security group rule, its single sources and `self`", () => {
        const r = readSecurityGroupRule({
            id: "sgr-1", type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 8883, toPort: 8883,
            cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: ["fd00::/8"], prefixListIds: ["pl-1"], sourceSecurityGroupId: "sg-2", self: true,
        });
        expect(r).to.deep.equal({
            id: "sgr-1", type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 8883, toPort: 8883,
            ipv4Cidrs: ["10.0.0.0/16"], ipv6Cidrs: ["fd00::/8"], otherSources: ["pl-1", "sg-2", "self"],
        });
        expect(readSecurityGroupRule({ protocol: 6, self: false }).otherSources).to.deep.equal([]);
        expect(readSecurityGroupRule({ protocol: 6 }).protocol).to.equal("6");
        expect(readSecurityGroupRule({ self: UNKNOWN }).otherSources).to.equal(UNKNOWN);
        expect(readSecurityGroupRule({ sourceSecurityGroupId: UNKNOWN }).otherSources).to.equal(UNKNOWN);
    });

    it("reads a VPC security group ingress rule (one source per resource)", () => {
        expect(readSecurityGroupIngressRule({
            id: "sgr-1", securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16", cidrIpv6: "fd00::/8",
            prefixListId: "pl-1", referencedSecurityGroupId: "sg-2",
        })).to.deep.equal({
            id: "sgr-1", securityGroupId: "sg-1", protocol: "tcp", fromPort: 443, toPort: 443, ipv4Cidrs: ["10.0.0.0/16"], ipv6Cidrs: ["fd00::/8"],
            otherSources: ["pl-1", "sg-2"],
        });
        expect(readSecurityGroupIngressRule({ ipProtocol: "-1" })).to.deep.equal({
            id: undefined, securityGroupId: undefined, protocol: "-1", fromPort: undefined, toPort: undefined, ipv4Cidrs: [], ipv6Cidrs: [], otherSources: [],
        });
    });

    it("reads a hosted zone, public when created without VPCs", () => {
        expect(readZone({ id: "Z1", zoneId: "Z1", name: "iot.us-east-1.amazonaws.com", vpcs: [{ vpcId: "vpc-1" }] }))
            .to.deep.equal({ id: "Z1", zoneId: "Z1", name: "iot.us-east-1.amazonaws.com", vpcIds: ["vpc-1"], isPublic: false });
        expect(readZone({ name: "example.com" }).isPublic).to.equal(true);
        expect(readZone({ vpcs: null }).isPublic).to.equal(true);
        expect(readZone({ vpcs: [] }).isPublic).to.equal(true);
        expect(readZone({ vpcs: UNKNOWN }).isPublic).to.equal(UNKNOWN);
        expect(readZone({ vpcs: "vpc-1" }).isPublic).to.equal(undefined);
    });

    it("reads a zone association and a VPC association authorization", () => {
        expect(readZoneVpc({ id: "Z1:vpc-1", zoneId: "Z1", vpcId: "vpc-1" })).to.deep.equal({ id: "Z1:vpc-1", zoneId: "Z1", vpcId: "vpc-1" });
    });

    it("reads a record: TTL, weights, and whether it is an alias", () => {
        expect(readRecord({
            id: "Z1_a.example.com_A_w1", zoneId: "Z1", name: "a.example.com", type: "A", ttl: "60", setIdentifier: "w1",
            weightedRoutingPolicies: [{ weight: 10 }, "x", { weight: "0" }], aliases: [{ name: "vpce-1.example.com" }],
        })).to.deep.equal({
            id: "Z1_a.example.com_A_w1", zoneId: "Z1", name: "a.example.com", type: "A", ttl: 60, setIdentifier: "w1", weights: [10, 0], alias: true,
        });
        expect(readRecord({ aliases: [] }).alias).to.equal(false);
        expect(readRecord({}).alias).to.equal(false);
        expect(readRecord({ aliases: UNKNOWN }).alias).to.equal(UNKNOWN);
    });

    it("reads an IoT policy and a domain configuration", () => {
        expect(readIotPolicy({ id: "devices", policy: "{}" })).to.deep.equal({ id: "devices", policy: "{}" });
        expect(readDomainConfiguration({ id: "dc", domainName: "mqtt.example.com" })).to.deep.equal({ id: "dc", domainName: "mqtt.example.com" });
    });

    it("reads the component's arguments", () => {
        expect(readComponent({
            id: "c", vpcId: "vpc-1", expectedConnections: 250000, endpointCount: "2", maxEndpointsPerVpc: 50, targetUtilizationPercent: 80,
            mqttKeepAliveSeconds: 1200, credentialsProvider: { endpointCount: 2 }, customDomains: [{ domainName: "mqtt.example.com" }, "b.example.com", 7],
        })).to.deep.equal({
            id: "c", vpcId: "vpc-1", expectedConnections: 250000, endpointCount: 2, maxEndpointsPerVpc: 50, targetUtilizationPercent: 80,
            mqttKeepAliveSeconds: 1200, credentialEndpoints: 2, customDomains: ["mqtt.example.com", "b.example.com"], capacity: undefined,
            greengrass: undefined, nucleus: undefined,
        });
    });

    it("reads Greengrass: on with true or options (the component's defaults filled in), the credential endpoint it implies, the nucleus output", () => {
        const gg = (p: Record<string, unknown>) => readComponent(p).greengrass;
        expect(gg({})).to.equal(undefined);
        expect(gg({ greengrass: false })).to.equal(undefined);
        expect(gg({ greengrass: true })).to.deep.equal({ coreDevices: 0, serviceEndpoints: 1 });
        expect(gg({ greengrassOptions: { coreDevices: 500, endpoints: ["logs", "ecr", "sqs"] } })).to.deep.equal({ coreDevices: 500, serviceEndpoints: 4 });
        expect(gg({ greengrassOptions: { s3RouteTableIds: ["rtb-0123456789abcdef0"], endpoints: ["sts"] } })).to.deep.equal({ coreDevices: 0, serviceEndpoints: 1 });
        expect(gg({ greengrass: UNKNOWN })).to.equal(UNKNOWN);
        expect(gg({ greengrassOptions: { endpoints: UNKNOWN } })).to.deep.equal({ coreDevices: 0, serviceEndpoints: UNKNOWN });
        expect(readComponent({ greengrass: true }).credentialEndpoints).to.equal(1);
        expect(readComponent({ greengrass: true, credentialsProvider: { endpointCount: 2 } }).credentialEndpoints).to.equal(2);
        expect(readComponent({ greengrassNucleusConfig: { awsRegion: "eu-west-1", iotDataEndpoint: "x" } }).nucleus).to.deep.equal({ awsRegion: "eu-west-1" });
        expect(readComponent({ greengrassNucleusConfig: UNKNOWN }).nucleus).to.equal(UNKNOWN);
    });

    it("counts credential endpoints: 1 by default with the opt-in, none without it", () => {
        const credentials = (credentialsProvider: unknown) => readComponent({ credentialsProvider }).credentialEndpoints;
        expect(readComponent({}).credentialEndpoints).to.equal(undefined);
        expect(credentials(null)).to.equal(undefined);
        expect(credentials({})).to.equal(1);
        expect(credentials({ endpointCount: 3 })).to.equal(3);
        expect(credentials({ endpointCount: "two" })).to.equal(undefined);
        expect(credentials({ endpointCount: UNKNOWN })).to.equal(UNKNOWN);
        expect(credentials(UNKNOWN)).to.equal(UNKNOWN);
        expect(credentials(true)).to.equal(undefined);
    });

    it("reads the registered capacity output", () => {
        expect(readComponent({ capacity: { expectedConnections: "1000", endpoints: 2, targetUtilizationPercent: 70, perEndpoint: 500 } }).capacity)
            .to.deep.equal({ expectedConnections: 1000, endpoints: 2, targetUtilizationPercent: 70 });
        expect(readComponent({ capacity: UNKNOWN }).capacity).to.equal(UNKNOWN);
        expect(readComponent({ capacity: 3 }).capacity).to.equal(undefined);
    });

    it("reads a provider's region, and none without a provider", () => {
        expect(providerRegion(undefined)).to.equal(undefined);
        expect(providerRegion({ props: { region: "eu-west-1" } })).to.equal("eu-west-1");
    });
});

describe("policy pack lib: IoT endpoints", () => {
    it("names the IoT service and region, and tells China by its service name or its region", () => {
        expect(iotEndpointOf({ serviceName: "com.amazonaws.us-east-1.iot.data" }))
            .to.deep.equal({ service: "iot.data", serviceName: "com.amazonaws.us-east-1.iot.data", region: "us-east-1", china: false });
        expect(iotEndpointOf({ serviceName: "com.amazonaws.cn-north-1.iot.data" })?.china).to.equal(true);
        expect(iotEndpointOf({ serviceName: "cn.com.amazonaws.us-east-1.iot.data" })?.china).to.equal(true);
        expect(iotEndpointOf({ serviceName: "com.amazonaws.us-east-1.s3" })).to.equal(undefined);
        expect(iotEndpointOf({ serviceName: UNKNOWN })).to.equal(undefined);
    });
});

// ----- a stack's resources -----

const TYPE = {
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    vpc: "aws:ec2/vpc:Vpc",
    zone: "aws:route53/zone:Zone",
    domainConfiguration: "aws:iot/domainConfiguration:DomainConfiguration",
    component: "iotvpc:index:IotCoreVpcEndpoints",
};

function resource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, PolicyResource[]> = {}): PolicyResource {
    return { type, name, urn: `urn:pulumi:dev::app::${type}::${name}`, props, propertyDependencies, dependencies: [], opts: {} } as unknown as PolicyResource;
}

describe("policy pack lib: the stack index", () => {
    const vpc = resource(TYPE.vpc, "vpc", { id: "vpc-1" });
    const sg1 = resource(TYPE.securityGroup, "sg1", { id: "sg-1" });
    const sg2 = resource(TYPE.securityGroup, "sg2", { id: U });
    const known = resource(TYPE.vpcEndpoint, "known", { serviceName: "com.amazonaws.us-east-1.iot.data", securityGroupIds: ["sg-1"] });
    const previewed = resource(TYPE.vpcEndpoint, "previewed", { serviceName: U, securityGroupIds: U },
        { securityGroupIds: [sg2, vpc, known] });
    const s3 = resource(TYPE.vpcEndpoint, "s3", { serviceName: "com.amazonaws.us-east-1.s3" });
    // A new index per test: the index caches its lookups, and each test must build them itself.
    let index: StackIndex;
    beforeEach(() => {
        index = new StackIndex([vpc, sg1, sg2, known, previewed, s3].map((r) => ({ ...r, props: unknownCheckingProxy(r.props) })),
            ["vpcEndpoint", "securityGroup"]);
    });
    const names = (entries: readonly { ref: { name: string } }[]) => entries.map((e) => e.ref.name);

    it("keeps only the kinds asked for", () => {
        expect(names(index.of("vpcEndpoint"))).to.deep.equal(["known", "previewed", "s3"]);
        expect(names(index.of("zone"))).to.deep.equal([]);
    });

    it("lists IoT endpoints, and endpoints whose service name the preview does not know", () => {
        expect(names(index.iotEndpoints())).to.deep.equal(["known"]);
        expect(names(index.undecidedEndpoints())).to.deep.equal(["previewed"]);
    });

    it("links by known ids and by property dependencies of the same kind only", () => {
        const [k, p] = [index.of("vpcEndpoint")[0], index.of("vpcEndpoint")[1]];
        expect(names(index.linked(k, "securityGroupIds", k.props.securityGroupIds, "securityGroup"))).to.deep.equal(["sg1"]);
        expect(names(index.linked(p, "securityGroupIds", p.props.securityGroupIds, "securityGroup"))).to.deep.equal(["sg2"]);
        expect(names(index.linked(p, "vpcId", undefined, "securityGroup"))).to.deep.equal([]);
        expect(names(index.withId("securityGroup", "sg-1"))).to.deep.equal(["sg1"]);
    });

    it("finds a zone by its zone id, once however many of its ids match, and every resource sharing an id", () => {
        const zones = new StackIndex([
            resource(TYPE.zone, "main", { id: "Z1", zoneId: "Z1" }),
            resource(TYPE.zone, "lookup", { id: "Z1", zoneId: "Z1" }),
            resource(TYPE.zone, "previewed", { id: U, zoneId: "Z2" }),
        ].map((r) => ({ ...r, props: unknownCheckingProxy(r.props) })), ["zone"]);
        expect(names(zones.withId("zone", "Z1"))).to.deep.equal(["main", "lookup"]);
        expect(names(zones.withId("zone", "Z2"))).to.deep.equal(["previewed"]);
        expect(names(zones.withId("zone", "Z3"))).to.deep.equal([]);
    });

    it("links an entry from outside the index by its ids alone", () => {
        const outside = { ref: { urn: "urn:pulumi:dev::app::x::outside", name: "outside", type: "x", parentUrn: undefined }, props: {} };
        expect(names(index.linked(outside, "securityGroupIds", "sg-1", "securityGroup"))).to.deep.equal(["sg1"]);
    });

    it("gathers the IoT names devices use, skipping domain names a preview does not know", () => {
        const stack = new StackIndex([
            resource(TYPE.domainConfiguration, "dc1", { domainName: "MQTT.example.com." }),
            resource(TYPE.domainConfiguration, "dc2", { domainName: U }),
            resource(TYPE.component, "c", { customDomains: ["devices.example.org"] }),
        ].map((r) => ({ ...r, props: unknownCheckingProxy(r.props) })), ["domainConfiguration", "component"]);
        const isIot = stack.iotNames();
        expect(isIot("mqtt.example.com")).to.equal(true);
        expect(isIot("devices.example.org")).to.equal(true);
        expect(isIot("abc123-ats.iot.us-east-1.amazonaws.com")).to.equal(true);
        expect(isIot("www.example.com")).to.equal(false);
    });
});

describe("policy pack lib: config with the schema's defaults", () => {
    const schema: PolicyConfigSchema = {
        properties: {
            maxEndpointsPerVpc: { type: "integer", minimum: 1, default: 50 },
            note: { default: "none" },
        },
    };

    it("takes a valid value and the default for a refused or missing one", () => {
        expect(configOf(schema, { maxEndpointsPerVpc: 10, note: "hi" })).to.deep.equal({ maxEndpointsPerVpc: 10, note: "hi" });
        expect(configOf(schema, { maxEndpointsPerVpc: "ten" })).to.deep.equal({ maxEndpointsPerVpc: 50, note: "none" });
        expect(configOf(schema, { maxEndpointsPerVpc: 0 })).to.deep.equal({ maxEndpointsPerVpc: 50, note: "none" });
    });

    it("applies every default when no config or no schema is given", () => {
        expect(configOf(schema, undefined)).to.deep.equal({ maxEndpointsPerVpc: 50, note: "none" });
        expect(configOf(schema, UNKNOWN)).to.deep.equal({ maxEndpointsPerVpc: 50, note: "none" });
        expect(configOf(undefined, { maxEndpointsPerVpc: 10 })).to.deep.equal({});
    });
});

describe("policy pack lib: policies that never fail a preview", () => {
    const MESSAGE = (detail: string) =>
        `This resource could not be judged: the policy failed (${detail}). Report it to the policy pack's maintainers with the resource's properties; the other policies ran.`;

    function run(validation: (args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>, type: string): string[] {
        const reports: string[] = [];
        void validation({ type, props: {} } as unknown as ResourceValidationArgs, (m) => reports.push(m));
        return reports;
    }

    it("names the failure in the policy's violation, first line only", () => {
        expect(INTERNAL_ERROR).to.equal("could not be judged: the policy failed");
        const fails = (thrown: unknown) => validateType(TYPE.zone, () => { throw thrown; });
        expect(run(fails(new Error("boom\n    at x.ts:1")), TYPE.zone)).to.deep.equal([MESSAGE("boom")]);
        expect(run(fails("bad shape"), TYPE.zone)).to.deep.equal([MESSAGE("bad shape")]);
        expect(run(fails(42), TYPE.zone)).to.deep.equal([MESSAGE("an unknown error")]);
    });

    it("judges only resources of the types it was made for", () => {
        const seen: string[] = [];
        const v = validateTypes([TYPE.zone, TYPE.vpcEndpoint], (args, report) => { seen.push(args.type); report("violation"); });
        expect(run(v, TYPE.vpc)).to.deep.equal([]);
        expect(run(v, TYPE.vpcEndpoint)).to.deep.equal(["violation"]);
        expect(seen).to.deep.equal([TYPE.vpcEndpoint]);
    });

    it("reports a stack validation's failure instead of throwing", () => {
        const reports: string[] = [];
        const v = validateStackSafely(() => { throw new Error("no index"); });
        void v({ resources: [] } as unknown as StackValidationArgs, (m) => reports.push(m));
        expect(reports).to.deep.equal([MESSAGE("no index")]);
    });
});

describe("policy pack lib: lists in messages", () => {
    it("joins names with commas and a final conjunction", () => {
        expect(listed([])).to.equal("");
        expect(listed([443])).to.equal("443");
        expect(listed([443, 8883])).to.equal("443 and 8883");
        expect(listed(["a", "b", "c"])).to.equal("a, b and c");
        expect(listed([443, 8443, 8883], "or")).to.equal("443, 8443 or 8883");
    });
});
