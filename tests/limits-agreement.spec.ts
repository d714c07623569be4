/**
 * The component's validation and the policy pack read one definition of the documented limits
 * (`components/limits.ts`). These tables put the same value at, below and above each limit through
 * both, and require them to agree: the component refuses exactly what the pack reports.
 */
import { expect } from "chai";

import {
    CONNECTIONS_PER_ENDPOINT,
    DEFAULT_MAX_ENDPOINTS_PER_VPC,
    DEVICE_PORTS,
    MAX_WEIGHTED_RECORDS_PER_NAME,
    MQTT_KEEP_ALIVE_MAX_SECONDS,
} from "../components/limits";
import { IotCoreVpcEndpointsArgs } from "../components";
import { DeployFacts, resolveArgs, validateDeployFacts } from "../components/validation";
import { PolicyPackProcess } from "../simulation/policyPack";
import { sharedPolicyPack } from "./support/pack";
import { ATS, SUBNETS, VPC, devicePortRules, iotEndpoint, modify, passingStack, res, securityGroup, weightedRecord, zone } from "./support/stacks";
import { T } from "./support/fixtures";

const subnetIds = (n: number) => Array.from({ length: n }, (_, i) => `subnet-0${(i + 1).toString(16).padStart(16, "0")}`);

/** Problems the component raises for `args` on `argument`. */
function componentRefuses(args: Partial<IotCoreVpcEndpointsArgs>, argument?: string): boolean {
    // The pack judges capacity at the documented limit (100%) unless told otherwise: compare at that target.
    return resolveArgs("iot", { vpcId: VPC, targetUtilizationPercent: 100, ...args }).problems.some((p) => argument === undefined || p.argument === argument);
}

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

describe("limits: the component and the policy pack agree", () => {
    let pack: PolicyPackProcess;
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });
    const policyReports = async (policy: string, r: Parameters<PolicyPackProcess["analyze"]>[0]) =>
        (await pack.analyze(r)).some((d) => d.policyName === policy);
    const stackReports = async (policy: string, stack: Parameters<PolicyPackProcess["analyzeStack"]>[0]) =>
        (await pack.analyzeStack(stack)).some((d) => d.policyName === policy);

    it("the pack's config defaults are the documented limits", async () => {
        const defaults = Object.fromEntries((await pack.info()).policies.map((p) => [p.name, Object.fromEntries(
            Object.entries(p.configSchema?.properties ?? {}).map(([k, v]) => [k, v.default]))]));
        expect(defaults["iot-mqtt-keep-alive"].maxKeepAliveSeconds).to.equal(MQTT_KEEP_ALIVE_MAX_SECONDS);
        expect(defaults["iot-endpoint-capacity"].connectionsPerEndpoint).to.equal(CONNECTIONS_PER_ENDPOINT);
        expect(defaults["iot-endpoint-capacity"].maxUtilizationPercent).to.equal(100);
        expect(defaults["iot-component-capacity-args"].maxUtilizationPercent).to.equal(100);
        expect(defaults["iot-endpoints-per-vpc"].existingEndpointsPerVpc).to.deep.equal({});
        expect(defaults["iot-endpoint-security-group"].allowedPublicCidrs).to.deep.equal([]);
        expect(defaults["iot-endpoints-per-vpc"].maxEndpointsPerVpc).to.equal(DEFAULT_MAX_ENDPOINTS_PER_VPC);
        expect(defaults["iot-component-capacity-args"].maxEndpointsPerVpc).to.equal(DEFAULT_MAX_ENDPOINTS_PER_VPC);
        expect(defaults["iot-dns-weighted-records"].maxWeightedRecords).to.equal(MAX_WEIGHTED_RECORDS_PER_NAME);
        expect(defaults["iot-endpoint-security-group"].allowedPorts).to.deep.equal([...DEVICE_PORTS]);
    });

    for (const k of [1, MQTT_KEEP_ALIVE_MAX_SECONDS - 1, MQTT_KEEP_ALIVE_MAX_SECONDS, MQTT_KEEP_ALIVE_MAX_SECONDS + 1, 1200]) {
        it(`MQTT keep-alive ${k} s`, async () => {
            const component = componentRefuses({ subnetIds: SUBNETS, mqttKeepAliveSeconds: k }, "mqttKeepAliveSeconds");
            const policy = await policyReports("iot-mqtt-keep-alive", res(T.component, "iot", { mqttKeepAliveSeconds: k }));
            expect(policy).to.equal(component);
            expect(component).to.equal(k > MQTT_KEEP_ALIVE_MAX_SECONDS);
        });
    }

    const capacity: [number, number | undefined, number | undefined][] = [
        [100_000, 1, undefined], [100_001, 1, undefined], [250_000, 3, undefined], [250_000, 2, undefined],
        [5_000_000, undefined, undefined], [5_000_001, undefined, undefined], [5_000_001, undefined, 51], [7_000_000, 70, 60],
    ];
    for (const [devices, endpointCount, quota] of capacity) {
        it(`${devices} devices on ${endpointCount ?? "sized"} endpoints, quota ${quota ?? "default"}`, async () => {
            // The pack trusts its own quota, not the component's: a team that raised the quota sets both.
            const args = { expectedConnections: devices, endpointCount, maxEndpointsPerVpc: quota };
            const component = componentRefuses({ subnetIds: SUBNETS.slice(0, 1), ...args });
            await pack.configure(quota === undefined ? {} : { "iot-component-capacity-args": { maxEndpointsPerVpc: quota } });
            try {
                const policy = await policyReports("iot-component-capacity-args", res(T.component, "iot", JSON.parse(JSON.stringify(args))));
                expect(policy).to.equal(component);
            } finally {
                await pack.configure({});
            }
        });
    }

    for (const [endpoints, credentials] of [[49, 1], [50, 1], [48, 2], [45, 5], [46, 5]] as const) {
        it(`${endpoints} data and ${credentials} credential provider endpoints against the quota`, async () => {
            const component = componentRefuses({ subnetIds: SUBNETS.slice(0, 1), endpointCount: endpoints, credentialsProvider: { endpointCount: credentials } }, "endpointCount");
            const policy = await policyReports("iot-component-capacity-args", res(T.component, "iot", { endpointCount: endpoints, credentialsProvider: { endpointCount: credentials } }));
            expect(policy).to.equal(component);
            expect(component).to.equal(endpoints + credentials > DEFAULT_MAX_ENDPOINTS_PER_VPC);
        });
    }

    for (const [endpoints, subnets] of [[33, 3], [34, 3], [50, 2], [25, 4], [26, 4]] as const) {
        it(`${endpoints} endpoints x ${subnets} subnets of weighted records`, async () => {
            const component = componentRefuses({ subnetIds: subnetIds(subnets), endpointCount: endpoints }, "subnetIds");
            const records = Array.from({ length: endpoints * subnets }, (_, i) => weightedRecord(`r${i}`, `10.20.${Math.floor(i / 200)}.${i % 200}`));
            const policy = await stackReports("iot-dns-weighted-records", [iotEndpoint("ep", { id: "vpce-01" }), zone(), ...records]);
            expect(policy).to.equal(component);
            expect(component).to.equal(endpoints * subnets > MAX_WEIGHTED_RECORDS_PER_NAME);
        });
    }

    for (const endpoints of [DEFAULT_MAX_ENDPOINTS_PER_VPC, DEFAULT_MAX_ENDPOINTS_PER_VPC + 1]) {
        it(`${endpoints} interface endpoints in one VPC`, async () => {
            const component = componentRefuses({ subnetIds: SUBNETS.slice(0, 1), endpointCount: endpoints }, "endpointCount");
            const stack = Array.from({ length: endpoints }, (_, i) => iotEndpoint(`ep${i}`, { id: `vpce-${i}` }));
            expect(await stackReports("iot-endpoints-per-vpc", stack)).to.equal(component);
        });
    }

    for (const cidr of ["10.20.0.0/16", "0.0.0.0/0", "192.168.10.0/24"]) {
        it(`allowed CIDR ${cidr}`, async () => {
            const component = componentRefuses({ subnetIds: SUBNETS, allowedCidrs: [cidr] }, "allowedCidrs");
            const stack = modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules([cidr])));
            expect(await stackReports("iot-endpoint-security-group", stack)).to.equal(component);
        });
    }

    for (const port of [...DEVICE_PORTS, 22, 80, 1883]) {
        it(`device port ${port}`, async () => {
            const component = componentRefuses({ subnetIds: SUBNETS, devicePorts: [port] }, "devicePorts");
            const stack = modify(passingStack(), "sg", () => securityGroup("sg", devicePortRules(["10.20.0.0/16"], [port])));
            expect(await stackReports("iot-endpoint-security-group", stack)).to.equal(component);
        });
    }

    for (const [region, optIn] of [["us-east-1", false], ["cn-north-1", false], ["cn-northwest-1", true], ["us-gov-west-1", false]] as const) {
        it(`region ${region}${optIn ? " with the China opt-in" : ""}`, async () => {
            const component = validateDeployFacts(facts({ region, allowChinaRegions: optIn })).some((p) => p.argument === "region");
            if (optIn) {
                await pack.configure({ "iot-endpoint-no-china": { allowChinaRegions: true } });
            }
            const prefix = region.startsWith("cn-") ? "cn.com.amazonaws" : "com.amazonaws";
            const policy = await policyReports("iot-endpoint-no-china", iotEndpoint("ep", { serviceName: `${prefix}.${region}.iot.data` }));
            await pack.configure({});
            expect(policy).to.equal(component);
        });
    }

    for (const name of [ATS, "a3k7odshaiipe8.iot.us-east-1.amazonaws.com"]) {
        it(`data endpoint name ${name}`, async () => {
            const component = validateDeployFacts(facts({ dataEndpoint: name })).some((p) => p.argument === "dataEndpoint");
            expect(await policyReports("iot-dns-ats-only", zone(name))).to.equal(component);
        });
    }
});
