import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";

import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs } from "../components";
import { UNKNOWN_SENTINEL, ProgramRun, Registration, ofType, runProgram } from "../simulation/harness";
import { StandardAccount, T, awsResources, countByType, ipInSubnet, standardAccount } from "./support/fixtures";

function deploy(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs>, preview = false, name = "iot"): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        const c = new IotCoreVpcEndpoints(name, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), ...args });
        return {
            dataEndpoint: c.dataEndpoint,
            hostedZoneId: c.hostedZoneId,
            endpointIds: c.endpointIds,
            securityGroupId: c.securityGroupId,
            records: c.records,
            capacity: c.capacity,
        };
    }, { preview });
}

const ATS_NAME = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";

for (const preview of [false, true]) {
    describe(`IotCoreVpcEndpoints (${preview ? "preview" : "update"})`, () => {
        let env: StandardAccount;
        let run: ProgramRun;
        before(async () => {
            env = standardAccount();
            run = await deploy(env, { expectedConnections: 240_000 }, preview);
        });

        it("runs without error and AWS refuses nothing", () => {
            expect(run.error).to.equal(undefined);
            expect(env.account.refusals).to.deep.equal([]);
        });

        it("creates 3 endpoints for 240,000 devices (80,000 each at the default 80%), one security group, one zone and endpoints x subnets records", () => {
            expect(countByType(run)).to.deep.equal({
                [T.stack]: 1,
                [T.component]: 1,
                [T.securityGroup]: 1,
                [T.vpcEndpoint]: 3,
                [T.zone]: 1,
                [T.record]: 9,
            });
        });

        it("parents every AWS resource to the component and prefixes its name", () => {
            const component = ofType(run, T.component)[0];
            for (const r of awsResources(run)) {
                expect(r.parent, r.name).to.equal(component.urn);
                expect(r.name.startsWith("iot-"), r.name).to.equal(true);
            }
        });

        it("creates interface endpoints for iot.data with private DNS off, IPv4 only and no endpoint policy", () => {
            const sg = ofType(run, T.securityGroup)[0];
            for (const e of ofType(run, T.vpcEndpoint)) {
                expect(e.inputs.serviceName).to.equal("com.amazonaws.us-east-1.iot.data");
                expect(e.inputs.vpcEndpointType).to.equal("Interface");
                expect(e.inputs.privateDnsEnabled).to.equal(false);
                expect(e.inputs.ipAddressType).to.equal("ipv4");
                expect(e.inputs.dnsOptions).to.deep.equal({ dnsRecordIpType: "ipv4" });
                expect(e.inputs).to.not.have.property("policy");
                expect(e.inputs.vpcId).to.equal(env.vpc.id);
                expect(e.inputs.subnetIds).to.deep.equal(env.subnetIds.slice(0, 3));
                expect(e.inputs.securityGroupIds).to.deep.equal([preview ? UNKNOWN_SENTINEL : sg.id]);
                expect(e.dependencies).to.include(sg.urn);
            }
        });

        it("names the private zone exactly after the account's ATS endpoint and attaches it to the VPC", () => {
            const zone = ofType(run, T.zone)[0];
            expect(zone.inputs.name).to.equal(ATS_NAME);
            expect(zone.inputs.vpcs).to.deep.equal([{ vpcId: env.vpc.id, vpcRegion: "us-east-1" }]);
        });

        it("creates equal-weight A records at the zone apex with unique set identifiers", () => {
            const records = ofType(run, T.record);
            const zone = ofType(run, T.zone)[0];
            expect(new Set(records.map((r) => r.inputs.setIdentifier)).size).to.equal(records.length);
            for (const r of records) {
                expect(r.inputs.name).to.equal(ATS_NAME);
                expect(r.inputs.type).to.equal("A");
                expect(r.inputs.ttl).to.equal(60);
                expect(r.inputs.weightedRoutingPolicies).to.deep.equal([{ weight: 1 }]);
                expect(r.dependencies).to.include(zone.urn);
            }
            const setIds = records.map((r) => r.inputs.setIdentifier).sort();
            const expected = ["ep1", "ep2", "ep3"].flatMap((e) => env.subnetIds.slice(0, 3).map((s) => `${e}-${s}`)).sort();
            expect(setIds).to.deep.equal(expected);
        });

        it("opens exactly 8883, 443 and 8443 over TCP from the VPC's CIDR, and no egress", () => {
            const sg = ofType(run, T.securityGroup)[0];
            const ingress = sg.inputs.ingress as { protocol: string; fromPort: number; toPort: number; cidrBlocks: string[] }[];
            expect(ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks])).to.deep.equal([
                ["tcp", 8883, 8883, ["10.20.0.0/16"]],
                ["tcp", 443, 443, ["10.20.0.0/16"]],
                ["tcp", 8443, 8443, ["10.20.0.0/16"]],
            ]);
            expect(sg.inputs.vpcId).to.equal(env.vpc.id);
            expect(sg.inputs).to.not.have.property("egress");
        });

        if (preview) {
            it("registers every record in a preview, with the IPs unknown until the endpoints exist", () => {
                for (const r of ofType(run, T.record)) {
                    expect(r.inputs.records).to.equal(UNKNOWN_SENTINEL);
                }
            });
        } else {
            it("points each record at the private IP of that endpoint's ENI in that subnet", () => {
                const endpointIds = new Map(ofType(run, T.vpcEndpoint).map((e) => [e.name.replace("iot-", ""), e.id!]));
                for (const r of ofType(run, T.record)) {
                    const setId = String(r.inputs.setIdentifier);
                    const [epKey, ...rest] = setId.split("-");
                    const subnetId = rest.join("-");
                    const eni = [...env.account.enis.values()].find((e) =>
                        e.description === `VPC Endpoint Interface ${endpointIds.get(epKey)}` && e.subnetId === subnetId);
                    expect(eni, setId).to.not.equal(undefined);
                    expect(r.inputs.records).to.deep.equal([eni!.privateIp]);
                    expect(ipInSubnet(eni!.privateIp, env.account.subnets.get(subnetId)!)).to.equal(true);
                }
            });

            it("exports the data endpoint, zone, endpoint ids, security group, records and capacity", () => {
                const out = run.stackOutputs as any;
                expect(out.dataEndpoint).to.equal(ATS_NAME);
                expect(out.hostedZoneId).to.equal(ofType(run, T.zone)[0].id);
                expect(out.endpointIds).to.deep.equal(ofType(run, T.vpcEndpoint).map((e) => e.id));
                expect(out.securityGroupId).to.equal(ofType(run, T.securityGroup)[0].id);
                expect(out.records).to.have.length(9);
                const ips = new Set([...env.account.enis.values()].map((e) => e.privateIp));
                for (const r of out.records) {
                    expect(r.name).to.equal(ATS_NAME);
                    expect(r.values).to.have.length(1);
                    expect(ips.has(r.values[0]), r.values[0]).to.equal(true);
                    expect(r.weight).to.equal(1);
                    expect(out.endpointIds).to.include(r.endpointId);
                }
                expect(out.capacity).to.deep.equal({
                    endpoints: 3, enisPerEndpoint: 3, enis: 9, maxDevices: 300_000, expectedConnections: 240_000, records: 9,
                    targetUtilizationPercent: 80, plannedDevicesPerEndpoint: 80_000,
                });
            });

            it("reads no network interface (the endpoints' subnetConfigurations carry the IPs): one lookup each for the region, VPC, service, endpoint name, zone and subnets", () => {
                const count = (t: string) => env.account.invokeCount(t);
                expect(count("aws:ec2/getNetworkInterface:getNetworkInterface")).to.equal(0);
                expect(count("aws:ec2/getSubnet:getSubnet")).to.equal(3);
                expect(count("aws:ec2/getVpc:getVpc")).to.equal(1);
                expect(count("aws:ec2/getVpcEndpointService:getVpcEndpointService")).to.equal(1);
                expect(count("aws:iot/getEndpoint:getEndpoint")).to.equal(1);
                expect(count("aws:index/getRegion:getRegion")).to.equal(1);
                // a new stack: no private zone of the name on the VPC (one lookup), nor one of this component's
                // on another VPC (one lookup by its owner tag), so no records to read
                expect(count("aws:route53/getZone:getZone")).to.equal(2);
                expect(count("aws:route53/getRecords:getRecords")).to.equal(0);
            });
        }
    });
}

describe("IotCoreVpcEndpoints sizing and options", () => {
    const endpointsFor = async (args: Partial<IotCoreVpcEndpointsArgs>) => {
        const env = standardAccount();
        const run = await deploy(env, args);
        expect(run.error).to.equal(undefined);
        return ofType(run, T.vpcEndpoint).length;
    };

    it("sizes endpoints as ceil(devices / 80,000) by default: 80% of the 100,000 each carries", async () => {
        expect(await endpointsFor({})).to.equal(1);
        expect(await endpointsFor({ expectedConnections: 80_000 })).to.equal(1);
        expect(await endpointsFor({ expectedConnections: 80_001 })).to.equal(2);
        expect(await endpointsFor({ expectedConnections: 1_000_000 })).to.equal(13);
    });

    it("sizes at the documented limit with targetUtilizationPercent: 100, and with more headroom below 80", async () => {
        expect(await endpointsFor({ expectedConnections: 100_000, targetUtilizationPercent: 100 })).to.equal(1);
        expect(await endpointsFor({ expectedConnections: 1_000_000, targetUtilizationPercent: 100 })).to.equal(10);
        expect(await endpointsFor({ expectedConnections: 1_000_000, targetUtilizationPercent: 50 })).to.equal(20);
    });

    it("lets endpointCount override the sizing", async () => {
        expect(await endpointsFor({ endpointCount: 4 })).to.equal(4);
        expect(await endpointsFor({ endpointCount: 3, expectedConnections: 150_000 })).to.equal(3);
    });

    it("opens only the chosen ports to explicit CIDRs, and uses the chosen TTL", async () => {
        const env = standardAccount();
        const run = await deploy(env, { allowedCidrs: ["10.20.0.0/20", "192.168.0.0/16"], devicePorts: [8883], ttl: 30 });
        expect(run.error).to.equal(undefined);
        const ingress = ofType(run, T.securityGroup)[0].inputs.ingress as any[];
        expect(ingress.map((r) => [r.fromPort, r.toPort, r.cidrBlocks])).to.deep.equal([[8883, 8883, ["10.20.0.0/20", "192.168.0.0/16"]]]);
        expect(ofType(run, T.record).every((r) => r.inputs.ttl === 30)).to.equal(true);
    });

    it("tags every taggable child and names it; the zones and endpoints also name their owner (how a later update finds them)", async () => {
        const env = standardAccount();
        const run = await deploy(env, { tags: { team: "iot-platform" } });
        for (const r of ofType(run, T.securityGroup)) {
            expect(r.inputs.tags).to.deep.equal({ team: "iot-platform", Name: r.name });
        }
        for (const r of ofType(run, T.vpcEndpoint)) {
            expect(r.inputs.tags).to.deep.equal({ team: "iot-platform", Name: r.name, "iotvpc:owner": "iotvpc/test/iot" });
        }
        const [zone] = ofType(run, T.zone);
        expect(zone.inputs.tags).to.deep.equal({ team: "iot-platform", Name: "iot-zone", "iotvpc:owner": "iotvpc/test/iot" });
    });

    it("accepts subnet ids that are Outputs, keyed by position, and shows every record in a preview", async () => {
        const env = standardAccount();
        const run = await runProgram(env.account, () => {
            new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2).map((s) => pulumi.output(s)), endpointCount: 2 });
        }, { preview: true });
        expect(run.error).to.equal(undefined);
        expect(ofType(run, T.record).map((r) => r.inputs.setIdentifier).sort()).to.deep.equal(["ep1-subnet1", "ep1-subnet2", "ep2-subnet1", "ep2-subnet2"]);
    });

    it("previews a VPC created in the same program with everything unknown but every resource registered", async () => {
        const env = standardAccount();
        const run = await runProgram(env.account, () => {
            const unknownId = (v: string) => pulumi.output(v).apply((x) => (pulumi.runtime.isDryRun() ? (pulumi.unknown as unknown as string) : x));
            new IotCoreVpcEndpoints("iot", { vpcId: unknownId(env.vpc.id), subnetIds: env.subnetIds.slice(0, 3).map(unknownId), endpointCount: 2 });
        }, { preview: true });
        expect(run.error).to.equal(undefined);
        expect(countByType(run)[T.record]).to.equal(6);
        expect(countByType(run)[T.vpcEndpoint]).to.equal(2);
        expect(ofType(run, T.zone)[0].inputs.name).to.equal(UNKNOWN_SENTINEL);
    });
});

describe("IotCoreVpcEndpoints bad input", () => {
    async function failure(args: Partial<IotCoreVpcEndpointsArgs>, env = standardAccount()): Promise<{ message: string; run: ProgramRun; env: StandardAccount }> {
        const run = await deploy(env, args);
        expect(run.error, "expected the run to fail").to.not.equal(undefined);
        return { message: run.error!.message, run, env };
    }

    /** Nothing reached AWS: the account created nothing and refused nothing. */
    function expectNothingCreated(env: StandardAccount) {
        expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
        expect(env.account.refusals).to.deep.equal([]);
    }

    it("refuses an empty subnet list before registering anything", async () => {
        const { message, run, env } = await failure({ subnetIds: [] });
        expect(message).to.contain('IotCoreVpcEndpoints "iot"');
        expect(message).to.contain("subnetIds = []: at least one subnet is required.");
        expect(message).to.contain("Fix: pass one private subnet id per Availability Zone");
        expect(ofType(run, T.component)).to.deep.equal([]);
        expectNothingCreated(env);
    });

    it("refuses a subnet listed twice", async () => {
        const env = standardAccount();
        const { message } = await failure({ subnetIds: [env.subnetIds[0], env.subnetIds[1], env.subnetIds[0]] }, env);
        expect(message).to.contain(`subnetIds = "${env.subnetIds[0]}": is listed more than once.`);
    });

    for (const [arg, value] of [
        ["expectedConnections", 0], ["expectedConnections", -5], ["expectedConnections", 1.5],
        ["expectedConnections", Number.NaN], ["expectedConnections", Number.POSITIVE_INFINITY],
        ["endpointCount", 0], ["endpointCount", 2.5],
    ] as const) {
        it(`refuses ${arg} = ${value}`, async () => {
            const { message, env } = await failure({ [arg]: value });
            expect(message).to.contain(`${arg} = ${String(value)}: must be a positive finite integer`);
            expectNothingCreated(env);
        });
    }

    it("refuses more endpoints than the per-VPC quota, and accepts them when the quota was raised", async () => {
        const { message } = await failure({ expectedConnections: 5_100_000, targetUtilizationPercent: 100, subnetIds: standardAccount().subnetIds.slice(0, 1) });
        expect(message).to.contain("expectedConnections = 5100000: needs 51 interface endpoints, more than the 50 per VPC allowed by maxEndpointsPerVpc.");
        expect(message).to.contain("set maxEndpointsPerVpc");

        const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 60 });
        const run = await deploy(env, { expectedConnections: 5_100_000, targetUtilizationPercent: 100, maxEndpointsPerVpc: 60, subnetIds: env.subnetIds.slice(0, 1) });
        expect(run.error).to.equal(undefined);
        expect(ofType(run, T.vpcEndpoint)).to.have.length(51);
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("refuses an endpointCount that cannot carry expectedConnections", async () => {
        const { message } = await failure({ endpointCount: 2, expectedConnections: 250_000 });
        expect(message).to.contain("endpointCount = 2: carries 160000 devices at 80000 per endpoint (80% of 100000, targetUtilizationPercent), fewer than expectedConnections = 250000.");
        expect(message).to.contain("raise endpointCount to at least 4");
        // within the documented limit, but without the planned headroom: the fix says how to plan at the limit
        const atLimit = await failure({ endpointCount: 3, expectedConnections: 250_000 });
        expect(atLimit.message).to.contain("or set targetUtilizationPercent: 100 to plan without headroom.");
    });

    it("refuses more than 100 weighted records on the endpoint name", async () => {
        const env = standardAccount();
        const { message } = await failure({ endpointCount: 34, subnetIds: env.subnetIds.slice(0, 3) }, env);
        expect(message).to.contain("would need 102 weighted records on one name");
        expect(message).to.contain("Route 53 allows 100");
    });

    it("refuses 0.0.0.0/0 and malformed CIDRs", async () => {
        const { message } = await failure({ allowedCidrs: ["0.0.0.0/0", "10.0.0.1/16", "10.1.0.0/16"] });
        expect(message).to.contain('allowedCidrs = "0.0.0.0/0": would let the whole internet reach the endpoints.');
        expect(message).to.contain('allowedCidrs = "10.0.0.1/16": is not an IPv4 CIDR block');
        expect(message).to.not.contain("10.1.0.0/16");
    });

    it("refuses ports devices do not use and a keep-alive the endpoint would cut", async () => {
        const { message } = await failure({ devicePorts: [8883, 22], mqttKeepAliveSeconds: 300 });
        expect(message).to.contain("devicePorts = 22: is not a port devices use");
        expect(message).to.contain("mqttKeepAliveSeconds = 300: exceeds the 230 s limit of VPC endpoints: the endpoint would cut it to 230 s.");
    });

    it("lists every problem in one error", async () => {
        const { message } = await failure({ subnetIds: [], expectedConnections: -1, allowedCidrs: ["0.0.0.0/0"] });
        expect(message).to.contain("has 3 invalid argument problems");
        expect(message).to.contain("subnetIds");
        expect(message).to.contain("expectedConnections");
        expect(message).to.contain("allowedCidrs");
    });

    it("refuses two subnets in one Availability Zone, at deploy time, before creating anything", async () => {
        const env = standardAccount();
        const second = env.account.addSubnet(env.vpc.id, "a", "second-a");
        const { message } = await failure({ subnetIds: [env.subnetIds[0], second.id] }, env);
        expect(message).to.contain(`are in the same Availability Zone us-east-1a; an endpoint takes at most one subnet per zone.`);
        expect(message).to.contain("Fix: keep one subnet per Availability Zone.");
        expectNothingCreated(env);
    });

    it("refuses a subnet in a zone where iot.data is not offered, naming the zones where it is", async () => {
        const env = standardAccount();
        const e = env.account.addSubnet(env.vpc.id, "e", "zone-e");
        // every opt-in child waits on the same checks: none is created either
        const { message } = await failure({
            subnetIds: [env.subnetIds[0], e.id],
            customDomains: [{ domainName: "devices.example.com", serverCertificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/x"] }],
            devicePolicy: {}, inboundResolver: {}, capacityAlarms: {}, credentialsProvider: {},
        }, env);
        expect(message).to.contain(`subnetIds = "${e.id}": is in us-east-1e, where com.amazonaws.us-east-1.iot.data is not offered.`);
        expect(message).to.contain("use subnets in the zones where it is offered: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f.");
        expectNothingCreated(env);
    });

    it("refuses a subnet of another VPC and a VPC without DNS hostnames", async () => {
        const env = standardAccount();
        const other = env.account.addVpc("other", { cidr: "10.30.0.0/16", dns: false });
        const { message } = await failure({ vpcId: other.vpc.id, subnetIds: [env.subnetIds[0]] }, env);
        expect(message).to.contain(`belongs to ${env.vpc.id}, not to vpcId ${other.vpc.id}.`);
        expect(message).to.contain("enableDnsHostnames=false; private hosted zones resolve only with both true.");
    });

    it("refuses a China region unless allowChinaRegions opts in", async () => {
        const env = standardAccount("cn-north-1");
        const { message } = await failure({ subnetIds: env.subnetIds }, env);
        expect(message).to.contain('region = "cn-north-1": is an AWS China Region, where VPC endpoints for IoT Core are not supported');
        expect(message).to.contain("set allowChinaRegions: true");
        expectNothingCreated(env);

        const optedIn = standardAccount("cn-north-1");
        const ok = await deploy(optedIn, { subnetIds: optedIn.subnetIds, allowChinaRegions: true });
        expect(ok.error).to.equal(undefined);
        expect(ofType(ok, T.vpcEndpoint)[0].inputs.serviceName).to.equal("cn.com.amazonaws.cn-north-1.iot.data");
        expect(ofType(ok, T.zone)[0].inputs.name).to.equal("a3k7odshaiipe8.ats.iot.cn-north-1.amazonaws.com.cn");
        expect(optedIn.account.refusals).to.deep.equal([]);
    });
});

describe("IotCoreVpcEndpoints changes without churn", () => {
    const urns = (run: ProgramRun) => new Set(run.registrations.map((r) => r.urn));
    const replaceForcing = (r: Registration) => JSON.stringify([r.inputs.serviceName, r.inputs.vpcId, r.inputs.name, r.inputs.vpcEndpointType, r.inputs.setIdentifier]);

    function expectKept(before: ProgramRun, after: ProgramRun) {
        const later = new Map(after.registrations.map((r) => [r.urn, r]));
        for (const r of before.registrations) {
            expect(later.has(r.urn), `${r.urn} was removed or renamed`).to.equal(true);
            if (r.custom) {
                expect(replaceForcing(later.get(r.urn)!), r.name).to.equal(replaceForcing(r));
                expect(later.get(r.urn)!.id, r.name).to.equal(r.id);
            }
        }
    }

    it("growing expectedConnections only adds endpoints and records", async () => {
        const env = standardAccount();
        const first = await deploy(env, { expectedConnections: 100_000 });
        const second = await deploy(env, { expectedConnections: 300_000 });
        expect(second.error).to.equal(undefined);
        expectKept(first, second);
        expect(urns(second).size - urns(first).size).to.equal(2 + 2 * 3);
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("appending a subnet keeps every existing resource and adds one record per endpoint", async () => {
        const env = standardAccount();
        const first = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), endpointCount: 2 }));
        const second = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), endpointCount: 2 }));
        expect(second.error).to.equal(undefined);
        expectKept(first, second);
        expect(ofType(second, T.record)).to.have.length(6);
        expect(env.account.enis.size).to.equal(6);
    });

    it("removing a subnet from the middle, drained first, keeps the records of the others", async () => {
        const env = standardAccount();
        const ids = env.subnetIds.slice(0, 3);
        const first = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: ids }));
        const drained = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: [ids[0], ids[2]], drainingSubnetIds: [ids[1]] }));
        expect(drained.error).to.equal(undefined);
        const second = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: [ids[0], ids[2]] }));
        expect(second.error).to.equal(undefined);
        const kept = new Set(ofType(second, T.record).map((r) => r.urn));
        const dropped = ofType(first, T.record).filter((r) => !kept.has(r.urn)).map((r) => r.inputs.setIdentifier);
        expect(dropped).to.deep.equal([`ep1-${ids[1]}`]);
        expect(env.account.enis.size).to.equal(2);
        expect(env.account.deadAnswers).to.deep.equal([]);
    });

    it("previews appending a subnet to a deployed stack without failing: the new record's IP is unknown", async () => {
        const env = standardAccount();
        await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2) }));
        const preview = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3) }), { preview: true });
        expect(preview.error).to.equal(undefined);
        const firstIp = (v: unknown) => (v === UNKNOWN_SENTINEL ? v : (v as string[])[0]);
        const ips = Object.fromEntries(ofType(preview, T.record).map((r) => [r.inputs.setIdentifier, firstIp(r.inputs.records)]));
        const eniIps = new Set([...env.account.enis.values()].map((e) => e.privateIp));
        expect(eniIps.has(ips[`ep1-${env.subnetIds[0]}`])).to.equal(true);
        expect(eniIps.has(ips[`ep1-${env.subnetIds[1]}`])).to.equal(true);
        expect(ips[`ep1-${env.subnetIds[2]}`]).to.equal(UNKNOWN_SENTINEL);
    });

    it("two components (two VPCs) in one stack do not collide", async () => {
        const env = standardAccount();
        const second = env.account.addVpc("second", { cidr: "10.40.0.0/16" });
        const run = await runProgram(env.account, () => {
            new IotCoreVpcEndpoints("fleet-a", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2) });
            new IotCoreVpcEndpoints("fleet-b", { vpcId: second.vpc.id, subnetIds: second.subnets.slice(0, 2).map((s) => s.id) });
        });
        expect(run.error).to.equal(undefined);
        expect(new Set(run.registrations.map((r) => r.urn)).size).to.equal(run.registrations.length);
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("the fake account refuses a second zone of the same name in one VPC, as Route 53 does: the update fails there", async () => {
        const env = standardAccount();
        const run = await runProgram(env.account, () => {
            new IotCoreVpcEndpoints("fleet-a", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2) });
            new IotCoreVpcEndpoints("fleet-b", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(2, 4) });
        });
        expect(run.error?.message).to.match(/aws:route53\/zone:Zone fleet-[ab]-zone: ConflictingDomainExists: /);
        expect(env.account.refusals.some((r) => r.includes("ConflictingDomainExists"))).to.equal(true);
        expect(env.account.resourcesOfType(T.zone)).to.have.length(1);
    });
});
