/**
 * The documented limitations, judged by the component's validation AND by the policy pack, against
 * answers written here, in this file, from the source document and AWS's documented quotas, never from
 * the product's own constants: raising a limit in `components/limits.ts` (230 s to 231, 100 records to
 * 101) or breaking a verdict in `components/rules.ts` fails these rows, whichever side it touches.
 *
 * Each row is one fact: the value, the component's arguments and the stack the pack is shown, and
 * whether it is refused. Both must answer exactly that.
 */
import { expect } from "chai";

import { IotCoreVpcEndpointsArgs } from "../components";
import { DeployFacts, resolveArgs, validateDeployFacts } from "../components/validation";
import { AnalyzedResource, PolicyPackProcess } from "../simulation/policyPack";
import { T } from "./support/fixtures";
import { sharedPolicyPack } from "./support/pack";
import { ATS, SUBNETS, VPC, devicePortRules, iotEndpoint, modify, passingStack, res, securityGroup, weightedRecord, zone } from "./support/stacks";

// ---------------------------------------------------------------------------------------------------
// The facts, as the document and AWS state them (literal: no import from components/limits.ts)
// ---------------------------------------------------------------------------------------------------
/** "MQTT keep alive periods are limited to 230 seconds." */
const KEEP_ALIVE_MAX = 230;
/** "Each VPC endpoint supports 100,000 total concurrent connected devices." */
const DEVICES_PER_ENDPOINT = 100_000;
/** AWS: interface VPC endpoints per VPC, default quota. */
const ENDPOINTS_PER_VPC = 50;
/** Route 53: weighted records with the same name and type. */
const WEIGHTED_RECORDS_PER_NAME = 100;
/** EC2: inbound rules per security group, default quota. */
const INBOUND_RULES = 60;
/** The ports devices use: MQTT 8883; MQTT over WebSockets, HTTPS, MQTT with ALPN 443; HTTPS with client certificates 8443. */
const DEVICE_PORTS = [8883, 443, 8443];

/** One fact: what is asked, and whether the document (or AWS) refuses it. */
interface Row {
    readonly what: string;
    /** The component's arguments (beside vpcId), or `undefined` when the component cannot be asked for it. */
    readonly args?: Partial<IotCoreVpcEndpointsArgs>;
    /** Deploy-time facts for the component, when the fact is known only at deploy time. */
    readonly facts?: Partial<DeployFacts>;
    /** The policy and what the pack is shown: one resource's inputs (Analyze) or a stack's outputs (AnalyzeStack). */
    readonly policy: string;
    readonly resource?: AnalyzedResource;
    readonly stack?: AnalyzedResource[];
    /** Pack config for this row. */
    readonly config?: Record<string, Record<string, unknown>>;
    readonly refused: boolean;
}

const subnetIds = (n: number) => Array.from({ length: n }, (_, i) => `subnet-0${(i + 1).toString(16).padStart(16, "0")}`);
const component = (args: Record<string, unknown>) => res(T.component, "iot", JSON.parse(JSON.stringify(args)) as Record<string, unknown>);
const records = (n: number) => Array.from({ length: n }, (_, i) => weightedRecord(`r${i}`, `10.20.${Math.floor(i / 200)}.${i % 200}`));
const endpoints = (n: number, serviceName = "com.amazonaws.us-east-1.iot.data") => Array.from({ length: n }, (_, i) => iotEndpoint(`ep${i}`, { id: `vpce-${i}`, serviceName }));
const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);
const withSecurityGroup = (blocks: string[], ports = DEVICE_PORTS) => modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules(blocks, ports)));

const ROWS: Row[] = [
    // MQTT keep-alive: at most 230 s.
    ...[[1, false], [KEEP_ALIVE_MAX - 1, false], [KEEP_ALIVE_MAX, false], [KEEP_ALIVE_MAX + 1, true], [1200, true]].map(([k, refused]): Row => ({
        what: `MQTT keep-alive ${k} s`, args: { mqttKeepAliveSeconds: k as number }, policy: "iot-mqtt-keep-alive",
        resource: component({ mqttKeepAliveSeconds: k }), refused: refused as boolean,
    })),
    // 100,000 devices per endpoint (at the documented limit, targetUtilizationPercent: 100).
    ...([
        [DEVICES_PER_ENDPOINT, 1, false], [DEVICES_PER_ENDPOINT + 1, 1, true], [2 * DEVICES_PER_ENDPOINT, 2, false], [250_000, 2, true], [250_000, 3, false],
    ] as const).map(([devices, count, refused]): Row => ({
        what: `${devices} devices on ${count} endpoint(s) at 100%`, args: { expectedConnections: devices, endpointCount: count, targetUtilizationPercent: 100 },
        policy: "iot-component-capacity-args", resource: component({ expectedConnections: devices, endpointCount: count, targetUtilizationPercent: 100 }), refused,
    })),
    // The component's default plans 80,000 per endpoint (80%); the pack applies the same default.
    ...([[80_000, 1, false], [80_001, 1, true], [250_000, 4, false], [250_000, 3, true]] as const).map(([devices, count, refused]): Row => ({
        what: `${devices} devices on ${count} endpoint(s) at the default target`, args: { expectedConnections: devices, endpointCount: count },
        policy: "iot-component-capacity-args", resource: component({ expectedConnections: devices, endpointCount: count }), refused,
    })),
    // Interface endpoints per VPC: 50 by default; the credential provider's count too.
    ...([[ENDPOINTS_PER_VPC, 0, false], [ENDPOINTS_PER_VPC + 1, 0, true], [ENDPOINTS_PER_VPC - 1, 1, false], [ENDPOINTS_PER_VPC, 1, true], [45, 5, false], [46, 5, true]] as const)
        .map(([data, credentials, refused]): Row => ({
            what: `${data} data and ${credentials} credential provider endpoints in one VPC`,
            args: { endpointCount: data, targetUtilizationPercent: 100, recordLayout: "perEndpoint", ...(credentials ? { credentialsProvider: { endpointCount: credentials } } : {}) },
            policy: "iot-component-capacity-args",
            resource: component({ endpointCount: data, targetUtilizationPercent: 100, ...(credentials ? { credentialsProvider: { endpointCount: credentials } } : {}) }),
            refused,
        })),
    ...([[ENDPOINTS_PER_VPC, false], [ENDPOINTS_PER_VPC + 1, true]] as const).map(([n, refused]): Row => ({
        what: `${n} interface endpoints declared in one VPC`, args: { endpointCount: n, targetUtilizationPercent: 100, recordLayout: "perEndpoint" },
        policy: "iot-endpoints-per-vpc", stack: endpoints(n), refused,
    })),
    // Route 53: 100 weighted records per name and type (perEni: endpoints x subnets).
    ...([[50, 2, false], [33, 3, false], [25, 4, false], [34, 3, true], [26, 4, true]] as const).map(([e, s, refused]): Row => ({
        what: `${e} endpoints x ${s} subnets = ${e * s} weighted records`, args: { endpointCount: e, targetUtilizationPercent: 100, subnetIds: subnetIds(s) },
        policy: "iot-dns-weighted-records", stack: [iotEndpoint("ep", { id: "vpce-01" }), zone(), ...records(e * s)], refused,
    })),
    { what: `${WEIGHTED_RECORDS_PER_NAME} records on one name`, policy: "iot-dns-weighted-records", stack: [iotEndpoint("ep", { id: "vpce-01" }), zone(), ...records(WEIGHTED_RECORDS_PER_NAME)], refused: false },
    { what: `${WEIGHTED_RECORDS_PER_NAME + 1} records on one name`, policy: "iot-dns-weighted-records", stack: [iotEndpoint("ep", { id: "vpce-01" }), zone(), ...records(WEIGHTED_RECORDS_PER_NAME + 1)], refused: true },
    // Who may connect: private networks; never the whole internet, however it is split.
    ...([
        [["10.20.0.0/16"], false], [["192.168.10.0/24", "172.16.0.0/12"], false], [["100.64.0.0/10"], false],
        [["0.0.0.0/0"], true], [["0.0.0.0/1", "128.0.0.0/1"], true], [["203.0.113.0/24"], true], [["10.0.0.0/7"], true],
    ] as const).map(([blocks, refused]): Row => ({
        what: `allowed CIDRs ${blocks.join(" + ")}`, args: { allowedCidrs: [...blocks] },
        policy: "iot-endpoint-security-group", stack: withSecurityGroup([...blocks]), refused,
    })),
    // Inbound rules: 60 per security group (ports x CIDRs).
    ...([[20, false], [21, true]] as const).map(([n, refused]): Row => ({
        what: `${n} CIDRs x 3 device ports = ${n * 3} inbound rules (quota ${INBOUND_RULES})`, args: { allowedCidrs: cidrs(n) },
        policy: "iot-endpoint-security-group", stack: withSecurityGroup(cidrs(n)), refused,
    })),
    // The device ports, and nothing else.
    ...[...DEVICE_PORTS.map((p) => [p, false] as const), [22, true] as const, [80, true] as const, [1883, true] as const].map(([port, refused]): Row => ({
        what: `device port ${port}`, args: { devicePorts: [port] }, policy: "iot-endpoint-security-group",
        stack: withSecurityGroup(["10.20.0.0/16"], [port]), refused,
    })),
    // Not supported in AWS China Regions; GovCloud and the other regions are.
    ...([["us-east-1", false], ["us-gov-west-1", false], ["cn-north-1", true], ["cn-northwest-1", true]] as const).map(([region, refused]): Row => ({
        what: `region ${region}`, facts: { region }, policy: "iot-endpoint-no-china",
        resource: iotEndpoint("ep", { serviceName: `${region.startsWith("cn-") ? "cn.com.amazonaws" : "com.amazonaws"}.${region}.iot.data` }), refused,
    })),
    {
        what: "region cn-north-1 with the opt-in (newer AWS documentation)", facts: { region: "cn-north-1", allowChinaRegions: true }, policy: "iot-endpoint-no-china",
        resource: iotEndpoint("ep", { serviceName: "cn.com.amazonaws.cn-north-1.iot.data" }), config: { "iot-endpoint-no-china": { allowChinaRegions: true } }, refused: false,
    },
    // ATS certificates only: the legacy data endpoint is not served.
    { what: "the ATS data endpoint name", facts: { dataEndpoint: ATS }, policy: "iot-dns-ats-only", resource: zone(ATS), refused: false },
    { what: "the legacy (VeriSign) data endpoint name", facts: { dataEndpoint: "a3k7odshaiipe8.iot.us-east-1.amazonaws.com" }, policy: "iot-dns-ats-only", resource: zone("a3k7odshaiipe8.iot.us-east-1.amazonaws.com"), refused: true },
    // IPv4 only, private DNS off, no endpoint policy, data endpoints only: the component has no argument
    // that could ask otherwise (its endpoints are checked in component.spec); the pack refuses them.
    { what: "an IPv4 endpoint", policy: "iot-endpoint-ipv4-only", resource: iotEndpoint("ep"), refused: false },
    { what: "a dual-stack endpoint", policy: "iot-endpoint-ipv4-only", resource: iotEndpoint("ep", { ipAddressType: "dualstack" }), refused: true },
    { what: "private DNS on", policy: "iot-endpoint-private-dns-off", resource: iotEndpoint("ep", { privateDnsEnabled: true }), refused: true },
    { what: "an endpoint policy", policy: "iot-endpoint-no-policy", resource: iotEndpoint("ep", { policy: "{\"Statement\":[]}" }), refused: true },
    { what: "iot.credentials without the opt-in", policy: "iot-endpoint-data-only", resource: iotEndpoint("ep", { serviceName: "com.amazonaws.us-east-1.iot.credentials" }), refused: true },
];

function facts(overrides: Partial<DeployFacts>): DeployFacts {
    return {
        region: "us-east-1",
        vpcId: VPC,
        services: [{ serviceName: "com.amazonaws.us-east-1.iot.data", availabilityZones: ["us-east-1a"] }],
        subnets: [{ id: SUBNETS[0], availabilityZone: "us-east-1a", vpcId: VPC, cidrBlock: "10.20.0.0/20" }],
        allowedCidrs: ["10.20.0.0/16"],
        allowChinaRegions: false,
        credentialsProvider: false,
        vpcDns: { enableDnsSupport: true, enableDnsHostnames: true },
        dataEndpoint: ATS,
        ...overrides,
    };
}

/** Whether the component refuses the row: its arguments when the program runs, or the deploy-time facts. */
function componentRefuses(row: Row): boolean | undefined {
    if (row.args) {
        return resolveArgs("iot", { vpcId: VPC, subnetIds: SUBNETS.slice(0, 1), ...row.args }).problems.length > 0;
    }
    if (row.facts) {
        return validateDeployFacts(facts(row.facts)).length > 0;
    }
    return undefined;
}

describe("limits: the document's table, through the component and the pack", () => {
    let pack: PolicyPackProcess;
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });

    it("the pack's defaults are the document's and AWS's numbers", async () => {
        const defaults = Object.fromEntries((await pack.info()).policies.map((p) => [p.name, Object.fromEntries(
            Object.entries(p.configSchema?.properties ?? {}).map(([k, v]) => [k, v.default]))]));
        expect(defaults["iot-mqtt-keep-alive"].maxKeepAliveSeconds).to.equal(230);
        expect(defaults["iot-endpoint-capacity"].maxUtilizationPercent).to.equal(100);
        expect(defaults["iot-component-capacity-args"].maxUtilizationPercent).to.equal(100);
        expect(defaults["iot-endpoints-per-vpc"].maxEndpointsPerVpc).to.equal(50);
        expect(defaults["iot-component-capacity-args"].maxEndpointsPerVpc).to.equal(50);
        expect(defaults["iot-dns-weighted-records"].maxWeightedRecords).to.equal(100);
        expect(defaults["iot-endpoint-security-group"].allowedPorts).to.deep.equal([8883, 443, 8443]);
        expect(defaults["iot-endpoint-security-group"].maxInboundRules).to.equal(60);
        expect(defaults["iot-endpoint-security-group"].allowedPublicCidrs).to.deep.equal([]);
        expect(defaults["iot-endpoint-data-only"].allowedServices).to.deep.equal(["iot.data"]);
        expect(defaults["iot-endpoint-no-china"].allowChinaRegions).to.equal(false);
        expect(defaults["iot-endpoint-ipv4-only"].allowDualStack).to.equal(false);
    });

    for (const row of ROWS) {
        it(`${row.what}: ${row.refused ? "refused" : "allowed"}`, async () => {
            await pack.configure(row.config ?? {});
            try {
                const diagnostics = row.stack ? await pack.analyzeStack(row.stack) : await pack.analyze(row.resource!);
                const packRefuses = diagnostics.some((d) => d.policyName === row.policy && d.enforcementLevel === "mandatory");
                expect(packRefuses, `the pack (${row.policy})`).to.equal(row.refused);
                const component = componentRefuses(row);
                if (component !== undefined) {
                    expect(component, "the component").to.equal(row.refused);
                }
            } finally {
                await pack.configure({});
            }
        });
    }

    it("asks both sides at least 50 questions, most of them of both", () => {
        expect(ROWS.length).to.be.at.least(50);
        expect(ROWS.filter((r) => componentRefuses(r) !== undefined).length).to.be.at.least(40);
    });
});
