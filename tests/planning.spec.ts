import { expect } from "chai";

import { balancedWeights, subnetKeys } from "../components/planning";
import { endpointsNeeded } from "../components/rules";
import { planOf } from "./support/fixtures";

describe("planning: capacity", () => {
    const table: [number, number][] = [
        [1, 1], [99_999, 1], [100_000, 1], [100_001, 2], [250_000, 3], [1_000_000, 10], [10_000_000, 100], [10_000_001, 101],
    ];
    for (const [devices, endpoints] of table) {
        it(`${devices} devices need ${endpoints} endpoint(s)`, () => {
            expect(endpointsNeeded(devices)).to.equal(endpoints);
            if (endpoints <= 50) {
                expect(planOf({ expectedConnections: devices, targetUtilizationPercent: 100, subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] }).capacity.endpoints).to.equal(endpoints);
            }
        });
    }

    it("defaults to one endpoint's planned devices (80,000 at 80%) and lets endpointCount override", () => {
        expect(planOf({ subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] }).capacity.endpoints).to.equal(1);
        expect(planOf({ expectedConnections: 900_000, endpointCount: 12, subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] }).capacity.endpoints).to.equal(12);
    });

    it("warns when the capacity alarms would fire at the planned load, and not when they sit between it and the limit", () => {
        const subnetIds = ["subnet-0aaaaaaaaaaaaaaaa"];
        expect(planOf({ subnetIds, capacityAlarms: { thresholdPercent: 80 } }).warnings).to.deep.equal([
            "capacityAlarms.thresholdPercent 80 is at or below targetUtilizationPercent 80: every endpoint alarms at its planned load, not before its limit. " +
            "Pass a threshold between 80 and 100, or omit it for 90.",
        ]);
        expect(planOf({ subnetIds, capacityAlarms: { thresholdPercent: 50 }, targetUtilizationPercent: 60 }).warnings).to.have.length(1);
        expect(planOf({ subnetIds, capacityAlarms: { thresholdPercent: 81 } }).warnings).to.deep.equal([]);
        expect(planOf({ subnetIds, capacityAlarms: {} }).warnings).to.deep.equal([]);
        expect(planOf({ subnetIds, capacityAlarms: { thresholdPercent: 80 } }).notes).to.include.members(planOf({ subnetIds, capacityAlarms: { thresholdPercent: 80 } }).warnings);
    });

    it("reports endpoints, ENIs, records and maximum devices", () => {
        const plan = planOf({ name: "iot", expectedConnections: 250_000, subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] });
        expect(plan.capacity).to.deep.equal({
            endpoints: 4, enisPerEndpoint: 2, enis: 8, maxDevices: 400_000, expectedConnections: 250_000, records: 8,
            targetUtilizationPercent: 80, plannedDevicesPerEndpoint: 80_000,
        });
    });
});

describe("planning: names", () => {
    it("keys subnets by id when known, by position when not", () => {
        expect(subnetKeys(["subnet-0aaaaaaaaaaaaaaaa", undefined, "subnet-0cccccccccccccccc"])).to.deep.equal(["subnet-0aaaaaaaaaaaaaaaa", "subnet2", "subnet-0cccccccccccccccc"]);
    });

    it("names children after the component and stable keys", () => {
        const plan = planOf({ name: "fleet", endpointCount: 2, subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", undefined] });
        expect(plan.endpoints.map((e) => e.resourceName)).to.deep.equal(["fleet-ep1", "fleet-ep2"]);
        expect(plan.zones[0].records.map((r) => [r.resourceName, r.setIdentifier, r.endpointIndex, r.subnetIndices])).to.deep.equal([
            ["fleet-ep1-subnet-0aaaaaaaaaaaaaaaa", "ep1-subnet-0aaaaaaaaaaaaaaaa", 0, [0]],
            ["fleet-ep1-subnet2", "ep1-subnet2", 0, [1]],
            ["fleet-ep2-subnet-0aaaaaaaaaaaaaaaa", "ep2-subnet-0aaaaaaaaaaaaaaaa", 1, [0]],
            ["fleet-ep2-subnet2", "ep2-subnet2", 1, [1]],
        ]);
        expect(plan.names.securityGroup).to.equal("fleet-sg");
        expect(plan.zones.map((z) => z.resourceName)).to.deep.equal(["fleet-zone"]);
    });

    it("keeps every existing name when endpoints or subnets are appended", () => {
        const a = planOf({ name: "iot", endpointCount: 2, subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] });
        const b = planOf({ name: "iot", endpointCount: 3, subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0cccccccccccccccc"] });
        const names = (p: typeof a) => new Set([...p.endpoints.map((e) => e.resourceName), ...p.zones.flatMap((z) => z.records).map((r) => r.resourceName)]);
        for (const n of names(a)) {
            expect(names(b).has(n), n).to.equal(true);
        }
    });

    it("keeps the other subnets' names when a subnet is inserted in the middle", () => {
        const a = planOf({ name: "iot", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0cccccccccccccccc"] });
        const b = planOf({ name: "iot", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0cccccccccccccccc"] });
        const bNames = new Set(b.zones[0].records.map((r) => r.resourceName));
        expect(a.zones[0].records.every((r) => bNames.has(r.resourceName))).to.equal(true);
    });

    it("notes that a single subnet is a single Availability Zone", () => {
        expect(planOf({ name: "iot", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] }).notes.join(" ")).to.contain("one Availability Zone");
    });
});

describe("planning: weights", () => {
    const table: [number[], number[], boolean][] = [
        [[3, 3, 3], [1, 1, 1], true],
        [[2], [1], true],
        [[2, 3], [3, 2], true], // each endpoint totals 6
        [[1, 2, 4], [4, 2, 1], true],
        [[], [], true],
    ];
    for (const [counts, weights, balanced] of table) {
        it(`records per endpoint ${JSON.stringify(counts)} weigh ${JSON.stringify(weights)}`, () => {
            const w = balancedWeights(counts);
            expect(w.perEndpoint).to.deep.equal(weights);
            expect(w.balanced).to.equal(balanced);
            counts.forEach((n, i) => expect(n * w.perEndpoint[i]).to.equal(counts[0] * w.perEndpoint[0]));
        });
    }

    it("says so when counts cannot be balanced within Route 53's 0..255", () => {
        const w = balancedWeights([256, 255]);
        expect(w.balanced).to.equal(false);
        expect(w.perEndpoint).to.deep.equal([1, 1]);
        expect(w.note).to.contain("cannot be balanced");
    });

    it("says why weights differ when endpoints have different record counts", () => {
        expect(balancedWeights([2, 3]).note).to.contain("give each endpoint the same share");
        expect(balancedWeights([3, 3]).note).to.equal(undefined);
    });
});
