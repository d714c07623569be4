/**
 * Issue 6: record layouts up to ten million devices in one VPC, balanced weights, capacity alarms.
 */
import { expect } from "chai";

import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout } from "../components";
import { ProgramRun, UNKNOWN_SENTINEL, ofType, runProgram } from "../simulation/harness";
import { sharedPolicyPack } from "./support/pack";
import { StandardAccount, T, planOf, standardAccount } from "./support/fixtures";


function deploy(env: StandardAccount, args: Partial<IotCoreVpcEndpointsArgs>, preview = false): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        const c = new IotCoreVpcEndpoints("iot", { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), ...args });
        return { records: c.records, endpointIds: c.endpointIds, capacity: c.capacity, notes: c.notes, alarmNames: c.alarmNames };
    }, { preview });
}

describe("record layouts", () => {
    it("perEndpoint: one weighted record per endpoint holding its ENI IPs in every zone", async () => {
        const env = standardAccount();
        const run = await deploy(env, { endpointCount: 4, recordLayout: RecordLayout.PerEndpoint });
        expect(run.error).to.equal(undefined);
        const records = ofType(run, T.record);
        expect(records.map((r) => r.inputs.setIdentifier)).to.deep.equal(["ep1-enis", "ep2-enis", "ep3-enis", "ep4-enis"]);
        const endpoints = ofType(run, T.vpcEndpoint);
        records.forEach((r, i) => {
            const enis = [...env.account.enis.values()].filter((e) => e.description === `VPC Endpoint Interface ${endpoints[i].id}`);
            const bySubnet = env.subnetIds.slice(0, 3).map((s) => enis.find((e) => e.subnetId === s)!.privateIp);
            expect(r.inputs.records).to.deep.equal(bySubnet);
            expect(r.inputs.weightedRoutingPolicies).to.deep.equal([{ weight: 1 }]);
            expect(r.inputs.ttl).to.equal(60);
        });
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("alias: one weighted alias per endpoint to its regional DNS name, with no ENI lookups", async () => {
        const env = standardAccount();
        const run = await deploy(env, { endpointCount: 3, recordLayout: RecordLayout.Alias });
        expect(run.error).to.equal(undefined);
        const records = ofType(run, T.record);
        const endpoints = ofType(run, T.vpcEndpoint);
        expect(records).to.have.length(3);
        records.forEach((r, i) => {
            const regional = (endpoints[i].outputs.dnsEntries as { dnsName: string; hostedZoneId: string }[])[0];
            // Route 53's procedure for an alias to an interface endpoint: Evaluate Target Health = No
            expect(r.inputs.aliases).to.deep.equal([{ name: regional.dnsName, zoneId: regional.hostedZoneId, evaluateTargetHealth: false }]);
            expect(r.inputs).to.not.have.property("ttl");
            expect(r.inputs).to.not.have.property("records");
            expect(r.inputs.setIdentifier).to.equal(`ep${i + 1}-alias`);
        });
        expect(env.account.invokeCount("aws:ec2/getNetworkInterface:getNetworkInterface")).to.equal(0);
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("looks each endpoint up by its tags on a first deploy only: once its records exist, an update reads 6 + S (here 9) lookups whatever the count", async () => {
        const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 100 });
        const args = { expectedConnections: 5_000_000, targetUtilizationPercent: 100, maxEndpointsPerVpc: 100, recordLayout: RecordLayout.PerEndpoint };
        expect((await deploy(env, args)).error).to.equal(undefined);
        expect(env.account.invokeCount("aws:ec2/getVpcEndpoint:getVpcEndpoint"), "first deploy: one per endpoint").to.equal(50);
        const before = env.account.invokeCount();
        expect((await deploy(env, args)).error).to.equal(undefined);
        expect(env.account.invokeCount() - before, "an update of the deployed stack").to.equal(9);
        expect(env.account.invokeCount("aws:ec2/getVpcEndpoint:getVpcEndpoint")).to.equal(50);
    });

    it("serves 10,000,000 devices from one VPC: 100 endpoints, 100 records, nothing refused", async () => {
        for (const layout of [RecordLayout.PerEndpoint, RecordLayout.Alias]) {
            const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 100 });
            const run = await deploy(env, { expectedConnections: 10_000_000, targetUtilizationPercent: 100, maxEndpointsPerVpc: 100, recordLayout: layout });
            expect(run.error, layout).to.equal(undefined);
            expect(ofType(run, T.vpcEndpoint), layout).to.have.length(100);
            expect(ofType(run, T.record), layout).to.have.length(100);
            expect((run.stackOutputs as any).capacity).to.include({ endpoints: 100, maxDevices: 10_000_000, records: 100 });
            expect(env.account.refusals, layout).to.deep.equal([]);
        }
    });

    it("registers every record in a preview, whatever the layout", async () => {
        for (const layout of [RecordLayout.PerEni, RecordLayout.PerEndpoint, RecordLayout.Alias]) {
            const env = standardAccount();
            const run = await deploy(env, { endpointCount: 2, recordLayout: layout }, true);
            expect(run.error, layout).to.equal(undefined);
            expect(ofType(run, T.record), layout).to.have.length(layout === RecordLayout.PerEni ? 6 : 2);
            for (const r of ofType(run, T.record)) {
                const value = layout === RecordLayout.Alias ? (r.inputs.aliases as { name: unknown }[])[0].name : r.inputs.records;
                expect(value, layout).to.equal(UNKNOWN_SENTINEL);
            }
        }
    });

    it("passes the policy pack in every layout", async () => {
        const pack = await sharedPolicyPack();
        await pack.configure({});
        for (const layout of [RecordLayout.PerEni, RecordLayout.PerEndpoint, RecordLayout.Alias]) {
            const env = standardAccount();
            const run = await deploy(env, { endpointCount: 3, recordLayout: layout });
            expect(await pack.analyzeRun(run, "us-east-1"), layout).to.deep.equal([]);
        }
    });

    it("refuses per-ENI records beyond Route 53's 100 and names the layouts that fit", async () => {
        const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 60 });
        const run = await deploy(env, { expectedConnections: 5_000_000, targetUtilizationPercent: 100 });
        expect(run.error!.message).to.contain('subnetIds = "50 endpoints x 3 subnets": would need 150 weighted records on one name (one per network interface); Route 53 allows 100.');
        expect(run.error!.message).to.contain('set recordLayout: "perEndpoint"');
        const explicit = await deploy(standardAccount(), { expectedConnections: 5_000_000, targetUtilizationPercent: 100, recordLayout: RecordLayout.PerEni });
        expect(explicit.error!.message).to.contain('recordLayout = "50 endpoints x 3 subnets"');
    });

    it("refuses more than 100 endpoints behind one name in any layout, and an unknown layout", async () => {
        const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 200 });
        const run = await deploy(env, { endpointCount: 101, maxEndpointsPerVpc: 200, recordLayout: RecordLayout.Alias });
        expect(run.error!.message).to.contain('recordLayout = "alias": would need 101 weighted records on one name (one per endpoint); Route 53 allows 100.');
        expect(run.error!.message).to.contain("at most 100 endpoints (10000000 devices) each");
        const bad = await deploy(standardAccount(), { recordLayout: "roundRobin" as RecordLayout });
        expect(bad.error!.message).to.contain('recordLayout = "roundRobin": is not a record layout. Fix: pick one of perEni, perEndpoint, alias.');
    });

    it("says in its notes what each layout trades off", () => {
        const notes = (layout: RecordLayout) => planOf({ subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", undefined, undefined], recordLayout: layout }).notes.join(" ");
        expect(notes(RecordLayout.PerEni)).to.contain("1/3 of answers pointing at it");
        expect(notes(RecordLayout.PerEndpoint)).to.contain("can fall back to another zone");
        expect(notes(RecordLayout.Alias)).to.contain("healthy ENIs");
    });
});

describe("capacity alarms", () => {
    for (const preview of [false, true]) {
        it(`alarm on each endpoint's active connections at 90% of 100,000 by default, halfway from the planned 80% to the limit (${preview ? "preview" : "update"})`, async () => {
            const env = standardAccount();
            const run = await deploy(env, { endpointCount: 2, capacityAlarms: { alarmActions: ["arn:aws:sns:us-east-1:123456789012:iot-oncall"] } }, preview);
            expect(run.error).to.equal(undefined);
            const alarms = ofType(run, T.metricAlarm);
            expect(alarms.map((a) => a.name)).to.deep.equal(["iot-ep1-connections", "iot-ep2-connections"]);
            const endpoints = ofType(run, T.vpcEndpoint);
            alarms.forEach((a, i) => {
                expect(a.inputs).to.deep.include({
                    namespace: "AWS/PrivateLinkEndpoints",
                    metricName: "ActiveConnections",
                    statistic: "Maximum",
                    threshold: 90_000,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    period: 300,
                    evaluationPeriods: 3,
                    alarmActions: ["arn:aws:sns:us-east-1:123456789012:iot-oncall"],
                });
                expect(a.inputs.dimensions).to.deep.equal({
                    "Endpoint Type": "Interface",
                    "Service Name": "com.amazonaws.us-east-1.iot.data",
                    "VPC Endpoint Id": preview ? UNKNOWN_SENTINEL : endpoints[i].id,
                    "VPC Id": env.vpc.id,
                });
            });
        });
    }

    it("takes a threshold share and period, and refuses ones CloudWatch would not", async () => {
        const env = standardAccount();
        const run = await deploy(env, { capacityAlarms: { thresholdPercent: 95, periodSeconds: 60, evaluationPeriods: 5 } });
        expect(ofType(run, T.metricAlarm)[0].inputs).to.deep.include({ threshold: 95_000, period: 60, evaluationPeriods: 5 });
        const bad = await deploy(standardAccount(), { capacityAlarms: { thresholdPercent: 120, periodSeconds: 30, evaluationPeriods: 0 } });
        expect(bad.error!.message).to.contain("capacityAlarms.thresholdPercent = 120: must be a percentage above 0 and at most 100.");
        expect(bad.error!.message).to.contain("capacityAlarms.periodSeconds = 30: must be a whole number of minutes in seconds: PrivateLink publishes endpoint metrics every 60 s");
        expect(bad.error!.message).to.contain("capacityAlarms.evaluationPeriods = 0: must be a positive whole number.");
    });
});
