/**
 * Issue 5: access control (VPC-only device policy), custom domains, devices on remote networks
 * (inbound resolver, connection settings) and the credential provider.
 */
import { expect } from "chai";

import {
    DeviceAction, DevicePolicyRestriction, InvalidArgumentsError, IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout, policyCharacters, vpcOnlyDevicePolicy,
} from "../components";
import { ProgramRun, UNKNOWN_SENTINEL, ofType, runProgram } from "../simulation/harness";
import { PolicyPackProcess } from "../simulation/policyPack";
import { sharedPolicyPack } from "./support/pack";
import { StandardAccount, T, ipInSubnet, standardAccount } from "./support/fixtures";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7";

function deploy(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs>, preview = false): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        const c = new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), ...args });
        return {
            endpointIds: c.endpointIds,
            connectionSettings: c.connectionSettings,
            customDomainZoneIds: c.customDomainZoneIds,
            devicePolicyName: c.devicePolicyName,
            resolverIps: c.resolverIps,
            credentialsEndpoint: c.credentialsEndpoint,
            records: c.records,
        };
    }, { preview });
}

describe("vpcOnlyDevicePolicy", () => {
    it("returns the source document's example policy exactly", () => {
        expect(vpcOnlyDevicePolicy({ region: "us-east-1", accountId: "123456789012", sourceVpce: ["vpce-1a2b3c4d"] })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["iot:Connect"],
                    Resource: ["arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"],
                    Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
                },
                {
                    Effect: "Allow",
                    Action: ["iot:Publish"],
                    Resource: ["arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}/*"],
                },
            ],
        });
    });

    it("takes several endpoints, VPCs and source CIDRs, a partition, and thing-scoped subscribe and receive", () => {
        const doc = vpcOnlyDevicePolicy({
            region: "cn-north-1",
            accountId: "123456789012",
            partition: "aws-cn",
            sourceVpce: ["vpce-0123456789abcdef0", "vpce-0123456789abcdef1"],
            sourceVpc: ["vpc-0123456789abcdef0"],
            vpcSourceIp: ["10.20.0.0/16"],
            actions: [DeviceAction.Publish, DeviceAction.Subscribe, DeviceAction.Receive],
            topics: ["telemetry", "commands/*"],
        });
        expect(doc.Statement[0].Condition).to.deep.equal({
            StringEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0", "vpce-0123456789abcdef1"], "aws:SourceVpc": "vpc-0123456789abcdef0" },
            IpAddress: { "aws:VpcSourceIp": "10.20.0.0/16" },
        });
        expect(doc.Statement.slice(1).map((s) => [s.Action[0], s.Resource])).to.deep.equal([
            ["iot:Publish", ["arn:aws-cn:iot:cn-north-1:123456789012:topic/${iot:Connection.Thing.ThingName}/telemetry", "arn:aws-cn:iot:cn-north-1:123456789012:topic/${iot:Connection.Thing.ThingName}/commands/*"]],
            ["iot:Subscribe", ["arn:aws-cn:iot:cn-north-1:123456789012:topicfilter/${iot:Connection.Thing.ThingName}/telemetry", "arn:aws-cn:iot:cn-north-1:123456789012:topicfilter/${iot:Connection.Thing.ThingName}/commands/*"]],
            ["iot:Receive", ["arn:aws-cn:iot:cn-north-1:123456789012:topic/${iot:Connection.Thing.ThingName}/telemetry", "arn:aws-cn:iot:cn-north-1:123456789012:topic/${iot:Connection.Thing.ThingName}/commands/*"]],
        ]);
    });

    it("refuses an empty condition set: devices could use the public endpoint", () => {
        expect(() => vpcOnlyDevicePolicy({ region: "us-east-1", accountId: "123456789012" }))
            .to.throw(InvalidArgumentsError, "no VPC condition is given, so devices could connect through the public endpoint");
    });

    it("lists every malformed id, account, CIDR, action and topic at once", () => {
        let err: unknown;
        try {
            vpcOnlyDevicePolicy({
                region: "us-east-1",
                accountId: "12345",
                sourceVpce: ["vpc-1a2b3c4d"],
                sourceVpc: ["vpce-1a2b3c4d"],
                vpcSourceIp: ["10.0.0.1/8"],
                actions: ["delete" as DeviceAction],
                topics: ["#"],
            });
        } catch (e) {
            err = e;
        }
        expect(err).to.be.instanceOf(InvalidArgumentsError);
        const problems = (err as InvalidArgumentsError).problems;
        expect(problems.map((p) => `${p.argument}=${p.value}`)).to.deep.equal([
            'accountId="12345"', 'sourceVpce="vpc-1a2b3c4d"', 'sourceVpc="vpce-1a2b3c4d"', 'vpcSourceIp="10.0.0.1/8"', 'actions="delete"', 'topics="#"',
        ]);
        expect((err as Error).message).to.contain("Fix: pass the account id, such as 123456789012.");
    });

    it("refuses a document longer than the 2,048 characters AWS IoT allows, and says what to do", () => {
        const ids = (n: number) => Array.from({ length: n }, (_, i) => `vpce-0${i.toString(16).padStart(16, "0")}`);
        const fits = vpcOnlyDevicePolicy({ region: "us-east-1", accountId: "123456789012", sourceVpce: ids(60) });
        // AWS counts the document without whitespace: measured here independently of the product
        expect(JSON.stringify(fits).replace(/\s/g, "").length).to.be.at.most(2048);
        expect(policyCharacters(fits)).to.equal(JSON.stringify(fits).replace(/\s/g, "").length);
        expect(() => vpcOnlyDevicePolicy({ region: "us-east-1", accountId: "123456789012", sourceVpce: ids(80) }))
            .to.throw(InvalidArgumentsError, /make a \d+-character policy; AWS IoT allows 2048 \(not counting whitespace\)\. Fix: condition on the VPC \(sourceVpc\)/);
    });
});

for (const preview of [false, true]) {
    describe(`IotCoreVpcEndpoints device policy (${preview ? "preview" : "update"})`, () => {
        let env: StandardAccount;
        let run: ProgramRun;
        before(async () => {
            env = standardAccount();
            run = await deploy(env, { endpointCount: 2, devicePolicy: { actions: [DeviceAction.Publish, DeviceAction.Subscribe] } }, preview);
        });

        it("creates one aws.iot.Policy under the component", () => {
            expect(run.error).to.equal(undefined);
            const policies = ofType(run, T.iotPolicy);
            expect(policies).to.have.length(1);
            expect(policies[0].parent).to.equal(ofType(run, T.component)[0].urn);
            expect(env.account.refusals).to.deep.equal([]);
        });

        if (preview) {
            it("leaves the document unknown until the endpoint ids exist", () => {
                expect(ofType(run, T.iotPolicy)[0].inputs.policy).to.equal(UNKNOWN_SENTINEL);
            });
        } else {
            it("conditions iot:Connect on the component's own endpoint ids", () => {
                const doc = JSON.parse(String(ofType(run, T.iotPolicy)[0].inputs.policy));
                const ids = (run.stackOutputs as any).endpointIds as string[];
                // written out: the source document's example, with both endpoints and subscribe added
                const thing = "${iot:Connection.Thing.ThingName}";
                expect(doc).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: ["iot:Connect"], Resource: [`arn:aws:iot:us-east-1:123456789012:client/${thing}`], Condition: { StringEquals: { "aws:SourceVpce": ids } } },
                        { Effect: "Allow", Action: ["iot:Publish"], Resource: [`arn:aws:iot:us-east-1:123456789012:topic/${thing}/*`] },
                        { Effect: "Allow", Action: ["iot:Subscribe"], Resource: [`arn:aws:iot:us-east-1:123456789012:topicfilter/${thing}/*`] },
                    ],
                });
                expect(ids).to.have.length(2);
                expect(doc.Statement[0].Condition.StringEquals["aws:SourceVpce"]).to.deep.equal(ids);
                expect((run.stackOutputs as any).devicePolicyName).to.match(/^iot-device-policy-/);
            });

            it("passes the pack's iot-policy-vpc-condition, even when it is mandatory", async () => {
                const pack: PolicyPackProcess = await sharedPolicyPack();
                await pack.configure({ "iot-policy-vpc-condition": "mandatory" });
                try {
                    const ds = await pack.analyzeRun(run, "us-east-1");
                    expect(ds).to.deep.equal([]);
                } finally {
                    await pack.configure({});
                }
            });
        }
    });

    describe(`IotCoreVpcEndpoints custom domains (${preview ? "preview" : "update"})`, () => {
        let env: StandardAccount;
        let run: ProgramRun;
        before(async () => {
            env = standardAccount();
            run = await deploy(env, {
                endpointCount: 2,
                customDomains: [
                    { domainName: "devices.example.com", serverCertificateArns: [CERT] },
                    { domainName: "fleet.example.org", existingDomainConfigurationName: "fleet" },
                ],
            }, preview);
        });

        it("creates a DATA domain configuration for the domain given certificates, none for the existing one", () => {
            expect(run.error).to.equal(undefined);
            const configs = ofType(run, T.domainConfiguration);
            expect(configs.map((c) => [c.name, c.inputs.domainName, c.inputs.serviceType, c.inputs.serverCertificateArns])).to.deep.equal([
                ["iot-devices-example-com", "devices.example.com", "DATA", [CERT]],
            ]);
            expect(env.account.refusals).to.deep.equal([]);
        });

        it("names a private zone after each domain, attached to the VPC, with the ATS zone's record set", () => {
            const zones = ofType(run, T.zone);
            expect(zones.map((z) => z.inputs.name)).to.deep.equal(["a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", "devices.example.com", "fleet.example.org"]);
            for (const z of zones) {
                expect(z.inputs.vpcs).to.deep.equal([{ vpcId: env.vpc.id, vpcRegion: "us-east-1" }]);
            }
            const records = ofType(run, T.record);
            const byName = (n: string) => records.filter((r) => r.inputs.name === n);
            const ats = byName("a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com");
            expect(ats).to.have.length(6);
            // every name answers with the endpoints' interfaces, one record per endpoint and subnet, weight 1
            const expectedSetIds = ["ep1", "ep2"].flatMap((e) => env.subnetIds.slice(0, 3).map((s) => `${e}-${s}`));
            for (const domain of ["a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", "devices.example.com", "fleet.example.org"]) {
                const custom = byName(domain);
                expect(custom.map((r) => r.inputs.setIdentifier).sort(), domain).to.deep.equal([...expectedSetIds].sort());
                expect(custom.every((r) => JSON.stringify(r.inputs.weightedRoutingPolicies) === JSON.stringify([{ weight: 1 }])), domain).to.equal(true);
                if (!preview) {
                    for (const r of custom) {
                        const [ep, ...subnet] = String(r.inputs.setIdentifier).split("-");
                        const endpointId = ofType(run, T.vpcEndpoint).find((e) => e.name === `iot-${ep}`)!.id;
                        const eni = [...env.account.enis.values()].find((e) => e.subnetId === subnet.join("-") && e.description === `VPC Endpoint Interface ${endpointId}`)!;
                        expect(r.inputs.records, `${domain} ${r.inputs.setIdentifier}`).to.deep.equal([eni.privateIp]);
                    }
                }
            }
        });

        if (!preview) {
            it("gives devices connection settings for the ATS name and each domain", () => {
                const settings = (run.stackOutputs as any).connectionSettings as { host: string; kind: string }[];
            expect(settings.map((s) => [s.host, s.kind])).to.deep.equal([
                ["a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", "ats"], ["devices.example.com", "custom"], ["fleet.example.org", "custom"],
            ]);
                expect(Object.keys((run.stackOutputs as any).customDomainZoneIds)).to.deep.equal(["devices.example.com", "fleet.example.org"]);
            });
        }
    });

    describe(`IotCoreVpcEndpoints inbound resolver (${preview ? "preview" : "update"})`, () => {
        let env: StandardAccount;
        let run: ProgramRun;
        before(async () => {
            env = standardAccount();
            run = await deploy(env, { allowedCidrs: ["10.20.0.0/16", "192.168.0.0/16"], inboundResolver: { allowedCidrs: ["192.168.0.0/16"] } }, preview);
        });

        it("creates an inbound resolver in two subnets of different zones, with DNS open to the allowed CIDRs only", () => {
            expect(run.error).to.equal(undefined);
            const [resolver] = ofType(run, T.resolverEndpoint);
            expect(resolver.inputs.direction).to.equal("INBOUND");
            // the subnets are known in a preview too: the VPC exists already
            expect(resolver.inputs.ipAddresses).to.deep.equal(env.subnetIds.slice(0, 2).map((subnetId) => ({ subnetId })));
            const sg = ofType(run, T.securityGroup).find((s) => s.name === "iot-resolver-sg")!;
            expect((sg.inputs.ingress as any[]).map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks])).to.deep.equal([
                ["tcp", 53, 53, ["192.168.0.0/16"]], ["udp", 53, 53, ["192.168.0.0/16"]],
            ]);
            expect(env.account.refusals).to.deep.equal([]);
        });

        if (!preview) {
            it("exports the resolver IPs a corporate DNS forwards the endpoint names to", () => {
                const ips = (run.stackOutputs as any).resolverIps as string[];
                expect(ips).to.have.length(2);
                ips.forEach((ip, i) => expect(ipInSubnet(ip, env.subnets[i])).to.equal(true));
            });
        }
    });

    describe(`IotCoreVpcEndpoints credential provider (${preview ? "preview" : "update"})`, () => {
        let env: StandardAccount;
        let run: ProgramRun;
        before(async () => {
            env = standardAccount();
            run = await deploy(env, { credentialsProvider: {} }, preview);
        });

        it("creates an iot.credentials endpoint with a zone for the account's credential provider name", () => {
            expect(run.error).to.equal(undefined);
            const endpoints = ofType(run, T.vpcEndpoint);
            expect(endpoints.map((e) => [e.name, e.inputs.serviceName, e.inputs.privateDnsEnabled])).to.deep.equal([
                ["iot-ep1", "com.amazonaws.us-east-1.iot.data", false], ["iot-cred1", "com.amazonaws.us-east-1.iot.credentials", false],
            ]);
            const zone = ofType(run, T.zone).find((z) => z.name === "iot-credentials-zone")!;
            expect(zone.inputs.name).to.match(/^c[0-9a-f]+\.credentials\.iot\.us-east-1\.amazonaws\.com$/);
            expect(ofType(run, T.record).filter((r) => r.inputs.name === zone.inputs.name)).to.have.length(3);
            expect(env.account.refusals).to.deep.equal([]);
        });

        if (!preview) {
            it("is blocked by the policy pack unless its config allows iot.credentials", async () => {
                const pack = await sharedPolicyPack();
                await pack.configure({});
                const blocked = await pack.analyzeRun(run, "us-east-1");
                expect(blocked.map((d) => `${d.enforcementLevel} ${d.policyName}`)).to.deep.equal(["mandatory iot-endpoint-data-only"]);
                await pack.configure({ "iot-endpoint-data-only": { allowedServices: ["iot.data", "iot.credentials"] } });
                try {
                    expect(await pack.analyzeRun(run, "us-east-1")).to.deep.equal([]);
                } finally {
                    await pack.configure({});
                }
            });
        }
    });
}

describe("IotCoreVpcEndpoints device policy for large fleets", () => {
    it("conditions on the VPC when asked, so any number of endpoints fits one policy", async () => {
        const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 100 });
        const run = await deploy(env, {
            expectedConnections: 10_000_000, targetUtilizationPercent: 100, maxEndpointsPerVpc: 100, recordLayout: RecordLayout.PerEndpoint, devicePolicy: { restrictTo: DevicePolicyRestriction.Vpc },
        });
        expect(run.error).to.equal(undefined);
        const doc = JSON.parse(String(ofType(run, T.iotPolicy)[0].inputs.policy));
        expect(doc.Statement[0].Condition).to.deep.equal({ StringEquals: { "aws:SourceVpc": env.vpc.id } });
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("refuses endpoint ids that would not fit AWS IoT's 2,048 characters, before anything is created", async () => {
        const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 100 });
        const run = await deploy(env, { expectedConnections: 8_000_000, maxEndpointsPerVpc: 100, recordLayout: RecordLayout.PerEndpoint, devicePolicy: {} });
        expect(run.error!.message).to.match(/devicePolicy\.restrictTo = "endpoints": make a \d+-character policy; AWS IoT allows 2048/);
        expect(run.error!.message).to.contain('set devicePolicy.restrictTo: "vpc"');
        expect(env.account.operations).to.deep.equal([]);
    });
});

describe("IotCoreVpcEndpoints access and domain bad input", () => {
    async function failure(args: Partial<IotCoreVpcEndpointsArgs>, env = standardAccount()): Promise<string> {
        const run = await deploy(env, args);
        expect(run.error, "expected the run to fail").to.not.equal(undefined);
        expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
        return run.error!.message;
    }

    it("refuses an AWS name as a custom domain, a repeated domain, and a domain with both or neither source", async () => {
        const message = await failure({
            customDomains: [
                { domainName: "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", serverCertificateArns: [CERT] },
                { domainName: "devices.example.com", serverCertificateArns: [CERT] },
                { domainName: "devices.example.com", serverCertificateArns: [CERT], existingDomainConfigurationName: "x" },
                { domainName: "bare.example.com" },
            ],
        });
        expect(message).to.contain('customDomains[0].domainName = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com": is an AWS name, not a custom domain.');
        expect(message).to.contain('customDomains[2].domainName = "devices.example.com": is listed more than once.');
        expect(message).to.contain('customDomains[2] = "devices.example.com": needs exactly one of serverCertificateArns');
        expect(message).to.contain('customDomains[3] = "bare.example.com": needs exactly one of serverCertificateArns');
    });

    it("refuses a resolver with seven subnets, pinned addresses that do not match, and addresses AWS reserves", async () => {
        const env = standardAccount();
        const extra = [env.account.addSubnet(env.vpc.id, "a", "r1").id, env.account.addSubnet(env.vpc.id, "b", "r2").id];
        expect(await failure({ inboundResolver: { subnetIds: [...env.subnetIds, ...extra] } }, env))
            .to.contain("has 7 subnets; a Route 53 Resolver endpoint takes one to six");
        expect(await failure({ inboundResolver: { ipAddresses: ["10.20.0.10"] } }))
            .to.contain("inboundResolver.ipAddresses = [\"10.20.0.10\"]: has 1 addresses; the resolver has 2");
        const reserved = await failure({ inboundResolver: { ipAddresses: ["10.20.0.2", "10.20.31.255"] } });
        expect(reserved).to.contain('inboundResolver.ipAddresses = "10.20.0.2": is one of the five addresses AWS reserves');
        expect(reserved).to.contain('inboundResolver.ipAddresses = "10.20.31.255": is one of the five addresses AWS reserves in 10.20.16.0/20 (the first four and the last)');
        expect(await failure({ inboundResolver: { ipAddresses: ["10.20.0.10", "10.20.0.11"] } }))
            .to.contain('inboundResolver.ipAddresses = "10.20.0.11": is outside the subnet\'s 10.20.16.0/20');
    });

    it("refuses the credential provider in China and GovCloud, and without port 443", async () => {
        const cn = standardAccount("cn-north-1");
        expect(await failure({ subnetIds: cn.subnetIds, allowChinaRegions: true, credentialsProvider: {} }, cn))
            .to.contain("the credential provider endpoint (iot.credentials) is not offered through VPC endpoints in China or GovCloud regions.");
        const gov = standardAccount("us-gov-west-1");
        expect(await failure({ subnetIds: gov.subnetIds, credentialsProvider: {} }, gov))
            .to.contain('credentialsProvider = "us-gov-west-1"');
        expect(await failure({ devicePorts: [8883], credentialsProvider: {} }))
            .to.contain("devicePorts = [8883]: leaves out 443, which the credential provider (HTTPS) needs.");
    });

    it("refuses custom domains whose resource names would collide", async () => {
        const message = await failure({ customDomains: [
            { domainName: "a-b.example.com", serverCertificateArns: [CERT] },
            { domainName: "a.b-example.com", serverCertificateArns: [CERT] },
        ] });
        expect(message).to.contain('customDomains[1].domainName = "a.b-example.com": would name its resources like a-b.example.com (a-b-example-com).');
    });

    it("refuses device policy actions and topics it cannot scope to the thing", async () => {
        const message = await failure({ devicePolicy: { actions: ["retain" as DeviceAction], topics: ["+/x"] } });
        expect(message).to.contain('devicePolicy.actions = "retain": is not a device action.');
        expect(message).to.contain('devicePolicy.topics = "+/x": is not a topic pattern under the thing name.');
    });
});

describe("IotCoreVpcEndpoints connection settings", () => {
    it("reports ports, ALPN for 443, the Amazon root CA and the keep-alive", async () => {
        const env = standardAccount();
        const run = await deploy(env, { devicePorts: [8883, 443], mqttKeepAliveSeconds: 120 });
        const [ats] = (run.stackOutputs as any).connectionSettings;
        expect(ats).to.deep.equal({
            host: "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com",
            kind: "ats",
            protocols: [
                { protocol: "mqtt", port: 8883 },
                { protocol: "mqtt-alpn", port: 443, alpn: "x-amzn-mqtt-ca" },
                { protocol: "mqtt-websockets", port: 443 },
                { protocol: "https", port: 443 },
            ],
            rootCa: "https://www.amazontrust.com/repository/AmazonRootCA1.pem",
            keepAliveSeconds: 120,
        });
    });

    it("defaults the keep-alive to the 230 s the endpoint honours", async () => {
        const env = standardAccount();
        const run = await deploy(env, {});
        expect((run.stackOutputs as any).connectionSettings[0].keepAliveSeconds).to.equal(230);
    });
});
