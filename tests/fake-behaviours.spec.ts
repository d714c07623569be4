/**
 * One test per row of `simulation/aws/behaviours.ts`: each fails when the fake account drifts from the
 * behaviour its row gives a source for. Small `@pulumi/aws` programs and direct invokes, so a row's test
 * checks the fake, not the component.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";

import { BEHAVIOURS } from "../simulation/aws/behaviours";
import { FakeAwsAccount, FakeSubnet, FakeVpc } from "../simulation/aws/account";
import { ProgramRun, runProgram } from "../simulation/harness";
import { T } from "./support/fixtures";

interface Env {
    readonly account: FakeAwsAccount;
    readonly vpc: FakeVpc;
    readonly subnets: FakeSubnet[];
}

function env(options: ConstructorParameters<typeof FakeAwsAccount>[0] = {}): Env {
    const account = new FakeAwsAccount(options);
    const { vpc, subnets } = account.addVpc("main");
    return { account, vpc, subnets };
}

const up = (e: Env, program: () => unknown, preview = false): Promise<ProgramRun> => runProgram(e.account, program, { preview });

/** What the program receives when the invoke fails (the SDK rejects with `new Error(details)`). */
function failedInvoke(account: FakeAwsAccount, token: string, inputs: Record<string, unknown>): string {
    try {
        account.call({ token, inputs, provider: undefined } as never);
    } catch (e) {
        return (e as { details: string }).details;
    }
    throw new Error(`${token} did not fail`);
}

const ZONE = "aws:route53/getZone:getZone";
const VPCE = "aws:ec2/getVpcEndpoint:getVpcEndpoint";
const NAME = "devices.internal.example";

const endpoint = (e: Env, name: string, subnets: FakeSubnet[], extra: Partial<aws.ec2.VpcEndpointArgs> = {}) => {
    const sg = new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId: e.vpc.id });
    return new aws.ec2.VpcEndpoint(name, {
        vpcId: e.vpc.id, serviceName: "com.amazonaws.us-east-1.iot.data", vpcEndpointType: "Interface", subnetIds: subnets.map((s) => s.id), securityGroupIds: [sg.id], ...extra,
    });
};
const pins = (subnets: FakeSubnet[], offset: number) => subnets.map((s) => ({ subnetId: s.id, ipv4: s.cidrBlock.replace(/\.0\/20$/, `.${offset}`) }));
const enisOf = (e: Env) => [...e.account.enis.values()].map((x) => `${x.subnetId} ${x.privateIp} ${x.id}`).sort();

const CHECKS: Readonly<Record<string, () => Promise<void>>> = {
    "invoke-failure": async () => {
        expect(failedInvoke(env().account, ZONE, { name: NAME, privateZone: true }))
            .to.equal(`invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* no matching Route 53 Hosted Zone found\n\n`);
    },
    "invoke-failure-legacy": async () => {
        expect(failedInvoke(env({ providerErrors: "legacy" }).account, ZONE, { name: NAME, privateZone: true }))
            .to.equal(`invocation of ${ZONE} returned an error: invoking ${ZONE}: no matching Route53Zone found`);
    },
    "not-found-texts": async () => {
        const { account } = env();
        const reason = (token: string, inputs: Record<string, unknown>) => failedInvoke(account, token, inputs).split("\n\t* ")[1]?.trim();
        expect(reason("aws:ec2/getVpc:getVpc", { id: "vpc-0123456789abcdef0" })).to.equal("no matching EC2 VPC found");
        expect(reason("aws:ec2/getSubnet:getSubnet", { id: "subnet-0123456789abcdef0" })).to.equal("no matching EC2 Subnet found");
        expect(reason("aws:ec2/getVpcEndpoint:getVpcEndpoint", { filters: [{ name: "tag:Name", values: ["x"] }] })).to.equal("no matching EC2 VPC Endpoint found");
        expect(reason("aws:route53/getResolverEndpoint:getResolverEndpoint", { filters: [{ name: "Name", values: ["x"] }] })).to.equal("no Route53 Resolver Endpoint matched");
    },
    "several-texts": async () => {
        const e = env();
        await up(e, () => ["a", "b"].map((n) => endpoint(e, n, e.subnets.slice(0, 1), { tags: { Name: "same" } })));
        expect(failedInvoke(e.account, "aws:ec2/getVpcEndpoint:getVpcEndpoint", { filters: [{ name: "tag:Name", values: ["same"] }] }))
            .to.contain("* multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint");
    },
    "get-zone": async () => {
        const e = env();
        const other = e.account.addVpc("other", { cidr: "10.30.0.0/16", ownerAccountId: "210987654321" }).vpc;
        const id = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id], comment: "theirs", tags: { team: "dns" } });
        e.account.addHostedZone(NAME, { vpcIds: [other.id], accountId: "210987654321" });
        const found = e.account.call({ token: ZONE, inputs: { name: `${NAME.toUpperCase()}.`, privateZone: true, vpcId: e.vpc.id } } as never) as Record<string, unknown>;
        expect([found.zoneId, found.name, found.comment, found.tags]).to.deep.equal([id, NAME, "theirs", { team: "dns" }]);
        expect(failedInvoke(e.account, ZONE, { name: NAME, privateZone: true, vpcId: other.id }), "another account's zone is not listed").to.contain("no matching Route 53 Hosted Zone found");
        expect(failedInvoke(e.account, ZONE, { name: NAME, privateZone: true, tags: { team: "net" } })).to.contain("no matching");
    },
    "get-records": async () => {
        const e = env();
        const id = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id] });
        e.account.addRecord(id, { name: NAME, values: ["10.20.0.9"], ttl: 60 });
        const answer = e.account.call({ token: "aws:route53/getRecords:getRecords", inputs: { zoneId: id, nameRegex: `^${NAME.replace(/\./g, "\\.")}\\.$` } } as never) as { resourceRecordSets: { name: string; type: string }[] };
        expect(answer.resourceRecordSets.map((r) => `${r.name} ${r.type}`)).to.deep.equal([`${NAME}. A`, `${NAME}. NS`, `${NAME}. SOA`]);
    },
    "set-inputs": async () => {
        const e = env();
        const sg = () => new aws.ec2.SecurityGroup("sg", { vpcId: e.vpc.id });
        const merged = await up(e, () => new aws.route53.ResolverEndpoint("r", { direction: "INBOUND", securityGroupIds: [sg().id], ipAddresses: [{ subnetId: e.subnets[0].id }, { subnetId: e.subnets[0].id }] }));
        expect(merged.error!.message).to.contain("InvalidParameterException: a resolver endpoint needs 2 to 6 IP addresses, got 1");
        const f = env();
        const program = (order: FakeSubnet[]) => () => endpoint(f, "ep", order);
        await up(f, program(f.subnets.slice(0, 2)));
        await up(f, program(f.subnets.slice(0, 2).reverse()));
        expect(f.account.stepsOf().filter((s) => s.type === T.vpcEndpoint).map((s) => s.op), "a reordered set is no change").to.deep.equal(["same"]);
    },
    "optional-computed": async () => {
        const e = env();
        await up(e, () => endpoint(e, "ep", e.subnets.slice(0, 2)));
        const actual = [...e.account.enis.values()].map((x) => ({ subnetId: x.subnetId, ipv4: x.privateIp }));
        await up(e, () => endpoint(e, "ep", e.subnets.slice(0, 2), { subnetConfigurations: actual }));
        await up(e, () => endpoint(e, "ep", e.subnets.slice(0, 2)));
        expect(e.account.steps.filter((s) => s.type === T.vpcEndpoint && s.run > 1).map((s) => s.op), "pinning what it has, then unpinning: nothing").to.deep.equal(["same", "same"]);
    },
    "subnet-configurations-resent": async () => {
        const e = env();
        const [a, b, c] = e.subnets;
        await up(e, () => endpoint(e, "ep", [a, b], { subnetConfigurations: pins([a, b], 10) }));
        const before = enisOf(e);
        await up(e, () => endpoint(e, "ep", [a, b, c], { subnetConfigurations: pins([a, b, c], 10) }));
        const kept = enisOf(e).filter((x) => !x.startsWith(c.id));
        expect(kept.map((x) => x.split(" ").slice(0, 2).join(" ")), "the same addresses").to.deep.equal(before.map((x) => x.split(" ").slice(0, 2).join(" ")));
        expect(kept.map((x) => x.split(" ")[2]), "every interface replaced").to.not.include.members(before.map((x) => x.split(" ")[2]));
    },
    "subnet-ids-diff": async () => {
        const e = env();
        const [a, b, c] = e.subnets;
        await up(e, () => endpoint(e, "ep", [a, b]));
        const before = enisOf(e);
        await up(e, () => endpoint(e, "ep", [a, b, c]));
        expect(enisOf(e).filter((x) => !x.startsWith(c.id)), "a and b untouched").to.deep.equal(before);
        await up(e, () => endpoint(e, "ep", [a, c]));
        expect(enisOf(e).filter((x) => x.startsWith(b.id)), "b's interface gone").to.deep.equal([]);
    },
    "address-in-use": async () => {
        const e = env();
        const [a] = e.subnets;
        const held = e.account.addNetworkInterface(a.id, { ip: a.cidrBlock.replace(/\.0\/20$/, ".10") });
        const run = await up(e, () => endpoint(e, "ep", [a], { subnetConfigurations: pins([a], 10) }));
        expect(run.error!.message).to.contain(`InvalidIPAddress.InUse: the IPv4 address ${held.privateIp} in ${a.id} is in use by ${held.id}`);
        const other = env();
        const reserved = await up(other, () => endpoint(other, "ep2", other.subnets.slice(0, 1), { subnetConfigurations: pins(other.subnets.slice(0, 1), 3) }));
        expect(reserved.error!.message).to.contain("is reserved by AWS");
    },
    "resolver-addresses": async () => {
        const e = env();
        const sg = () => new aws.ec2.SecurityGroup("sg", { vpcId: e.vpc.id });
        const seven = e.subnets.slice(0, 1).flatMap((s) => [10, 11, 12, 13, 14, 15, 16].map((n) => ({ subnetId: s.id, ip: s.cidrBlock.replace(/\.0\/20$/, `.${n}`) })));
        const run = await up(e, () => new aws.route53.ResolverEndpoint("r", { direction: "INBOUND", securityGroupIds: [sg().id], ipAddresses: seven }));
        expect(run.error!.message).to.contain("needs 2 to 6 IP addresses, got 7");
    },
    "record-upsert": async () => {
        const e = env();
        const id = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id] });
        e.account.addRecord(id, { name: NAME, values: ["10.20.0.9"], ttl: 60, setIdentifier: "ep1-x", weight: 1 });
        const record = (allowOverwrite: boolean) => new aws.route53.Record("r", {
            zoneId: id, name: NAME, type: "A", ttl: 60, records: ["10.20.0.10"], setIdentifier: "ep1-x", weightedRoutingPolicies: [{ weight: 1 }], allowOverwrite,
        });
        const refused = await up(e, () => record(false));
        expect(refused.error!.message).to.contain(`InvalidChangeBatch: Tried to create resource record set [name='${NAME}.', type='A', set-identifier='ep1-x'] but it already exists`);
        const upserted = await up(e, () => record(true));
        expect(upserted.error).to.equal(undefined);
        expect(e.account.dnsAnswers(NAME, e.vpc.id)).to.deep.equal(["10.20.0.10"]);
    },
    "zone-conflict": async () => {
        const e = env();
        e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id] });
        const run = await up(e, () => new aws.route53.Zone("z", { name: NAME, vpcs: [{ vpcId: e.vpc.id }] }));
        expect(run.error!.message).to.contain("ConflictingDomainExists");
        const f = env();
        const spoke = f.account.addVpc("spoke", { cidr: "10.40.0.0/16" }).vpc;
        const id = f.account.addHostedZone(NAME, { vpcIds: [f.vpc.id] });
        f.account.associateVpcWithZone(id, spoke.id);
        const again = await up(f, () => new aws.route53.ZoneAssociation("a", { zoneId: id, vpcId: spoke.id }));
        expect(again.error!.message).to.contain(`ConflictingDomainExists: ${spoke.id} is already associated with zone ${id}`);
    },
    "association-id": async () => {
        const e = env();
        const spoke = e.account.addVpc("spoke", { cidr: "10.40.0.0/16" }).vpc;
        const id = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id] });
        const run = await up(e, () => new aws.route53.ZoneAssociation("a", { zoneId: id, vpcId: spoke.id }));
        expect(run.registrations.find((r) => r.type === T.zoneAssociation)!.id).to.equal(`${id}:${spoke.id}:us-east-1`);
    },
    "cross-account-association": async () => {
        const e = env();
        const spoke = e.account.addVpc("spoke", { cidr: "10.40.0.0/16", ownerAccountId: "210987654321" }).vpc;
        const id = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id] });
        const spokeProvider = () => new aws.Provider("spoke", { region: "us-east-1", assumeRoles: [{ roleArn: "arn:aws:iam::210987654321:role/dns" }] });
        const unauthorized = await up(e, () => new aws.route53.ZoneAssociation("a", { zoneId: id, vpcId: spoke.id }, { provider: spokeProvider() }));
        expect(unauthorized.error!.message).to.contain("NotAuthorizedException");
        const authorized = await up(e, () => {
            new aws.route53.VpcAssociationAuthorization("auth", { zoneId: id, vpcId: spoke.id });
            new aws.route53.VpcAssociationAuthorization("auth-again", { zoneId: id, vpcId: spoke.id });
        });
        expect(authorized.error, "an authorization made twice").to.equal(undefined);
        const associated = await up(e, () => new aws.route53.ZoneAssociation("a2", { zoneId: id, vpcId: spoke.id }, { provider: spokeProvider() }));
        expect(associated.error).to.equal(undefined);
    },
    "access-denied": async () => {
        const { account } = env();
        account.denyLookup("123456789012", ZONE, "route53:ListHostedZones");
        expect(failedInvoke(account, ZONE, { name: NAME, privateZone: true })).to.equal(`invocation of ${ZONE} returned an error: invoking ${ZONE}: 1 error occurred:\n\t* ` +
            "operation error Route 53: ListHostedZones, https response error StatusCode: 403, api error AccessDenied: User: arn:aws:sts::123456789012:assumed-role/deployer/session " +
            "is not authorized to perform: route53:ListHostedZones\n\n");
    },
    "import-option": async () => {
        const e = env();
        const id = e.account.addHostedZone(NAME, { vpcIds: [e.vpc.id], comment: "old" });
        const zone = (comment: string) => new aws.route53.Zone("z", { name: NAME, comment, vpcs: [{ vpcId: e.vpc.id }] }, { import: id, ignoreChanges: ["vpcs"] });
        const imported = await up(e, () => zone("new"));
        expect(imported.error).to.equal(undefined);
        expect(e.account.stepsOf().map((s) => `${s.op} ${s.id ?? ""}`)).to.deep.equal([`import ${id}`, `update ${id}`]);
        await up(e, () => zone("new"));
        expect(e.account.stepsOf().map((s) => s.op), "the import option on a recorded id: an ordinary registration").to.deep.equal(["same"]);
        const missing = await up(env(), () => new aws.route53.Zone("y", { name: NAME }, { import: "Z0NOTHERE" }));
        expect(missing.error!.message).to.contain("importing Z0NOTHERE: resource does not exist");
    },
    "interrupted-create": async () => {
        const e = env();
        const program = () => new aws.route53.Zone("z", { name: NAME, vpcs: [{ vpcId: e.vpc.id }] });
        e.account.interruptNextUpdate(0);
        const interrupted = await up(e, program);
        expect(interrupted.error!.message).to.contain("update interrupted while creating aws:route53/zone:Zone z");
        expect(e.account.objectsOfType(T.zone)).to.have.length(1);
        const retry = await up(e, program);
        expect(retry.error!.message, "created again").to.contain("ConflictingDomainExists");
    },
    "autonaming": async () => {
        const e = env();
        const program = () => new aws.iot.Policy("p", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
        e.account.interruptNextUpdate(0);
        await up(e, program);
        await up(e, program);
        const names = e.account.objectsOfType(T.iotPolicy).map((o) => o.id);
        expect(names).to.have.length(2);
        expect(new Set(names).size, "two names").to.equal(2);
        names.forEach((n) => expect(n).to.match(/^p-[0-9a-f]{7}$/));
    },
    "security-group-names": async () => {
        const e = env();
        const run = await up(e, () => ["a", "b"].map((n) => new aws.ec2.SecurityGroup(n, { vpcId: e.vpc.id, name: "shared" })));
        expect(run.error!.message).to.contain("InvalidGroup.Duplicate: The security group 'shared' already exists");
        const f = env();
        await up(f, () => new aws.ec2.SecurityGroup("g", { vpcId: f.vpc.id }));
        expect(f.account.resourcesOfType(T.securityGroup)[0].state.egress, "no default egress").to.deep.equal([]);
    },
    "s3-private-dns": async () => {
        const e = new FakeAwsAccount({ region: "eu-west-1" });
        const { vpc, subnets } = e.addVpc("main");
        const env1: Env = { account: e, vpc, subnets };
        const s3 = (name: string, dnsOptions?: aws.types.input.ec2.VpcEndpointDnsOptions) => endpoint(env1, name, subnets.slice(0, 2), {
            serviceName: "com.amazonaws.eu-west-1.s3", privateDnsEnabled: true, ...(dnsOptions ? { dnsOptions } : {}),
        });
        const refused = await up(env1, () => s3("a"));
        expect(refused.error!.message).to.contain(`To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${vpc.id} must have a gateway endpoint for the service.`);
        const accepted = await up(env1, () => s3("b", { dnsRecordIpType: "ipv4", privateDnsOnlyForInboundResolverEndpoint: false }));
        expect(accepted.error).to.equal(undefined);
        expect(e.dnsAnswers("s3.eu-west-1.amazonaws.com", vpc.id)).to.have.length(2);
        expect(e.dnsAnswers("bucket.s3.eu-west-1.amazonaws.com", vpc.id)).to.deep.equal(e.dnsAnswers("s3.eu-west-1.amazonaws.com", vpc.id));
    },
    "private-dns-conflict": async () => {
        const e = new FakeAwsAccount({ region: "eu-west-1" });
        const { vpc, subnets } = e.addVpc("main");
        const env1: Env = { account: e, vpc, subnets };
        const sts = (name: string) => endpoint(env1, name, subnets.slice(0, 1), { serviceName: "com.amazonaws.eu-west-1.sts", privateDnsEnabled: true });
        const run = await up(env1, () => [sts("a"), sts("b")]);
        expect(run.error!.message).to.contain(`private-dns-enabled cannot be set because there is already a conflicting DNS domain for sts.eu-west-1.amazonaws.com in the VPC ${vpc.id}`);
    },
    "domain-name-taken": async () => {
        const e = env();
        const config = (n: string) => new aws.iot.DomainConfiguration(n, { domainName: "devices.example.com", serviceType: "DATA", serverCertificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/1"] });
        const run = await up(e, () => [config("a"), config("b")]);
        expect(run.error!.message).to.contain("ResourceAlreadyExistsException: the domain name devices.example.com is already used by domain configuration");
    },
    "deleted-endpoints-listed": async () => {
        const e = env();
        await up(e, () => endpoint(e, "a", e.subnets.slice(0, 1), { tags: { Name: "a" } }));
        const [id] = e.account.objectsOfType(T.vpcEndpoint).map((o) => o.id);
        await up(e, () => undefined);
        const find = (filters: { name: string; values: string[] }[]) => e.account.call({ token: VPCE, inputs: { vpcId: e.vpc.id, filters }, provider: undefined } as never);
        expect([find([{ name: "tag:Name", values: ["a"] }])].map((x) => [x.id, x.state])).to.deep.equal([[id, "deleted"]]);
        expect(failedInvoke(e.account, VPCE, { vpcId: e.vpc.id, filters: [{ name: "tag:Name", values: ["a"] }, { name: "vpc-endpoint-state", values: ["available"] }] }))
            .to.contain("no matching EC2 VPC Endpoint found");
        const imported = await up(e, () => new aws.ec2.VpcEndpoint("a", { vpcId: e.vpc.id, serviceName: "com.amazonaws.us-east-1.iot.data", vpcEndpointType: "Interface" }, { import: id }));
        expect(imported.error!.message).to.contain(`importing ${id}: resource does not exist`);
    },
    "vpc-endpoint-data-source": async () => {
        const e = env();
        expect((await up(e, () => new aws.ec2.VpcEndpoint("s3", { vpcId: e.vpc.id, serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway",
            routeTableIds: ["rtb-0aaaaaaaaaaaaaaaa"], tags: { Name: "s3" } }))).error).to.equal(undefined);
        const answer = e.account.call({ token: VPCE, inputs: { vpcId: e.vpc.id, serviceName: "com.amazonaws.us-east-1.s3" }, provider: undefined } as never);
        expect([answer.subnetIds, answer.routeTableIds, answer.privateDnsEnabled, answer.securityGroupIds, answer.vpcEndpointType, answer.tags]).to.deep.equal(
            [[], ["rtb-0aaaaaaaaaaaaaaaa"], false, [], "Gateway", { Name: "s3" }]);
        expect((await up(e, () => endpoint(e, "i", e.subnets.slice(0, 1)))).error?.message).to.equal(undefined);
        const iface = e.account.call({ token: VPCE, inputs: { vpcId: e.vpc.id, serviceName: "com.amazonaws.us-east-1.iot.data" }, provider: undefined } as never);
        expect([iface.subnetIds, iface.routeTableIds, iface.privateDnsEnabled, iface.tags]).to.deep.equal([[e.subnets[0].id], [], false, {}]);
    },
    "gateway-route-conflict": async () => {
        const e = env();
        const gw = (name: string, tables: string[]) => new aws.ec2.VpcEndpoint(name, { vpcId: e.vpc.id, serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway", routeTableIds: tables });
        expect((await up(e, () => [gw("a", ["rtb-0aaaaaaaaaaaaaaaa"]), gw("b", ["rtb-0bbbbbbbbbbbbbbbb"])])).error, "other route tables").to.equal(undefined);
        const run = await up(e, () => [gw("a", ["rtb-0aaaaaaaaaaaaaaaa"]), gw("b", ["rtb-0bbbbbbbbbbbbbbbb"]), gw("c", ["rtb-0bbbbbbbbbbbbbbbb"])]);
        expect(run.error!.message).to.contain("RouteAlreadyExists: route table rtb-0bbbbbbbbbbbbbbbb already has a route");
    },
    "stack-state": async () => {
        const e = env();
        const zone = (name: string) => new aws.route53.Zone(name, { name: `${name}.${NAME}`, vpcs: [{ vpcId: e.vpc.id }] });
        await runProgram(e.account, () => zone("theirs"), { stack: "theirs" });
        await runProgram(e.account, () => zone("ours"), { stack: "ours" });
        expect(e.account.objectsOfType(T.zone).map((z) => z.name).sort(), "a run of one stack deletes nothing of another").to.deep.equal(["ours", "theirs"]);
        e.account.renameStack("iotvpc/ours", "iotvpc/renamed");
        await runProgram(e.account, () => zone("ours"), { stack: "renamed" });
        expect(e.account.stepsOf().map((s) => `${s.op} ${s.name}`), "the renamed stack keeps its resources").to.deep.equal(["same ours"]);
    },
    "resolver-interface-description": async () => {
        const e = env();
        const sg = () => new aws.ec2.SecurityGroup("sg", { vpcId: e.vpc.id });
        const two = e.subnets.slice(0, 2).map((s) => ({ subnetId: s.id }));
        expect((await up(e, () => new aws.route53.ResolverEndpoint("r", { direction: "INBOUND", securityGroupIds: [sg().id], ipAddresses: two }))).error).to.equal(undefined);
        const [resolver] = e.account.objectsOfType(T.resolverEndpoint);
        const addresses = resolver.state.ipAddresses as { ip: string; ipId: string }[];
        expect(addresses).to.have.length(2);
        for (const a of addresses) {
            const eni = e.account.call({ token: "aws:ec2/getNetworkInterface:getNetworkInterface",
                inputs: { filters: [{ name: "addresses.private-ip-address", values: [a.ip] }] }, provider: undefined } as never);
            const [, endpointId, ipId] = /^Route 53 Resolver: (rslvr-in-[0-9a-f]{17}):(rni-[0-9a-f]{17})$/.exec(eni.description as string) ?? [];
            expect([endpointId, ipId], eni.description as string).to.deep.equal([resolver.id, a.ipId]);
        }
    },
};

describe("fake AWS: each behaviour of simulation/aws/behaviours.ts, from its source", () => {
    it("has a test for every row and a row for every test", () => {
        expect(Object.keys(CHECKS).sort()).to.deep.equal(BEHAVIOURS.map((b) => b.id).sort());
        for (const b of BEHAVIOURS) {
            expect(b.source.length, `${b.id} names its source`).to.be.greaterThan(30);
        }
    });

    for (const b of BEHAVIOURS) {
        it(`${b.id}: ${b.behaviour.length > 110 ? `${b.behaviour.slice(0, 110)}...` : b.behaviour}`, async () => {
            await CHECKS[b.id]();
        });
    }
});
