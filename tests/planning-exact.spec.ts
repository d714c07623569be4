/**
 * The plan `planDeployment` makes, exactly: the notes an operator reads, the zones and their names, the
 * keys of credential endpoints, the resource-name fragment of a domain, and the weights at Route 53's
 * 255 boundary. Pure calls with hand-made settings; every expected value is written out by hand.
 */
import { expect } from "chai";

import { RecordLayout } from "../components/args";
import { PlanSettings, balancedWeights, domainKey, layoutNote, planDeployment } from "../components/planning";

const A = "subnet-0aaaaaaaaaaaaaaaa";
const B = "subnet-0bbbbbbbbbbbbbbbb";
const C = "subnet-0cccccccccccccccc";
const D = "subnet-0dddddddddddddddd";

const settings = (s: Partial<PlanSettings> = {}): PlanSettings => ({
    name: "iot",
    subnetKeys: [A, B, C],
    drainingSubnetIds: [],
    endpointCount: 1,
    expectedConnections: 80000,
    targetUtilizationPercent: 80,
    recordLayout: RecordLayout.PerEni,
    customDomains: [],
    credentialsProvider: undefined,
    capacityAlarms: undefined,
    ...s,
});

const PER_ENI_3 = "perEni: each DNS answer is one ENI IP; an Availability Zone outage leaves 1/3 of answers pointing at it until the ENI is removed or devices retry.";
const PER_ENI_2 = "perEni: each DNS answer is one ENI IP; an Availability Zone outage leaves 1/2 of answers pointing at it until the ENI is removed or devices retry.";
const PER_ENI_1 = "perEni: each DNS answer is one ENI IP; an Availability Zone outage leaves all answers pointing at it until the ENI is removed or devices retry.";
const PER_ENDPOINT = "perEndpoint: each DNS answer lists one endpoint's IPs in every Availability Zone, so a device can fall back to another zone; load is balanced per endpoint.";
const ONE_AZ = "one subnet means one Availability Zone: an AZ outage disconnects every device.";

describe("planning exactly: notes", () => {
    it("the perEni note says what share of answers one zone's outage takes", () => {
        expect(layoutNote(RecordLayout.PerEni, 3)).to.equal(PER_ENI_3);
        expect(layoutNote(RecordLayout.PerEni, 2)).to.equal(PER_ENI_2);
        expect(layoutNote(RecordLayout.PerEni, 1)).to.equal(PER_ENI_1);
        expect(layoutNote(RecordLayout.PerEni, undefined)).to.equal(
            "perEni: each DNS answer is one ENI IP; an Availability Zone outage leaves 1/subnets of answers pointing at it until the ENI is removed or devices retry.");
    });

    it("three subnets, nothing draining: the layout note alone, every record at weight 1", () => {
        const plan = planDeployment(settings({ endpointCount: 2 }));
        expect(plan.notes).to.deep.equal([PER_ENI_3]);
        expect(plan.warnings).to.deep.equal([]);
        expect(plan.zones[0].records.map((r) => r.weight)).to.deep.equal([1, 1, 1, 1, 1, 1]);
    });

    it("two subnets and two draining: the share of the active subnets, the draining note naming both, drained records at weight 0", () => {
        const plan = planDeployment(settings({ subnetKeys: [A, B], drainingSubnetIds: [C, D] }));
        expect(plan.notes).to.deep.equal([
            PER_ENI_2,
            `draining ${C}, ${D}: the endpoints keep their interfaces there, no answered record holds them; remove them from drainingSubnetIds in the next update.`,
        ]);
        expect(plan.zones[0].records.map((r) => [r.setIdentifier, r.weight])).to.deep.equal([[`ep1-${A}`, 1], [`ep1-${B}`, 1], [`ep1-${C}`, 0], [`ep1-${D}`, 0]]);
        expect(plan.capacity.enisPerEndpoint).to.equal(4);
    });

    it("one active subnet beside a draining one is one Availability Zone", () => {
        const plan = planDeployment(settings({ subnetKeys: [A], drainingSubnetIds: [B] }));
        expect(plan.notes).to.deep.equal([
            PER_ENI_1,
            `draining ${B}: the endpoints keep their interfaces there, no answered record holds them; remove them from drainingSubnetIds in the next update.`,
            ONE_AZ,
        ]);
    });

    it("perEndpoint with subnets known only at deploy time: no subnets planned, one record per endpoint at weight 1, the layout note alone", () => {
        const plan = planDeployment(settings({ recordLayout: RecordLayout.PerEndpoint, subnetKeys: undefined, endpointCount: 2 }));
        expect(plan.subnets).to.deep.equal([]);
        expect(plan.capacity.enisPerEndpoint).to.equal(0);
        expect(plan.notes).to.deep.equal([PER_ENDPOINT]);
        expect(plan.zones[0].records.map((r) => [r.resourceName, r.subnetIndices, r.weight])).to.deep.equal([["iot-ep1-enis", "all", 1], ["iot-ep2-enis", "all", 1]]);
    });
});

describe("planning exactly: zones and credential endpoints", () => {
    it("the ATS zone, a custom domain's zone and the credential provider's zone, with their keys, names and endpoint groups", () => {
        const plan = planDeployment(settings({
            recordLayout: RecordLayout.PerEndpoint, customDomains: [{ domainName: "devices.example.com" }], credentialsProvider: { endpointCount: 2 },
        }));
        expect(plan.credentialEndpoints).to.deep.equal([
            { key: "cred1", index: 0, resourceName: "iot-cred1" },
            { key: "cred2", index: 1, resourceName: "iot-cred2" },
        ]);
        expect(plan.zones.map((z) => ({ ...z, records: z.records.map((r) => r.resourceName) }))).to.deep.equal([
            { key: "ats", kind: "ats", resourceName: "iot-zone", endpoints: "data", records: ["iot-ep1-enis"] },
            { key: "domain:devices.example.com", kind: "custom", resourceName: "iot-devices-example-com-zone", domainName: "devices.example.com", endpoints: "data",
                records: ["iot-devices-example-com-ep1-enis"] },
            { key: "credentials", kind: "credentials", resourceName: "iot-credentials-zone", endpoints: "credentials",
                records: ["iot-credentials-cred1-enis", "iot-credentials-cred2-enis"] },
        ]);
    });

    it("without the credential provider there is no credentials zone", () => {
        expect(planDeployment(settings()).zones.map((z) => z.key)).to.deep.equal(["ats"]);
    });
});

describe("planning exactly: names and weights", () => {
    it("a domain becomes a resource-name fragment: lower case, no trailing dot, each run of other characters one hyphen", () => {
        expect(domainKey("Devices.Example.COM.")).to.equal("devices-example-com");
        expect(domainKey("xn--bcher-kva.example.com")).to.equal("xn-bcher-kva-example-com");
    });

    it("different record counts are balanced up to a weight of 255, and the note says how", () => {
        expect(balancedWeights([2, 3])).to.deep.equal({
            perEndpoint: [3, 2], balanced: true, note: "endpoints have different record counts (2, 3); weights 3, 2 give each endpoint the same share.",
        });
        expect(balancedWeights([1, 255])).to.deep.equal({
            perEndpoint: [255, 1], balanced: true, note: "endpoints have different record counts (1, 255); weights 255, 1 give each endpoint the same share.",
        });
    });

    it("a weight above 255 falls back to equal weights, and the note says the endpoints are not balanced", () => {
        expect(balancedWeights([1, 256])).to.deep.equal({
            perEndpoint: [1, 1], balanced: false,
            note: "record counts 1, 256 cannot be balanced with Route 53 weights 0..255; equal per-record weights give endpoints with more records more devices.",
        });
    });
});
