/**
 * `resolveArgs`, first half: the VPC, the subnets (active and draining), capacity and the VPC endpoint
 * quota, fixed addresses, the DNS record layout, who may connect and on which ports, the TTL and the
 * MQTT keep-alive. Pure calls with literal arguments: each refusal is asserted whole (the argument, the
 * value as the user sees it, the problem and the fix), each acceptance by the settings it resolves to.
 * Expected numbers are worked by hand from the documented limits: 100,000 connections per endpoint,
 * 50 interface endpoints per VPC by default, 100 weighted records per name, 230 s keep-alive.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { resolveArgs } from "../components/validation";
import { p, pending, verdictsOn } from "./support/validation";

const VPC = "vpc-0123456789abcdef0";
const A = "subnet-0a1b2c3d4e5f60001";
const B = "subnet-0a1b2c3d4e5f60002";
const C = "subnet-0a1b2c3d4e5f60003";
const D = "subnet-0a1b2c3d4e5f60004";

/** Verdicts for arguments on top of a valid VPC and one subnet. */
const { refused, accepted } = verdictsOn({ vpcId: VPC, subnetIds: [A] });

describe("resolveArgs: the arguments object", () => {
    const fix = "pass { vpcId, subnetIds, ... }.";
    it("refuses null, a list or a pending value instead of an object, without crashing", () => {
        expect(resolveArgs("iot", null)).to.deep.equal({ problems: [p("args", "null", "must be an object of arguments.", fix)] });
        expect(resolveArgs("iot", [VPC])).to.deep.equal({ problems: [p("args", `["${VPC}"]`, "must be an object of arguments.", fix)] });
        expect(resolveArgs("iot", pending({ vpcId: VPC }))).to.deep.equal({ problems: [p("args", "{}", "must be an object of arguments.", fix)] });
    });

    it("fills every default for the smallest valid arguments", () => {
        expect(accepted({})).to.deep.equal({
            name: "iot",
            vpcId: VPC,
            subnetIds: [A],
            subnetKeys: [A],
            drainingSubnetIds: [],
            endpointIps: undefined,
            additionalVpcs: [],
            existingHostedZoneId: undefined,
            expectedConnections: 80000,
            targetUtilizationPercent: 80,
            endpointCount: 1,
            maxEndpointsPerVpc: 50,
            allowedCidrs: undefined,
            devicePorts: [8883, 443, 8443],
            ttl: 60,
            recordLayout: "perEni",
            allowChinaRegions: false,
            allowPublicCidrs: false,
            mqttKeepAliveSeconds: 230,
            customDomains: [],
            devicePolicy: undefined,
            inboundResolver: undefined,
            credentialsProvider: undefined,
            capacityAlarms: undefined,
            dashboard: false,
            greengrass: undefined,
            tags: {},
        });
    });

    it("reports every problem at once, in argument order", () => {
        expect(resolveArgs("iot", { vpcId: "vpc-1", subnetIds: ["subnet-1"], ttl: -1, mqttKeepAliveSeconds: 300 }).problems.map((x) => x.argument))
            .to.deep.equal(["vpcId", "subnetIds", "ttl", "mqttKeepAliveSeconds"]);
    });
});

describe("resolveArgs: vpcId", () => {
    const fix = "pass the id of an existing VPC, such as vpc-0123456789abcdef0.";
    it("requires it: missing or null", () => {
        expect(resolveArgs("iot", { subnetIds: [A] }).problems).to.deep.equal([p("vpcId", "undefined", "is required.", fix)]);
        expect(refused({ vpcId: null })).to.deep.equal([p("vpcId", "null", "is required.", fix)]);
    });

    for (const bad of ["vpc-123", "xvpc-0123456789abcdef0", "vpc-0123456789abcdef0x", "VPC-0123456789ABCDEF0", "vpc-0123456789"]) {
        it(`refuses ${bad}`, () => {
            expect(refused({ vpcId: bad })).to.deep.equal([p("vpcId", `"${bad}"`, "is not a VPC id.", fix)]);
        });
    }

    it("refuses a number", () => {
        expect(refused({ vpcId: 42 })).to.deep.equal([p("vpcId", "42", "is not a VPC id.", fix)]);
    });

    it("accepts the short (8 hex) and long (17 hex) forms, and a pending id as given", () => {
        expect(accepted({ vpcId: "vpc-01234567" }).vpcId).to.equal("vpc-01234567");
        expect(accepted({ vpcId: VPC }).vpcId).to.equal(VPC);
        const id = pending(VPC);
        expect(accepted({ vpcId: id }).vpcId).to.equal(id);
        const output = pulumi.output(VPC);
        expect(accepted({ vpcId: output }).vpcId).to.equal(output);
    });
});

describe("resolveArgs: subnetIds and subnetCount", () => {
    const required = "pass one private subnet id per Availability Zone where iot.data is offered (two or more for availability).";
    const idFix = "pass subnet ids such as subnet-0123456789abcdef0.";

    it("requires at least one subnet: missing or empty", () => {
        expect(resolveArgs("iot", { vpcId: VPC }).problems).to.deep.equal([p("subnetIds", "[]", "at least one subnet is required.", required)]);
        expect(refused({ subnetIds: [] })).to.deep.equal([p("subnetIds", "[]", "at least one subnet is required.", required)]);
    });

    it("refuses one id or null instead of a list", () => {
        expect(refused({ subnetIds: A })).to.deep.equal([p("subnetIds", `"${A}"`, "must be a list of subnet ids.", required)]);
        expect(refused({ subnetIds: null })).to.deep.equal([p("subnetIds", "null", "must be a list of subnet ids.", required)]);
    });

    it("gives an inbound resolver no subnets when there is none", () => {
        expect(refused({ subnetIds: [], inboundResolver: {} })).to.deep.equal([
            p("subnetIds", "[]", "at least one subnet is required.", required),
            p("inboundResolver.subnetIds", "[]",
                "has 0 subnets; a Route 53 Resolver endpoint takes one to six (two addresses at least; two Availability Zones recommended).",
                "pass one to six subnets of the VPC, in different Availability Zones."),
        ]);
    });

    for (const bad of ["subnet-bad", "x" + A, A + "x", "subnet-0a1b2c3d4e"]) {
        it(`refuses ${bad} and names it`, () => {
            expect(refused({ subnetIds: [A, bad] })).to.deep.equal([p("subnetIds", `"${bad}"`, "is not a subnet id.", idFix)]);
        });
    }

    it("refuses an item that is not a string, by position", () => {
        expect(refused({ subnetIds: [A, 42] })).to.deep.equal([
            p("subnetIds[1]", "42", "is not a subnet id.", "pass subnet ids such as subnet-0123456789abcdef0 (strings or Outputs)."),
        ]);
    });

    it("refuses a subnet listed twice, once", () => {
        expect(refused({ subnetIds: [A, B, A] })).to.deep.equal([
            p("subnetIds", `"${A}"`, "is listed more than once.", "list each subnet once; an endpoint has one network interface per subnet."),
        ]);
    });

    it("accepts the short (8 hex) form and keys subnets by id, a pending id by position", () => {
        expect(accepted({ subnetIds: ["subnet-0a1b2c3d"] }).subnetKeys).to.deep.equal(["subnet-0a1b2c3d"]);
        const settings = accepted({ subnetIds: [A, pending(B)] });
        expect(settings.subnetKeys).to.deep.equal([A, "subnet2"]);
    });

    it("needs subnetCount for a pending list with one record per network interface", () => {
        expect(refused({ subnetIds: pending([A, B]) })).to.deep.equal([
            p("subnetIds", "\"an Output of a list\"",
                "makes one perEni record per subnet and endpoint, so the number of subnets must be known when the program runs (previews show every record).",
                "pass subnetCount: <how many ids the Output holds>, or set recordLayout: \"perEndpoint\" or \"alias\", whose records do not depend on the subnets."),
        ]);
    });

    it("keys a pending list by position from subnetCount", () => {
        const ids = pending([A, B, C]);
        const settings = accepted({ subnetIds: ids, subnetCount: 3 });
        expect(settings.subnetIds).to.equal(ids);
        expect(settings.subnetKeys).to.deep.equal(["subnet1", "subnet2", "subnet3"]);
    });

    it("accepts a pending list without subnetCount for layouts that do not depend on the subnets", () => {
        expect(accepted({ subnetIds: pending([A, B]), recordLayout: "perEndpoint" }).subnetKeys).to.equal(undefined);
        expect(accepted({ subnetIds: pending([A, B]), recordLayout: "alias" }).recordLayout).to.equal("alias");
    });

    it("refuses a subnetCount that is not a positive whole number", () => {
        const problems = refused({ subnetIds: pending([A]), subnetCount: 0 });
        expect(problems[0]).to.deep.equal(p("subnetCount", "0", "must be a positive whole number (the number of subnets in subnetIds).",
            "pass how many subnet ids the subnetIds Output holds, such as 3, or omit it when subnetIds is a list."));
        expect(problems.map((x) => x.argument)).to.deep.equal(["subnetCount", "subnetIds"]);
    });

    it("refuses a subnetCount that differs from the list, accepts one that matches", () => {
        expect(refused({ subnetIds: [A, B], subnetCount: 3 })).to.deep.equal([
            p("subnetCount", "3", "differs from the 2 subnets listed in subnetIds.", "omit subnetCount when subnetIds is a list."),
        ]);
        expect(accepted({ subnetIds: [A, B], subnetCount: 2 }).subnetKeys).to.deep.equal([A, B]);
    });
});

describe("resolveArgs: drainingSubnetIds", () => {
    const plain = "list the ids of the subnets being removed, such as subnet-0123456789abcdef0.";
    const listFix = "pass a list of subnet ids, such as [\"subnet-0123456789abcdef0\"].";

    it("keeps a subnet being removed apart from the active ones", () => {
        const settings = accepted({ subnetIds: [A], drainingSubnetIds: [B] });
        expect(settings.drainingSubnetIds).to.deep.equal([B]);
        expect(settings.subnetKeys).to.deep.equal([A]);
    });

    it("refuses one id or a pending value instead of a list", () => {
        expect(refused({ drainingSubnetIds: B })).to.deep.equal([p("drainingSubnetIds", `"${B}"`, "must be a list.", listFix)]);
        expect(refused({ drainingSubnetIds: pending([B]) })).to.deep.equal([p("drainingSubnetIds", "\"an Output of a list\"", "must be a list.", listFix)]);
    });

    it("refuses items that are not plain subnet ids, by position (a number, a bad id, a nested list)", () => {
        expect(refused({ drainingSubnetIds: [42, "subnet-bad", [B]] })).to.deep.equal([
            p("drainingSubnetIds[0]", "42", "is not a subnet id (a plain string).", plain),
            p("drainingSubnetIds[1]", "\"subnet-bad\"", "is not a subnet id (a plain string).", plain),
            p("drainingSubnetIds[2]", `["${B}"]`, "is not a subnet id (a plain string).", plain),
        ]);
    });

    it("refuses a subnet that is also active", () => {
        expect(refused({ subnetIds: [A], drainingSubnetIds: [A] })).to.deep.equal([
            p("drainingSubnetIds", `"${A}"`, "is also in subnetIds.", "a subnet being removed is listed in drainingSubnetIds only; take it out of subnetIds."),
        ]);
    });

    it("refuses a subnet drained twice", () => {
        expect(refused({ drainingSubnetIds: [B, B] })).to.deep.equal([p("drainingSubnetIds", `"${B}"`, "is listed more than once.", "list each subnet once.")]);
    });

    const needsPlain = p("drainingSubnetIds", `["${B}"]`,
        "needs subnetIds as plain ids: subnets given as Outputs are named by position, and removing one renames the others.",
        "pass subnetIds as a list of plain ids while subnets are drained.");
    it("needs subnetIds as plain ids: a pending list", () => {
        expect(refused({ subnetIds: pending([A]), subnetCount: 1, drainingSubnetIds: [B] })).to.deep.equal([needsPlain]);
    });

    it("needs subnetIds as plain ids: one pending id among plain ones", () => {
        expect(refused({ subnetIds: [pending(A), C], drainingSubnetIds: [B] })).to.deep.equal([needsPlain]);
        expect(refused({ subnetIds: [C, pending(A)], drainingSubnetIds: [B] })).to.deep.equal([needsPlain]);
    });
});

describe("resolveArgs: existingHostedZoneId", () => {
    const fix = "pass the id of the private zone, such as Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones-by-vpc).";

    it("adopts a zone id as given, known or pending", () => {
        expect(accepted({ existingHostedZoneId: "Z0123456789ABCDEFGHIJ" }).existingHostedZoneId).to.equal("Z0123456789ABCDEFGHIJ");
        expect(accepted({ existingHostedZoneId: "Z1" }).existingHostedZoneId).to.equal("Z1");
        const id = pending("Z0123456789ABCDEFGHIJ");
        expect(accepted({ existingHostedZoneId: id }).existingHostedZoneId).to.equal(id);
    });

    for (const bad of ["z0123456789ABCDEFGHIJ", "XZ0123456789", "Z0123456789-", "Z01ab", "Z", "/hostedzone/Z0123456789"]) {
        it(`refuses ${bad}`, () => {
            expect(refused({ existingHostedZoneId: bad })).to.deep.equal([p("existingHostedZoneId", `"${bad}"`, "is not a hosted zone id.", fix)]);
        });
    }

    it("refuses a number", () => {
        expect(refused({ existingHostedZoneId: 42 })).to.deep.equal([p("existingHostedZoneId", "42", "is not a hosted zone id.", fix)]);
    });
});

describe("resolveArgs: capacity", () => {
    const utilizationFix = "omit it for 80 (headroom for DNS spreading devices at random), or pass 100 to plan at the documented limit.";
    const quotaFix = "request a higher \"Interface VPC endpoints per VPC\" quota and set maxEndpointsPerVpc to it, or spread devices over more VPCs.";

    it("sizes endpoints from expectedConnections at 80% of 100,000", () => {
        expect(accepted({ expectedConnections: 160000 }).endpointCount).to.equal(2);
        expect(accepted({ expectedConnections: 160001 }).endpointCount).to.equal(3);
        const settings = accepted({ expectedConnections: 160001, targetUtilizationPercent: 100 });
        expect([settings.endpointCount, settings.targetUtilizationPercent]).to.deep.equal([2, 100]);
    });

    it("accepts a whole percent from 1 to 100", () => {
        // 1% plans 1,000 devices per endpoint: the default 80,000 would need 80 endpoints.
        const settings = accepted({ targetUtilizationPercent: 1, expectedConnections: 2000 });
        expect([settings.targetUtilizationPercent, settings.endpointCount]).to.deep.equal([1, 2]);
        expect(accepted({ targetUtilizationPercent: 100 }).targetUtilizationPercent).to.equal(100);
    });

    for (const bad of [0, 101, 50.5, "80"]) {
        it(`refuses targetUtilizationPercent ${JSON.stringify(bad)}`, () => {
            expect(refused({ targetUtilizationPercent: bad })).to.deep.equal([
                p("targetUtilizationPercent", JSON.stringify(bad), "must be a whole percent from 1 to 100.", utilizationFix),
            ]);
        });
    }

    it("judges capacity at the default 80% when targetUtilizationPercent is refused", () => {
        // 101% would carry 90,000 devices on one endpoint; 80% carries 80,000.
        expect(refused({ targetUtilizationPercent: 101, endpointCount: 1, expectedConnections: 90000 })).to.deep.equal([
            p("targetUtilizationPercent", "101", "must be a whole percent from 1 to 100.", utilizationFix),
            p("endpointCount", "1",
                "carries 80000 devices at 80000 per endpoint (80% of 100000, targetUtilizationPercent), fewer than expectedConnections = 90000.",
                "raise endpointCount to at least 2, omit it to size from expectedConnections, or set targetUtilizationPercent: 100 to plan without headroom."),
        ]);
        // 50.5% would leave one endpoint short of 60,000 devices; 80% carries them.
        expect(refused({ targetUtilizationPercent: 50.5, endpointCount: 1, expectedConnections: 60000 })).to.deep.equal([
            p("targetUtilizationPercent", "50.5", "must be a whole percent from 1 to 100.", utilizationFix),
        ]);
    });

    it("refuses too few endpoints; offers 100% only when the limit itself would carry the devices", () => {
        expect(refused({ endpointCount: 1, expectedConnections: 150000 })).to.deep.equal([
            p("endpointCount", "1",
                "carries 80000 devices at 80000 per endpoint (80% of 100000, targetUtilizationPercent), fewer than expectedConnections = 150000.",
                "raise endpointCount to at least 2, omit it to size from expectedConnections."),
        ]);
        expect(refused({ endpointCount: 1, expectedConnections: 100001, targetUtilizationPercent: 100 })).to.deep.equal([
            p("endpointCount", "1",
                "carries 100000 devices at 100000 per endpoint (100% of 100000, targetUtilizationPercent), fewer than expectedConnections = 100001.",
                "raise endpointCount to at least 2, omit it to size from expectedConnections."),
        ]);
    });

    it("accepts an endpointCount that carries the devices exactly", () => {
        const settings = accepted({ endpointCount: 2, expectedConnections: 160000 });
        expect([settings.endpointCount, settings.expectedConnections]).to.deep.equal([2, 160000]);
        expect(accepted({ endpointCount: 1, expectedConnections: 100000, targetUtilizationPercent: 100 }).endpointCount).to.equal(1);
    });

    it("judges no capacity from a refused expectedConnections", () => {
        // The default 80,000 devices would not fit one endpoint at 50%: no second, misleading problem.
        expect(refused({ expectedConnections: -5, endpointCount: 1, targetUtilizationPercent: 50 })).to.deep.equal([
            p("expectedConnections", "-5", "must be a positive finite integer (concurrent devices).", "pass the peak number of concurrently connected devices, such as 100000."),
        ]);
    });

    it("judges no quota from a refused endpointCount", () => {
        // 10,000,000 devices at 80% would need 125 endpoints, over the quota of 50.
        expect(refused({ endpointCount: 0, expectedConnections: 10000000 })).to.deep.equal([
            p("endpointCount", "0", "must be a positive finite integer.", "omit it to size from expectedConnections, or pass the number of interface endpoints, such as 2."),
        ]);
    });

    it("refuses a maxEndpointsPerVpc that is not a positive whole number", () => {
        expect(refused({ maxEndpointsPerVpc: 0 })).to.deep.equal([
            p("maxEndpointsPerVpc", "0", "must be a positive finite integer.", "omit it for the default quota of 50, or pass the quota your account was granted."),
        ]);
    });

    it("keeps endpoints within the default quota of 50 per VPC (endpointCount)", () => {
        expect(accepted({ endpointCount: 50 }).endpointCount).to.equal(50);
        expect(refused({ endpointCount: 51 })).to.deep.equal([
            p("endpointCount", "51", "needs 51 interface endpoints, more than the 50 per VPC allowed by maxEndpointsPerVpc.", quotaFix),
        ]);
        const settings = accepted({ endpointCount: 51, maxEndpointsPerVpc: 60 });
        expect([settings.endpointCount, settings.maxEndpointsPerVpc]).to.deep.equal([51, 60]);
    });

    it("keeps endpoints within the quota (sized from expectedConnections)", () => {
        expect(accepted({ expectedConnections: 4000000 }).endpointCount).to.equal(50);
        expect(refused({ expectedConnections: 4000001 })).to.deep.equal([
            p("expectedConnections", "4000001", "needs 51 interface endpoints, more than the 50 per VPC allowed by maxEndpointsPerVpc.", quotaFix),
        ]);
    });

    it("counts the credential provider's endpoint against the quota", () => {
        expect(accepted({ endpointCount: 49, credentialsProvider: {} }).credentialsProvider).to.deep.equal({ endpointCount: 1, existingHostedZoneId: undefined });
        expect(refused({ endpointCount: 50, credentialsProvider: {} })).to.deep.equal([
            p("endpointCount", "50", "needs 50 data and 1 credential provider endpoints, more than the 50 per VPC allowed by maxEndpointsPerVpc.", quotaFix),
        ]);
    });

    it("reports no record count from endpoints already refused by the quota", () => {
        // 51 endpoints x 2 subnets would also be 102 perEni records: one problem, the quota.
        expect(refused({ subnetIds: [A, B], endpointCount: 51 })).to.deep.equal([
            p("endpointCount", "51", "needs 51 interface endpoints, more than the 50 per VPC allowed by maxEndpointsPerVpc.", quotaFix),
        ]);
    });

    it("refuses a credentialsProvider that is not an object", () => {
        expect(refused({ credentialsProvider: "yes" })).to.deep.equal([
            p("credentialsProvider", "\"yes\"", "must be an object or left out.", "pass {} to opt in with one endpoint, or omit it."),
        ]);
    });

    it("refuses a credential provider endpointCount that is not a positive whole number, accepts 2", () => {
        expect(refused({ credentialsProvider: { endpointCount: 0 } })).to.deep.equal([
            p("credentialsProvider.endpointCount", "0", "must be a positive finite integer.", "omit it for one endpoint (credential requests are short-lived)."),
        ]);
        expect(accepted({ credentialsProvider: { endpointCount: 2 } }).credentialsProvider?.endpointCount).to.equal(2);
    });
});

describe("resolveArgs: endpointIps", () => {
    const ipFix = "write each as a.b.c.d, inside its subnet.";

    it("accepts one address per endpoint for every subnet, draining ones too", () => {
        const endpointIps = { [A]: ["10.0.1.10", "10.0.1.11"], [B]: ["10.0.2.10", "10.0.2.11"], [C]: ["10.0.3.10", "10.0.3.11"] };
        const settings = accepted({ subnetIds: [A, B], drainingSubnetIds: [C], endpointCount: 2, endpointIps });
        expect(settings.endpointIps).to.deep.equal(endpointIps);
    });

    it("refuses a value that is not a map", () => {
        const fix = "pass { \"subnet-...\": [\"10.0.1.10\", ...], ... }: one address per endpoint for each subnet.";
        expect(refused({ endpointIps: "10.0.1.10" })).to.deep.equal([p("endpointIps", "\"10.0.1.10\"", "must be a map of subnet id to addresses.", fix)]);
        expect(refused({ endpointIps: ["10.0.1.10"] })).to.deep.equal([p("endpointIps", "[\"10.0.1.10\"]", "must be a map of subnet id to addresses.", fix)]);
    });

    const needsPlain = p("endpointIps", "\"by subnet id\"", "needs subnetIds as plain ids, to know which addresses go in which subnet.", "pass subnetIds as a list of plain ids.");
    it("needs subnetIds as plain ids", () => {
        expect(refused({ subnetIds: pending([A]), subnetCount: 1, endpointIps: { [A]: ["10.0.1.10"] } })).to.deep.equal([needsPlain]);
        expect(refused({ subnetIds: [pending(A), B], endpointIps: { [B]: ["10.0.2.10"] } })).to.deep.equal([needsPlain]);
        expect(refused({ subnetIds: [B, pending(A)], endpointIps: { [B]: ["10.0.2.10"] } })).to.deep.equal([needsPlain]);
    });

    it("refuses addresses for a subnet the endpoints are not in", () => {
        expect(refused({ subnetIds: [A], endpointIps: { [A]: ["10.0.1.10"], [D]: ["10.0.4.10"] } })).to.deep.equal([
            p(`endpointIps.${D}`, "[\"10.0.4.10\"]", "is not a subnet of subnetIds or drainingSubnetIds.", "key the addresses by the endpoints' subnet ids."),
        ]);
    });

    it("refuses a subnet left without addresses, draining ones too", () => {
        expect(refused({ subnetIds: [A, B], drainingSubnetIds: [C], endpointIps: { [A]: ["10.0.1.10"] } })).to.deep.equal([
            p("endpointIps", `["${B}","${C}"]`, "has no addresses for these subnets; fixed addresses go on every interface or on none.",
                "add an entry for each subnet, or leave endpointIps out."),
        ]);
    });

    it("refuses a subnet with more or fewer addresses than endpoints, or not a list", () => {
        expect(refused({ subnetIds: [A, B], endpointCount: 2, endpointIps: { [A]: ["10.0.1.10"], [B]: ["10.0.2.10", "10.0.2.11"] } })).to.deep.equal([
            p(`endpointIps.${A}`, "[\"10.0.1.10\"]", "must list one address per endpoint (2).", `pass 2 addresses of ${A}, in endpoint order.`),
        ]);
        expect(refused({ subnetIds: [A], endpointIps: { [A]: "10.0.1.10" } })).to.deep.equal([
            p(`endpointIps.${A}`, "\"10.0.1.10\"", "must list one address per endpoint (1).", `pass 1 addresses of ${A}, in endpoint order.`),
        ]);
    });

    it("refuses items that are not IPv4 addresses (out of range, a number, a nested list)", () => {
        expect(refused({ subnetIds: [A], endpointCount: 3, endpointIps: { [A]: ["10.0.1.300", 42, ["10.0.1.12"]] } })).to.deep.equal([
            p(`endpointIps.${A}`, "\"10.0.1.300\"", "is not an IPv4 address.", ipFix),
            p(`endpointIps.${A}`, "42", "is not an IPv4 address.", ipFix),
            p(`endpointIps.${A}`, "[\"10.0.1.12\"]", "is not an IPv4 address.", ipFix),
        ]);
    });

    it("refuses an address given to two network interfaces", () => {
        expect(refused({ subnetIds: [A, B], endpointIps: { [A]: ["10.0.1.10"], [B]: ["10.0.1.10"] } })).to.deep.equal([
            p(`endpointIps.${B}`, "\"10.0.1.10\"", "is given to more than one network interface.", "give each endpoint its own address."),
        ]);
    });
});

describe("resolveArgs: recordLayout", () => {
    const perEniFix = "set recordLayout: \"perEndpoint\" (one record per endpoint holding all its IPs) or \"alias\" (one alias per endpoint), "
        + "or use fewer subnets or endpoints so that endpoints x subnets <= 100.";

    it("refuses an unknown layout and judges the rest with the default perEni", () => {
        expect(refused({ recordLayout: "perIp" })).to.deep.equal([p("recordLayout", "\"perIp\"", "is not a record layout.", "pick one of perEni, perEndpoint, alias.")]);
        expect(refused({ subnetIds: pending([A]), recordLayout: "perIp" }).map((x) => x.argument)).to.deep.equal(["recordLayout", "subnetIds"]);
    });

    it("defaults to perEni and keeps a given layout", () => {
        expect(accepted({}).recordLayout).to.equal("perEni");
        expect(accepted({ recordLayout: "perEndpoint" }).recordLayout).to.equal("perEndpoint");
    });

    it("keeps perEni within 100 weighted records: endpoints x subnets", () => {
        expect(accepted({ subnetIds: [A, B], endpointCount: 50 }).endpointCount).to.equal(50);
        expect(refused({ subnetIds: [A, B], endpointCount: 51, maxEndpointsPerVpc: 200 })).to.deep.equal([
            p("subnetIds", "\"51 endpoints x 2 subnets\"", "would need 102 weighted records on one name (one per network interface); Route 53 allows 100.", perEniFix),
        ]);
        expect(refused({ subnetIds: [A, B], endpointCount: 51, maxEndpointsPerVpc: 200, recordLayout: "perEni" })).to.deep.equal([
            p("recordLayout", "\"51 endpoints x 2 subnets\"", "would need 102 weighted records on one name (one per network interface); Route 53 allows 100.", perEniFix),
        ]);
    });

    it("keeps perEndpoint within 100 endpoints", () => {
        expect(accepted({ subnetIds: [A, B], endpointCount: 100, maxEndpointsPerVpc: 200, recordLayout: "perEndpoint" }).endpointCount).to.equal(100);
        expect(refused({ subnetIds: [A, B], endpointCount: 101, maxEndpointsPerVpc: 200, recordLayout: "perEndpoint" })).to.deep.equal([
            p("recordLayout", "\"perEndpoint\"", "would need 101 weighted records on one name (one per endpoint); Route 53 allows 100.",
                "spread devices over more VPCs, at most 100 endpoints (10000000 devices) each."),
        ]);
    });
});

describe("resolveArgs: who may connect, on which ports", () => {
    const portsFix = "omit it for 8883, 443, 8443, or pick from those.";
    const portFix = "pick from 8883, 443, 8443.";
    /** 31 private /24 blocks: 31 inbound rules per port; a security group holds 60. */
    const cidrs31 = Array.from({ length: 31 }, (_, i) => `10.${i}.0.0/24`);

    it("refuses allowPublicCidrs that is not a boolean; keeps true", () => {
        expect(refused({ allowPublicCidrs: "yes" })).to.deep.equal([
            p("allowPublicCidrs", "\"yes\"", "must be true or false.", "omit it (false) unless devices really connect from public address ranges."),
        ]);
        expect(accepted({ allowPublicCidrs: true }).allowPublicCidrs).to.equal(true);
        expect(accepted({ allowPublicCidrs: false }).allowPublicCidrs).to.equal(false);
    });

    it("refuses devicePorts that is empty or not a list", () => {
        expect(refused({ devicePorts: [] })).to.deep.equal([p("devicePorts", "[]", "must be a non-empty list of ports.", portsFix)]);
        expect(refused({ devicePorts: 8883 })).to.deep.equal([p("devicePorts", "8883", "must be a non-empty list of ports.", portsFix)]);
    });

    it("refuses a port devices do not use (MQTT 1883, a port as a string)", () => {
        expect(refused({ devicePorts: [8883, 1883, "443"] })).to.deep.equal([
            p("devicePorts", "1883", "is not a port devices use on the IoT data plane.", portFix),
            p("devicePorts", "\"443\"", "is not a port devices use on the IoT data plane.", portFix),
        ]);
    });

    it("refuses a port listed twice", () => {
        expect(refused({ devicePorts: [8883, 443, 8883] })).to.deep.equal([p("devicePorts", "8883", "is listed more than once.", "list each port once.")]);
    });

    it("keeps the given ports", () => {
        expect(accepted({ devicePorts: [443] }).devicePorts).to.deep.equal([443]);
    });

    it("counts security group rules with the valid ports only", () => {
        // 31 CIDRs x 1 valid port = 31 rules; counting 1883 too would make 62, over 60.
        expect(refused({ devicePorts: [8883, 1883], allowedCidrs: cidrs31 })).to.deep.equal([
            p("devicePorts", "1883", "is not a port devices use on the IoT data plane.", portFix),
        ]);
        expect(accepted({ devicePorts: [8883], allowedCidrs: cidrs31 }).allowedCidrs).to.deep.equal(cidrs31);
    });

    it("refuses allowedCidrs that is empty or not a list", () => {
        expect(refused({ allowedCidrs: [] })).to.deep.equal([
            p("allowedCidrs", "[]", "is empty, so no device could connect.", "omit it to allow the VPC's CIDR blocks, or list the device networks."),
        ]);
        expect(refused({ allowedCidrs: "10.0.0.0/16" })).to.deep.equal([
            p("allowedCidrs", "\"10.0.0.0/16\"", "must be a list.", "pass a list of IPv4 CIDR blocks, such as [\"10.0.0.0/16\"]."),
        ]);
    });

    it("judges the known items of a list with a pending one, each on its own", () => {
        expect(refused({ allowedCidrs: [pending("10.1.0.0/16"), "10.0.0.1/16", "0.0.0.0/0"] })).to.deep.equal([
            p("allowedCidrs", "\"10.0.0.1/16\"", "is not an IPv4 CIDR block with its host bits clear.",
                "write it as a.b.c.d/n, such as 10.0.0.0/16 (VPC endpoints for IoT Core are IPv4 only)."),
            p("allowedCidrs", "\"0.0.0.0/0\"", "would let the whole internet reach the endpoints.",
                "list the device networks (VPC, VPN or Direct Connect ranges); never 0.0.0.0/0."),
        ]);
    });

    it("refuses public ranges in a fully known list unless allowPublicCidrs is set", () => {
        expect(refused({ allowedCidrs: ["10.0.0.0/16", "8.8.8.0/24"] })).to.deep.equal([
            p("allowedCidrs", "[\"8.8.8.0/24\"]", "admit public address space; devices reach interface endpoints from private networks (RFC 1918 or 100.64.0.0/10).",
                "list the private device networks, or set allowPublicCidrs: true if devices really connect from these public ranges."),
        ]);
        expect(accepted({ allowedCidrs: ["10.0.0.0/16", "8.8.8.0/24"], allowPublicCidrs: true }).allowedCidrs).to.deep.equal(["10.0.0.0/16", "8.8.8.0/24"]);
    });

    it("refuses an item that is not a string, by position", () => {
        expect(refused({ allowedCidrs: [42, "10.0.0.0/16"] })).to.deep.equal([
            p("allowedCidrs[0]", "42", "is not an IPv4 CIDR block.", "write each as a string a.b.c.d/n, such as 10.0.0.0/16."),
        ]);
    });

    it("keeps allowedCidrs as given: a list with pending items, or a pending list", () => {
        const mixed = [pending("10.1.0.0/16"), "10.0.0.0/16"];
        expect(accepted({ allowedCidrs: mixed }).allowedCidrs).to.equal(mixed);
        const whole = pending(["10.0.0.0/16"]);
        expect(accepted({ allowedCidrs: whole }).allowedCidrs).to.equal(whole);
    });
});

describe("resolveArgs: ttl", () => {
    const fix = "omit it for 60 seconds, or pass a short TTL such as 30.";
    it("accepts 0 and 2147483647 seconds, defaults to 60", () => {
        expect(accepted({ ttl: 0 }).ttl).to.equal(0);
        expect(accepted({ ttl: 2147483647 }).ttl).to.equal(2147483647);
        expect(accepted({ ttl: 30 }).ttl).to.equal(30);
        expect(accepted({}).ttl).to.equal(60);
    });

    for (const bad of [-1, 2147483648, 1.5, "60"]) {
        it(`refuses ${JSON.stringify(bad)}`, () => {
            expect(refused({ ttl: bad })).to.deep.equal([p("ttl", JSON.stringify(bad), "must be a whole number of seconds from 0 to 2147483647.", fix)]);
        });
    }
});

describe("resolveArgs: mqttKeepAliveSeconds", () => {
    it("accepts 1 to 230 seconds, defaults to 230", () => {
        expect(accepted({ mqttKeepAliveSeconds: 230 }).mqttKeepAliveSeconds).to.equal(230);
        expect(accepted({ mqttKeepAliveSeconds: 1 }).mqttKeepAliveSeconds).to.equal(1);
        expect(accepted({}).mqttKeepAliveSeconds).to.equal(230);
    });

    it("refuses 231 s: the endpoint would cut it to 230 s", () => {
        expect(refused({ mqttKeepAliveSeconds: 231 })).to.deep.equal([
            p("mqttKeepAliveSeconds", "231", "exceeds the 230 s limit of VPC endpoints: the endpoint would cut it to 230 s.", "pass 230 or less so devices and the broker agree."),
        ]);
    });

    for (const bad of [0, -1, 1.5, "60"]) {
        it(`refuses ${JSON.stringify(bad)}`, () => {
            expect(refused({ mqttKeepAliveSeconds: bad })).to.deep.equal([
                p("mqttKeepAliveSeconds", JSON.stringify(bad), "must be a positive whole number of seconds.", "pass at most 230."),
            ]);
        });
    }
});

describe("resolveArgs: allowChinaRegions", () => {
    it("refuses a value that is not a boolean; keeps true", () => {
        expect(refused({ allowChinaRegions: "yes" })).to.deep.equal([
            p("allowChinaRegions", "\"yes\"", "must be true or false.", "omit it (false) unless you rely on newer AWS documentation for China."),
        ]);
        expect(accepted({ allowChinaRegions: true }).allowChinaRegions).to.equal(true);
    });
});
