import { expect } from "chai";

import { Diagnostic, PolicyPackProcess } from "../simulation/policyPack";
import { sharedPolicyPack } from "./support/pack";
import {

    SUBNETS,
    U,
    VPC,
    devicePortRules,
    iotEndpoint,
    modify,
    passingStack,
    res,
    securityGroup,
    urnOf,
    weightedRecord,
    withProps,
    zone,
} from "./support/stacks";
import { T } from "./support/fixtures";

const names = (ds: Diagnostic[]) => ds.map((d) => d.policyName).sort();

describe("policy pack: as the CLI starts it", () => {
    let pack: PolicyPackProcess;
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });

    it("describes every policy with a kebab-case name, a description, an explicit level, a config schema and remediation", async () => {
        const info = await pack.info();
        expect(info.name).to.equal("iot-core-vpc-endpoints");
        expect(info.version).to.equal("0.1.0");
        expect(info.policies.map((p) => p.name).sort()).to.deep.equal([
            "iot-component-capacity-args", "iot-dns-ats-only", "iot-dns-private-zone-conflict", "iot-dns-weighted-records", "iot-endpoint-capacity",
            "iot-endpoint-data-only", "iot-endpoint-ipv4-only", "iot-endpoint-no-china", "iot-endpoint-no-policy", "iot-endpoint-no-policy-attachment",
            "iot-endpoint-private-dns-off", "iot-endpoint-security-group", "iot-endpoints-per-vpc", "iot-greengrass-vpc", "iot-mqtt-keep-alive", "iot-policy-vpc-condition",
        ]);
        for (const p of info.policies) {
            expect(p.name, p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(p.description.length, p.name).to.be.greaterThan(20);
            expect(["mandatory", "advisory"], p.name).to.include(p.enforcementLevel);
            expect(p.configSchema, p.name).to.not.equal(undefined);
            expect(p.remediationSteps.length, p.name).to.be.greaterThan(10);
        }
        const levels = Object.fromEntries(info.policies.map((p) => [p.name, p.enforcementLevel]));
        expect(levels["iot-policy-vpc-condition"]).to.equal("advisory");
        expect(levels["iot-endpoint-private-dns-off"]).to.equal("mandatory");
    });
});

describe("policy pack: resource policies, one field at a time", () => {
    let pack: PolicyPackProcess;
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });
    const analyze = async (r: Parameters<PolicyPackProcess["analyze"]>[0]) => names(await pack.analyze(r));

    it("a passing IoT data endpoint has no violation", async () => {
        expect(await analyze(iotEndpoint())).to.deep.equal([]);
    });

    const endpointCases: [string, Record<string, unknown>, string][] = [
        ["private DNS on", { privateDnsEnabled: true }, "iot-endpoint-private-dns-off"],
        ["an endpoint policy", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }) }, "iot-endpoint-no-policy"],
        ["dualstack", { ipAddressType: "dualstack" }, "iot-endpoint-ipv4-only"],
        ["dualstack DNS records", { dnsOptions: { dnsRecordIpType: "dualstack" } }, "iot-endpoint-ipv4-only"],
        ["an IPv6 subnet configuration", { subnetConfigurations: [{ subnetId: SUBNETS[0], ipv4: "10.20.0.10", ipv6: "2600:1f18::10" }] }, "iot-endpoint-ipv4-only"],
        ["the credentials service", { serviceName: "com.amazonaws.us-east-1.iot.credentials" }, "iot-endpoint-data-only"],
        ["a China service name", { serviceName: "cn.com.amazonaws.cn-north-1.iot.data" }, "iot-endpoint-no-china"],
        ["a China resource region", { region: "cn-northwest-1" }, "iot-endpoint-no-china"],
    ];
    for (const [what, change, policy] of endpointCases) {
        it(`an IoT data endpoint with ${what} violates exactly ${policy}`, async () => {
            expect(await analyze(iotEndpoint("ep", change))).to.deep.equal([policy]);
        });
    }

    it("an IoT endpoint whose provider is in a China region violates iot-endpoint-no-china", async () => {
        const r = iotEndpoint();
        const ds = await pack.analyze({ ...r, provider: { ...r.provider!, properties: { region: "cn-north-1" } } });
        expect(names(ds)).to.deep.equal(["iot-endpoint-no-china"]);
        expect(ds[0].message).to.contain("cn-north-1");
        expect(ds[0].message).to.contain("allowChinaRegions");
    });

    it("says what is wrong and the fix", async () => {
        const [d] = await pack.analyze(iotEndpoint("ep", { privateDnsEnabled: true }));
        expect(d.message).to.contain("Private DNS is enabled on the com.amazonaws.us-east-1.iot.data endpoint. Set privateDnsEnabled: false");
        expect(d.enforcementLevel).to.equal("mandatory");
    });

    it("leaves S3 and other endpoints with private DNS and a policy untouched", async () => {
        for (const serviceName of ["com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.ssm", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"]) {
            expect(await analyze(iotEndpoint("other", { serviceName, privateDnsEnabled: true, policy: "{\"Statement\":[]}", ipAddressType: "dualstack" })), serviceName).to.deep.equal([]);
        }
    });

    it("never reports unknown values, and never crashes on them", async () => {
        expect(await analyze(iotEndpoint("ep", { serviceName: U, privateDnsEnabled: true }))).to.deep.equal([]);
        expect(await analyze(iotEndpoint("ep", { privateDnsEnabled: U, policy: U, ipAddressType: U, dnsOptions: U, subnetConfigurations: [U], region: U }))).to.deep.equal([]);
        expect(await analyze(iotEndpoint("ep", { dnsOptions: { dnsRecordIpType: U } }))).to.deep.equal([]);
        expect(await analyze(zone(U))).to.deep.equal([]);
        expect(await analyze(res(T.iotPolicy, "p", { policy: U }))).to.deep.equal([]);
    });

    const dnsCases: [string, ReturnType<typeof zone>, string[]][] = [
        ["a zone for the ATS endpoint", zone(), []],
        ["a zone for the legacy endpoint", zone("a3k7odshaiipe8.iot.us-east-1.amazonaws.com"), ["iot-dns-ats-only"]],
        ["a zone for all of iot.us-east-1.amazonaws.com", zone("iot.us-east-1.amazonaws.com"), ["iot-dns-ats-only"]],
        ["a record for the legacy endpoint", weightedRecord("a", "10.0.0.1", { name: "a3k7odshaiipe8.iot.us-east-1.amazonaws.com" }), ["iot-dns-ats-only"]],
        ["a custom domain zone", zone("devices.example.com"), []],
    ];
    for (const [what, r, expected] of dnsCases) {
        it(`${what}: ${expected.join(", ") || "passes"}`, async () => {
            expect(await analyze(r)).to.deep.equal(expected);
        });
    }

    const component = (args: Record<string, unknown>) => res(T.component, "iot", { vpcId: VPC, subnetIds: SUBNETS, ...args });
    it("a component with mqttKeepAliveSeconds 230 passes; 231 violates iot-mqtt-keep-alive", async () => {
        expect(await analyze(component({ mqttKeepAliveSeconds: 230 }))).to.deep.equal([]);
        const ds = await pack.analyze(component({ mqttKeepAliveSeconds: 231 }));
        expect(names(ds)).to.deep.equal(["iot-mqtt-keep-alive"]);
        expect(ds[0].message).to.contain("cut MQTT keep-alives above 230 s to 230 s");
    });

    it("a component whose endpointCount cannot carry its devices violates iot-component-capacity-args", async () => {
        expect(await analyze(component({ expectedConnections: 250_000 }))).to.deep.equal([]);
        expect(await analyze(component({ expectedConnections: 250_000, endpointCount: 2 }))).to.deep.equal(["iot-component-capacity-args"]);
        expect(await analyze(component({ expectedConnections: 5_100_000 }))).to.deep.equal(["iot-component-capacity-args"]);
        expect(await analyze(component({ endpointCount: 50 }))).to.deep.equal([]);
        expect(await analyze(component({ endpointCount: 50, credentialsProvider: {} }))).to.deep.equal(["iot-component-capacity-args"]);
    });

    it("judges the component's quota by the pack's config, never by the component's own maxEndpointsPerVpc", async () => {
        const ds = await pack.analyze(component({ expectedConnections: 5_100_000, targetUtilizationPercent: 100, maxEndpointsPerVpc: 1000 }));
        expect(names(ds)).to.deep.equal(["iot-component-capacity-args"]);
        expect(ds[0].detail).to.contain("51 interface endpoints exceed the 50 per VPC quota");
        expect(ds[0].detail).to.contain("The component's own maxEndpointsPerVpc (1000) does not raise it");
        await pack.configure({ "iot-component-capacity-args": { maxEndpointsPerVpc: 60 } });
        try {
            expect(await analyze(component({ expectedConnections: 5_100_000, targetUtilizationPercent: 100, maxEndpointsPerVpc: 1000 }))).to.deep.equal([]);
            expect(await analyze(component({ expectedConnections: 6_100_000, targetUtilizationPercent: 100, maxEndpointsPerVpc: 1000 }))).to.deep.equal(["iot-component-capacity-args"]);
        } finally {
            await pack.configure({});
        }
    });

    const iotPolicy = (statement: Record<string, unknown>) => res(T.iotPolicy, "devices", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
    const connect = { Effect: "Allow", Action: ["iot:Connect"], Resource: ["arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"] };
    const iotPolicyCases: [string, Record<string, unknown>, string[]][] = [
        ["Connect with aws:SourceVpce", { ...connect, Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }, []],
        ["Connect with aws:SourceVpc", { ...connect, Condition: { StringEquals: { "aws:SourceVpc": VPC } } }, []],
        ["Connect with aws:VpcSourceIp", { ...connect, Condition: { IpAddress: { "aws:VpcSourceIp": "10.20.0.0/16" } } }, []],
        ["Connect without condition", connect, ["iot-policy-vpc-condition"]],
        ["iot:* without condition", { ...connect, Action: "iot:*" }, ["iot-policy-vpc-condition"]],
        ["iot:Conn* without condition", { ...connect, Action: "iot:Conn*" }, ["iot-policy-vpc-condition"]],
        ["Connect with StringNotEquals aws:SourceVpce", { ...connect, Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }, ["iot-policy-vpc-condition"]],
        ["Connect with StringEqualsIfExists aws:SourceVpce", { ...connect, Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }, ["iot-policy-vpc-condition"]],
        ["Connect only when aws:SourceVpce is present (Null false)", { ...connect, Condition: { Null: { "aws:SourceVpce": "false" } } }, []],
        ["Connect only when aws:SourceVpce is absent (Null true)", { ...connect, Condition: { Null: { "aws:SourceVpce": "true" } } }, ["iot-policy-vpc-condition"]],
        ["Connect with ForAnyValue:StringEquals aws:SourceVpce", { ...connect, Condition: { "ForAnyValue:StringEquals": { "aws:SourceVpce": ["vpce-1a2b3c4d"] } } }, []],
        ["Publish only", { ...connect, Action: "iot:Publish" }, []],
        ["Deny Connect", { ...connect, Effect: "Deny" }, []],
    ];
    for (const [what, statement, expected] of iotPolicyCases) {
        it(`an IoT policy allowing ${what}: ${expected.join(", ") || "passes"}`, async () => {
            const ds = await pack.analyze(iotPolicy(statement));
            expect(names(ds)).to.deep.equal(expected);
            for (const d of ds) {
                expect(d.enforcementLevel).to.equal("advisory");
            }
        });
    }
});

describe("policy pack: stack policies, one field at a time", () => {
    let pack: PolicyPackProcess;
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });
    const analyzeStack = async (stack: Parameters<PolicyPackProcess["analyzeStack"]>[0]) => names(await pack.analyzeStack(stack));

    it("a passing stack has no violation", async () => {
        expect(await analyzeStack(passingStack())).to.deep.equal([]);
    });

    it("a VpcEndpointPolicy aimed at an IoT endpoint violates iot-endpoint-no-policy-attachment, by id or by dependency", async () => {
        const byId = res(T.vpcEndpointPolicy, "pol", { vpcEndpointId: "vpce-00000000000000001", policy: "{}" });
        expect(await analyzeStack([...passingStack(), byId])).to.deep.equal(["iot-endpoint-no-policy-attachment"]);
        const byDependency = res(T.vpcEndpointPolicy, "pol", { vpcEndpointId: U, policy: "{}" }, { propertyDependencies: { vpcEndpointId: [urnOf(T.vpcEndpoint, "ep2")] } });
        expect(await analyzeStack([...passingStack(), byDependency])).to.deep.equal(["iot-endpoint-no-policy-attachment"]);
        const s3 = iotEndpoint("s3", { id: "vpce-0s3", serviceName: "com.amazonaws.us-east-1.s3" });
        const onS3 = res(T.vpcEndpointPolicy, "pol", { vpcEndpointId: "vpce-0s3", policy: "{}" });
        expect(await analyzeStack([...passingStack(), s3, onS3])).to.deep.equal([]);
    });

    const recordCases: [string, (s: ReturnType<typeof passingStack>) => ReturnType<typeof passingStack>][] = [
        ["an unequal weight", (s) => modify(s, `rec-ep1-${SUBNETS[0]}`, (r) => withProps(r, { weightedRoutingPolicies: [{ weight: 2 }] }))],
        ["a duplicate set identifier", (s) => modify(s, `rec-ep1-${SUBNETS[1]}`, (r) => withProps(r, { setIdentifier: `ep1-${SUBNETS[0]}` }))],
        ["a missing set identifier", (s) => modify(s, `rec-ep1-${SUBNETS[1]}`, (r) => withProps(r, { setIdentifier: undefined }))],
        ["a public zone", (s) => modify(s, "zone", (r) => withProps(r, { vpcs: [] }))],
        ["a zone attached to another VPC", (s) => modify(s, "zone", (r) => withProps(r, { vpcs: [{ vpcId: "vpc-0ffffffffffffffff" }] }))],
        ["101 records on one name", (s) => [...s, ...Array.from({ length: 95 }, (_, i) => weightedRecord(`x${i}`, `10.20.100.${i}`))]],
    ];
    for (const [what, change] of recordCases) {
        it(`weighted records with ${what} violate exactly iot-dns-weighted-records`, async () => {
            expect(await analyzeStack(change(passingStack()))).to.deep.equal(["iot-dns-weighted-records"]);
        });
    }

    it("100 records on one name pass, and records on other names are not counted", async () => {
        const s = [...passingStack(), ...Array.from({ length: 94 }, (_, i) => weightedRecord(`x${i}`, `10.20.100.${i}`))];
        expect(await analyzeStack(s)).to.deep.equal([]);
        const other = Array.from({ length: 120 }, (_, i) => weightedRecord(`o${i}`, `10.9.0.${i}`, { name: "api.example.com", weightedRoutingPolicies: [{ weight: i % 3 }] }));
        expect(await analyzeStack([...passingStack(), ...other])).to.deep.equal([]);
    });

    it("records for a custom domain of the stack are judged like the ATS name", async () => {
        const domain = res(T.domainConfiguration, "custom", { domainName: "devices.example.com" });
        const recs = ["a", "b"].map((s, i) => weightedRecord(s, `10.20.0.${i}`, { name: "devices.example.com", weightedRoutingPolicies: [{ weight: i + 1 }] }));
        expect(await analyzeStack([...passingStack(), domain, ...recs])).to.deep.equal(["iot-dns-weighted-records"]);
    });

    it("a zone attached to the endpoints' VPC through a ZoneAssociation passes", async () => {
        const s = modify(passingStack(), "zone", (r) => withProps(r, { vpcs: [{ vpcId: "vpc-0ffffffffffffffff" }] }));
        const association = res(T.zoneAssociation, "assoc", { zoneId: "Z0ABCDEF123456", vpcId: VPC });
        expect(await analyzeStack([...s, association])).to.deep.equal([]);
        const elsewhere = res(T.zoneAssociation, "assoc", { zoneId: "Z0ABCDEF123456", vpcId: "vpc-0eeeeeeeeeeeeeeee" });
        expect(await analyzeStack([...s, elsewhere])).to.deep.equal(["iot-dns-weighted-records"]);
    });

    it("judges the records of a component's custom domains, even one served by an existing domain configuration", async () => {
        const component = res(T.component, "iot", { customDomains: ["fleet.example.org"] });
        const recs = ["a", "b"].map((s, i) => weightedRecord(s, `10.20.0.${i}`, { name: "fleet.example.org", weightedRoutingPolicies: [{ weight: i + 1 }] }));
        expect(await analyzeStack([...passingStack(), component, ...recs])).to.deep.equal(["iot-dns-weighted-records"]);
    });

    it("unknown weights, set identifiers and zones are not violations in a preview", async () => {
        const s = modify(modify(passingStack(), `rec-ep1-${SUBNETS[0]}`, (r) => withProps(r, { weightedRoutingPolicies: [{ weight: U }], setIdentifier: U, zoneId: U })),
            "zone", (r) => withProps(r, { vpcs: U, zoneId: U, id: U }));
        expect(await analyzeStack(s)).to.deep.equal([]);
        const wholeElement = modify(passingStack(), `rec-ep2-${SUBNETS[0]}`, (r) => withProps(r, { weightedRoutingPolicies: [U] }));
        expect(await analyzeStack(wholeElement)).to.deep.equal([]);
    });

    const sgCases: [string, unknown[]][] = [
        ["0.0.0.0/0", devicePortRules(["0.0.0.0/0"])],
        ["::/0", [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }]],
        ["SSH", [...devicePortRules(["10.20.0.0/16"]), { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.20.0.0/16"] }]],
        ["a port range", [{ protocol: "tcp", fromPort: 443, toPort: 8883, cidrBlocks: ["10.20.0.0/16"] }]],
        ["all protocols", [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.20.0.0/16"] }]],
    ];
    for (const [what, ingress] of sgCases) {
        it(`an IoT endpoint security group opening ${what} violates iot-endpoint-security-group`, async () => {
            const s = modify(passingStack(), "sg", () => securityGroup("sg", ingress));
            expect([...new Set(await analyzeStack(s))]).to.deep.equal(["iot-endpoint-security-group"]);
        });
    }

    it("separate ingress rule resources on the endpoints' group are judged too; other groups are not", async () => {
        const ssh = res(T.securityGroupIngressRule, "ssh", { securityGroupId: "sg-0a1b2c3d4e5f60001", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" });
        expect(await analyzeStack([...passingStack(), ssh])).to.deep.equal(["iot-endpoint-security-group"]);
        const legacy = res(T.securityGroupRule, "world", { type: "ingress", securityGroupId: U, protocol: "tcp", fromPort: 8883, toPort: 8883, cidrBlocks: ["0.0.0.0/0"] },
            { propertyDependencies: { securityGroupId: [urnOf(T.securityGroup, "sg")] } });
        expect(await analyzeStack([...passingStack(), legacy])).to.deep.equal(["iot-endpoint-security-group"]);
        const otherSg = res(T.securityGroup, "web", { id: "sg-0web", vpcId: VPC, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });
        expect(await analyzeStack([...passingStack(), otherSg])).to.deep.equal([]);
    });

    it("more interface endpoints in an IoT VPC than the quota violate iot-endpoints-per-vpc", async () => {
        const extra = Array.from({ length: 49 }, (_, i) => iotEndpoint(`svc${i}`, { id: `vpce-x${i}`, serviceName: `com.amazonaws.us-east-1.svc${i}` }));
        expect(await analyzeStack([...passingStack(), ...extra.slice(0, 48)])).to.deep.equal([]);
        expect(await analyzeStack([...passingStack(), ...extra])).to.deep.equal(["iot-endpoints-per-vpc"]);
    });

    it("a component with fewer child endpoints than its devices need violates iot-endpoint-capacity", async () => {
        const c = res(T.component, "iot", { capacity: { expectedConnections: 300_000, endpoints: 3 } });
        const children = [1, 2].map((i) => iotEndpoint(`iot-ep${i}`, { id: `vpce-c${i}` }, { parent: c.urn }));
        const ds = await pack.analyzeStack([c, ...children]);
        expect(names(ds)).to.deep.equal(["iot-endpoint-capacity"]);
        expect(ds[0].message).to.contain("declares 300000 devices but has 2 IoT data endpoint(s)");
        const three = [...children, iotEndpoint("iot-ep3", { id: "vpce-c3" }, { parent: c.urn })];
        expect(await analyzeStack([c, ...three])).to.deep.equal([]);
    });
});

describe("policy pack: config", () => {
    let pack: PolicyPackProcess;
    before(async () => {
        pack = await sharedPolicyPack();
    });
    afterEach(async () => {
        await pack.configure({});
    });

    it("applies its own schema defaults when the config leaves them out", async () => {
        await pack.configure({ "iot-endpoint-ipv4-only": {}, "iot-endpoint-data-only": {}, "iot-endpoints-per-vpc": {} });
        expect(names(await pack.analyze(iotEndpoint("ep", { ipAddressType: "dualstack" })))).to.deep.equal(["iot-endpoint-ipv4-only"]);
        expect(names(await pack.analyze(iotEndpoint("ep", { serviceName: "com.amazonaws.us-east-1.iot.credentials" })))).to.deep.equal(["iot-endpoint-data-only"]);
    });

    it("turns iot-policy-vpc-condition mandatory by config", async () => {
        await pack.configure({ "iot-policy-vpc-condition": { enforcementLevel: "mandatory" } });
        const ds = await pack.analyze(res(T.iotPolicy, "p", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: "*" }] }) }));
        expect(ds.map((d) => [d.policyName, d.enforcementLevel])).to.deep.equal([["iot-policy-vpc-condition", "mandatory"]]);
    });

    it("turns a mandatory policy advisory, or off", async () => {
        await pack.configure({ "iot-endpoint-private-dns-off": { enforcementLevel: "advisory" } });
        const ds = await pack.analyze(iotEndpoint("ep", { privateDnsEnabled: true }));
        expect(ds.map((d) => [d.policyName, d.enforcementLevel])).to.deep.equal([["iot-endpoint-private-dns-off", "advisory"]]);
        await pack.configure({ "iot-endpoint-private-dns-off": { enforcementLevel: "disabled" } });
        expect(await pack.analyze(iotEndpoint("ep", { privateDnsEnabled: true }))).to.deep.equal([]);
    });

    it("opts in to dual-stack, China and the credentials service", async () => {
        await pack.configure({
            "iot-endpoint-ipv4-only": { allowDualStack: true },
            "iot-endpoint-no-china": { allowChinaRegions: true },
            "iot-endpoint-data-only": { allowedServices: ["iot.data", "iot.credentials"] },
        });
        expect(await pack.analyze(iotEndpoint("ep", { ipAddressType: "dualstack" }))).to.deep.equal([]);
        expect(await pack.analyze(iotEndpoint("ep", { serviceName: "cn.com.amazonaws.cn-north-1.iot.data" }))).to.deep.equal([]);
        expect(await pack.analyze(iotEndpoint("ep", { serviceName: "com.amazonaws.us-east-1.iot.credentials" }))).to.deep.equal([]);
    });

    it("raises the endpoint quota and declares devices per VPC", async () => {
        await pack.configure({ "iot-endpoints-per-vpc": { maxEndpointsPerVpc: 60 }, "iot-endpoint-capacity": { declaredConnections: { [VPC]: 300_000 } } });
        const extra = Array.from({ length: 49 }, (_, i) => iotEndpoint(`svc${i}`, { id: `vpce-x${i}`, serviceName: `com.amazonaws.us-east-1.svc${i}` }));
        const ds = await pack.analyzeStack([...passingStack(), ...extra]);
        expect(names(ds)).to.deep.equal(["iot-endpoint-capacity"]);
        expect(ds[0].message).to.contain(`${VPC} must carry 300000 devices (declaredConnections) but has 2 IoT data endpoint(s)`);
    });
});


