/**
 * The feature arguments judged when the program runs (custom domains, the credential provider, the
 * inbound resolver, hub-and-spoke VPCs, capacity alarms, the dashboard, tags, the device policy) and the
 * facts judged at deploy time (subnets, allowed CIDRs, the VPC's DNS, endpoint names, the resolver). Pure
 * calls with literal inputs: each refusal is asserted in full (argument, value, problem, fix: what the
 * user reads), each acceptance by the settings the component is built from.
 */
import { expect } from "chai";

import { Problem } from "../components/problems";
import {
    DeployFacts,
    SubnetFacts,
    cidrSetProblems,
    deployWarnings,
    regionProblems,
    tagProblems,
    validateDeployFacts,
} from "../components/validation";
import { p, pending, verdictsOn } from "./support/validation";

const VPC = "vpc-0123456789abcdef0";
const SPOKE = "vpc-1123456789abcdef0";
const S = [
    "subnet-0123456789abcdef0", "subnet-1123456789abcdef0", "subnet-2123456789abcdef0", "subnet-3123456789abcdef0",
    "subnet-4123456789abcdef0", "subnet-5123456789abcdef0", "subnet-6123456789abcdef0",
];
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7";
const VALIDATION_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809";
const ROLE = "arn:aws:iam::210987654321:role/iot-dns";
const ATS = "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com";
const CREDENTIALS = "c2abcdefghijkl.credentials.iot.us-east-1.amazonaws.com";

/** Verdicts for arguments on top of a valid VPC and two subnets. */
const { refused, accepted } = verdictsOn({ vpcId: VPC, subnetIds: [S[0], S[1]] });

describe("validation features: custom domains", () => {
    const notDns = (value: string) => p("customDomains[0].domainName", value, "is not a DNS name.", "pass the domain devices connect to, such as devices.example.com.");
    const awsName = (i: number, value: string) => p(`customDomains[${i}].domainName`, value, "is an AWS name, not a custom domain.",
        "pass your own domain; the ATS endpoint's zone is created anyway.");

    it("refuses an entry that is not an object", () => {
        expect(refused({ customDomains: [null] })).to.deep.equal([
            p("customDomains[0]", "null", "must be an object with a domainName.",
                "pass { domainName, serverCertificateArns } or { domainName, existingDomainConfigurationName }."),
        ]);
    });

    it("refuses a domain name that is not a string, or not a DNS name", () => {
        expect(refused({ customDomains: [{ domainName: 42, serverCertificateArns: [CERT] }] })).to.deep.equal([notDns("42")]);
        expect(refused({ customDomains: [{ domainName: "devices_example.com", serverCertificateArns: [CERT] }] }))
            .to.deep.equal([notDns("\"devices_example.com\"")]);
    });

    it("refuses AWS names: the IoT endpoint, and any name under amazonaws.com or amazonaws.com.cn", () => {
        const domains = [ATS, "s3.amazonaws.com", "example.amazonaws.com.cn."].map((domainName) => ({ domainName, serverCertificateArns: [CERT] }));
        expect(refused({ customDomains: domains })).to.deep.equal([
            awsName(0, JSON.stringify(ATS)), awsName(1, "\"s3.amazonaws.com\""), awsName(2, "\"example.amazonaws.com.cn.\""),
        ]);
    });

    it("accepts an own domain that merely contains amazonaws.com", () => {
        const s = accepted({ customDomains: [{ domainName: "amazonaws.com.example.com", serverCertificateArns: [CERT] }] });
        expect(s.customDomains.map((d) => d.domainName)).to.deep.equal(["amazonaws.com.example.com"]);
    });

    it("refuses a domain listed twice, whatever its case and trailing dot", () => {
        const domains = ["devices.example.com", "Devices.Example.com."].map((domainName) => ({ domainName, serverCertificateArns: [CERT] }));
        expect(refused({ customDomains: domains })).to.deep.equal([
            p("customDomains[1].domainName", "\"Devices.Example.com.\"", "is listed more than once.", "list each custom domain once."),
        ]);
    });

    it("refuses two domains whose resource names would collide (they differ only in dots and hyphens)", () => {
        const domains = ["devices.example.com", "devices-example.com"].map((domainName) => ({ domainName, serverCertificateArns: [CERT] }));
        expect(refused({ customDomains: domains })).to.deep.equal([
            p("customDomains[1].domainName", "\"devices-example.com\"", "would name its resources like devices.example.com (devices-example-com).",
                "custom domains whose names differ only in dots and hyphens cannot share a component; use two components."),
        ]);
    });

    it("refuses server certificates that are not a list, an empty list, or items that are not ARNs", () => {
        expect(refused({ customDomains: [{ domainName: "devices.example.com", serverCertificateArns: CERT }] })).to.deep.equal([
            p("customDomains[0].serverCertificateArns", JSON.stringify(CERT), "must be a list.", "pass a list of ACM certificate ARNs."),
            p("customDomains[0]", "\"devices.example.com\"", "needs exactly one of serverCertificateArns (a new domain configuration) or existingDomainConfigurationName.",
                "pass the ACM certificate ARNs for the domain, or the name of the aws.iot.DomainConfiguration that already serves it."),
        ]);
        expect(refused({ customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [] }] })).to.deep.equal([
            p("customDomains[0].serverCertificateArns", "[]", "is empty; a domain configuration needs a server certificate.",
                "pass the ACM certificate ARN of the domain's certificate."),
        ]);
        expect(refused({ customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [42] }] })).to.deep.equal([
            p("customDomains[0].serverCertificateArns[0]", "42", "is not an ACM certificate ARN.", "pass ARNs such as arn:aws:acm:us-east-1:123456789012:certificate/..."),
        ]);
    });

    it("refuses a validation certificate, domain configuration name or hosted zone id of the wrong kind", () => {
        expect(refused({ customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [CERT], validationCertificateArn: 42 }] })).to.deep.equal([
            p("customDomains[0].validationCertificateArn", "42", "is not an ACM certificate ARN.", "pass an ARN string, or omit it."),
        ]);
        expect(refused({ customDomains: [{ domainName: "devices.example.com", existingDomainConfigurationName: 42 }] })).to.deep.equal([
            p("customDomains[0].existingDomainConfigurationName", "42", "is not a domain configuration name.",
                "pass the name of the aws.iot.DomainConfiguration that serves the domain."),
        ]);
        expect(refused({ customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [CERT], existingHostedZoneId: "zone-1" }] })).to.deep.equal([
            p("customDomains[0].existingHostedZoneId", "\"zone-1\"", "is not a hosted zone id.",
                "pass the id of the private zone, such as Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones-by-vpc)."),
        ]);
    });

    it("resolves new and adopted domain configurations as given", () => {
        const s = accepted({
            customDomains: [
                { domainName: "devices.example.com", serverCertificateArns: [CERT], validationCertificateArn: VALIDATION_CERT },
                { domainName: "fleet.example.com", existingDomainConfigurationName: "fleet-domain", existingHostedZoneId: "Z0123456789ABCDEFGHIJ" },
            ],
        });
        expect(s.customDomains).to.deep.equal([
            { domainName: "devices.example.com", existingHostedZoneId: undefined, serverCertificateArns: [CERT], validationCertificateArn: VALIDATION_CERT,
                existingDomainConfigurationName: undefined },
            { domainName: "fleet.example.com", existingHostedZoneId: "Z0123456789ABCDEFGHIJ", serverCertificateArns: undefined, validationCertificateArn: undefined,
                existingDomainConfigurationName: "fleet-domain" },
        ]);
    });

    it("accepts a validation certificate not known yet, and keeps it for deploy time", () => {
        const validation = pending(VALIDATION_CERT);
        const s = accepted({ customDomains: [{ domainName: "devices.example.com", serverCertificateArns: [CERT], validationCertificateArn: validation }] });
        expect(s.customDomains[0].validationCertificateArn).to.equal(validation);
    });
});

describe("validation features: credential provider and defaults in the settings", () => {
    it("resolves credentialsProvider: {} to one endpoint", () => {
        expect(accepted({ credentialsProvider: {} }).credentialsProvider).to.deep.equal({ endpointCount: 1, existingHostedZoneId: undefined });
        expect(accepted({ credentialsProvider: { endpointCount: 2, existingHostedZoneId: "Z0123456789ABCDEFGHIJ" } }).credentialsProvider)
            .to.deep.equal({ endpointCount: 2, existingHostedZoneId: "Z0123456789ABCDEFGHIJ" });
        expect(accepted({}).credentialsProvider).to.equal(undefined);
    });

    it("refuses a credential provider zone id that is not one, and hands out no settings with it", () => {
        const problems = refused({ credentialsProvider: { existingHostedZoneId: "bad" } }); // refused() also requires no settings
        expect(problems.map((x) => [x.argument, x.value])).to.deep.equal([["credentialsProvider.existingHostedZoneId", '"bad"']]);
    });

    it("plans for the 230 s keep-alive limit when mqttKeepAliveSeconds is omitted", () => {
        expect(accepted({}).mqttKeepAliveSeconds).to.equal(230);
        expect(accepted({ mqttKeepAliveSeconds: 60 }).mqttKeepAliveSeconds).to.equal(60);
    });
});

describe("validation features: inbound resolver", () => {
    const countProblem = (value: string, count: number) => p("inboundResolver.subnetIds", value,
        `has ${count} subnets; a Route 53 Resolver endpoint takes one to six (two addresses at least; two Availability Zones recommended).`,
        "pass one to six subnets of the VPC, in different Availability Zones.");
    const notSubnet = (i: number, value: string) => p(`inboundResolver.subnetIds[${i}]`, value, "is not a subnet id.", "pass subnet ids such as subnet-0123456789abcdef0.");

    it("takes one to six subnets: 1 and 6 are accepted, 0 and 7 refused", () => {
        expect(accepted({ inboundResolver: { subnetIds: [S[0]], ipAddresses: ["10.20.0.10", "10.20.0.11"] } }).inboundResolver)
            .to.deep.equal({ subnetIds: [S[0]], allowedCidrs: undefined, ipAddresses: ["10.20.0.10", "10.20.0.11"] });
        expect(accepted({ inboundResolver: { subnetIds: S.slice(0, 6) } }).inboundResolver!.subnetIds).to.deep.equal(S.slice(0, 6));
        expect(refused({ inboundResolver: { subnetIds: [] } })).to.deep.equal([countProblem("[]", 0)]);
        expect(refused({ inboundResolver: { subnetIds: S } })).to.deep.equal([countProblem(JSON.stringify(S), 7)]);
    });

    it("needs the two addresses of a one-subnet resolver pinned: the provider would merge two entries of one subnet without an address", () => {
        expect(refused({ inboundResolver: { subnetIds: [S[0]] } })).to.deep.equal([p("inboundResolver.subnetIds", `["${S[0]}"]`,
            "is one subnet without inboundResolver.ipAddresses: the resolver needs two addresses, and the AWS provider merges two entries of one subnet " +
                "without an address into one (terraform-provider-aws #28233), so Route 53 Resolver would refuse the endpoint.",
            "pass inboundResolver.ipAddresses with two free addresses of that subnet, or a second subnet in another Availability Zone (as AWS recommends).")]);
        // the default: the first two of subnetIds, here only one
        expect(refused({ subnetIds: [S[0]], inboundResolver: {} })).to.deep.equal([p("inboundResolver.subnetIds", `["${S[0]}"]`,
            "is one subnet without inboundResolver.ipAddresses: the resolver needs two addresses, and the AWS provider merges two entries of one subnet " +
                "without an address into one (terraform-provider-aws #28233), so Route 53 Resolver would refuse the endpoint.",
            "pass inboundResolver.ipAddresses with two free addresses of that subnet, or a second subnet in another Availability Zone (as AWS recommends).")]);
    });

    it("names each item that is not a subnet id, and shows the list as given", () => {
        const given = [...S.slice(0, 6), 42];
        expect(refused({ inboundResolver: { subnetIds: given } })).to.deep.equal([
            notSubnet(6, "42"),
            countProblem(`[${S.slice(0, 6).map((s) => `"${s}"`).join(",")},42]`, 7),
        ]);
        // two wrong items are two problems, not a repeated subnet
        expect(refused({ inboundResolver: { subnetIds: [42, 43] } })).to.deep.equal([notSubnet(0, "42"), notSubnet(1, "43")]);
    });

    it("refuses a subnet listed twice", () => {
        expect(refused({ inboundResolver: { subnetIds: [S[0], S[0], 42] } })).to.deep.equal([
            notSubnet(2, "42"),
            p("inboundResolver.subnetIds", `["${S[0]}","${S[0]}",42]`, "lists a subnet more than once.", "list each subnet once."),
        ]);
    });

    it("without subnetIds, takes the component's first two subnets", () => {
        // a repeat among the first two: the resolver would get the same subnet twice
        expect(refused({ subnetIds: [S[0], S[0]], inboundResolver: {} })).to.deep.equal([
            p("subnetIds", `"${S[0]}"`, "is listed more than once.", "list each subnet once; an endpoint has one network interface per subnet."),
            p("inboundResolver.subnetIds", `["${S[0]}","${S[0]}"]`, "lists a subnet more than once.", "list each subnet once."),
        ]);
        // a repeat further down is not the resolver's
        expect(refused({ subnetIds: [S[0], S[1], S[2], S[2]], inboundResolver: {} })).to.deep.equal([
            p("subnetIds", `"${S[2]}"`, "is listed more than once.", "list each subnet once; an endpoint has one network interface per subnet."),
        ]);
        expect(accepted({ subnetIds: [S[0], S[1], S[2]], inboundResolver: {} }).inboundResolver)
            .to.deep.equal({ subnetIds: undefined, allowedCidrs: undefined, ipAddresses: undefined });
    });

    it("refuses addresses that are not a list, or list an address twice", () => {
        expect(refused({ inboundResolver: { ipAddresses: "10.20.0.10" } })).to.deep.equal([
            p("inboundResolver.ipAddresses", "\"10.20.0.10\"", "must be a list.", "pass a list of IPv4 addresses, one per resolver address."),
        ]);
        expect(refused({ inboundResolver: { ipAddresses: ["10.20.0.10", "10.20.0.10"] } })).to.deep.equal([
            p("inboundResolver.ipAddresses", "[\"10.20.0.10\",\"10.20.0.10\"]", "lists an address more than once.", "give each resolver address its own IP."),
        ]);
    });

    it("refuses a resolver address that an endpoint already has (InvalidIPAddress.InUse)", () => {
        expect(refused({
            endpointIps: { [S[0]]: ["10.20.0.10"], [S[1]]: ["10.20.16.10"] },
            inboundResolver: { ipAddresses: ["10.20.0.10", "10.20.16.11"] },
        })).to.deep.equal([
            p("inboundResolver.ipAddresses", "\"10.20.0.10\"",
                `is also endpointIps.${S[0]}'s address for an endpoint; EC2 gives an address to one network interface (InvalidIPAddress.InUse).`,
                "pick resolver addresses that no endpoint uses."),
        ]);
    });

    it("needs two addresses in one subnet, and one per subnet otherwise", () => {
        expect(refused({ subnetIds: [S[0]], inboundResolver: { ipAddresses: ["10.20.0.10"] } })).to.deep.equal([
            p("inboundResolver.ipAddresses", "[\"10.20.0.10\"]", "has 1 addresses; the resolver has 2 (one per subnet, two when there is one subnet).",
                "pass 2 addresses, in the order of the resolver's subnets."),
        ]);
        expect(accepted({ subnetIds: [S[0]], inboundResolver: { ipAddresses: ["10.20.0.10", "10.20.0.11"] } }).inboundResolver)
            .to.deep.equal({ subnetIds: undefined, allowedCidrs: undefined, ipAddresses: ["10.20.0.10", "10.20.0.11"] });
        const three = { subnetIds: [S[0], S[1], S[2]] };
        expect(accepted({ inboundResolver: { ...three, ipAddresses: ["10.20.0.10", "10.20.16.10", "10.20.32.10"] } }).inboundResolver!.ipAddresses)
            .to.deep.equal(["10.20.0.10", "10.20.16.10", "10.20.32.10"]);
        expect(refused({ inboundResolver: { ...three, ipAddresses: ["10.20.0.10", "10.20.16.10"] } })).to.deep.equal([
            p("inboundResolver.ipAddresses", "[\"10.20.0.10\",\"10.20.16.10\"]", "has 2 addresses; the resolver has 3 (one per subnet, two when there is one subnet).",
                "pass 3 addresses, in the order of the resolver's subnets."),
        ]);
    });

    it("leaves the address count to deploy time when the subnets are not known yet", () => {
        const s = accepted({ subnetIds: pending([S[0], S[1], S[2]]), recordLayout: "perEndpoint", inboundResolver: { ipAddresses: ["10.20.0.10", "10.20.16.10"] } });
        expect(s.inboundResolver!.ipAddresses).to.deep.equal(["10.20.0.10", "10.20.16.10"]);
        const pendingList = pending([S[0]]);
        const t = accepted({ inboundResolver: { subnetIds: pendingList, ipAddresses: ["10.20.0.10"] } });
        expect(t.inboundResolver!.subnetIds).to.equal(pendingList);
    });
});

describe("validation features: additional VPCs (hub and spoke)", () => {
    const notVpc = (value: string) => p("additionalVpcs[0].vpcId", value, "is not a VPC id.", "pass the spoke VPC's id, such as vpc-0123456789abcdef0.");
    const notRegion = (value: string) => p("additionalVpcs[0].region", value, "is not an AWS region code.",
        "pass the spoke VPC's region, such as eu-west-1, or omit it for the component's.");
    const notRole = (value: string) => p("additionalVpcs[0].roleArn", value, "is not an IAM role ARN.",
        "pass the ARN of a role in the spoke VPC's account, such as arn:aws:iam::210987654321:role/iot-dns, or omit it for the same account.");

    it("refuses a value that is not a list, and entries that are not objects", () => {
        expect(refused({ additionalVpcs: SPOKE })).to.deep.equal([
            p("additionalVpcs", JSON.stringify(SPOKE), "must be a list.", "pass a list such as [{ vpcId: \"vpc-0123456789abcdef0\" }]."),
        ]);
        expect(refused({ additionalVpcs: [null] })).to.deep.equal([
            p("additionalVpcs[0]", "null", "must be an object with a vpcId.", "pass { vpcId, region?, roleArn? }."),
        ]);
    });

    it("refuses a vpcId that is not a VPC id", () => {
        expect(refused({ additionalVpcs: [{ vpcId: "vpc-123" }] })).to.deep.equal([notVpc("\"vpc-123\"")]);
        expect(refused({ additionalVpcs: [{ vpcId: 42 }] })).to.deep.equal([notVpc("42")]);
    });

    it("refuses the endpoints' own VPC, and a spoke listed twice", () => {
        expect(refused({ additionalVpcs: [{ vpcId: VPC }] })).to.deep.equal([
            p("additionalVpcs[0].vpcId", JSON.stringify(VPC), "is the endpoints' own VPC, which every zone is attached to already.", "list each spoke VPC once, and not vpcId."),
        ]);
        expect(refused({ additionalVpcs: [{ vpcId: SPOKE }, { vpcId: SPOKE }] })).to.deep.equal([
            p("additionalVpcs[1].vpcId", JSON.stringify(SPOKE), "is listed more than once.", "list each spoke VPC once, and not vpcId."),
        ]);
    });

    it("refuses a region that is not a region code", () => {
        for (const [region, shown] of [["EU-WEST-1", "\"EU-WEST-1\""], [["eu-west-1"], "[\"eu-west-1\"]"], [42, "42"],
            [" eu-west-1", "\" eu-west-1\""], ["eu-west-1a", "\"eu-west-1a\""]] as const) {
            expect(refused({ additionalVpcs: [{ vpcId: SPOKE, region }] }), String(region)).to.deep.equal([notRegion(shown)]);
        }
    });

    it("refuses a role that is not an IAM role ARN, including pasted whitespace", () => {
        for (const [roleArn, shown] of [
            ["arn:aws:iam::21098765432:role/iot-dns", "\"arn:aws:iam::21098765432:role/iot-dns\""],
            [` ${ROLE}`, `" ${ROLE}"`],
            [`${ROLE}\n`, `"${ROLE}\\n"`],
            [42, "42"],
        ] as const) {
            expect(refused({ additionalVpcs: [{ vpcId: SPOKE, roleArn }] }), String(roleArn)).to.deep.equal([notRole(shown)]);
        }
    });

    it("accepts several spokes", () => {
        const s = accepted({ additionalVpcs: [{ vpcId: SPOKE }, { vpcId: "vpc-2123456789abcdef0", region: "eu-west-1" }] });
        expect(s.additionalVpcs.map((v) => v.key)).to.deep.equal([SPOKE, "vpc-2123456789abcdef0"]);
    });

    it("resolves spokes with their region and role; one not known yet is keyed by position", () => {
        const pendingVpc = pending("vpc-2123456789abcdef0");
        const pendingRole = pending(ROLE);
        const s = accepted({
            additionalVpcs: [
                { vpcId: SPOKE, region: "us-gov-west-1", roleArn: "arn:aws-us-gov:iam::210987654321:role/iot-dns" },
                { vpcId: pendingVpc, roleArn: pendingRole },
            ],
        });
        expect(s.additionalVpcs[0]).to.deep.equal({ key: SPOKE, vpcId: SPOKE, region: "us-gov-west-1", roleArn: "arn:aws-us-gov:iam::210987654321:role/iot-dns" });
        expect(s.additionalVpcs[1].key).to.equal("vpc2");
        expect(s.additionalVpcs[1].vpcId).to.equal(pendingVpc);
        expect(s.additionalVpcs[1].roleArn).to.equal(pendingRole);
        expect(s.additionalVpcs[1].region).to.equal(undefined);
    });
});

describe("validation features: capacity alarms and the dashboard", () => {
    const badThreshold = (value: string) => p("capacityAlarms.thresholdPercent", value, "must be a percentage above 0 and at most 100.",
        "pass the share of 100,000 connections at which to alarm, such as 90, or omit it for halfway between targetUtilizationPercent and 100.");

    it("takes a threshold above 0 and at most 100", () => {
        for (const [thresholdPercent, shown] of [[0, "0"], [-5, "-5"], [100.5, "100.5"], ["90", "\"90\""]] as const) {
            expect(refused({ capacityAlarms: { thresholdPercent } }), String(thresholdPercent)).to.deep.equal([badThreshold(shown)]);
        }
        for (const thresholdPercent of [0.5, 95, 100]) {
            expect(accepted({ capacityAlarms: { thresholdPercent } }).capacityAlarms!.thresholdPercent).to.equal(thresholdPercent);
        }
    });

    it("refuses a zero evaluation count and an alarm action that is not an ARN", () => {
        expect(refused({ capacityAlarms: { evaluationPeriods: 0 } })).to.deep.equal([
            p("capacityAlarms.evaluationPeriods", "0", "must be a positive whole number.", "omit it for 3."),
        ]);
        expect(refused({ capacityAlarms: { alarmActions: [42] } })).to.deep.equal([
            p("capacityAlarms.alarmActions[0]", "42", "is not an ARN.", "pass ARNs such as arn:aws:sns:us-east-1:123456789012:oncall."),
        ]);
    });

    it("alarms halfway between the planned utilization and the limit by default", () => {
        expect(accepted({ capacityAlarms: {} }).capacityAlarms).to.deep.equal({ thresholdPercent: 90, periodSeconds: 300, evaluationPeriods: 3, alarmActions: [] });
        expect(accepted({ targetUtilizationPercent: 60, capacityAlarms: { alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"] } }).capacityAlarms)
            .to.deep.equal({ thresholdPercent: 80, periodSeconds: 300, evaluationPeriods: 3, alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"] });
    });

    it("refuses a dashboard flag that is not a boolean", () => {
        expect(refused({ dashboard: "yes" })).to.deep.equal([
            p("dashboard", "\"yes\"", "must be true or false.", "pass true to create the CloudWatch dashboard, or omit it."),
        ]);
        expect(accepted({ dashboard: true }).dashboard).to.equal(true);
        expect(accepted({}).dashboard).to.equal(false);
    });
});

describe("validation features: tags", () => {
    it("refuses tags that are not a map, and judges each key of a map", () => {
        expect(refused({ tags: "team=iot" })).to.deep.equal([
            p("tags", "\"team=iot\"", "must be a map of tag keys to values.", "pass an object such as { team: \"iot-platform\" }."),
        ]);
        expect(refused({ tags: { "aws:team": "iot" } })).to.deep.equal([
            p("tags", "\"aws:team\"", "starts with the prefix aws: that AWS reserves for its own tags.", "use another key."),
        ]);
        const pendingTags = pending({ team: "iot" });
        expect(accepted({ tags: pendingTags }).tags).to.equal(pendingTags);
    });

    it("allows 48 tags: AWS allows 50 per resource and the component sets Name and iotvpc:owner", () => {
        const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
        expect(tagProblems(tags(48))).to.deep.equal([]);
        expect(tagProblems(tags(49))).to.deep.equal([
            p("tags", "49 tags", "leave no room for the component's own Name and iotvpc:owner tags: AWS allows 50 tags per resource.", "pass at most 48 tags."),
        ]);
    });

    it("allows keys of 1 to 128 characters and values of up to 256", () => {
        expect(tagProblems({ ["k".repeat(128)]: "v".repeat(256) })).to.deep.equal([]);
        expect(tagProblems({ ["k".repeat(129)]: "v" })).to.deep.equal([
            p("tags", `"${"k".repeat(129)}"`, "is a tag key of 129 characters; AWS allows 1 to 128.", "use a shorter, non-empty key."),
        ]);
        expect(tagProblems({ team: "v".repeat(257) })).to.deep.equal([
            p("tags.team", "257 characters", "is longer than the 256 characters AWS allows for a tag value.", "shorten it."),
        ]);
    });

    it("judges values that are not strings, but leaves values not known yet for deploy time", () => {
        expect(tagProblems({ team: pending("iot") })).to.deep.equal([]);
        expect(tagProblems({ team: 42 })).to.deep.equal([p("tags.team", "42", "is not a string.", "pass tag values as strings.")]);
    });
});

describe("validation features: device policy", () => {
    it("refuses an unknown restriction", () => {
        expect(refused({ devicePolicy: { restrictTo: "account" } })).to.deep.equal([
            p("devicePolicy.restrictTo", "\"account\"", "is not a restriction.", "pick endpoints or vpc."),
        ]);
    });

    it("allows an endpoint-restricted policy of exactly 2048 characters, and refuses one endpoint more", () => {
        // Each endpoint id adds 25 characters ("vpce-0123456789abcdef0",); a 16-character topic brings 66 ids to 2048.
        const args = { subnetIds: [S[0]], maxEndpointsPerVpc: 100, devicePolicy: { topics: ["sensors/readings"] } };
        expect(accepted({ ...args, endpointCount: 66 }).devicePolicy).to.deep.equal({ actions: ["publish"], topics: ["sensors/readings"], restrictTo: "endpoints" });
        expect(refused({ ...args, endpointCount: 67 })).to.deep.equal([
            p("devicePolicy.restrictTo", "\"endpoints\"",
                "make a 2073-character policy; AWS IoT allows 2048 (not counting whitespace), about 65 endpoint ids, and the component has 67.",
                "set devicePolicy.restrictTo: \"vpc\" (one VPC id), or use fewer endpoints."),
        ]);
        expect(accepted({ ...args, endpointCount: 67, devicePolicy: { topics: ["sensors/readings"], restrictTo: "vpc" } }).devicePolicy!.restrictTo).to.equal("vpc");
    });
});

describe("validation features: CIDR sets and regions", () => {
    it("refuses an item that is not a string", () => {
        expect(cidrSetProblems("allowedCidrs", [42], false, 3)).to.deep.equal([
            p("allowedCidrs", "42", "is not an IPv4 CIDR block.", "write each as a string a.b.c.d/n, such as 10.0.0.0/16."),
        ]);
    });

    it("refuses the whole internet split in halves, naming the halves only", () => {
        expect(cidrSetProblems("allowedCidrs", ["0.0.0.0/1", "128.0.0.0/1", "10.0.0.1/8"], false, 3)).to.deep.equal([
            p("allowedCidrs", "\"10.0.0.1/8\"", "is not an IPv4 CIDR block with its host bits clear.",
                "write it as a.b.c.d/n, such as 10.0.0.0/16 (VPC endpoints for IoT Core are IPv4 only)."),
            p("allowedCidrs", "[\"0.0.0.0/1\",\"128.0.0.0/1\"]", "together admit every public IPv4 address: the whole internet could reach the endpoints.",
                "list the device networks (VPC, VPN or Direct Connect ranges); the whole internet is never allowed, however it is split."),
        ]);
    });

    it("reports 0.0.0.0/0 once, not again as public space", () => {
        expect(cidrSetProblems("allowedCidrs", ["0.0.0.0/0", "203.0.113.0/24"], false, 3)).to.deep.equal([
            p("allowedCidrs", "\"0.0.0.0/0\"", "would let the whole internet reach the endpoints.", "list the device networks (VPC, VPN or Direct Connect ranges); never 0.0.0.0/0."),
        ]);
    });

    it("names the public blocks of a set, and takes them with the opt-in", () => {
        expect(cidrSetProblems("allowedCidrs", ["10.0.0.0/8", "203.0.113.0/24"], false, 3)).to.deep.equal([publicSpace("allowedCidrs", "[\"203.0.113.0/24\"]")]);
        expect(cidrSetProblems("allowedCidrs", ["10.0.0.0/8", "203.0.113.0/24"], true, 3)).to.deep.equal([]);
    });

    it("counts inbound rules as CIDRs x ports against the 60 of a security group", () => {
        const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${i}.0/24`);
        expect(cidrSetProblems("allowedCidrs", cidrs(20), false, 3)).to.deep.equal([]);
        expect(cidrSetProblems("allowedCidrs", cidrs(21), false, 3)).to.deep.equal([
            p("allowedCidrs", "21 CIDR blocks x 3 ports", "would need 63 inbound rules; a security group holds 60 by default.",
                "summarise the device networks into at most 20 CIDR blocks (or use a managed prefix list)."),
        ]);
    });

    it("refuses the credential provider in GovCloud and China only when it is asked for", () => {
        expect(regionProblems("us-gov-west-1", false)).to.deep.equal([]);
        expect(regionProblems("cn-north-1", true)).to.deep.equal([]);
        expect(regionProblems("us-gov-west-1", false, true)).to.deep.equal([
            p("credentialsProvider", "\"us-gov-west-1\"", "the credential provider endpoint (iot.credentials) is not offered through VPC endpoints in China or GovCloud regions.",
                "drop credentialsProvider for this region; devices there get credentials through the public endpoint."),
        ]);
        expect(regionProblems("cn-north-1", true, true)).to.deep.equal([
            p("credentialsProvider", "\"cn-north-1\"", "the credential provider endpoint (iot.credentials) is not offered through VPC endpoints in China or GovCloud regions.",
                "drop credentialsProvider for this region; devices there get credentials through the public endpoint."),
        ]);
    });
});

describe("validation features: deploy-time facts", () => {
    const subnet = (i: number, availabilityZone: string, cidrBlock: string, vpcId = VPC): SubnetFacts => ({ id: S[i], availabilityZone, vpcId, cidrBlock });
    const A = subnet(0, "us-east-1a", "10.20.0.0/20");
    const B = subnet(1, "us-east-1b", "10.20.16.0/20");
    const C = subnet(2, "us-east-1c", "10.20.32.0/20");
    function facts(overrides: Partial<DeployFacts> = {}): DeployFacts {
        return {
            region: "us-east-1",
            vpcId: VPC,
            services: [{ serviceName: "com.amazonaws.us-east-1.iot.data", availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"] }],
            subnets: [A, B],
            allowedCidrs: ["10.20.0.0/16"],
            allowChinaRegions: false,
            credentialsProvider: false,
            vpcDns: { enableDnsSupport: true, enableDnsHostnames: true },
            dataEndpoint: ATS,
            ...overrides,
        };
    }
    const resolverCount = (value: string, n: number) => p("inboundResolver.subnetIds", value,
        `has ${n} subnets; a Route 53 Resolver endpoint takes one to six.`, "pass one to six subnets of the VPC, in different Availability Zones.");

    it("accepts the standard facts", () => {
        expect(validateDeployFacts(facts())).to.deep.equal([]);
    });

    it("refuses a subnet listed twice, once", () => {
        expect(validateDeployFacts(facts({ subnets: [A, A] }))).to.deep.equal([
            p("subnetIds", `"${S[0]}"`, "is listed more than once.", "list each subnet once; an endpoint has one network interface per subnet."),
        ]);
    });

    it("refuses a subnet of another VPC", () => {
        expect(validateDeployFacts(facts({ subnets: [A, subnet(1, "us-east-1b", "10.30.16.0/20", SPOKE)] }))).to.deep.equal([
            p("subnetIds", `"${S[1]}"`, `belongs to ${SPOKE}, not to vpcId ${VPC}.`, `pass subnets of ${VPC}.`),
        ]);
    });

    it("names the zones where the service is offered, sorted", () => {
        const services = [{ serviceName: "com.amazonaws.us-east-1.iot.data", availabilityZones: ["us-east-1c", "us-east-1b"] }];
        expect(validateDeployFacts(facts({ services, subnets: [A, B] }))).to.deep.equal([
            p("subnetIds", `"${S[0]}"`, "is in us-east-1a, where com.amazonaws.us-east-1.iot.data is not offered.",
                "use subnets in the zones where it is offered: us-east-1b, us-east-1c."),
        ]);
    });

    it("refuses two subnets in one zone", () => {
        expect(validateDeployFacts(facts({ subnets: [A, subnet(1, "us-east-1a", "10.20.16.0/20")] }))).to.deep.equal([
            p("subnetIds", `["${S[0]}","${S[1]}"]`, "are in the same Availability Zone us-east-1a; an endpoint takes at most one subnet per zone.",
                "keep one subnet per Availability Zone."),
        ]);
    });

    it("judges the allowed CIDRs with the opt-in for public space and the ports opened", () => {
        expect(validateDeployFacts(facts({ allowedCidrs: ["203.0.113.0/24"] }))).to.deep.equal([publicSpace("allowedCidrs", "[\"203.0.113.0/24\"]")]);
        expect(validateDeployFacts(facts({ allowedCidrs: ["203.0.113.0/24"], allowPublicCidrs: true }))).to.deep.equal([]);
        const cidrs = Array.from({ length: 21 }, (_, i) => `10.20.${i}.0/24`);
        expect(validateDeployFacts(facts({ allowedCidrs: cidrs, devicePortCount: 1 }))).to.deep.equal([]);
        expect(validateDeployFacts(facts({ allowedCidrs: cidrs }))).to.deep.equal([
            p("allowedCidrs", "21 CIDR blocks x 3 ports", "would need 63 inbound rules; a security group holds 60 by default.",
                "summarise the device networks into at most 20 CIDR blocks (or use a managed prefix list)."),
        ]);
    });

    it("says when the refused CIDRs are the VPC's own blocks, taken by default", () => {
        expect(validateDeployFacts(facts({ allowedCidrs: ["203.0.113.0/24"], allowedCidrsFromVpc: true }))).to.deep.equal([
            p("allowedCidrs", "[\"203.0.113.0/24\"]",
                "(the VPC's CIDR blocks, the default) admit public address space; devices reach interface endpoints from private networks (RFC 1918 or 100.64.0.0/10).",
                "pass allowedCidrs with the device networks. list the private device networks, or set allowPublicCidrs: true if devices really connect from these public ranges."),
        ]);
    });

    it("judges the resolver's CIDRs with the same opt-in, at two rules (TCP and UDP 53) each", () => {
        expect(validateDeployFacts(facts({ resolverCidrs: ["203.0.113.0/24"] }))).to.deep.equal([publicSpace("inboundResolver.allowedCidrs", "[\"203.0.113.0/24\"]")]);
        expect(validateDeployFacts(facts({ resolverCidrs: ["203.0.113.0/24"], allowPublicCidrs: true }))).to.deep.equal([]);
        const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.20.${i}.0/24`);
        expect(validateDeployFacts(facts({ resolverCidrs: cidrs(30) }))).to.deep.equal([]);
        expect(validateDeployFacts(facts({ resolverCidrs: cidrs(31) }))).to.deep.equal([
            p("inboundResolver.allowedCidrs", "31 CIDR blocks x 2 ports", "would need 62 inbound rules; a security group holds 60 by default.",
                "summarise the device networks into at most 30 CIDR blocks (or use a managed prefix list)."),
        ]);
    });

    it("needs both DNS attributes of the VPC", () => {
        const dns = (enableDnsSupport: boolean, enableDnsHostnames: boolean) => p("vpcId", JSON.stringify(VPC),
            `has enableDnsSupport=${enableDnsSupport} and enableDnsHostnames=${enableDnsHostnames}; private hosted zones resolve only with both true.`,
            "enable DNS resolution and DNS hostnames on the VPC (aws.ec2.Vpc enableDnsSupport and enableDnsHostnames).");
        expect(validateDeployFacts(facts({ vpcDns: { enableDnsSupport: true, enableDnsHostnames: false } }))).to.deep.equal([dns(true, false)]);
        expect(validateDeployFacts(facts({ vpcDns: { enableDnsSupport: false, enableDnsHostnames: true } }))).to.deep.equal([dns(false, true)]);
    });

    it("refuses the legacy data endpoint name", () => {
        expect(validateDeployFacts(facts({ dataEndpoint: "a3k7odshaiipe8.iot.us-east-1.amazonaws.com" }))).to.deep.equal([
            p("dataEndpoint", "\"a3k7odshaiipe8.iot.us-east-1.amazonaws.com\"",
                "is not an ATS data endpoint name (<prefix>-ats.iot.<region>.amazonaws.com); VPC endpoints serve ATS certificates only.",
                "check the provider's credentials and region: aws iot describe-endpoint --endpoint-type iot:Data-ATS must return the -ats name."),
        ]);
    });

    it("judges the credential provider's endpoint name only when the provider is asked for", () => {
        expect(validateDeployFacts(facts({ credentialsProvider: true, credentialsEndpoint: ATS }))).to.deep.equal([
            p("credentialsEndpoint", JSON.stringify(ATS), "is not a credential provider endpoint name (<prefix>.credentials.iot.<region>.amazonaws.com).",
                "check the provider's credentials and region: aws iot describe-endpoint --endpoint-type iot:CredentialProvider."),
        ]);
        expect(validateDeployFacts(facts({ credentialsProvider: true, credentialsEndpoint: CREDENTIALS }))).to.deep.equal([]);
        expect(validateDeployFacts(facts({ credentialsProvider: true }))).to.deep.equal([]);
        expect(validateDeployFacts(facts({ credentialsProvider: false, credentialsEndpoint: ATS }))).to.deep.equal([]);
    });

    it("checks subnetCount against the subnets the Output held, found or not", () => {
        expect(validateDeployFacts(facts({ expectedSubnetCount: 2 }))).to.deep.equal([]);
        expect(validateDeployFacts(facts({ expectedSubnetCount: 3 }))).to.deep.equal([
            p("subnetCount", "3", "differs from the 2 subnets the subnetIds Output holds.", "set subnetCount to 2."),
        ]);
        const message = `The subnet ID '${S[2]}' does not exist`;
        expect(validateDeployFacts(facts({ expectedSubnetCount: 3, missingSubnets: [{ id: S[2], message }] }))).to.deep.equal([
            p("subnetIds", `"${S[2]}"`, `was not found in us-east-1: ${message}`,
                `pass subnets of ${VPC} that exist in the provider's region and account (aws ec2 describe-subnets --filters Name=vpc-id,Values=${VPC}).`),
        ]);
    });

    it("refuses an endpoint address AWS reserves", () => {
        expect(validateDeployFacts(facts({ endpointIps: { [S[0]]: ["10.20.0.2"], [S[1]]: ["10.20.16.10"] } }))).to.deep.equal([
            p(`endpointIps.${S[0]}`, "\"10.20.0.2\"", "is one of the five addresses AWS reserves in 10.20.0.0/20 (the first four and the last).",
                "pick free addresses of 10.20.0.0/20 past its first four."),
        ]);
    });

    it("takes one to six resolver subnets", () => {
        const seven = [A, B, C, subnet(3, "us-east-1d", "10.20.48.0/20"), subnet(4, "us-east-1e", "10.20.64.0/20"),
            subnet(5, "us-east-1f", "10.20.80.0/20"), subnet(6, "us-east-1a", "10.20.96.0/20")];
        expect(validateDeployFacts(facts({ resolverSubnets: [] }))).to.deep.equal([resolverCount("[]", 0)]);
        expect(validateDeployFacts(facts({ resolverSubnets: seven.slice(0, 6) }))).to.deep.equal([]);
        expect(validateDeployFacts(facts({ resolverSubnets: seven }))).to.deep.equal([resolverCount(JSON.stringify(S), 7)]);
    });

    it("needs two resolver addresses in one subnet, each a free address of it", () => {
        expect(validateDeployFacts(facts({ resolverSubnets: [A], resolverIps: ["10.20.0.10"] }))).to.deep.equal([
            p("inboundResolver.ipAddresses", "[\"10.20.0.10\"]", "has 1 addresses; the resolver has 2 (one per subnet, two when there is one subnet).",
                "pass 2 addresses, in the order of the resolver's subnets."),
        ]);
        expect(validateDeployFacts(facts({ resolverSubnets: [A], resolverIps: ["10.20.0.10", "10.20.0.11"] }))).to.deep.equal([]);
        expect(validateDeployFacts(facts({ resolverSubnets: [A], resolverIps: ["10.20.0.10", "10.20.15.255"] }))).to.deep.equal([
            p("inboundResolver.ipAddresses", "\"10.20.15.255\"", `is one of the five addresses AWS reserves in 10.20.0.0/20 (the first four and the last) (subnet ${S[0]}).`,
                "pick a free address of 10.20.0.0/20 past its first four."),
        ]);
    });

    it("refuses a resolver subnet of another VPC", () => {
        expect(validateDeployFacts(facts({ resolverSubnets: [A, subnet(1, "us-east-1b", "10.30.16.0/20", SPOKE)] }))).to.deep.equal([
            p("inboundResolver.subnetIds", `"${S[1]}"`, `belongs to ${SPOKE}, not to vpcId ${VPC}.`, `pass subnets of ${VPC}.`),
        ]);
    });

    it("warns when every resolver address is in one zone", () => {
        expect(deployWarnings(facts({ resolverSubnets: [A, subnet(2, "us-east-1a", "10.20.32.0/20")] }))).to.deep.equal([
            "inboundResolver: every resolver address is in us-east-1a; an outage of that Availability Zone stops DNS for devices on remote networks. " +
            "Pass inboundResolver.subnetIds in two Availability Zones (AWS recommends it; it does not require it).",
        ]);
        expect(deployWarnings(facts({ resolverSubnets: [A, B] }))).to.deep.equal([]);
        expect(deployWarnings(facts({ resolverSubnets: [] }))).to.deep.equal([]);
        expect(deployWarnings(facts())).to.deep.equal([]);
    });
});

/** The refusal of public address space without allowPublicCidrs. */
function publicSpace(argument: string, value: string): Problem {
    return p(argument, value, "admit public address space; devices reach interface endpoints from private networks (RFC 1918 or 100.64.0.0/10).",
        "list the private device networks, or set allowPublicCidrs: true if devices really connect from these public ranges.");
}
