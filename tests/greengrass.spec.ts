/**
 * Greengrass V2 core devices with no route to the internet (`greengrass`, `greengrassOptions`): what a
 * deployment creates, the nucleus configuration it hands out, the regions that refuse it, and every
 * change on a live stack, stepped by the fake account.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { DevicePolicyRestriction, GreengrassEndpoint, IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs } from "../components";
import { resolveArgs } from "../components/validation";
import { ProgramRun, ofType, runProgram } from "../simulation/harness";
import { StandardAccount, T, standardAccount } from "./support/fixtures";

const PREFIX = "a3k7odshaiipe8";

function deploy(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs>, preview = false): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        const c = new IotCoreVpcEndpoints("site", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), ...args });
        return { nucleus: c.greengrassNucleusConfig, connectionSettings: c.connectionSettings, capacity: c.capacity, endpointIds: c.endpointIds };
    }, { preview });
}

function expectCompleted(run: ProgramRun, env: StandardAccount): void {
    expect(run.error, run.error?.message).to.equal(undefined);
    expect(env.account.refusals).to.deep.equal([]);
    expect(env.account.deadAnswers).to.deep.equal([]);
    expect(env.account.disconnects).to.deep.equal([]);
}

const services = (run: ProgramRun) => ofType(run, T.vpcEndpoint).map((r) => `${String(r.inputs.serviceName)} ${String(r.inputs.vpcEndpointType)} dns:${String(r.inputs.privateDnsEnabled)}`).sort();

describe("greengrass: what greengrass: true creates", () => {
    let env: StandardAccount;
    let run: ProgramRun;
    before(async () => {
        env = standardAccount("eu-west-1");
        run = await deploy(env, { greengrass: true });
    });

    it("creates the iot.data, iot.credentials and s3 endpoints, S3 with private DNS", () => {
        expectCompleted(run, env);
        expect(services(run)).to.deep.equal([
            "com.amazonaws.eu-west-1.iot.credentials Interface dns:false",
            "com.amazonaws.eu-west-1.iot.data Interface dns:false",
            "com.amazonaws.eu-west-1.s3 Interface dns:true",
        ]);
    });

    it("opens 8883, 443 and 8443 to the allowed networks on the IoT endpoints, and 443 on the S3 endpoint", () => {
        const groups = Object.fromEntries(ofType(run, T.securityGroup).map((g) => [g.name, (g.inputs.ingress as { fromPort: number; cidrBlocks: string[] }[]).map((r) => `${r.fromPort} ${r.cidrBlocks.join(",")}`)]));
        expect(groups).to.deep.equal({
            "site-sg": ["8883 10.20.0.0/16", "443 10.20.0.0/16", "8443 10.20.0.0/16"],
            "site-services-sg": ["443 10.20.0.0/16"],
        });
    });

    it("hands out the nucleus configuration: the account's ATS and credentials names, the data plane through iotdata on 8443, no s3EndpointType outside us-east-1", () => {
        expect(run.stackOutputs.nucleus).to.deep.equal({
            awsRegion: "eu-west-1",
            iotDataEndpoint: `${PREFIX}-ats.iot.eu-west-1.amazonaws.com`,
            iotCredEndpoint: "cd9319166ba2d6.credentials.iot.eu-west-1.amazonaws.com",
            greengrassDataPlaneEndpoint: "iotdata",
            greengrassDataPlanePort: 8443,
        });
    });

    it("answers devices in the VPC privately: the data and credentials names from the zones, S3's regional name from the endpoint's private DNS", () => {
        const enisOf = (service: string) => {
            const ep = ofType(run, T.vpcEndpoint).find((r) => r.inputs.serviceName === service)!;
            return [...env.account.enis.values()].filter((e) => e.attachedTo === ep.id).map((e) => e.privateIp).sort();
        };
        expect(env.account.dnsAnswers(`${PREFIX}-ats.iot.eu-west-1.amazonaws.com`, env.vpc.id)).to.deep.equal(enisOf("com.amazonaws.eu-west-1.iot.data"));
        expect(env.account.dnsAnswers("cd9319166ba2d6.credentials.iot.eu-west-1.amazonaws.com", env.vpc.id)).to.deep.equal(enisOf("com.amazonaws.eu-west-1.iot.credentials"));
        expect(env.account.dnsAnswers("s3.eu-west-1.amazonaws.com", env.vpc.id)).to.deep.equal(enisOf("com.amazonaws.eu-west-1.s3"));
        expect(env.account.dnsAnswers("my-bucket.s3.eu-west-1.amazonaws.com", env.vpc.id)).to.have.length(2);
    });

    it("lists the credential provider in connectionSettings: HTTPS with the device's certificate on 443", () => {
        const settings = run.stackOutputs.connectionSettings as { host: string; kind: string; protocols: { protocol: string; port: number }[] }[];
        expect(settings.map((s) => [s.kind, s.host])).to.deep.equal([
            ["ats", `${PREFIX}-ats.iot.eu-west-1.amazonaws.com`], ["credentials", "cd9319166ba2d6.credentials.iot.eu-west-1.amazonaws.com"],
        ]);
        expect(settings[1].protocols).to.deep.equal([{ protocol: "https-client-cert", port: 443 }]);
        expect(settings[0].protocols.map((p) => p.port)).to.include(8443);
    });
});

describe("greengrass: options", () => {
    it("in us-east-1, the nucleus takes S3 at its regional name (s3EndpointType: REGIONAL); port 443 and the role alias when given", async () => {
        const env = standardAccount("us-east-1");
        const run = await deploy(env, { greengrassOptions: { dataPlanePort: 443, tokenExchangeRoleAlias: "GreengrassCoreTokenExchangeRoleAlias" } });
        expectCompleted(run, env);
        expect(run.stackOutputs.nucleus).to.deep.equal({
            awsRegion: "us-east-1",
            iotDataEndpoint: `${PREFIX}-ats.iot.us-east-1.amazonaws.com`,
            iotCredEndpoint: "cd9319166ba2d6.credentials.iot.us-east-1.amazonaws.com",
            greengrassDataPlaneEndpoint: "iotdata",
            greengrassDataPlanePort: 443,
            s3EndpointType: "REGIONAL",
            iotRoleAlias: "GreengrassCoreTokenExchangeRoleAlias",
        });
    });

    it("adds the optional endpoints with private DNS, ECR as its two", async () => {
        const env = standardAccount("eu-west-1");
        const run = await deploy(env, { greengrass: true, greengrassOptions: { endpoints: ["greengrass", "logs", "secretsmanager", "ecr", "sts"] } });
        expectCompleted(run, env);
        expect(services(run).filter((x) => x.includes("dns:true"))).to.deep.equal([
            "com.amazonaws.eu-west-1.ecr.api Interface dns:true", "com.amazonaws.eu-west-1.ecr.dkr Interface dns:true",
            "com.amazonaws.eu-west-1.greengrass Interface dns:true", "com.amazonaws.eu-west-1.logs Interface dns:true",
            "com.amazonaws.eu-west-1.s3 Interface dns:true", "com.amazonaws.eu-west-1.secretsmanager Interface dns:true", "com.amazonaws.eu-west-1.sts Interface dns:true",
        ]);
        expect(env.account.dnsAnswers("logs.eu-west-1.amazonaws.com", env.vpc.id)).to.have.length(2);
    });

    it("reaches S3 through a gateway endpoint on the given route tables instead", async () => {
        const env = standardAccount("eu-west-1");
        const run = await deploy(env, { greengrassOptions: { s3RouteTableIds: ["rtb-0123456789abcdef0"] } });
        expectCompleted(run, env);
        const s3 = ofType(run, T.vpcEndpoint).find((r) => String(r.inputs.serviceName).endsWith(".s3"))!;
        expect([s3.inputs.vpcEndpointType, s3.inputs.routeTableIds, s3.inputs.subnetIds]).to.deep.equal(["Gateway", ["rtb-0123456789abcdef0"], undefined]);
        expect(ofType(run, T.securityGroup).map((g) => g.name)).to.deep.equal(["site-sg"]);
    });

    it("warns that core devices in additionalVpcs resolve the service endpoints' names publicly (their private DNS answers in the endpoints' VPC only)", async () => {
        const env = standardAccount("eu-west-1");
        const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16" }).vpc;
        const run = await deploy(env, { greengrassOptions: { endpoints: [GreengrassEndpoint.Logs] }, additionalVpcs: [{ vpcId: spoke.id }] });
        expectCompleted(run, env);
        expect(run.logs.filter((l) => l.severity === "warning").map((l) => l.message)).to.deep.equal([`additionalVpcs: core devices in ${spoke.id} resolve s3, logs to public addresses: ` +
            `an interface endpoint's private DNS answers in its own VPC (${env.vpc.id}), and only the component's own zones are associated with additionalVpcs. ` +
            "Run core devices in the endpoints' VPC, or forward those names from the other VPCs to this VPC's inbound resolver (inboundResolver, and a Route 53 Resolver forwarding rule in each)."]);
        expect(env.account.dnsAnswers("logs.eu-west-1.amazonaws.com", spoke.id), "as the warning says").to.deep.equal([]);
        const gateway = await deploy(env, { greengrassOptions: { s3RouteTableIds: ["rtb-0123456789abcdef0"] }, additionalVpcs: [{ vpcId: spoke.id }] });
        expect(gateway.logs.filter((l) => l.severity === "warning"), "no interface endpoint with private DNS: nothing to warn of").to.deep.equal([]);
    });

    it("takes the route tables as one Output holding the list (as a VPC component exports them)", async () => {
        const env = standardAccount("eu-west-1");
        const run = await deploy(env, { greengrassOptions: { s3RouteTableIds: pulumi.output(["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"]) } });
        expectCompleted(run, env);
        const s3 = ofType(run, T.vpcEndpoint).find((r) => String(r.inputs.serviceName).endsWith(".s3"))!;
        expect(s3.inputs.routeTableIds).to.deep.equal(["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"]);
        expect((await deploy(env, { greengrassOptions: { s3RouteTableIds: pulumi.output("rtb-0123456789abcdef0" as unknown as string[]) } })).error?.message)
            .to.contain("greengrassOptions.s3RouteTableIds = \"rtb-0123456789abcdef0\": resolved to something other than a list. Fix: pass an Output holding a list of route table ids");
    });

    it("counts core devices as connections: 70,000 devices and 20,000 core devices need two endpoints at 80%", async () => {
        const env = standardAccount("eu-west-1");
        const run = await deploy(env, { expectedConnections: 70_000, greengrassOptions: { coreDevices: 20_000 } });
        expectCompleted(run, env);
        expect(ofType(run, T.vpcEndpoint).filter((r) => String(r.inputs.serviceName).endsWith(".iot.data"))).to.have.length(2);
        expect((run.stackOutputs.capacity as { expectedConnections: number }).expectedConnections).to.equal(90_000);
    });

    it("creates the core devices' policy: role credentials only through the credential provider's endpoint, connections and the data plane through the data endpoints", async () => {
        const env = standardAccount("eu-west-1");
        const run = await deploy(env, { greengrassOptions: { tokenExchangeRoleAlias: "CoreRoleAlias", coreDevicePolicy: true } });
        expectCompleted(run, env);
        const policy = ofType(run, T.iotPolicy).find((p) => p.name === "site-core-device-policy")!;
        const doc = JSON.parse(String(policy.inputs.policy));
        const ids = (service: string) => ofType(run, T.vpcEndpoint).filter((r) => String(r.inputs.serviceName).endsWith(service)).map((r) => r.id!);
        const [data] = ids(".iot.data");
        const [credentials] = ids(".iot.credentials");
        const arn = (resource: string) => `arn:aws:iot:eu-west-1:123456789012:${resource}`;
        const thing = "${iot:Connection.Thing.ThingName}";
        // written out by hand: the statements a core device needs, each condition as AWS IoT evaluates it
        expect(doc).to.deep.equal({ Version: "2012-10-17", Statement: [
            { Effect: "Allow", Action: ["iot:Connect"], Resource: [arn(`client/${thing}*`)], Condition: { StringEquals: { "aws:SourceVpce": data } } },
            { Effect: "Allow", Action: ["iot:Publish"], Resource: [arn(`topic/${thing}/*`)] },
            { Effect: "Allow", Action: ["iot:Publish", "iot:Receive"], Resource: ["greengrass/health/json", "greengrassv2/health/json", "jobs/*", "shadow/*"].map((t) => arn(`topic/$aws/things/${thing}*/${t}`)) },
            { Effect: "Allow", Action: ["iot:Subscribe"], Resource: ["jobs/*", "shadow/*"].map((t) => arn(`topicfilter/$aws/things/${thing}*/${t}`)) },
            { Effect: "Allow", Action: ["greengrass:GetComponentVersionArtifact", "greengrass:ResolveComponentCandidates", "greengrass:GetDeploymentConfiguration", "greengrass:ListThingGroupsForCoreDevice"],
                Resource: ["*"], Condition: { StringEquals: { "aws:SourceVpce": data } } },
            { Effect: "Allow", Action: ["iot:AssumeRoleWithCertificate"], Resource: [arn("rolealias/CoreRoleAlias")], Condition: { StringEquals: { "aws:SourceVpce": credentials } } },
        ] });
    });

    it("refuses a core devices' policy AWS IoT would refuse as too large (each data endpoint id twice) before anything is created, and takes it restricted to the VPC", async () => {
        const greengrassOptions = { tokenExchangeRoleAlias: "GreengrassCoreTokenExchangeRoleAlias", coreDevicePolicy: true };
        const lines = (run: ProgramRun) => run.error?.message.split("\n").slice(1);
        const tail = "(%d data endpoint ids, listed for connections and again for the Greengrass data plane); AWS IoT allows 2048 (not counting whitespace), " +
            "and would refuse it part-way through the update. Fix: set devicePolicy.restrictTo: \"vpc\" (one VPC id in both policies), or use fewer endpoints.";
        // 2014 characters with 8 endpoint ids in a 9-character region (50 per id); the region is in 9 of its ARNs
        const env = standardAccount("eu-west-1");
        expect(lines(await deploy(env, { endpointCount: 9, greengrassOptions }))).to.deep.equal([
            `  - greengrassOptions.coreDevicePolicy = true: makes a policy of at least 2064 characters ${tail.replace("%d", "9")}`]);
        expect((await deploy(env, { endpointCount: 8, greengrassOptions })).error, "8 endpoints fit in eu-west-1").to.equal(undefined);
        expectCompleted(await deploy(env, { endpointCount: 9, greengrassOptions, devicePolicy: { restrictTo: DevicePolicyRestriction.Vpc } }), env);

        const longer = standardAccount("ap-southeast-2");
        expect(lines(await deploy(longer, { endpointCount: 8, greengrassOptions })), "the gate, with the region: 2014 + 9 x 5").to.deep.equal([
            `  - greengrassOptions.coreDevicePolicy = true: makes a 2059-character policy in ap-southeast-2 ${tail.replace("%d", "8")}`]);
        expect(longer.account.stepsOf().filter((s) => s.op !== "same"), "nothing created").to.deep.equal([]);
    });
});

describe("greengrass: refusals before anything is created", () => {
    for (const region of ["cn-north-1", "us-gov-west-1"]) {
        it(`refuses greengrass by name in ${region}`, async () => {
            const env = standardAccount(region);
            const run = await deploy(env, { greengrass: true, allowChinaRegions: true });
            expect(run.error!.message).to.contain(`- greengrass = "${region}": Greengrass core devices in a VPC are not supported in China or AWS GovCloud (US) regions`);
            expect(run.error!.message).to.not.contain("credentialsProvider =");
            expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
        });
    }

    it("refuses an optional endpoint whose service already has one with private DNS in the VPC", async () => {
        const env = standardAccount("eu-west-1");
        const first = await runProgram(env.account, () => new IotCoreVpcEndpoints("other", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), greengrassOptions: { endpoints: ["sts"] } }), { stack: "other" });
        expect(first.error).to.equal(undefined);
        const run = await deploy(env, { greengrassOptions: { endpoints: ["sts"], s3RouteTableIds: ["rtb-0123456789abcdef0"] }, existingHostedZoneId: undefined });
        expect(run.error!.message).to.match(/- greengrassOptions\.endpoints = "sts": vpc-0[0-9a-f]{16} has an interface endpoint for com\.amazonaws\.eu-west-1\.sts with private DNS already \(vpce-0[0-9a-f]{16}\)/);
    });

    it("names every problem of the options at once", () => {
        const problems = resolveArgs("site", {
            vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], devicePorts: [8883],
            greengrassOptions: { dataPlanePort: 80, coreDevices: -1, endpoints: ["sqs", "logs", "logs"], s3RouteTableIds: ["rt-1"], coreDevicePolicy: true },
        }).problems.map((p) => `${p.argument} = ${p.value}: ${p.problem}`);
        expect(problems).to.deep.equal([
            "greengrassOptions.dataPlanePort = 80: is not a port the nucleus's data plane uses.",
            "greengrassOptions.coreDevices = -1: must be a whole number of devices, 0 or more.",
            "greengrassOptions.endpoints = \"sqs\": is not an endpoint Greengrass components use.",
            "greengrassOptions.endpoints = \"logs\": is listed more than once.",
            "greengrassOptions.s3RouteTableIds[0] = \"rt-1\": is not a route table id.",
            "greengrassOptions.coreDevicePolicy = true: needs greengrassOptions.tokenExchangeRoleAlias: the policy lets core devices assume that role alias.",
        ]);
        expect(resolveArgs("site", { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], greengrass: false, greengrassOptions: {} }).problems.map((p) => p.argument))
            .to.deep.equal(["greengrassOptions"]);
        expect(resolveArgs("site", { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], greengrass: true, devicePorts: [8883, 443] }).problems.map((p) => `${p.argument}: ${p.problem}`))
            .to.deep.equal(["devicePorts: leaves out 8443, which Greengrass core devices use on the IoT endpoints (MQTT on 8883, as greengrassNucleusConfig sets the nucleus up; the credential provider on 443; the data plane on 8443)."]);
    });
});

describe("greengrass: day 2 on a live stack", () => {
    const account = () => standardAccount("eu-west-1");

    it("switches greengrass on and off: the credentials and S3 endpoints come and go, devices keep resolving the data endpoint", async () => {
        const env = account();
        expectCompleted(await deploy(env, {}), env);
        const on = await deploy(env, { greengrass: true });
        expectCompleted(on, env);
        expect(env.account.resourcesOfType(T.vpcEndpoint)).to.have.length(3);
        const off = await deploy(env, {});
        expectCompleted(off, env);
        expect(env.account.resourcesOfType(T.vpcEndpoint).map((e) => e.state.serviceName)).to.deep.equal(["com.amazonaws.eu-west-1.iot.data"]);
        expect(env.account.dnsAnswers(`${PREFIX}-ats.iot.eu-west-1.amazonaws.com`, env.vpc.id)).to.have.length(2);
    });

    it("adds and drops optional endpoints, moves S3 to a gateway and back, and changes the data plane port, each in one update", async () => {
        const env = account();
        expectCompleted(await deploy(env, { greengrass: true }), env);
        for (const options of [
            { endpoints: ["logs", "ecr"] as const },
            { endpoints: ["logs"] as const, dataPlanePort: 443 },
            { endpoints: ["logs"] as const, s3RouteTableIds: ["rtb-0123456789abcdef0"] },
            {},
        ]) {
            expectCompleted(await deploy(env, { greengrassOptions: { ...options, endpoints: options.endpoints ? [...options.endpoints] : undefined } }), env);
        }
        expect(env.account.resourcesOfType(T.vpcEndpoint).map((e) => e.state.serviceName).sort()).to.deep.equal([
            "com.amazonaws.eu-west-1.iot.credentials", "com.amazonaws.eu-west-1.iot.data", "com.amazonaws.eu-west-1.s3",
        ]);
    });

    it("lives beside other teams' endpoints of its services (an S3 gateway endpoint on another route table, a logs endpoint without private DNS), update after update", async () => {
        const env = account();
        await runProgram(env.account, () => {
            const sg = new aws.ec2.SecurityGroup("their-sg", { vpcId: env.vpc.id });
            new aws.ec2.VpcEndpoint("their-s3", { vpcId: env.vpc.id, serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Gateway", routeTableIds: ["rtb-0aaaaaaaaaaaaaaaa"] });
            new aws.ec2.VpcEndpoint("their-logs", { vpcId: env.vpc.id, serviceName: "com.amazonaws.eu-west-1.logs", vpcEndpointType: "Interface", subnetIds: env.subnetIds.slice(2, 3),
                securityGroupIds: [sg.id], privateDnsEnabled: false });
        }, { stack: "theirs" });
        const theirs = env.account.objectsOfType(T.vpcEndpoint).map((e) => e.id);
        const options = { greengrass: true, greengrassOptions: { endpoints: [GreengrassEndpoint.Logs], s3RouteTableIds: ["rtb-0123456789abcdef0"] } };
        for (const step of ["first deploy", "update", "update again"]) {
            const run = await deploy(env, options);
            expectCompleted(run, env);
            expect(run.logs.filter((l) => l.severity === "warning").map((l) => l.message), step).to.deep.equal([]);
            expect(env.account.stepsOf().filter((s) => s.op !== "same" && s.op !== "create").map((s) => `${s.op} ${s.name}`), step).to.deep.equal([]);
        }
        expect(env.account.objectsOfType(T.vpcEndpoint).map((e) => e.id).filter((id) => theirs.includes(id)), "theirs stay").to.deep.equal(theirs);
    });

    it("refuses, before anything is created, a gateway endpoint on a route table that routes S3 through another one", async () => {
        const env = account();
        await runProgram(env.account, () => new aws.ec2.VpcEndpoint("their-s3", {
            vpcId: env.vpc.id, serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Gateway", routeTableIds: ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"] }), { stack: "theirs" });
        const [theirs] = env.account.objectsOfType(T.vpcEndpoint);
        const run = await deploy(env, { greengrass: true, greengrassOptions: { s3RouteTableIds: ["rtb-0123456789abcdef0", "rtb-0bbbbbbbbbbbbbbbb"] } });
        expect(run.error?.message.split("\n").slice(1)).to.deep.equal([`  - greengrassOptions.s3RouteTableIds = ["rtb-0bbbbbbbbbbbbbbbb"]: already routes S3 through the gateway endpoint ${theirs.id}; ` +
            "AWS refuses a second gateway endpoint of a service on a route table (RouteAlreadyExists). " +
            `Fix: leave rtb-0bbbbbbbbbbbbbbbb out of greengrassOptions.s3RouteTableIds (${theirs.id} serves S3 there already), or omit s3RouteTableIds for an S3 interface endpoint.`]);
        expect(env.account.stepsOf().filter((s) => s.op !== "same")).to.deep.equal([]);
    });

    it("keeps greengrass through a preview that changes nothing", async () => {
        const env = account();
        expectCompleted(await deploy(env, { greengrass: true }), env);
        const preview = await deploy(env, { greengrass: true }, true);
        expect(preview.error).to.equal(undefined);
        expect(env.account.stepsOf().filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`)).to.deep.equal([]);
    });
});

describe("greengrass: an interrupted first deploy", () => {
    it("heals at every create", async () => {
        const probe = account();
        const creates = await (async () => {
            await deploy(probe, { greengrass: true, greengrassOptions: { endpoints: ["logs"] } });
            return probe.account.stepsOf().filter((s) => s.op === "create").length;
        })();
        const failures: string[] = [];
        for (let k = 0; k < creates; k++) {
            const env = account();
            env.account.interruptNextUpdate(k);
            await deploy(env, { greengrass: true, greengrassOptions: { endpoints: ["logs"] } });
            const retry = await deploy(env, { greengrass: true, greengrassOptions: { endpoints: ["logs"] } });
            const endpoints = env.account.objectsOfType(T.vpcEndpoint).length;
            if (retry.error || env.account.refusals.length > 0 || endpoints !== 4) {
                failures.push(`#${k}: ${retry.error?.message.split("\n")[0] ?? ""} ${env.account.refusals.join("; ")} endpoints ${endpoints}`);
            }
        }
        expect(failures).to.deep.equal([]);
    });

    function account(): StandardAccount {
        return standardAccount("eu-west-1");
    }
});
