/**
 * The policy pack over the protocol, with the resources of mocked program runs: what the CLI would send
 * for `pulumi preview --policy-pack policy-pack` and `pulumi up --policy-pack policy-pack`.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";

import { IotCoreVpcEndpoints } from "../components";
import { runProgram } from "../simulation/harness";
import { standardAccount } from "./support/fixtures";
import { Diagnostic, PolicyPackProcess, analyzedResources } from "../simulation/policyPack";
import { sharedPolicyPack } from "./support/pack";

const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.enforcementLevel} ${d.policyName}`).sort();

describe("policy pack over captured program runs", () => {
    let pack: PolicyPackProcess;
    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
    });

    for (const preview of [false, true]) {
        it(`finds nothing wrong with the component's own ${preview ? "preview" : "update"}`, async () => {
            const env = standardAccount();
            const run = await runProgram(env.account, () => {
                new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), expectedConnections: 1_200_000, mqttKeepAliveSeconds: 120 });
            }, { preview });
            expect(run.error).to.equal(undefined);
            const ds = await pack.analyzeRun(run, env.account.region);
            expect(summary(ds)).to.deep.equal([]);
            // the stack analysis saw every resource, with the component's registered outputs
            const outputs = analyzedResources(run, "outputs", env.account.region);
            expect(outputs.length).to.equal(run.registrations.length);
            // the pack judges capacity from the component's registered outputs: 1,200,000 devices at 80,000 each = 15 endpoints
            expect((outputs.find((r) => r.type === "iotvpc:index:IotCoreVpcEndpoints")!.properties as { capacity: object }).capacity)
                .to.deep.include({ endpoints: 15, expectedConnections: 1_200_000, targetUtilizationPercent: 80 });
        });
    }

    for (const preview of [false, true]) {
        it(`a Greengrass site (every optional endpoint, the core devices' policy) passes with iot.credentials allowed, and only iot-endpoint-data-only stops it by default (${preview ? "preview" : "update"})`, async () => {
            const env = standardAccount("eu-west-1");
            const run = await runProgram(env.account, () => {
                new IotCoreVpcEndpoints("site", {
                    vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3),
                    greengrassOptions: { endpoints: ["greengrass", "logs", "secretsmanager", "ecr", "sts"], tokenExchangeRoleAlias: "CoreRoleAlias", coreDevicePolicy: true, coreDevices: 5000 },
                });
            }, { preview });
            expect(run.error, run.error?.message).to.equal(undefined);
            expect(summary(await pack.analyzeRun(run, "eu-west-1")), "the document's default: data endpoints only").to.deep.equal(["mandatory iot-endpoint-data-only"]);
            await pack.configure({ "iot-endpoint-data-only": { allowedServices: ["iot.data", "iot.credentials"] } });
            try {
                expect(summary(await pack.analyzeRun(run, "eu-west-1"))).to.deep.equal([]);
            } finally {
                await pack.configure({});
            }
        });
    }

    it("iot-greengrass-vpc stops a Greengrass component whose S3 endpoint was transformed away", async () => {
        const env = standardAccount("eu-west-1");
        const run = await runProgram(env.account, () => {
            new IotCoreVpcEndpoints("site", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), greengrass: true }, {
                transformations: [(a) => (a.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && String(a.name).endsWith("-s3") ? { props: { ...a.props, privateDnsEnabled: false }, opts: a.opts } : undefined)],
            });
        });
        await pack.configure({ "iot-endpoint-data-only": { allowedServices: ["iot.data", "iot.credentials"] } });
        try {
            const ds = await pack.analyzeRun(run, "eu-west-1");
            expect(ds.map((d) => `${d.policyName}: ${d.message.split("\n").at(-1)}`)).to.deep.equal([
                "iot-greengrass-vpc: site serves Greengrass core devices but has no S3 endpoint with private DNS (or gateway endpoint): the nucleus could not download component artifacts.",
            ]);
        } finally {
            await pack.configure({});
        }
    });

    for (const preview of [false, true]) {
        it(`stops a hand-written stack that breaks the limitations (${preview ? "preview" : "update"})`, async () => {
            const env = standardAccount();
            const run = await runProgram(env.account, () => {
                const sg = new aws.ec2.SecurityGroup("open", {
                    vpcId: env.vpc.id,
                    ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }],
                });
                const ep = new aws.ec2.VpcEndpoint("iot", {
                    vpcId: env.vpc.id,
                    serviceName: "com.amazonaws.us-east-1.iot.data",
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: env.subnetIds.slice(0, 2),
                    securityGroupIds: [sg.id],
                });
                new aws.ec2.VpcEndpointPolicy("iot", { vpcEndpointId: ep.id, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }) });
                const zone = new aws.route53.Zone("iot", { name: "iot.us-east-1.amazonaws.com", vpcs: [{ vpcId: env.vpc.id }] });
                ["10.20.0.10", "10.20.16.10"].forEach((ip, i) => new aws.route53.Record(`iot-${i}`, {
                    zoneId: zone.zoneId,
                    name: "a3k7odshaiipe8.iot.us-east-1.amazonaws.com",
                    type: "A",
                    ttl: 60,
                    setIdentifier: `r${i}`,
                    weightedRoutingPolicies: [{ weight: i + 1 }],
                    records: [ip],
                }));
                new aws.iot.Policy("devices", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: "*" }] }) });
            }, { preview });
            expect(run.error).to.equal(undefined);
            const ds = await pack.analyzeRun(run, env.account.region);
            expect([...new Set(summary(ds))]).to.deep.equal([
                "advisory iot-policy-vpc-condition",
                "mandatory iot-dns-ats-only",
                "mandatory iot-dns-weighted-records",
                "mandatory iot-endpoint-no-policy-attachment",
                "mandatory iot-endpoint-private-dns-off",
                "mandatory iot-endpoint-security-group",
            ]);
        });
    }

    it("reports a China stack's IoT endpoint from the provider's region", async () => {
        const env = standardAccount("cn-north-1");
        const run = await runProgram(env.account, () => {
            new aws.ec2.VpcEndpoint("iot", {
                vpcId: env.vpc.id,
                serviceName: "cn.com.amazonaws.cn-north-1.iot.data",
                vpcEndpointType: "Interface",
                subnetIds: env.subnetIds,
            });
        });
        const ds = await pack.analyzeRun(run, "cn-north-1");
        expect(summary(ds)).to.deep.equal(["mandatory iot-endpoint-no-china"]);
    });
});
