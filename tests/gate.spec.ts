/**
 * The deploy-time gate (`components/lookups.ts`) on each path where a lookup fails, finds something in the
 * way, or finds the component's own objects: every problem and warning a user reads, written out. Lookups
 * fail as the engine and provider report them (the fake's `denyLookup` for an AWS AccessDenied).
 */
import { createHash } from "crypto";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { GreengrassEndpoint, IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs } from "../components";
import { ProgramRun, runProgram } from "../simulation/harness";
import { StandardAccount, T, standardAccount } from "./support/fixtures";

const ATS = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";
const CREDENTIALS = "cd9319166ba2d6.credentials.iot.us-east-1.amazonaws.com";
const denied = (action: string) => {
    const [service, operation] = action.split(":");
    return `operation error ${service === "route53" ? "Route 53" : service.toUpperCase()}: ${operation}, https response error StatusCode: 403, ` +
        `api error AccessDenied: User: arn:aws:sts::123456789012:assumed-role/deployer/session is not authorized to perform: ${action}`;
};

function deploy(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs> = {}, preview = false): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), ...args });
    }, { preview });
}

/** The problem lines of a refused run (`  - argument = value: problem Fix: fix`). */
const problems = (run: ProgramRun) => run.error!.message.split("\n").slice(1);

function expectNothingCreated(env: StandardAccount): void {
    expect(env.account.operations.filter((o) => o.op === "create"), "nothing created").to.deep.equal([]);
    expect(env.account.refusals, "nothing reached AWS").to.deep.equal([]);
}

describe("gate: a lookup the deploying role may not make", () => {
    const cases: [string, string, string, Partial<IotCoreVpcEndpointsArgs>, string][] = [
        ["the region", "aws:index/getRegion:getRegion", "ec2:DescribeRegions", {},
            `  - region = (the provider's): could not be read: ${denied("ec2:DescribeRegions")} Fix: check the AWS provider's credentials and region (aws:region in the stack's config).`],
        ["where the service is offered", "aws:ec2/getVpcEndpointService:getVpcEndpointService", "ec2:DescribeVpcEndpointServices", {},
            `  - region = "us-east-1": could not be asked where it offers com.amazonaws.us-east-1.iot.data: ${denied("ec2:DescribeVpcEndpointServices")} ` +
            "Fix: let the deploying role call ec2:DescribeVpcEndpointServices."],
        ["the account's endpoint names", "aws:iot/getEndpoint:getEndpoint", "iot:DescribeEndpoint", {},
            `  - dataEndpoint = "iot:Data-ATS": could not be read: ${denied("iot:DescribeEndpoint")} ` +
            "Fix: let the deploying role call iot:DescribeEndpoint (aws iot describe-endpoint --endpoint-type iot:Data-ATS)."],
        ["the private zones", "aws:route53/getZone:getZone", "route53:ListHostedZones", {},
            `  - vpcId = "${ATS}": could not be looked up in Route 53: ${denied("route53:ListHostedZones")} ` +
            "Fix: let the deploying role read Route 53 (route53:ListHostedZones, route53:GetHostedZone, route53:ListTagsForResource, route53:ListResourceRecordSets)."],
        ["the credential provider's zone, after the data zone's", "aws:route53/getZone:getZone", "route53:ListHostedZones", { credentialsProvider: {} },
            `  - vpcId = "${ATS}": could not be looked up in Route 53: ${denied("route53:ListHostedZones")} ` +
            "Fix: let the deploying role read Route 53 (route53:ListHostedZones, route53:GetHostedZone, route53:ListTagsForResource, route53:ListResourceRecordSets).\n" +
            `  - credentialsProvider = "${CREDENTIALS}": could not be looked up in Route 53: ${denied("route53:ListHostedZones")} ` +
            "Fix: let the deploying role read Route 53 (route53:ListHostedZones, route53:GetHostedZone, route53:ListTagsForResource, route53:ListResourceRecordSets)."],
        ["the component's own endpoints", "aws:ec2/getVpcEndpoint:getVpcEndpoint", "ec2:DescribeVpcEndpoints", {},
            `  - vpcId = "VPC": could not be searched for this component's endpoint iot-ep1: ${denied("ec2:DescribeVpcEndpoints")} Fix: let the deploying role call ec2:DescribeVpcEndpoints.`],
        ["the component's resolver", "aws:route53/getResolverEndpoint:getResolverEndpoint", "route53resolver:ListResolverEndpoints", { inboundResolver: {} },
            `  - inboundResolver = "iot-resolver-RESOLVER": could not be searched for: ${denied("route53resolver:ListResolverEndpoints")} ` +
            "Fix: let the deploying role call route53resolver:ListResolverEndpoints."],
        ["the holders of pinned addresses", "aws:ec2/getNetworkInterfaces:getNetworkInterfaces", "ec2:DescribeNetworkInterfaces", { endpointIps: { A: ["10.20.0.10"], B: ["10.20.16.10"] } },
            `  - endpointIps = ["10.20.0.10","10.20.16.10"]: could not be checked as free: ${denied("ec2:DescribeNetworkInterfaces")} Fix: let the deploying role call ec2:DescribeNetworkInterfaces.`],
    ];
    for (const [what, token, action, args, line] of cases) {
        it(`${what}: a named problem with the permission to grant, before anything is created`, async () => {
            const env = standardAccount();
            env.account.denyLookup(env.account.accountId, token, action);
            const [a, b] = env.subnetIds;
            const given = args.endpointIps ? { ...args, endpointIps: { [a]: args.endpointIps.A, [b]: args.endpointIps.B } } : args;
            const run = await deploy(env, given);
            const resolverName = /iot-resolver-[0-9a-f]{8}/.exec(run.error?.message ?? "")?.[0].slice("iot-resolver-".length) ?? "";
            expect(problems(run)).to.deep.equal(line.replace("VPC", env.vpc.id).replace("RESOLVER", resolverName).split("\n"));
            expectNothingCreated(env);
        });
    }

    it("the records of a zone that exists: named on the zone's argument", async () => {
        const env = standardAccount();
        expect((await deploy(env)).error).to.equal(undefined);
        env.account.denyLookup(env.account.accountId, "aws:route53/getRecords:getRecords", "route53:ListResourceRecordSets");
        const run = await deploy(env);
        expect(problems(run)).to.deep.equal([`  - vpcId = "${ATS}": could not be looked up in Route 53: ${denied("route53:ListResourceRecordSets")} ` +
            "Fix: let the deploying role read Route 53 (route53:ListHostedZones, route53:GetHostedZone, route53:ListTagsForResource, route53:ListResourceRecordSets)."]);
    });

    it("the Greengrass service endpoints: its own named on vpcId, another's named on the argument that asks for it", async () => {
        const env = standardAccount();
        expect((await deploy(env)).error).to.equal(undefined); // the data endpoint's records exist: only the service lookups remain
        const byTags = (inputs: Record<string, unknown>) => inputs.serviceName === undefined;
        env.account.denyLookup(env.account.accountId, "aws:ec2/getVpcEndpoint:getVpcEndpoint", "ec2:DescribeVpcEndpoints", byTags);
        expect(problems(await deploy(env, { greengrass: true, credentialsProvider: undefined }))).to.deep.equal(["iot-cred1", "iot-s3"].map((name) =>
            `  - vpcId = "${env.vpc.id}": could not be searched for this component's endpoint ${name}: ${denied("ec2:DescribeVpcEndpoints")} Fix: let the deploying role call ec2:DescribeVpcEndpoints.`));
        env.account.denyLookup(env.account.accountId, "aws:ec2/getVpcEndpoint:getVpcEndpoint", "ec2:DescribeVpcEndpoints", (inputs) => !byTags(inputs));
        expect(problems(await deploy(env, { greengrass: true, greengrassOptions: { endpoints: [GreengrassEndpoint.Logs] }, credentialsProvider: undefined }))).to.deep.equal([
            `  - greengrass = "s3": could not be searched for in ${env.vpc.id} (com.amazonaws.us-east-1.s3): ${denied("ec2:DescribeVpcEndpoints")} Fix: let the deploying role call ec2:DescribeVpcEndpoints.`,
            `  - greengrassOptions.endpoints = "logs": could not be searched for in ${env.vpc.id} (com.amazonaws.us-east-1.logs): ${denied("ec2:DescribeVpcEndpoints")} Fix: let the deploying role call ec2:DescribeVpcEndpoints.`]);
    });
});

describe("gate: what is in the way", () => {
    it("a zone of the credential provider's name made by someone else: named on credentialsProvider, with the adopt argument", async () => {
        const env = standardAccount();
        const zone = env.account.addHostedZone(CREDENTIALS, { vpcIds: [env.vpc.id], comment: "dns team" });
        const run = await deploy(env, { credentialsProvider: {} });
        expect(problems(run)).to.deep.equal([`  - credentialsProvider = "${env.vpc.id}": already has a private hosted zone for ${CREDENTIALS} (${zone}, "dns team") that this component did not create; ` +
            `Route 53 refuses a second private zone of the same name in one VPC (ConflictingDomainExists). Fix: pass credentialsProvider.existingHostedZoneId: "${zone}" to put this component's records in that zone, ` +
            `or disassociate that zone from ${env.vpc.id} first.`]);
        expectNothingCreated(env);
    });

    it("a zone of a custom domain made by someone else: named on customDomains[i].domainName, with the adopt argument", async () => {
        const env = standardAccount();
        const zone = env.account.addHostedZone("devices.example.com", { vpcIds: [env.vpc.id] });
        const run = await deploy(env, { customDomains: [{ domainName: "other.example.com", existingDomainConfigurationName: "o" }, { domainName: "devices.example.com", existingDomainConfigurationName: "d" }] });
        expect(problems(run)).to.deep.equal([`  - customDomains[1].domainName = "${env.vpc.id}": already has a private hosted zone for devices.example.com (${zone}) that this component did not create; ` +
            "Route 53 refuses a second private zone of the same name in one VPC (ConflictingDomainExists). " +
            `Fix: pass customDomains[1].existingHostedZoneId: "${zone}" to put this component's records in that zone, or disassociate that zone from ${env.vpc.id} first.`]);
    });

    it("a spoke that is the endpoints' own VPC, given as an Output", async () => {
        const env = standardAccount();
        const run = await deploy(env, { additionalVpcs: [{ vpcId: pulumi.output(env.vpc.id) }] });
        expect(problems(run)).to.deep.equal([`  - additionalVpcs[0].vpcId = "${env.vpc.id}": is the endpoints' own VPC. Fix: list only other VPCs in additionalVpcs.`]);
        expectNothingCreated(env);
    });

    it("a spoke without DNS support or hostnames", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16", dns: false });
        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id }] });
        expect(problems(run)).to.deep.equal([`  - additionalVpcs[0].vpcId = "${spoke.vpc.id}": has enableDnsSupport=false and enableDnsHostnames=false; private hosted zones resolve only with both true. ` +
            "Fix: enable DNS resolution and DNS hostnames on the spoke VPC."]);
    });

    it("a spoke that holds another zone of the name", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16" });
        const zone = env.account.addHostedZone(ATS, { vpcIds: [spoke.vpc.id] });
        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id }] });
        expect(problems(run)).to.deep.equal([`  - additionalVpcs[0].vpcId = "${spoke.vpc.id}": already has another private zone for ${ATS} (${zone}); Route 53 refuses a second one (ConflictingDomainExists). ` +
            `Fix: disassociate ${zone} from ${spoke.vpc.id} first, or leave this VPC out of additionalVpcs.`]);
    });

    it("Greengrass: another S3 interface endpoint with private DNS, and several of them", async () => {
        const env = standardAccount("eu-west-1");
        const s3 = (name: string, privateDnsEnabled: boolean) => {
            const sg = new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId: env.vpc.id });
            return new aws.ec2.VpcEndpoint(name, {
                vpcId: env.vpc.id, serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Interface", subnetIds: env.subnetIds.slice(0, 1), securityGroupIds: [sg.id], privateDnsEnabled,
                dnsOptions: { dnsRecordIpType: "ipv4", privateDnsOnlyForInboundResolverEndpoint: false },
            });
        };
        await runProgram(env.account, () => s3("theirs", true), { stack: "theirs" });
        const [theirs] = env.account.objectsOfType(T.vpcEndpoint);
        const one = await deploy(env, { greengrass: true });
        expect(problems(one)).to.deep.equal([`  - greengrass = "s3": ${env.vpc.id} has an interface endpoint for com.amazonaws.eu-west-1.s3 with private DNS already (${theirs.id}); ` +
            `AWS refuses a second one, whose DNS names would conflict. Fix: keep ${theirs.id} (it answers s3's names in the VPC already) and pass greengrassOptions.s3RouteTableIds ` +
            "or serve Greengrass from another VPC."]);
        await runProgram(env.account, () => { s3("theirs", true); s3("second", false); }, { stack: "theirs" });
        // one lookup cannot tell which of several has private DNS: a warning, and AWS refuses the create it warned of
        const several = await deploy(env, { greengrass: true });
        expect(several.logs.filter((l) => l.severity === "warning").map((l) => l.message)).to.include(`greengrass: ${env.vpc.id} has several interface endpoints of com.amazonaws.eu-west-1.s3 ` +
            "already, which one lookup cannot tell apart; if one has private DNS, AWS refuses the component's iot-s3, whose DNS names would conflict. " +
            `Check them: aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=${env.vpc.id} Name=service-name,Values=com.amazonaws.eu-west-1.s3.`);
        expect(several.error?.message).to.contain("iot-s3");
        expect(env.account.refusals.join("\n")).to.contain("there is already a conflicting DNS domain for");
    });
});

describe("gate: the component's own objects", () => {
    it("warns, with the command that finds them, when two endpoints carry one endpoint's tags", async () => {
        const env = standardAccount();
        const tags = { Name: "iot-ep1", "iotvpc:owner": "iotvpc/test/iot" };
        await runProgram(env.account, () => ["a", "b"].map((n) => {
            const sg = new aws.ec2.SecurityGroup(`${n}-sg`, { vpcId: env.vpc.id });
            return new aws.ec2.VpcEndpoint(n, { vpcId: env.vpc.id, serviceName: "com.amazonaws.us-east-1.iot.data", vpcEndpointType: "Interface", subnetIds: env.subnetIds.slice(2, 3), securityGroupIds: [sg.id], tags });
        }), { stack: "orphans" });
        const run = await deploy(env);
        expect(run.error).to.equal(undefined);
        expect(run.logs.map((l) => `${l.severity}: ${l.message}`)).to.include(`warning: ep1: more than one VPC endpoint in ${env.vpc.id} is tagged as this component's iot-ep1 ` +
            "(left behind by an interrupted update, or tagged so by hand). Find them: aws ec2 describe-vpc-endpoints --filters Name=tag:Name,Values=iot-ep1 " +
            "\"Name=tag:iotvpc:owner,Values=iotvpc/test/iot\"; then run pulumi refresh, and delete the one the stack does not list (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids <id>) or import it.");
    });

    it("warns the same for a service endpoint and for two resolvers with its resolver's name, and deploys", async () => {
        const env = standardAccount("eu-west-1");
        const resolverName = `iot-resolver-${createHash("sha256").update("iotvpc/test/iot").digest("hex").slice(0, 8)}`;
        await runProgram(env.account, () => ["a", "b"].map((n) => {
            const sg = new aws.ec2.SecurityGroup(`${n}-sg`, { vpcId: env.vpc.id });
            new aws.ec2.VpcEndpoint(n, { vpcId: env.vpc.id, serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Interface", subnetIds: env.subnetIds.slice(2, 3),
                securityGroupIds: [sg.id], tags: { Name: "iot-s3", "iotvpc:owner": "iotvpc/test/iot" } });
            new aws.route53.ResolverEndpoint(`${n}-resolver`, { name: resolverName, direction: "INBOUND", securityGroupIds: [sg.id],
                ipAddresses: env.subnetIds.slice(0, 2).map((subnetId) => ({ subnetId })) });
        }), { stack: "orphans" });
        const run = await deploy(env, { greengrass: true, inboundResolver: {} });
        expect(run.error, run.error?.message).to.equal(undefined);
        const warnings = run.logs.filter((l) => l.severity === "warning").map((l) => l.message);
        expect(warnings).to.include(`s3: more than one VPC endpoint in ${env.vpc.id} is tagged as this component's iot-s3 ` +
            "(left behind by an interrupted update, or tagged so by hand). Find them: aws ec2 describe-vpc-endpoints --filters Name=tag:Name,Values=iot-s3 " +
            "\"Name=tag:iotvpc:owner,Values=iotvpc/test/iot\"; then run pulumi refresh, and delete the one the stack does not list (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids <id>) or import it.");
        expect(warnings).to.include(`inboundResolver: more than one Route 53 Resolver endpoint is named ${resolverName} (an interrupted update left one behind). ` +
            `Find them: aws route53resolver list-resolver-endpoints --filters Name=Name,Values=${resolverName}; then run pulumi refresh, and delete the one the stack does not list or import it.`);
    });

    it("takes over its own service endpoint and resolver after an interrupted update, found by tags and by name", async () => {
        const args = { greengrass: true, inboundResolver: {} };
        const probe = standardAccount("eu-west-1");
        await deploy(probe, args);
        const creates = probe.account.stepsOf().filter((s) => s.op === "create");
        for (const type of [T.vpcEndpoint, T.resolverEndpoint]) {
            const k = creates.findIndex((s) => s.type === type && (type !== T.vpcEndpoint || s.name === "iot-s3"));
            const fresh = standardAccount("eu-west-1");
            fresh.account.interruptNextUpdate(k);
            await deploy(fresh, args);
            const retry = await deploy(fresh, args);
            expect(retry.error, retry.error?.message).to.equal(undefined);
            expect(fresh.account.stepsOf().filter((s) => s.op === "import").map((s) => s.type), type).to.deep.equal([type]);
            expect(fresh.account.objectsOfType(type).length, type).to.equal(probe.account.objectsOfType(type).length);
        }
    });

    it("recognises the zone the first release created (its comment without an owner, and its Name tag) as its own", async () => {
        const env = standardAccount();
        const zone = env.account.addHostedZone(ATS, { vpcIds: [env.vpc.id], comment: "Private AWS IoT Core data endpoint (interface VPC endpoints)", tags: { Name: "iot-zone" } });
        const run = await deploy(env);
        expect(run.error, run.error?.message).to.equal(undefined);
        expect(env.account.stepsOf().filter((s) => s.op === "import").map((s) => s.id)).to.deep.equal([zone]);
        const other = standardAccount();
        const theirs = other.account.addHostedZone(ATS, { vpcIds: [other.vpc.id], comment: "Private AWS IoT Core data endpoint (interface VPC endpoints)", tags: { Name: "someone-else" } });
        expect(problems(await deploy(other))[0]).to.contain(`already has a private hosted zone for ${ATS} (${theirs}`);
    });
});

describe("gate: its own pinned objects without its marks (a renamed stack)", () => {
    // `pulumi stack rename` changes the owner (project/stack/name): the endpoints' iotvpc:owner tag and the
    // resolver's name no longer match, as on a stack the first release deployed (it wrote neither). The
    // pinned addresses are held by the component's own interfaces, which devices use.
    const at = (subnet: { cidrBlock: string }, n: number) => subnet.cidrBlock.split("/")[0].replace(/\.0$/, `.${n}`);

    it("updates without touching an interface, writes the new marks, and then has nothing to change", async () => {
        const env = standardAccount();
        const zone = env.account.addHostedZone(ATS, { vpcIds: [env.vpc.id] });
        const [a, b] = env.subnets;
        const args: IotCoreVpcEndpointsArgs = {
            vpcId: env.vpc.id, subnetIds: [a.id, b.id], endpointCount: 1, existingHostedZoneId: zone,
            endpointIps: { [a.id]: [at(a, 10)], [b.id]: [at(b, 10)] }, inboundResolver: { ipAddresses: [at(a, 53), at(b, 53)] },
        };
        const run = (stack: string) => runProgram(env.account, () => { new IotCoreVpcEndpoints("iot", args); }, { stack });
        expect((await run("before")).error).to.equal(undefined);
        const [endpoint] = env.account.objectsOfType(T.vpcEndpoint);
        const [resolver] = env.account.objectsOfType(T.resolverEndpoint);
        env.account.renameStack("iotvpc/before", "iotvpc/after");

        const after = await run("after");
        expect(after.error, after.error?.message).to.equal(undefined);
        expect(env.account.disconnects).to.deep.equal([]);
        expect(env.account.stepsOf().filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}: ${s.detail}`).sort()).to.deep.equal([
            "update iot-ep1: tags", "update iot-resolver: name"]);
        expect(env.account.objectsOfType(T.vpcEndpoint).map((e) => [e.id, (e.state.tags as Record<string, string>)["iotvpc:owner"]])).to.deep.equal([[endpoint.id, "iotvpc/after/iot"]]);
        expect(env.account.objectsOfType(T.resolverEndpoint).map((r) => r.id)).to.deep.equal([resolver.id]);

        expect((await run("after")).error).to.equal(undefined);
        expect(env.account.stepsOf().filter((s) => s.op !== "same")).to.deep.equal([]);
    });

    it("still refuses an address another endpoint of the same name holds when the zone's records do not list it", async () => {
        const env = standardAccount();
        const zone = env.account.addHostedZone(ATS, { vpcIds: [env.vpc.id] });
        const [a, b] = env.subnets;
        // another team's endpoint, named as this component's, at the address this stack then pins
        await runProgram(env.account, () => {
            const sg = new aws.ec2.SecurityGroup("their-sg", { vpcId: env.vpc.id });
            return new aws.ec2.VpcEndpoint("theirs", { vpcId: env.vpc.id, serviceName: "com.amazonaws.us-east-1.iot.data", vpcEndpointType: "Interface",
                subnetIds: [a.id], securityGroupIds: [sg.id], subnetConfigurations: [{ subnetId: a.id, ipv4: at(a, 10) }], tags: { Name: "iot-ep1" } });
        }, { stack: "theirs" });
        const [theirs] = env.account.objectsOfType(T.vpcEndpoint);
        const run = await deploy(env, { subnetIds: [a.id, b.id], endpointCount: 1, existingHostedZoneId: zone, endpointIps: { [a.id]: [at(a, 10)], [b.id]: [at(b, 10)] } });
        expect(problems(run)).to.have.length(1);
        expect(problems(run)[0]).to.match(new RegExp(`^  - endpointIps\\.${a.id} = "${at(a, 10).replace(/\./g, "\\.")}": is in use by eni-[0-9a-f]+ \\(VPC Endpoint Interface ${theirs.id}\\)`));
        expect(env.account.stepsOf().filter((s) => s.op !== "same"), "nothing created").to.deep.equal([]);
    });
});

describe("gate: deleted endpoints, which AWS keeps listing", () => {
    it("deploys again after everything was deleted, and neither imports a deleted endpoint nor calls two endpoints several", async () => {
        const env = standardAccount("eu-west-1");
        const [a, b] = env.subnets;
        const at = (subnet: { cidrBlock: string }, n: number) => subnet.cidrBlock.split("/")[0].replace(/\.0$/, `.${n}`);
        const args = { subnetIds: [a.id, b.id], endpointCount: 1, endpointIps: { [a.id]: [at(a, 10)], [b.id]: [at(b, 10)] }, greengrass: true };
        expect((await deploy(env, args)).error).to.equal(undefined);
        const first = env.account.objectsOfType(T.vpcEndpoint).map((e) => e.id);
        expect((await runProgram(env.account, () => undefined)).error, "pulumi destroy").to.equal(undefined);
        expect(env.account.objectsOfType(T.vpcEndpoint)).to.deep.equal([]);

        const again = await deploy(env, args);
        expect(again.error, again.error?.message).to.equal(undefined);
        expect(again.logs.filter((l) => l.severity === "warning")).to.deep.equal([]);
        expect(env.account.stepsOf().filter((s) => s.op === "import")).to.deep.equal([]);
        expect(env.account.objectsOfType(T.vpcEndpoint).map((e) => e.id).filter((id) => first.includes(id))).to.deep.equal([]);
        expect((await deploy(env, args)).error, "and once more").to.equal(undefined);
    });
});
