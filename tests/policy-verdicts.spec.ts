/**
 * The pack's verdicts, each in both directions through the analyzer protocol: a hand-written stack that
 * must be a violation, and the nearest one that must pass (one field changed). Grouped as the false
 * passes and false blocks they fix, and the component changes the pack must understand.
 */
import { expect } from "chai";

import { Diagnostic, PackConfig, PolicyPackProcess, mandatory } from "../simulation/policyPack";
import { T } from "./support/fixtures";
import { sharedPolicyPack } from "./support/pack";
import {
    ATS,
    HUB_VPC,
    OTHER_VPC,
    SPOKE_VPC,
    SUBNETS,
    U,
    VPC,
    componentArgs,
    componentWithChildren,
    devicePortRules,
    iotEndpoint,
    iotPolicy,
    modify,
    passingStack,
    res,
    securityGroup,
    weightedRecord,
    withProps,
    zone,
    zoneAssociation,
} from "./support/stacks";

const names = (ds: Diagnostic[]) => [...new Set(ds.map((d) => d.policyName))].sort();
const CLIENT = "arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}";
const connect = { Effect: "Allow", Action: "iot:Connect", Resource: CLIENT };
const vpceOnly = { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } };

describe("policy verdicts: false passes are violations, their nearest neighbours pass", () => {
    let pack: PolicyPackProcess;
    const analyze = async (r: Parameters<PolicyPackProcess["analyze"]>[0]) => names(await pack.analyze(r));
    const analyzeStack = async (s: Parameters<PolicyPackProcess["analyzeStack"]>[0]) => names(await pack.analyzeStack(s));
    const withConfig = async <R>(config: PackConfig, f: () => Promise<R>): Promise<R> => {
        await pack.configure(config);
        try {
            return await f();
        } finally {
            await pack.configure({});
        }
    };
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });

    describe("iot-policy-vpc-condition: set operators", () => {
        const cases: [string, Record<string, unknown>, string[]][] = [
            ["ForAllValues:StringEquals aws:SourceVpce (true when the key is absent)", { "ForAllValues:StringEquals": { "aws:SourceVpce": ["vpce-1a2b3c4d"] } }, ["iot-policy-vpc-condition"]],
            ["ForAnyValue:StringEquals aws:SourceVpce", { "ForAnyValue:StringEquals": { "aws:SourceVpce": ["vpce-1a2b3c4d"] } }, []],
            ["StringEquals aws:SourceVpce", vpceOnly, []],
            ["ForAllValues:StringEqualsIfExists aws:SourceVpc", { "ForAllValues:StringEqualsIfExists": { "aws:SourceVpc": [VPC] } }, ["iot-policy-vpc-condition"]],
            ["ForAnyValue:StringEqualsIfExists aws:SourceVpc (IfExists: true without the key)", { "ForAnyValue:StringEqualsIfExists": { "aws:SourceVpc": [VPC] } }, ["iot-policy-vpc-condition"]],
        ];
        for (const [what, condition, expected] of cases) {
            it(`Allow iot:Connect with ${what}: ${expected.join(", ") || "passes"}`, async () => {
                const ds = await pack.analyze(iotPolicy([{ ...connect, Condition: condition }]));
                expect(names(ds)).to.deep.equal(expected);
                if (expected.length > 0) {
                    expect(ds[0].detail).to.contain("Statement 1 of IoT policy devices lets devices connect (iot:Connect) through the public endpoint");
                }
            });
        }

        it("says why ForAllValues does not restrict", async () => {
            const [d] = await pack.analyze(iotPolicy([{ ...connect, Sid: "ThingsConnect", Condition: { "ForAllValues:StringEquals": { "aws:SourceVpce": ["vpce-1a2b3c4d"] } } }]));
            expect(d.detail).to.contain("Statement 1 (ThingsConnect)");
            expect(d.detail).to.contain("ForAllValues:StringEquals aws:SourceVpce holds when the key is absent");
        });
    });

    describe("iot-dns-weighted-records: placement of every record for an IoT name", () => {
        const plain = (overrides: Record<string, unknown> = {}) => res(T.record, "plain", { zoneId: "Z0ABCDEF123456", name: ATS, type: "A", ttl: 60, records: ["10.20.0.11"], ...overrides });
        const stack = (zoneVpcs: unknown) => [iotEndpoint("ep1", { id: "vpce-01" }), zone(ATS, zoneVpcs), plain()];

        it("a plain A record for the ATS name in a public zone is a violation", async () => {
            const ds = await pack.analyzeStack(stack([]));
            expect(names(ds)).to.deep.equal(["iot-dns-weighted-records"]);
            expect(ds[0].detail).to.contain(`Zone zone holding ${ATS} is public`);
        });

        it("the same record in a private zone attached to the endpoints' VPC passes", async () => {
            expect(await analyzeStack(stack([{ vpcId: VPC }]))).to.deep.equal([]);
        });

        it("a plain record in a private zone attached to another VPC is a violation", async () => {
            expect(await analyzeStack(stack([{ vpcId: OTHER_VPC }]))).to.deep.equal(["iot-dns-weighted-records"]);
        });

        it("a record for a name that is not IoT's is not judged, wherever its zone", async () => {
            const s = [iotEndpoint("ep1", { id: "vpce-01" }), zone("example.com", []), plain({ name: "www.example.com" })];
            expect(await analyzeStack(s)).to.deep.equal([]);
        });
    });

    describe("iot-dns-weighted-records: one TTL per weighted set", () => {
        it("weighted records of one name and type with different TTLs are a violation", async () => {
            const s = modify(passingStack(), `rec-ep2-${SUBNETS[2]}`, (r) => withProps(r, { ttl: 30 }));
            const ds = await pack.analyzeStack(s);
            expect(names(ds)).to.deep.equal(["iot-dns-weighted-records"]);
            expect(ds[0].detail).to.contain("different TTLs (30 and 60)");
            expect(ds[0].detail).to.contain("weighted sets must contain the same TTL");
        });

        it("the same TTL everywhere passes", async () => {
            const s = passingStack().map((r) => (r.type === T.record ? withProps(r, { ttl: 30 }) : r));
            expect(await analyzeStack(s)).to.deep.equal([]);
        });

        it("alias records have no TTL and are not compared; another name's TTL is another set", async () => {
            const alias = (id: string) => res(T.record, `alias-${id}`, {
                zoneId: "Z0ABCDEF123456", name: ATS, type: "A", setIdentifier: id, weightedRoutingPolicies: [{ weight: 1 }],
                aliases: [{ name: `${id}.vpce.amazonaws.com`, zoneId: "Z7HUB3A4ZT3WC", evaluateTargetHealth: false }],
            });
            const aliases = [...passingStack().filter((r) => r.type !== T.record), alias("ep1"), alias("ep2")];
            expect(await analyzeStack(aliases)).to.deep.equal([]);
            const aaaa = weightedRecord("v6", "fd00::1", { type: "AAAA", ttl: 300 });
            expect(await analyzeStack([...passingStack(), aaaa])).to.deep.equal([]);
        });

        it("an unknown TTL is never a violation", async () => {
            const s = modify(passingStack(), `rec-ep2-${SUBNETS[2]}`, (r) => withProps(r, { ttl: U }));
            expect(await analyzeStack(s)).to.deep.equal([]);
        });
    });

    describe("iot-dns-ats-only: parents of the endpoint names", () => {
        const shadowing = ["iot.us-east-1.amazonaws.com", "us-east-1.amazonaws.com", "amazonaws.com", "amazonaws.com.", "AmazonAWS.com",
            "amazonaws.com.cn", "cn-north-1.amazonaws.com.cn", "iot.cn-north-1.amazonaws.com.cn", "com"];
        for (const name of shadowing) {
            it(`a zone for ${name} is a violation`, async () => {
                const ds = await pack.analyze(zone(name));
                expect(names(ds)).to.deep.equal(["iot-dns-ats-only"]);
                expect(ds[0].detail).to.contain("is a parent of the IoT Core endpoint names");
            });
        }
        for (const name of [ATS, "a3k7odshaiipe8.ats.iot.cn-north-1.amazonaws.com.cn", "s3.us-east-1.amazonaws.com", "amazonaws.example.com", "devices.example.com"]) {
            it(`a zone for ${name} passes`, async () => {
                expect(await analyze(zone(name))).to.deep.equal([]);
            });
        }

        it("exemptNames lets a named parent through", async () => {
            await withConfig({ "iot-dns-ats-only": { exemptNames: ["us-east-1.amazonaws.com"] } }, async () => {
                expect(await analyze(zone("us-east-1.amazonaws.com"))).to.deep.equal([]);
                expect(await analyze(zone("amazonaws.com"))).to.deep.equal(["iot-dns-ats-only"]);
            });
        });
    });

    describe("iot-dns-private-zone-conflict: one private zone per name per VPC", () => {
        const second = (vpcs: unknown) => res(T.zone, "zone2", { name: ATS, vpcs, zoneId: "Z0SECOND0000001", id: "Z0SECOND0000001" });

        it("two private zones of the ATS name attached to one VPC are a violation", async () => {
            const ds = await pack.analyzeStack([...passingStack(), second([{ vpcId: VPC }])]);
            expect(names(ds)).to.deep.equal(["iot-dns-private-zone-conflict"]);
            expect(ds[0].detail).to.contain(`Zones zone and zone2 are both private zones for ${ATS} associated with ${VPC}`);
            expect(ds[0].detail).to.contain("ConflictingDomainExists");
            expect(ds[0].urn).to.contain("::zone2");
        });

        it("the second zone on another VPC passes", async () => {
            expect(await analyzeStack([...passingStack(), second([{ vpcId: OTHER_VPC }])])).to.deep.equal([]);
        });

        it("an association of the second zone with the first zone's VPC is a violation; with another VPC it passes", async () => {
            const z2 = second([{ vpcId: OTHER_VPC }]);
            expect(await analyzeStack([...passingStack(), z2, zoneAssociation("a2", VPC, "Z0SECOND0000001")])).to.deep.equal(["iot-dns-private-zone-conflict"]);
            expect(await analyzeStack([...passingStack(), z2, zoneAssociation("a2", SPOKE_VPC, "Z0SECOND0000001")])).to.deep.equal([]);
        });

        it("zones of names that are not IoT's, and public zones, are not judged", async () => {
            const a = res(T.zone, "ex1", { name: "example.com", vpcs: [{ vpcId: VPC }], zoneId: "Z0EX1", id: "Z0EX1" });
            const b = res(T.zone, "ex2", { name: "example.com", vpcs: [{ vpcId: VPC }], zoneId: "Z0EX2", id: "Z0EX2" });
            expect(await analyzeStack([...passingStack(), a, b])).to.deep.equal([]);
        });

        it("an unknown VPC is never a violation", async () => {
            expect(await analyzeStack([...passingStack(), second([{ vpcId: U }])])).to.deep.equal([]);
            expect(await analyzeStack([...passingStack(), second([{ vpcId: OTHER_VPC }]), zoneAssociation("a2", U, "Z0SECOND0000001")])).to.deep.equal([]);
        });
    });

    describe("iot-endpoint-security-group: rule quota", () => {
        const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);

        it("21 CIDRs x 3 ports (63 rules) is a violation; 20 x 3 (60) passes", async () => {
            const over = modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules(cidrs(21))));
            const ds = await pack.analyzeStack(over);
            expect(names(ds)).to.deep.equal(["iot-endpoint-security-group"]);
            expect(ds[0].detail).to.contain("has 63 inbound IPv4 rules (each port range x source is one); AWS allows 60 per group");
            expect(await analyzeStack(modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules(cidrs(20)))))).to.deep.equal([]);
        });

        it("counts inline rules and rule resources together", async () => {
            const full = modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules(cidrs(20))));
            const extra = res(T.securityGroupIngressRule, "extra", { securityGroupId: "sg-0a1b2c3d4e5f60001", ipProtocol: "tcp", fromPort: 8883, toPort: 8883, cidrIpv4: "10.200.0.0/16" });
            expect(await analyzeStack([...full, extra])).to.deep.equal(["iot-endpoint-security-group"]);
        });

        it("maxInboundRules raises the limit", async () => {
            const over = modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules(cidrs(21))));
            await withConfig({ "iot-endpoint-security-group": { maxInboundRules: 100 } }, async () => {
                expect(await analyzeStack(over)).to.deep.equal([]);
            });
        });
    });

    describe("iot-endpoint-security-group: public address space", () => {
        const withCidrs = (c: string[]) => modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules(c)));

        it("0.0.0.0/1 with 128.0.0.0/1 covers the whole internet: a violation", async () => {
            const ds = await pack.analyzeStack(withCidrs(["0.0.0.0/1", "128.0.0.0/1"]));
            expect(names(ds)).to.deep.equal(["iot-endpoint-security-group"]);
            expect(ds[0].detail).to.contain("admits the whole internet (0.0.0.0/1 and 128.0.0.0/1)");
        });

        it("halves split over a rule resource cover the whole internet too", async () => {
            const half = res(T.securityGroupRule, "half", { type: "ingress", securityGroupId: "sg-0a1b2c3d4e5f60001", protocol: "tcp", fromPort: 8883, toPort: 8883, cidrBlocks: ["128.0.0.0/1"] });
            const ds = await pack.analyzeStack([...withCidrs(["0.0.0.0/1"]), half]);
            expect(ds.some((d) => d.detail.includes("admits the whole internet"))).to.equal(true);
        });

        it("a public range is a violation unless allowedPublicCidrs lists it", async () => {
            const ds = await pack.analyzeStack(withCidrs(["10.20.0.0/16", "203.0.113.0/24"]));
            expect(names(ds)).to.deep.equal(["iot-endpoint-security-group"]);
            expect(ds[0].detail).to.contain("allows public address space (203.0.113.0/24)");
            await withConfig({ "iot-endpoint-security-group": { allowedPublicCidrs: ["203.0.113.0/24"] } }, async () => {
                expect(await analyzeStack(withCidrs(["10.20.0.0/16", "203.0.113.0/24"]))).to.deep.equal([]);
                expect(await analyzeStack(withCidrs(["10.20.0.0/16", "203.0.112.0/23"]))).to.deep.equal(["iot-endpoint-security-group"]);
            });
        });

        it("private ranges pass: RFC 1918 and carrier-grade NAT space", async () => {
            expect(await analyzeStack(withCidrs(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]))).to.deep.equal([]);
        });

        it("allowedPublicCidrs never allows the whole internet", async () => {
            await withConfig({ "iot-endpoint-security-group": { allowedPublicCidrs: ["0.0.0.0/0"] } }, async () => {
                expect(await analyzeStack(withCidrs(["0.0.0.0/0"]))).to.deep.equal(["iot-endpoint-security-group"]);
                expect(await analyzeStack(withCidrs(["0.0.0.0/1", "128.0.0.0/1"]))).to.deep.equal(["iot-endpoint-security-group"]);
            });
        });
    });
});

describe("policy verdicts: false blocks pass, their nearest neighbours are violations", () => {
    let pack: PolicyPackProcess;
    const analyze = async (r: Parameters<PolicyPackProcess["analyze"]>[0]) => names(await pack.analyze(r));
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });

    describe("iot-policy-vpc-condition: Allow plus a Deny that stops connections without the key", () => {
        const deny = (condition: Record<string, unknown>, resource: unknown = "*", action: Record<string, unknown> = { Action: "iot:Connect" }) =>
            ({ Effect: "Deny", ...action, Resource: resource, Condition: condition });
        const cases: [string, Record<string, unknown>[], string[]][] = [
            ["Deny when StringNotEquals aws:SourceVpce", [connect, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } })], []],
            ["Deny when StringNotEqualsIfExists aws:SourceVpce", [connect, deny({ StringNotEqualsIfExists: { "aws:SourceVpce": "vpce-1a2b3c4d" } })], []],
            ["Deny when Null aws:SourceVpce is true", [connect, deny({ Null: { "aws:SourceVpce": "true" } })], []],
            ["Deny when NotIpAddress aws:VpcSourceIp", [connect, deny({ NotIpAddress: { "aws:VpcSourceIp": "10.20.0.0/16" } })], []],
            ["Deny iot:* when StringNotEquals aws:SourceVpc", [connect, deny({ StringNotEquals: { "aws:SourceVpc": VPC } }, "*", { Action: "iot:*" })], []],
            ["Deny of NotAction iot:Publish (so iot:Connect) when StringNotEquals", [connect, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, "*", { NotAction: "iot:Publish" })], []],
            ["Deny on every client of the account", [connect, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, "arn:aws:iot:us-east-1:123456789012:client/*")], []],
            // nearest violations
            ["Deny when StringEquals aws:SourceVpce (applies only inside the VPC)", [connect, deny({ StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } })], ["iot-policy-vpc-condition"]],
            ["Deny when Null aws:SourceVpce is false", [connect, deny({ Null: { "aws:SourceVpce": "false" } })], ["iot-policy-vpc-condition"]],
            ["Deny also conditioned on another key", [connect, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1" }, Bool: { "aws:SecureTransport": "false" } })], ["iot-policy-vpc-condition"]],
            ["Deny of iot:Publish only", [connect, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, "*", { Action: "iot:Publish" })], ["iot-policy-vpc-condition"]],
            ["Deny of NotAction iot:Connect", [connect, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, "*", { NotAction: ["iot:Connect"] })], ["iot-policy-vpc-condition"]],
            ["Deny on a narrower resource than the Allow", [{ ...connect, Resource: "arn:aws:iot:us-east-1:123456789012:client/*" }, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, CLIENT)], ["iot-policy-vpc-condition"]],
            ["Deny on another account's clients", [connect, deny({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, "arn:aws:iot:us-east-1:999999999999:client/*")], ["iot-policy-vpc-condition"]],
            ["Deny with NotResource", [connect, { Effect: "Deny", Action: "iot:Connect", NotResource: "arn:aws:iot:us-east-1:123456789012:topic/*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } }], ["iot-policy-vpc-condition"]],
        ];
        for (const [what, statements, expected] of cases) {
            it(`Allow iot:Connect and ${what}: ${expected.join(", ") || "passes"}`, async () => {
                expect(await analyze(iotPolicy(statements))).to.deep.equal(expected);
            });
        }
    });

    describe("iot-policy-vpc-condition: NotAction, wildcards and resources", () => {
        const cases: [string, Record<string, unknown>, string[]][] = [
            ["NotAction iot:Publish (grants iot:Connect)", { Effect: "Allow", NotAction: "iot:Publish", Resource: "*" }, ["iot-policy-vpc-condition"]],
            ["NotAction iot:Publish with aws:SourceVpce", { Effect: "Allow", NotAction: "iot:Publish", Resource: "*", Condition: vpceOnly }, []],
            ["NotAction iot:Connect", { Effect: "Allow", NotAction: ["iot:Connect"], Resource: "*" }, []],
            ["NotAction iot:Conn*", { Effect: "Allow", NotAction: ["iot:Conn*"], Resource: "*" }, []],
            ["iot:?onnect", { ...connect, Action: "iot:?onnect" }, ["iot-policy-vpc-condition"]],
            ["IOT:CONNECT (actions ignore case)", { ...connect, Action: "IOT:CONNECT" }, ["iot-policy-vpc-condition"]],
            ["iot:* on topics only (cannot name a client)", { Effect: "Allow", Action: "iot:*", Resource: "arn:aws:iot:us-east-1:123456789012:topic/things/*" }, []],
            ["iot:* on every resource", { Effect: "Allow", Action: "iot:*", Resource: "*" }, ["iot-policy-vpc-condition"]],
            ["iot:* on arn:aws:iot:*", { Effect: "Allow", Action: "iot:*", Resource: "arn:aws:iot:*" }, ["iot-policy-vpc-condition"]],
            ["a condition on another key only", { ...connect, Condition: { Bool: { "iot:Connection.Thing.IsAttached": "true" } } }, ["iot-policy-vpc-condition"]],
            ["a VPC condition and one on another key", { ...connect, Condition: { ...vpceOnly, Bool: { "iot:Connection.Thing.IsAttached": "true" } } }, []],
            ["condition keys in another case", { ...connect, Condition: { StringEquals: { "AWS:SOURCEVPCE": "vpce-1" } } }, []],
        ];
        for (const [what, statement, expected] of cases) {
            it(`Allow ${what}: ${expected.join(", ") || "passes"}`, async () => {
                expect(await analyze(iotPolicy([statement]))).to.deep.equal(expected);
            });
        }

        it("names every statement that lets devices in", async () => {
            const ds = await pack.analyze(iotPolicy([{ ...connect, Condition: vpceOnly }, { Effect: "Allow", Action: "iot:Publish", Resource: "*" }, connect, { ...connect, Action: "iot:*" }]));
            expect(ds.map((d) => /^Statement (\d+)/.exec(d.detail)?.[1])).to.deep.equal(["3", "4"]);
        });
    });

    describe("iot-policy-vpc-condition: wildcards in linear time", () => {
        for (const stars of [22, 50, 5000]) {
            it(`an action of iot: and ${stars} stars and z answers at once`, async () => {
                const started = Date.now();
                const ds = await pack.analyze(iotPolicy([{ ...connect, Action: `iot:${"*".repeat(stars)}z` }]));
                expect(Date.now() - started).to.be.lessThan(500);
                expect(names(ds)).to.deep.equal([]); // iot:Connect does not end in z
            });
        }

        it("a resource of many stars against a Deny of many stars answers at once", async () => {
            const started = Date.now();
            const many = `arn:${"*a".repeat(400)}`;
            await pack.analyze(iotPolicy([{ ...connect, Resource: many }, { Effect: "Deny", Action: "iot:Connect", Resource: `${"*b".repeat(400)}*`, Condition: { StringNotEquals: { "aws:SourceVpce": "v" } } }]));
            expect(Date.now() - started).to.be.lessThan(1000);
        });
    });

    describe("iot-endpoints-per-vpc: this stack's endpoints plus declared ones", () => {
        const endpoints = (n: number) => Array.from({ length: n }, (_, i) => iotEndpoint(`ep${i}`, { id: `vpce-${i}` }));

        it("says it counts only this stack's endpoints", async () => {
            const ds = await pack.analyzeStack(endpoints(51));
            expect(names(ds)).to.deep.equal(["iot-endpoints-per-vpc"]);
            expect(ds[0].detail).to.contain(`${VPC} would have 51 interface endpoints (51 in this stack), 1 over the quota of 50`);
            expect(ds[0].detail).to.contain("This rule counts only this stack's endpoints and those declared in existingEndpointsPerVpc");
        });

        it("existingEndpointsPerVpc adds the endpoints already there", async () => {
            await pack.configure({ "iot-endpoints-per-vpc": { existingEndpointsPerVpc: { [VPC]: 5 } } });
            try {
                expect(await pack.analyzeStack(endpoints(45))).to.deep.equal([]);
                const ds = await pack.analyzeStack(endpoints(46));
                expect(names(ds)).to.deep.equal(["iot-endpoints-per-vpc"]);
                expect(ds[0].detail).to.contain("51 interface endpoints (46 in this stack and 5 already there (existingEndpointsPerVpc))");
                expect(await pack.analyzeStack(endpoints(46).map((e) => withProps(e, { vpcId: OTHER_VPC })))).to.deep.equal([]);
            } finally {
                await pack.configure({});
            }
        });

        it("a value its schema refuses falls back to the default instead of disabling the check", async () => {
            await pack.configure({ "iot-endpoints-per-vpc": { maxEndpointsPerVpc: "ten" } });
            try {
                expect(names(await pack.analyzeStack(endpoints(51)))).to.deep.equal(["iot-endpoints-per-vpc"]);
                expect(await pack.analyzeStack(endpoints(50))).to.deep.equal([]);
            } finally {
                await pack.configure({});
            }
        });
    });
});

describe("policy verdicts: the component's changes (draining, hub and spoke, headroom, new arguments)", () => {
    let pack: PolicyPackProcess;
    const analyze = async (r: Parameters<PolicyPackProcess["analyze"]>[0]) => names(await pack.analyze(r));
    const analyzeStack = async (s: Parameters<PolicyPackProcess["analyzeStack"]>[0]) => names(await pack.analyzeStack(s));
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });

    describe("draining records (weight 0)", () => {
        const weights = (ws: number[]) => {
            const base = passingStack().filter((r) => r.type !== T.record);
            return [...base, ...ws.map((w, i) => weightedRecord(`r${i}`, `10.20.0.${10 + i}`, { weightedRoutingPolicies: [{ weight: w }] }))];
        };
        const cases: [number[], string[]][] = [
            [[1, 1, 0], []],
            [[0], []],
            [[0, 0, 0], []],
            [[2, 2, 0, 0], []],
            [[1, 2, 0], ["iot-dns-weighted-records"]],
            [[1, 2], ["iot-dns-weighted-records"]],
        ];
        for (const [ws, expected] of cases) {
            it(`weights ${ws.join(", ")}: ${expected.join(", ") || "passes"}`, async () => {
                expect(await analyzeStack(weights(ws))).to.deep.equal(expected);
            });
        }

        it("names only the weights that carry traffic", async () => {
            const [d] = await pack.analyzeStack(weights([1, 2, 0]));
            expect(d.detail).to.contain("unequal weights (1 and 2)");
        });
    });

    describe("hub and spoke: zones attached through associations", () => {
        const hubZone = (vpcs: unknown) => modify(passingStack(), "zone", (r) => withProps(r, { vpcs }));

        it("a zone with inline vpcs for the hub and associations for spokes passes", async () => {
            expect(await analyzeStack([...hubZone([{ vpcId: HUB_VPC }]), zoneAssociation("spoke", SPOKE_VPC)])).to.deep.equal([]);
        });

        it("a zone whose inline vpcs are unknown but has associations passes", async () => {
            expect(await analyzeStack([...hubZone(U), zoneAssociation("spoke", SPOKE_VPC)])).to.deep.equal([]);
            expect(await analyzeStack([...hubZone([{ vpcId: U }]), zoneAssociation("spoke", SPOKE_VPC)])).to.deep.equal([]);
        });

        it("a zone attached to spokes only (not the endpoints' VPC) is a violation", async () => {
            expect(await analyzeStack([...hubZone([{ vpcId: SPOKE_VPC }]), zoneAssociation("spoke2", OTHER_VPC)])).to.deep.equal(["iot-dns-weighted-records"]);
        });

        it("an association with the endpoints' VPC counts, by zone id or, in a preview, by dependency", async () => {
            expect(await analyzeStack([...hubZone([{ vpcId: SPOKE_VPC }]), zoneAssociation("hub", HUB_VPC)])).to.deep.equal([]);
            const byDependency = { ...zoneAssociation("hub", HUB_VPC, U), propertyDependencies: { zoneId: [passingStack().find((r) => r.name === "zone")!.urn] } };
            expect(await analyzeStack([...hubZone([{ vpcId: SPOKE_VPC }]), byDependency])).to.deep.equal([]);
        });

        it("a cross-account authorization for the endpoints' VPC counts; one for another VPC does not", async () => {
            const authorization = (vpc: string) => zoneAssociation("auth", vpc, "Z0ABCDEF123456", T.vpcAssociationAuthorization);
            expect(await analyzeStack([...hubZone([{ vpcId: SPOKE_VPC }]), authorization(HUB_VPC)])).to.deep.equal([]);
            expect(await analyzeStack([...hubZone([{ vpcId: SPOKE_VPC }]), authorization(OTHER_VPC)])).to.deep.equal(["iot-dns-weighted-records"]);
        });

        it("a public zone stays a violation whatever its associations (AWS cannot associate one)", async () => {
            expect(await analyzeStack([...hubZone([]), zoneAssociation("hub", HUB_VPC)])).to.deep.equal(["iot-dns-weighted-records"]);
        });
    });

    describe("capacity with headroom (targetUtilizationPercent, maxUtilizationPercent)", () => {
        const capacity = (devices: number, target?: number) => ({
            endpoints: 3, enisPerEndpoint: 3, enis: 9, maxDevices: 300_000, expectedConnections: devices, records: 9,
            ...(target === undefined ? {} : { targetUtilizationPercent: target, plannedDevicesPerEndpoint: target * 1000 }),
        });

        it("the component's own target: 250,000 devices on 3 endpoints fail at 80%, 4 pass", async () => {
            const ds = await pack.analyzeStack(componentWithChildren(capacity(250_000, 80), 3));
            expect(names(ds)).to.deep.equal(["iot-endpoint-capacity"]);
            expect(ds[0].detail).to.contain("declares 250000 devices but has 3 IoT data endpoint(s), which carry 240000 at 80% utilization (80000 each)");
            expect(ds[0].detail).to.contain("Use at least 4 endpoints");
            expect(await analyzeStack(componentWithChildren(capacity(250_000, 80), 4))).to.deep.equal([]);
            expect(await analyzeStack(componentWithChildren(capacity(250_000), 3))).to.deep.equal([]);
        });

        it("the pack's maxUtilizationPercent caps the component's target", async () => {
            await pack.configure({ "iot-endpoint-capacity": { maxUtilizationPercent: 50 } });
            try {
                expect(await analyzeStack(componentWithChildren(capacity(250_000, 80), 4))).to.deep.equal(["iot-endpoint-capacity"]);
                expect(await analyzeStack(componentWithChildren(capacity(250_000, 80), 5))).to.deep.equal([]);
                expect(await analyzeStack(componentWithChildren(capacity(250_000, 40), 5))).to.deep.equal(["iot-endpoint-capacity"]);
            } finally {
                await pack.configure({});
            }
        });

        it("declared VPC connections use the pack's maxUtilizationPercent", async () => {
            const two = [1, 2].map((i) => iotEndpoint(`ep${i}`, { id: `vpce-${i}` }));
            await pack.configure({ "iot-endpoint-capacity": { maxUtilizationPercent: 80, declaredConnections: { [VPC]: 170_000 } } });
            try {
                const ds = await pack.analyzeStack(two);
                expect(names(ds)).to.deep.equal(["iot-endpoint-capacity"]);
                expect(ds[0].detail).to.contain(`${VPC} must carry 170000 devices (declaredConnections) but has 2 IoT data endpoint(s), which carry 160000 at 80% utilization`);
                expect(await analyzeStack([...two, iotEndpoint("ep3", { id: "vpce-3" })])).to.deep.equal([]);
            } finally {
                await pack.configure({});
            }
        });

        it("the deprecated connectionsPerEndpoint still applies when it is the stricter", async () => {
            await pack.configure({ "iot-endpoint-capacity": { connectionsPerEndpoint: 50_000 } });
            try {
                expect(await analyzeStack(componentWithChildren(capacity(250_000, 80), 4))).to.deep.equal(["iot-endpoint-capacity"]);
                expect(await analyzeStack(componentWithChildren(capacity(250_000, 80), 5))).to.deep.equal([]);
            } finally {
                await pack.configure({});
            }
        });

        it("component arguments: endpointCount is judged at the component's target", async () => {
            expect(await analyze(componentArgs({ expectedConnections: 250_000, endpointCount: 3, targetUtilizationPercent: 80 }))).to.deep.equal(["iot-component-capacity-args"]);
            expect(await analyze(componentArgs({ expectedConnections: 250_000, endpointCount: 4, targetUtilizationPercent: 80 }))).to.deep.equal([]);
            // left out, the target is the component's default (80%), as the component itself sizes
            expect(await analyze(componentArgs({ expectedConnections: 250_000, endpointCount: 3 }))).to.deep.equal(["iot-component-capacity-args"]);
            expect(await analyze(componentArgs({ expectedConnections: 250_000, endpointCount: 3, targetUtilizationPercent: 100 }))).to.deep.equal([]);
        });

        it("component arguments: a target above the pack's maxUtilizationPercent that sizes too few endpoints", async () => {
            await pack.configure({ "iot-component-capacity-args": { maxUtilizationPercent: 80 } });
            try {
                const ds = await pack.analyze(componentArgs({ expectedConnections: 250_000, targetUtilizationPercent: 90 }));
                expect(names(ds)).to.deep.equal(["iot-component-capacity-args"]);
                expect(ds[0].detail).to.contain("Lower targetUtilizationPercent to 80 or less");
                expect(await analyze(componentArgs({ expectedConnections: 250_000, targetUtilizationPercent: 80 }))).to.deep.equal([]);
                expect(await analyze(componentArgs({ expectedConnections: 1_000, targetUtilizationPercent: 90 }))).to.deep.equal([]);
            } finally {
                await pack.configure({});
            }
        });

        it("component arguments: the quota counts endpoints sized at the effective utilization", async () => {
            expect(await analyze(componentArgs({ expectedConnections: 4_000_000, targetUtilizationPercent: 80 }))).to.deep.equal([]);
            expect(await analyze(componentArgs({ expectedConnections: 4_000_001, targetUtilizationPercent: 80 }))).to.deep.equal(["iot-component-capacity-args"]);
        });
    });

    describe("new component arguments are not flagged", () => {
        const args = {
            expectedConnections: 250_000,
            targetUtilizationPercent: 80,
            subnetCount: 3,
            allowPublicCidrs: true,
            additionalVpcs: [{ vpcId: SPOKE_VPC, region: "us-east-1" }],
            drainingSubnetIds: [SUBNETS[2]],
            endpointIps: { [SUBNETS[0]]: ["10.20.0.10"] },
            dashboard: { name: "iot" },
            existingHostedZoneId: "Z0EXISTING00001",
            customDomains: [{ domainName: "devices.example.com", existingHostedZoneId: "Z0EXISTING00002", existingDomainConfigurationName: "fleet" }],
        };

        it("in the component's arguments (Analyze)", async () => {
            expect(mandatory(await pack.analyze(componentArgs(args)))).to.deep.equal([]);
            expect(await analyze(componentArgs(args))).to.deep.equal([]);
        });

        it("in the component's registered outputs with the new capacity shape (AnalyzeStack)", async () => {
            const capacity = { endpoints: 4, enisPerEndpoint: 3, enis: 12, maxDevices: 400_000, expectedConnections: 250_000, records: 12, targetUtilizationPercent: 80, plannedDevicesPerEndpoint: 80_000 };
            const [c, ...children] = componentWithChildren(capacity, 4);
            expect(await analyzeStack([withProps(c, { ...args, capacity }), ...children])).to.deep.equal([]);
        });

        it("a custom domain given as an object names records the pack judges", async () => {
            const c = componentArgs(args);
            const recs = ["a", "b"].map((s, i) => weightedRecord(s, `10.20.0.${i}`, { name: "devices.example.com", weightedRoutingPolicies: [{ weight: i + 1 }] }));
            expect(await analyzeStack([...passingStack(), c, ...recs])).to.deep.equal(["iot-dns-weighted-records"]);
        });
    });
});
