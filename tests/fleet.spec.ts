/**
 * Fleet networking: inputs as other stacks hand them over (one Output holding a list), the inbound
 * resolver in one subnet and with pinned addresses, capacity with headroom, and the dashboard.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { SPOKE_ROLE_PERMISSIONS } from "../components/lookups";
import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout } from "../components";
import { ProgramRun, UNKNOWN_SENTINEL, ofType, runProgram } from "../simulation/harness";
import { StandardAccount, T, ipInSubnet, standardAccount } from "./support/fixtures";

function deploy(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs>, preview = false): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        const c = new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), ...args });
        return { records: c.records, capacity: c.capacity, resolverIps: c.resolverIps, dashboardName: c.dashboardName, endpointIds: c.endpointIds };
    }, { preview });
}

/** What another stack or component hands over: one Output holding the list (unknown in a preview until it exists). */
const outputOf = (v: string[]): pulumi.Output<string[]> => pulumi.output(v);

describe("fleet: subnets and CIDRs as one Output holding a list", () => {
    for (const layout of [RecordLayout.PerEndpoint, RecordLayout.Alias]) {
        it(`${layout}: takes an Output of subnet ids without subnetCount, in a preview and an update`, async () => {
            const env = standardAccount();
            const ids: pulumi.Output<string[]> = outputOf(env.subnetIds.slice(0, 3));
            const preview = await deploy(env, { subnetIds: ids, endpointCount: 2, recordLayout: layout }, true);
            expect(preview.error).to.equal(undefined);
            expect(ofType(preview, T.record).map((r) => r.inputs.setIdentifier)).to.deep.equal(layout === RecordLayout.Alias ? ["ep1-alias", "ep2-alias"] : ["ep1-enis", "ep2-enis"]);

            const run = await deploy(env, { subnetIds: ids, endpointCount: 2, recordLayout: layout });
            expect(run.error).to.equal(undefined);
            expect(env.account.refusals).to.deep.equal([]);
            for (const e of ofType(run, T.vpcEndpoint)) {
                expect(e.inputs.subnetIds).to.deep.equal(env.subnetIds.slice(0, 3));
            }
            // the network interfaces are counted once the list is known
            expect((run.stackOutputs as { capacity: { enisPerEndpoint: number; enis: number } }).capacity).to.include({ enisPerEndpoint: 3, enis: 6 });
            if (layout === RecordLayout.PerEndpoint) {
                for (const r of ofType(run, T.record)) {
                    const ips = r.inputs.records as string[];
                    expect(ips).to.have.length(3);
                    ips.forEach((ip, i) => expect(ipInSubnet(ip, env.subnets[i]), ip).to.equal(true));
                }
            }
        });
    }

    it("perEni: refuses an Output of subnet ids without subnetCount, naming both ways out", async () => {
        const env = standardAccount();
        const run = await deploy(env, { subnetIds: outputOf(env.subnetIds.slice(0, 3)) });
        expect(run.error!.message).to.contain('subnetIds = "an Output of a list": makes one perEni record per subnet and endpoint');
        expect(run.error!.message).to.contain('Fix: pass subnetCount: <how many ids the Output holds>, or set recordLayout: "perEndpoint" or "alias"');
        expect(env.account.operations).to.deep.equal([]);
    });

    it("perEni: keys the records by position with subnetCount, and checks the count at deploy time", async () => {
        const env = standardAccount();
        const run = await deploy(env, { subnetIds: outputOf(env.subnetIds.slice(0, 3)), subnetCount: 3, endpointCount: 1 });
        expect(run.error).to.equal(undefined);
        const records = ofType(run, T.record);
        expect(records.map((r) => r.inputs.setIdentifier)).to.deep.equal(["ep1-subnet1", "ep1-subnet2", "ep1-subnet3"]);
        records.forEach((r, i) => expect(ipInSubnet((r.inputs.records as string[])[0], env.subnets[i])).to.equal(true));

        const short = standardAccount();
        const wrong = await deploy(short, { subnetIds: outputOf(short.subnetIds.slice(0, 2)), subnetCount: 3 });
        expect(wrong.error!.message).to.contain("subnetCount = 3: differs from the 2 subnets the subnetIds Output holds. Fix: set subnetCount to 2.");
        expect(short.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
    });

    it("takes allowedCidrs and the resolver's subnets as Outputs of lists, and checks them at deploy time", async () => {
        const env = standardAccount();
        const run = await deploy(env, {
            allowedCidrs: outputOf(["10.20.0.0/16", "192.168.0.0/16"]),
            inboundResolver: { subnetIds: outputOf(env.subnetIds.slice(1, 3)) },
        });
        expect(run.error).to.equal(undefined);
        const sg = ofType(run, T.securityGroup).find((s) => s.name === "iot-sg")!;
        expect((sg.inputs.ingress as { cidrBlocks: string[] }[])[0].cidrBlocks).to.deep.equal(["10.20.0.0/16", "192.168.0.0/16"]);
        expect(ofType(run, T.resolverEndpoint)[0].inputs.ipAddresses).to.deep.equal(env.subnetIds.slice(1, 3).map((subnetId) => ({ subnetId })));

        const open = standardAccount();
        const refused = await deploy(open, { allowedCidrs: outputOf(["0.0.0.0/0"]) });
        expect(refused.error!.message).to.contain('allowedCidrs = "0.0.0.0/0": would let the whole internet reach the endpoints.');
        expect(open.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
    });
});

describe("fleet: the inbound resolver", () => {
    it("puts both pinned addresses in the one subnet it is given, and warns that one zone is one failure", async () => {
        const env = standardAccount();
        const run = await deploy(env, { subnetIds: env.subnetIds.slice(0, 1), inboundResolver: { ipAddresses: ["10.20.0.53", "10.20.0.54"] } });
        expect(run.error).to.equal(undefined);
        expect(ofType(run, T.resolverEndpoint)[0].inputs.ipAddresses).to.deep.equal([{ subnetId: env.subnetIds[0], ip: "10.20.0.53" }, { subnetId: env.subnetIds[0], ip: "10.20.0.54" }]);
        expect(run.logs.map((l) => `${l.severity}: ${l.message}`).join("\n")).to.contain("warning: inboundResolver: every resolver address is in us-east-1a");
        expect(env.account.refusals).to.deep.equal([]);
        expect((run.stackOutputs as { resolverIps: string[] }).resolverIps).to.deep.equal(["10.20.0.53", "10.20.0.54"]);
    });

    it("refuses one subnet without pinned addresses before anything is created: the provider would merge the two entries into one", async () => {
        const env = standardAccount();
        const run = await deploy(env, { subnetIds: env.subnetIds.slice(0, 1), inboundResolver: {} });
        expect(run.error!.message).to.contain(`- inboundResolver.subnetIds = ["${env.subnetIds[0]}"]: is one subnet without inboundResolver.ipAddresses: the resolver needs two addresses, ` +
            "and the AWS provider merges two entries of one subnet without an address into one (terraform-provider-aws #28233), so Route 53 Resolver would refuse the endpoint. " +
            "Fix: pass inboundResolver.ipAddresses with two free addresses of that subnet, or a second subnet in another Availability Zone (as AWS recommends).");
        expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("refuses a one-subnet resolver given as an Output at deploy time, before anything is created", async () => {
        const env = standardAccount();
        const run = await deploy(env, { inboundResolver: { subnetIds: outputOf(env.subnetIds.slice(2, 3)) } });
        expect(run.error!.message).to.contain(`- inboundResolver.subnetIds = ["${env.subnetIds[2]}"]: is one subnet without inboundResolver.ipAddresses`);
        expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
    });

    it("pins the addresses corporate DNS forwards to", async () => {
        const env = standardAccount();
        const run = await deploy(env, { inboundResolver: { ipAddresses: ["10.20.0.53", "10.20.16.53"] } });
        expect(run.error).to.equal(undefined);
        expect(ofType(run, T.resolverEndpoint)[0].inputs.ipAddresses).to.deep.equal([
            { subnetId: env.subnetIds[0], ip: "10.20.0.53" }, { subnetId: env.subnetIds[1], ip: "10.20.16.53" },
        ]);
        expect((run.stackOutputs as { resolverIps: string[] }).resolverIps).to.deep.equal(["10.20.0.53", "10.20.16.53"]);
    });
});

describe("fleet: capacity with headroom", () => {
    // devices, target %, endpoints: ceil(devices / (100,000 x target / 100)), worked out by hand
    const table: [number, number | undefined, number][] = [
        [2_500_000, undefined, 32], [2_500_000, 100, 25], [2_500_000, 70, 36], [80_000, undefined, 1], [80_001, undefined, 2],
    ];
    for (const [devices, target, endpoints] of table) {
        it(`${devices} devices at ${target ?? "the default 80"}% get ${endpoints} endpoints`, async () => {
            const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 50 });
            const run = await deploy(env, { expectedConnections: devices, targetUtilizationPercent: target, recordLayout: RecordLayout.PerEndpoint });
            expect(run.error).to.equal(undefined);
            expect(ofType(run, T.vpcEndpoint)).to.have.length(endpoints);
            expect((run.stackOutputs as { capacity: object }).capacity).to.include({
                endpoints, maxDevices: endpoints * 100_000, targetUtilizationPercent: target ?? 80, plannedDevicesPerEndpoint: (target ?? 80) * 1000,
            });
        });
    }

    it("warns in the update's log when the alarms would fire at the planned load", async () => {
        const run = await deploy(standardAccount(), { capacityAlarms: { thresholdPercent: 75 } });
        expect(run.error).to.equal(undefined);
        expect(run.logs).to.deep.include({ severity: "warning", message: "capacityAlarms.thresholdPercent 75 is at or below targetUtilizationPercent 80: " +
            "every endpoint alarms at its planned load, not before its limit. Pass a threshold between 80 and 100, or omit it for 90." });
    });

    it("refuses a target outside 1..100", async () => {
        for (const target of [0, 101, 79.5]) {
            const run = await deploy(standardAccount(), { targetUtilizationPercent: target });
            expect(run.error!.message).to.contain(`targetUtilizationPercent = ${target}: must be a whole percent from 1 to 100.`);
        }
    });
});

describe("fleet: the dashboard", () => {
    for (const preview of [false, true]) {
        it(`draws each endpoint's connections against its capacity and planned load (${preview ? "preview" : "update"})`, async () => {
            const env = standardAccount();
            const run = await deploy(env, { endpointCount: 3, dashboard: true, capacityAlarms: {} }, preview);
            expect(run.error).to.equal(undefined);
            const [dashboard] = ofType(run, T.dashboard);
            expect(dashboard.name).to.equal("iot-dashboard");
            expect(dashboard.inputs.dashboardName).to.equal("iotvpc-test-iot-dashboard");
            if (preview) {
                expect(dashboard.inputs.dashboardBody).to.equal(UNKNOWN_SENTINEL);
                return;
            }
            const body = JSON.parse(String(dashboard.inputs.dashboardBody));
            const ids = (run.stackOutputs as { endpointIds: string[] }).endpointIds;
            expect(body.widgets.map((w: { properties: { metrics: unknown[][] } }) => w.properties.metrics[0][1]))
                .to.deep.equal(["ActiveConnections", "NewConnections", "BytesProcessed", "PacketsDropped"]);
            const active = body.widgets[0].properties;
            expect(active.metrics).to.deep.equal(ids.map((id, i) => [
                "AWS/PrivateLinkEndpoints", "ActiveConnections", "Endpoint Type", "Interface", "Service Name", "com.amazonaws.us-east-1.iot.data",
                "VPC Endpoint Id", id, "VPC Id", env.vpc.id, { label: `ep${i + 1}` },
            ]));
            expect(active.annotations.horizontal.map((h: { value: number }) => h.value)).to.deep.equal([100_000, 80_000, 90_000]);
            expect(active).to.include({ region: "us-east-1", stat: "Maximum", period: 60 });
            expect(env.account.refusals).to.deep.equal([]);
        });
    }

    it("is not created unless asked for", async () => {
        const run = await deploy(standardAccount(), {});
        expect(ofType(run, T.dashboard)).to.deep.equal([]);
        expect((run.stackOutputs as { dashboardName?: string }).dashboardName).to.equal(undefined);
    });
});

describe("fleet: hub and spoke", () => {
    const ATS = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";

    it("associates every zone with each spoke through its own ZoneAssociation, and lets the spokes' networks in", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16" });
        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id }], customDomains: [{ domainName: "devices.example.com", existingDomainConfigurationName: "fleet" }] });
        expect(run.error, run.error?.message).to.equal(undefined);
        expect(env.account.refusals).to.deep.equal([]);
        const zones = ofType(run, T.zone);
        for (const z of zones) {
            expect(z.inputs.vpcs, "inline: the endpoints' VPC only").to.deep.equal([{ vpcId: env.vpc.id, vpcRegion: "us-east-1" }]);
        }
        expect(ofType(run, T.zoneAssociation).map((a) => [a.name, a.inputs.vpcId])).to.deep.equal(zones.map((z) => [`${z.name}-${spoke.vpc.id}`, spoke.vpc.id]));
        expect(env.account.dnsAnswers(ATS, spoke.vpc.id)).to.deep.equal(env.account.dnsAnswers(ATS, env.vpc.id));
        expect(env.account.dnsAnswers(ATS, spoke.vpc.id)).to.not.deep.equal([]);
        const sg = ofType(run, T.securityGroup)[0];
        expect((sg.inputs.ingress as { cidrBlocks: string[] }[])[0].cidrBlocks).to.deep.equal(["10.20.0.0/16", "10.40.0.0/16"]);
    });

    it("adds and removes a spoke without replacing any zone, and keeps the associations through a refresh", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16" });
        await deploy(env, {});
        const [zone] = env.account.resourcesOfType(T.zone);
        const added = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id }] });
        expect(added.error).to.equal(undefined);
        const refreshed = await runProgram(env.account, () => new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), additionalVpcs: [{ vpcId: spoke.vpc.id }] }), { refresh: true });
        expect(refreshed.error).to.equal(undefined);
        expect(env.account.zoneVpcs(zone.id).sort()).to.deep.equal([env.vpc.id, spoke.vpc.id].sort());
        const removed = await deploy(env, {});
        expect(removed.error).to.equal(undefined);
        expect(env.account.zoneVpcs(zone.id)).to.deep.equal([env.vpc.id]);
        expect(env.account.resourcesOfType(T.zone).map((z) => z.id)).to.deep.equal([zone.id]);
        expect(env.account.stepsOf().some((s) => s.type === T.zone && s.op !== "same")).to.equal(false);
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("authorizes a spoke of another account in the zone's account and associates it with that account's provider", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.50.0.0/16", ownerAccountId: "210987654321" });
        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id, roleArn: "arn:aws:iam::210987654321:role/iot-dns" }] });
        expect(run.error, run.error?.message).to.equal(undefined);
        expect(env.account.refusals).to.deep.equal([]);
        const [authorization] = ofType(run, T.vpcAssociationAuthorization);
        const [association] = ofType(run, T.zoneAssociation);
        // the authorization in the zones' account (default provider), the association with the spoke account's role
        expect(authorization.provider ?? "").to.not.contain(`iot-${spoke.vpc.id}`);
        expect(association.provider).to.contain(`pulumi:providers:aws::iot-${spoke.vpc.id}`);
        const provider = run.registrations.find((r) => r.type === "pulumi:providers:aws" && r.name === `iot-${spoke.vpc.id}`)!;
        // provider inputs reach the engine as JSON strings
        expect(JSON.parse(String(provider.inputs.assumeRoles))).to.deep.equal([{ roleArn: "arn:aws:iam::210987654321:role/iot-dns" }]);
        expect(association.dependencies).to.include(authorization.urn);
        expect(env.account.dnsAnswers(ATS, spoke.vpc.id)).to.not.deep.equal([]);
    });

    it("reads a spoke of another region through a provider in that region, and associates it from the zones' account (no authorization)", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("west", { cidr: "10.60.0.0/16", region: "us-west-2" });
        const withoutRegion = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id }] });
        expect(withoutRegion.error!.message).to.contain(`additionalVpcs[0].vpcId = "${spoke.vpc.id}": was not found`);
        expect(withoutRegion.error!.message).to.contain("set additionalVpcs[0].region for a VPC of another region");
        expect(env.account.steps.filter((s) => s.op === "create")).to.deep.equal([]);

        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id, region: "us-west-2" }] });
        expect(run.error, run.error?.message).to.equal(undefined);
        expect(env.account.refusals).to.deep.equal([]);
        const provider = run.registrations.find((r) => r.type === "pulumi:providers:aws" && r.name === `iot-${spoke.vpc.id}`)!;
        expect(provider.inputs.region).to.equal("us-west-2");
        expect(provider.inputs.assumeRoles, "same account: no role").to.equal(undefined);
        expect(ofType(run, T.vpcAssociationAuthorization)).to.deep.equal([]);
        const [association] = ofType(run, T.zoneAssociation);
        expect(association.inputs).to.include({ vpcId: spoke.vpc.id, vpcRegion: "us-west-2" });
        expect(association.provider ?? "").to.not.contain(`iot-${spoke.vpc.id}`);
        expect(env.account.dnsAnswers(ATS, spoke.vpc.id)).to.not.deep.equal([]);
    });

    it("refuses a spoke that already has another private zone of the name, and a spoke that is the endpoints' VPC", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.40.0.0/16" });
        const theirs = env.account.addHostedZone(ATS, { vpcIds: [spoke.vpc.id] });
        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id }] });
        expect(run.error!.message).to.contain(`additionalVpcs[0].vpcId = "${spoke.vpc.id}": already has another private zone for ${ATS} (${theirs})`);
        expect(env.account.steps.filter((s) => s.op === "create")).to.deep.equal([]);
        const same = await deploy(standardAccount(), { vpcId: "vpc-0123456789abcdef0", additionalVpcs: [{ vpcId: "vpc-0123456789abcdef0" }] });
        expect(same.error!.message).to.contain("additionalVpcs[0].vpcId = \"vpc-0123456789abcdef0\": is the endpoints' own VPC");
    });
});

describe("fleet: fixed endpoint addresses", () => {
    const ips = (env: StandardAccount) => ({
        [env.subnetIds[0]]: ["10.20.0.10", "10.20.0.11"],
        [env.subnetIds[1]]: ["10.20.16.10", "10.20.16.11"],
        [env.subnetIds[2]]: ["10.20.32.10", "10.20.32.11"],
    });

    for (const preview of [true, false]) {
        it(`pins each interface's address, so the records are known ${preview ? "in a preview" : "and used"} (${preview ? "preview" : "update"})`, async () => {
            const env = standardAccount();
            const run = await deploy(env, { endpointCount: 2, endpointIps: ips(env) }, preview);
            expect(run.error, run.error?.message).to.equal(undefined);
            expect(ofType(run, T.record).map((r) => [r.inputs.setIdentifier, r.inputs.records])).to.deep.equal([
                [`ep1-${env.subnetIds[0]}`, ["10.20.0.10"]], [`ep1-${env.subnetIds[1]}`, ["10.20.16.10"]], [`ep1-${env.subnetIds[2]}`, ["10.20.32.10"]],
                [`ep2-${env.subnetIds[0]}`, ["10.20.0.11"]], [`ep2-${env.subnetIds[1]}`, ["10.20.16.11"]], [`ep2-${env.subnetIds[2]}`, ["10.20.32.11"]],
            ]);
            const [ep1] = ofType(run, T.vpcEndpoint);
            expect(ep1.inputs.subnetConfigurations).to.deep.equal(env.subnetIds.slice(0, 3).map((subnetId, i) => ({ subnetId, ipv4: ips(env)[subnetId][0] })));
            if (!preview) {
                expect([...env.account.enis.values()].map((e) => e.privateIp).sort()).to.deep.equal(Object.values(ips(env)).flat().sort());
                expect(env.account.refusals).to.deep.equal([]);
            }
        });
    }

    it("refuses addresses outside their subnet or reserved, a missing subnet and a wrong count", async () => {
        const env = standardAccount();
        const bad = { ...ips(env), [env.subnetIds[0]]: ["10.20.0.3", "10.20.99.1"] };
        const run = await deploy(env, { endpointCount: 2, endpointIps: bad });
        expect(run.error!.message).to.contain(`endpointIps.${env.subnetIds[0]} = "10.20.0.3": is one of the five addresses AWS reserves in 10.20.0.0/20`);
        expect(run.error!.message).to.contain(`endpointIps.${env.subnetIds[0]} = "10.20.99.1": is outside the subnet's 10.20.0.0/20`);
        const short = await deploy(standardAccount(), { endpointCount: 2, endpointIps: { [env.subnetIds[0]]: ["10.20.0.10"] } });
        expect(short.error!.message).to.contain("must list one address per endpoint (2).");
        expect(short.error!.message).to.contain("has no addresses for these subnets");
    });

    it("refuses a resolver address that is also an endpoint's, before anything is created", async () => {
        const env = standardAccount();
        const run = await deploy(env, { endpointCount: 2, endpointIps: ips(env), inboundResolver: { ipAddresses: ["10.20.0.53", "10.20.16.11"] } });
        expect(run.error!.message).to.contain(`inboundResolver.ipAddresses = "10.20.16.11": is also endpointIps.${env.subnetIds[1]}'s address for an endpoint`);
        expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
        // The same addresses apart deploy without a refused step.
        const apart = standardAccount();
        const ok = await deploy(apart, { endpointCount: 2, endpointIps: ips(apart), inboundResolver: { ipAddresses: ["10.20.0.53", "10.20.16.53"] } });
        expect(ok.error, ok.error?.message).to.equal(undefined);
        expect(apart.account.refusals).to.deep.equal([]);
    });
});

describe("fleet: the spoke role's permissions", () => {
    it("are documented on additionalVpcs[].roleArn, every one the component's lookups and associations need", () => {
        const docs = require("fs").readFileSync(require("path").join(__dirname, "..", "components", "args.ts"), "utf8") as string;
        const roleDoc = docs.slice(docs.indexOf("An IAM role in the spoke VPC's account"), docs.indexOf("readonly roleArn"));
        for (const permission of SPOKE_ROLE_PERMISSIONS) {
            expect(roleDoc, permission).to.contain(`\`${permission}\``);
        }
        expect(SPOKE_ROLE_PERMISSIONS).to.include.members(["ec2:DescribeVpcs", "route53:AssociateVPCWithHostedZone", "route53:ListHostedZonesByVPC", "route53:DisassociateVPCFromHostedZone"]);
    });
});

describe("fleet: a spoke its role cannot read", () => {
    it("is refused before anything is created, naming additionalVpcs[i] and the role's permissions", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.50.0.0/16", ownerAccountId: "210987654321" });
        env.account.denyLookup("210987654321", "aws:route53/getZone:getZone", "route53:ListHostedZones");
        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id, roleArn: "arn:aws:iam::210987654321:role/iot-dns" }] });
        expect(run.error!.message).to.contain(`- additionalVpcs[0] = "${spoke.vpc.id}": could not be checked for another private zone for a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com ` +
            "(Route 53 would refuse the association with ConflictingDomainExists): operation error Route 53: ListHostedZones, https response error StatusCode: 403, " +
            "api error AccessDenied: User: arn:aws:sts::210987654321:assumed-role/deployer/session is not authorized to perform: route53:ListHostedZones " +
            "Fix: let additionalVpcs[0].roleArn, in the spoke's account, do ec2:DescribeVpcs, route53:ListHostedZones, route53:GetHostedZone, route53:ListTagsForResource, " +
            "route53:ListResourceRecordSets, route53:AssociateVPCWithHostedZone, route53:ListHostedZonesByVPC, route53:GetChange, route53:DisassociateVPCFromHostedZone.");
        expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
    });

    it("a spoke VPC the role's account does not hold: not found, with the same permissions in the fix", async () => {
        const env = standardAccount();
        const spoke = env.account.addVpc("spoke", { cidr: "10.50.0.0/16", ownerAccountId: "210987654321" });
        const run = await deploy(env, { additionalVpcs: [{ vpcId: spoke.vpc.id, roleArn: "arn:aws:iam::333333333333:role/iot-dns" }] });
        expect(run.error!.message).to.contain(`- additionalVpcs[0].vpcId = "${spoke.vpc.id}": was not found: no matching EC2 VPC found Fix: pass an existing VPC of the role's account`);
        expect(env.account.operations.filter((o) => o.op === "create")).to.deep.equal([]);
    });
});
