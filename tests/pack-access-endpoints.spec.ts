/**
 * The access and endpoint policies (policy-pack/access.ts, policy-pack/endpoints.ts) judged in this
 * process: each policy's validation is called the way the policy SDK calls it (`support/inProcess.ts`),
 * on hand-made resources from `support/stacks.ts`. Each verdict is checked in both directions, with the
 * message users read.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { expect } from "chai";

import { AnalyzedResource } from "../simulation/policyPack";
import { endpointSecurityGroup, iotPolicyVpcCondition } from "../policy-pack/access";
import { dataEndpointsOnly, greengrassVpc, ipv4Only, noChinaRegions, noEndpointPolicy, noEndpointPolicyAttachment, privateDnsOff } from "../policy-pack/endpoints";
import { T } from "./support/fixtures";
import { judge, judgeStack, messages } from "./support/inProcess";
import { SUBNETS, U, devicePortRules, iotEndpoint, iotPolicy, res, securityGroup, urnOf } from "./support/stacks";

describe("pack policies in process: levels, severities and config documentation", () => {
    it("every access and endpoint policy has its enforcement level and severity", () => {
        const seen = [endpointSecurityGroup, iotPolicyVpcCondition, privateDnsOff, noEndpointPolicy, noEndpointPolicyAttachment, ipv4Only, dataEndpointsOnly, noChinaRegions]
            .map((p) => [p.name, p.enforcementLevel, p.severity]);
        expect(seen).to.deep.equal([
            ["iot-endpoint-security-group", "mandatory", "critical"],
            ["iot-policy-vpc-condition", "advisory", "medium"],
            ["iot-endpoint-private-dns-off", "mandatory", "high"],
            ["iot-endpoint-no-policy", "mandatory", "medium"],
            ["iot-endpoint-no-policy-attachment", "mandatory", "medium"],
            ["iot-endpoint-ipv4-only", "mandatory", "medium"],
            ["iot-endpoint-data-only", "mandatory", "medium"],
            ["iot-endpoint-no-china", "mandatory", "medium"],
        ]);
    });

    it("every config setting says what it does and what it defaults to", () => {
        const described = (p: ResourceValidationPolicy | StackValidationPolicy, key: string) => String(p.configSchema?.properties[key].description);
        expect(described(endpointSecurityGroup, "allowedPorts")).to.contain("8883, 443, 8443");
        expect(described(endpointSecurityGroup, "allowedPublicCidrs")).to.contain("The whole internet is never allowed.");
        expect(described(endpointSecurityGroup, "maxInboundRules")).to.contain("(60 by default)");
        expect(described(iotPolicyVpcCondition, "conditionKeys")).to.equal("Condition keys that only a connection through a VPC endpoint carries.");
        expect(described(ipv4Only, "allowDualStack")).to.equal("Allow dualstack/IPv6 endpoints (newer AWS documentation).");
        expect(described(dataEndpointsOnly, "allowedServices")).to.contain("such as iot.data and iot.credentials");
        expect(described(noChinaRegions, "allowChinaRegions")).to.contain("cn-north-1 and cn-northwest-1");
    });
});

describe("iot-endpoint-security-group in process", () => {
    const SG = "sg-0a1b2c3d4e5f60001";
    const GROUP_URN = urnOf(T.securityGroup, "sg");
    const stackWith = (ingress: unknown[], ...more: AnalyzedResource[]) => [iotEndpoint("ep1", { id: "vpce-01" }), securityGroup("sg", ingress), ...more];
    const ruleResource = (name: string, props: Record<string, unknown>, extra: Partial<AnalyzedResource> = {}) =>
        res(T.securityGroupRule, name, { type: "ingress", protocol: "tcp", securityGroupId: SG, ...props }, extra);
    const ingressRule = (name: string, props: Record<string, unknown>, extra: Partial<AnalyzedResource> = {}) =>
        res(T.securityGroupIngressRule, name, { ipProtocol: "tcp", securityGroupId: SG, ...props }, extra);
    const sshFrom = (cidr: string) => ({ fromPort: 22, toPort: 22, cidrBlocks: [cidr] });

    it("device ports from a private network pass", () => {
        expect(judgeStack(endpointSecurityGroup, stackWith(devicePortRules(["10.20.0.0/16"])))).to.deep.equal([]);
    });

    it("another port is refused on the group, its protocol in lower case and the allowed ports listed", () => {
        expect(judgeStack(endpointSecurityGroup, stackWith([{ protocol: "TCP", ...sshFrom("10.20.0.0/16") }]))).to.deep.equal([{
            message: "Security group sg on an IoT endpoint opens tcp 22-22; open only TCP 8883, 443 and 8443, one port per rule.",
            urn: GROUP_URN,
        }]);
    });

    it("allowedPorts narrows the device ports; a list of strings is refused and the default kept", () => {
        const stack = stackWith(devicePortRules(["10.20.0.0/16"], [443]));
        expect(messages(judgeStack(endpointSecurityGroup, stack, { allowedPorts: [8883] }))).to.deep.equal([
            "Security group sg on an IoT endpoint opens tcp 443-443; open only TCP 8883, one port per rule.",
        ]);
        expect(judgeStack(endpointSecurityGroup, stack, { allowedPorts: ["8883"] })).to.deep.equal([]);
        expect(judgeStack(endpointSecurityGroup, stack, { allowedPorts: 8883 })).to.deep.equal([]);
    });

    it("an all-traffic rule is refused with or without ports, on the group and as a rule resource", () => {
        const all = ingressRule("all", { ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" });
        expect(judgeStack(endpointSecurityGroup, stackWith(devicePortRules(["10.20.0.0/16"]), all))).to.deep.equal([{
            message: "Security group sg on an IoT endpoint opens all traffic (protocol -1); open only TCP 8883, 443 and 8443, one port per rule.",
            urn: all.urn,
        }]);
        expect(messages(judgeStack(endpointSecurityGroup, stackWith([{ protocol: "all", cidrBlocks: ["10.20.0.0/16"] }, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.20.0.0/16"] }])))).to.deep.equal([
            "Security group sg on an IoT endpoint opens all traffic (protocol all); open only TCP 8883, 443 and 8443, one port per rule.",
            "Security group sg on an IoT endpoint opens all traffic (protocol -1); open only TCP 8883, 443 and 8443, one port per rule.",
        ]);
    });

    it("a rule whose protocol or ports a preview does not know is not judged by port", () => {
        const stack = stackWith([
            { protocol: U, fromPort: 22, toPort: 22, cidrBlocks: ["10.20.0.0/16"] },
            { protocol: "tcp", fromPort: U, toPort: 22, cidrBlocks: ["10.20.0.0/16"] },
            { protocol: "tcp", fromPort: 22, toPort: U, cidrBlocks: ["10.20.0.0/16"] },
        ]);
        expect(judgeStack(endpointSecurityGroup, stack)).to.deep.equal([]);
    });

    it("rule resources on the group are judged and reported on the rule; egress rules are not", () => {
        const ssh = ruleResource("ssh", sshFrom("10.20.0.0/16"));
        const out = ruleResource("out", { ...sshFrom("0.0.0.0/0"), type: "egress" });
        expect(judgeStack(endpointSecurityGroup, stackWith(devicePortRules(["10.20.0.0/16"]), ssh, out))).to.deep.equal([{
            message: "Security group sg on an IoT endpoint opens tcp 22-22; open only TCP 8883, 443 and 8443, one port per rule.",
            urn: ssh.urn,
        }]);
    });

    it("an ingress rule resource linked only by dependency (its group id unknown in a preview) is judged", () => {
        const rule = ingressRule("ssh", { securityGroupId: U, fromPort: 22, toPort: 22, cidrIpv4: "10.20.0.0/16" }, { propertyDependencies: { securityGroupId: [GROUP_URN] } });
        expect(judgeStack(endpointSecurityGroup, stackWith(devicePortRules(["10.20.0.0/16"]), rule))).to.deep.equal([{
            message: "Security group sg on an IoT endpoint opens tcp 22-22; open only TCP 8883, 443 and 8443, one port per rule.",
            urn: rule.urn,
        }]);
    });

    it("rules on a group no IoT endpoint uses are not judged", () => {
        const other = securityGroup("web", [], { id: "sg-0ffffffffffffffff" });
        const stack = stackWith(devicePortRules(["10.20.0.0/16"]), other,
            ruleResource("web-ssh", { ...sshFrom("0.0.0.0/0"), securityGroupId: "sg-0ffffffffffffffff" }),
            ingressRule("web-http", { fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-0ffffffffffffffff" }));
        expect(judgeStack(endpointSecurityGroup, stack)).to.deep.equal([]);
    });

    it("0.0.0.0/0 is refused as the whole internet, naming only that range", () => {
        expect(judgeStack(endpointSecurityGroup, stackWith(devicePortRules(["0.0.0.0/0", "10.20.0.0/16"])))).to.deep.equal([{
            message: "Security group sg on an IoT endpoint admits the whole internet (0.0.0.0/0); allow only the device networks' CIDRs, never every address (allowedPublicCidrs cannot allow this).",
            urn: GROUP_URN,
        }]);
    });

    it("the whole internet split in halves is refused, naming the halves", () => {
        expect(messages(judgeStack(endpointSecurityGroup, stackWith(devicePortRules(["0.0.0.0/1", "128.0.0.0/1"], [8883]))))).to.deep.equal([
            "Security group sg on an IoT endpoint admits the whole internet (0.0.0.0/1 and 128.0.0.0/1); allow only the device networks' CIDRs, never every address (allowedPublicCidrs cannot allow this).",
        ]);
    });

    it("a public range is refused unless allowedPublicCidrs lists it (a plain string there is refused)", () => {
        const stack = stackWith(devicePortRules(["203.0.113.0/24"], [8883]));
        const publicSpace = "Security group sg on an IoT endpoint allows public address space (203.0.113.0/24); devices connect from private networks (VPC, VPN, Direct Connect). " +
            "Allow only the device networks' private CIDRs, or list the public ranges devices really use in this policy's allowedPublicCidrs config.";
        expect(judgeStack(endpointSecurityGroup, stack)).to.deep.equal([{ message: publicSpace, urn: GROUP_URN }]);
        expect(judgeStack(endpointSecurityGroup, stack, { allowedPublicCidrs: ["203.0.113.0/24"] })).to.deep.equal([]);
        expect(messages(judgeStack(endpointSecurityGroup, stack, { allowedPublicCidrs: "203.0.113.0/24" }))).to.deep.equal([publicSpace]);
        // one entry that is not a string refuses the whole list: none of its ranges is allowed
        expect(messages(judgeStack(endpointSecurityGroup, stack, { allowedPublicCidrs: ["203.0.113.0/24", 203] }))).to.deep.equal([publicSpace]);
    });

    it("IPv6 private ranges pass; ::/0 is refused", () => {
        expect(judgeStack(endpointSecurityGroup, stackWith([{ protocol: "tcp", fromPort: 8883, toPort: 8883, ipv6CidrBlocks: ["fd00:1::/64"] }]))).to.deep.equal([]);
        expect(messages(judgeStack(endpointSecurityGroup, stackWith([{ protocol: "tcp", fromPort: 8883, toPort: 8883, ipv6CidrBlocks: ["::/0"] }])))).to.deep.equal([
            "Security group sg on an IoT endpoint admits the whole internet (::/0); allow only the device networks' CIDRs, never every address (allowedPublicCidrs cannot allow this).",
        ]);
    });

    const quotaMessage = (count: number, family: string, max: number) =>
        `Security group sg on an IoT endpoint has ${count} inbound ${family} rules (each port range x source is one); AWS allows ${max} per group. ` +
        "Merge device networks into fewer CIDRs (or a prefix list), open fewer ports, or raise the quota and set maxInboundRules in this policy's config.";

    it("counts each IPv4 source and each other source as an IPv4 rule: 3 over a quota of 2, none at 3", () => {
        const stack = stackWith([{ protocol: "tcp", fromPort: 8883, toPort: 8883, cidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"], securityGroups: ["sg-0123456789abcdef0"] }]);
        expect(judgeStack(endpointSecurityGroup, stack, { maxInboundRules: 2 })).to.deep.equal([{ message: quotaMessage(3, "IPv4", 2), urn: GROUP_URN }]);
        expect(judgeStack(endpointSecurityGroup, stack, { maxInboundRules: 3 })).to.deep.equal([]);
    });

    it("counts each IPv6 source and each other source as an IPv6 rule: 3 over a quota of 2", () => {
        const stack = stackWith([{ protocol: "tcp", fromPort: 8883, toPort: 8883, ipv6CidrBlocks: ["fd00:1::/64", "fd00:2::/64"], prefixListIds: ["pl-0123456789abcdef0"] }]);
        expect(messages(judgeStack(endpointSecurityGroup, stack, { maxInboundRules: 2 }))).to.deep.equal([quotaMessage(3, "IPv6", 2)]);
        expect(judgeStack(endpointSecurityGroup, stack, { maxInboundRules: 3 })).to.deep.equal([]);
    });

    it("a quota given as text is refused and the default of 60 kept", () => {
        const stack = stackWith(devicePortRules(["10.20.0.0/16"]));
        expect(judgeStack(endpointSecurityGroup, stack, { maxInboundRules: "2" })).to.deep.equal([]);
        expect(messages(judgeStack(endpointSecurityGroup, stack, { maxInboundRules: 2 }))).to.deep.equal([quotaMessage(3, "IPv4", 2)]);
        /** `n` rules on port 8883, each from one network of its own. */
        const singleSource = (n: number) => Array.from({ length: n }, (_, i) => ({ protocol: "tcp", fromPort: 8883, toPort: 8883, cidrBlocks: [`10.${i}.0.0/16`] }));
        expect(judgeStack(endpointSecurityGroup, stackWith(singleSource(61)), { maxInboundRules: "2" })).to.deep.equal([{
            message: "Security group sg on an IoT endpoint has 61 inbound IPv4 rules (each port range x source is one); AWS allows 60 per group. " +
                "Merge device networks into fewer CIDRs (or a prefix list), open fewer ports, or raise the quota and set maxInboundRules in this policy's config.",
            urn: GROUP_URN,
        }]);
        expect(judgeStack(endpointSecurityGroup, stackWith(singleSource(60)), { maxInboundRules: "2" })).to.deep.equal([]);
    });
});

describe("iot-policy-vpc-condition in process", () => {
    const CLIENT = "arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}";
    const connect = { Effect: "Allow", Action: "iot:Connect", Resource: CLIENT };
    const vpceOnly = { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } };
    const noCondition = "Statement 1 of IoT policy devices lets devices connect (iot:Connect) through the public endpoint: it has no condition on aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp. " +
        "Condition it with StringEquals on aws:SourceVpc, aws:SourceVpce or aws:VpcSourceIp, or add a Deny of iot:Connect on the same resources with StringNotEquals on the key.";

    it("an unconditioned Allow of iot:Connect is reported with the keys to use", () => {
        expect(messages(judge(iotPolicyVpcCondition, iotPolicy([connect])))).to.deep.equal([noCondition]);
    });

    it("an Allow conditioned on aws:SourceVpce passes", () => {
        expect(judge(iotPolicyVpcCondition, iotPolicy([{ ...connect, Condition: vpceOnly }]))).to.deep.equal([]);
    });

    it("conditionKeys narrows the keys that count; a value of the wrong shape is refused and the defaults kept", () => {
        const policy = iotPolicy([{ ...connect, Condition: vpceOnly }]);
        expect(messages(judge(iotPolicyVpcCondition, policy, { conditionKeys: ["aws:SourceVpc"] }))).to.deep.equal([
            "Statement 1 of IoT policy devices lets devices connect (iot:Connect) through the public endpoint: its condition does not require a VPC key, so it can hold on the public endpoint. " +
            "Condition it with StringEquals on aws:SourceVpc, or add a Deny of iot:Connect on the same resources with StringNotEquals on the key.",
        ]);
        expect(judge(iotPolicyVpcCondition, policy, { conditionKeys: "aws:SourceVpc" })).to.deep.equal([]);
        expect(judge(iotPolicyVpcCondition, policy, { conditionKeys: [5] })).to.deep.equal([]);
    });

    it("a document that is not JSON is left to AWS", () => {
        expect(judge(iotPolicyVpcCondition, res(T.iotPolicy, "devices", { policy: "{\"Statement\": [" }))).to.deep.equal([]);
    });

    describe("documents over AWS's 2,048 characters (whitespace not counted) are not judged", () => {
        /** An unconditioned connect document whose JSON without whitespace is `length` characters, written with indentation. */
        const documentOf = (length: number) => {
            const base = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "", ...connect }] }).length;
            const doc = { Version: "2012-10-17", Statement: [{ Sid: "S".repeat(length - base), ...connect }] };
            expect(JSON.stringify(doc).length).to.equal(length);
            return res(T.iotPolicy, "devices", { policy: JSON.stringify(doc, null, 4) });
        };

        it("2,048 characters are judged", () => {
            // the statement is named by its Sid: 2,048 less the 178 characters of the document around it
            const sid = "S".repeat(1870);
            expect(judge(iotPolicyVpcCondition, documentOf(2048))).to.deep.equal([{
                message: `Statement 1 (${sid}) of IoT policy devices lets devices connect (iot:Connect) through the public endpoint: it has no condition on aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp. ` +
                    "Condition it with StringEquals on aws:SourceVpc, aws:SourceVpce or aws:VpcSourceIp, or add a Deny of iot:Connect on the same resources with StringNotEquals on the key.",
            }]);
        });

        it("2,049 characters are not", () => {
            expect(judge(iotPolicyVpcCondition, documentOf(2049))).to.deep.equal([]);
        });
    });
});

describe("iot-endpoint-private-dns-off and iot-endpoint-no-policy in process", () => {
    it("private DNS on an IoT data endpoint is refused with the fix", () => {
        expect(messages(judge(privateDnsOff, iotEndpoint("ep", { privateDnsEnabled: true })))).to.deep.equal([
            "Private DNS is enabled on the com.amazonaws.us-east-1.iot.data endpoint. Set privateDnsEnabled: false: " +
            "the document recommends against PrivateDNS for IoT Core; resolve the account's ATS endpoint name through a private hosted zone attached to the VPC.",
        ]);
        expect(judge(privateDnsOff, iotEndpoint("ep", { privateDnsEnabled: false }))).to.deep.equal([]);
    });

    it("an endpoint policy is refused with the fix", () => {
        expect(messages(judge(noEndpointPolicy, iotEndpoint("ep", { policy: "{\"Statement\":[]}" })))).to.deep.equal([
            "The com.amazonaws.us-east-1.iot.data endpoint sets a VPC endpoint policy, which IoT Core does not support. " +
            "Remove policy; restrict devices with IoT policies conditioned on aws:SourceVpce (see vpcOnlyDevicePolicy).",
        ]);
    });

    it("an empty or blank policy is no policy", () => {
        expect(judge(noEndpointPolicy, iotEndpoint("ep", { policy: "" }))).to.deep.equal([]);
        expect(judge(noEndpointPolicy, iotEndpoint("ep", { policy: " \n\t" }))).to.deep.equal([]);
    });
});

describe("iot-endpoint-no-policy-attachment in process", () => {
    const attachment = (target: string) => res(T.vpcEndpointPolicy, "epp", { vpcEndpointId: target, policy: "{\"Statement\":[]}" });

    it("a VpcEndpointPolicy on an IoT endpoint is refused, reported on the attachment", () => {
        const p = attachment("vpce-01");
        expect(judgeStack(noEndpointPolicyAttachment, [iotEndpoint("ep1", { id: "vpce-01" }), p])).to.deep.equal([{
            message: "VpcEndpointPolicy epp targets IoT endpoint ep1 (com.amazonaws.us-east-1.iot.data); IoT Core does not support VPC endpoint policies. Delete it.",
            urn: p.urn,
        }]);
    });

    it("services narrows the IoT services judged: a policy on a credentials endpoint then passes", () => {
        const p = attachment("vpce-02");
        const stack = [iotEndpoint("creds", { id: "vpce-02", serviceName: "com.amazonaws.us-east-1.iot.credentials" }), p];
        expect(judgeStack(noEndpointPolicyAttachment, stack)).to.deep.equal([{
            message: "VpcEndpointPolicy epp targets IoT endpoint creds (com.amazonaws.us-east-1.iot.credentials); IoT Core does not support VPC endpoint policies. Delete it.",
            urn: p.urn,
        }]);
        expect(judgeStack(noEndpointPolicyAttachment, stack, { services: ["iot.data"] })).to.deep.equal([]);
    });
});

describe("iot-endpoint-ipv4-only in process", () => {
    const NAME = "com.amazonaws.us-east-1.iot.data";

    it("a dualstack address type and dualstack DNS records are refused, each with its fix", () => {
        expect(messages(judge(ipv4Only, iotEndpoint("ep", { ipAddressType: "dualstack", dnsOptions: { dnsRecordIpType: "ipv6" } })))).to.deep.equal([
            `The ${NAME} endpoint has ipAddressType "dualstack"; VPC endpoints for IoT Core are IPv4 only. Set ipAddressType: "ipv4".`,
            `The ${NAME} endpoint has dnsOptions.dnsRecordIpType "ipv6"; VPC endpoints for IoT Core are IPv4 only. Set it to "ipv4".`,
        ]);
    });

    it("allowDualStack: true allows them; \"true\" as text is refused and the default kept", () => {
        const e = iotEndpoint("ep", { ipAddressType: "dualstack" });
        expect(judge(ipv4Only, e, { allowDualStack: true })).to.deep.equal([]);
        expect(judge(ipv4Only, e, { allowDualStack: "true" })).to.deep.equal([{
            message: `The ${NAME} endpoint has ipAddressType "dualstack"; VPC endpoints for IoT Core are IPv4 only. Set ipAddressType: "ipv4".`,
        }]);
    });

    it("an IPv6 address in a subnet configuration is refused, naming the address and the subnet", () => {
        const e = iotEndpoint("ep", { subnetConfigurations: [{ subnetId: SUBNETS[0], ipv4: "10.20.0.10", ipv6: "2600:1f18::10" }] });
        expect(messages(judge(ipv4Only, e))).to.deep.equal([
            `The ${NAME} endpoint assigns IPv6 address 2600:1f18::10 in subnet ${SUBNETS[0]}; VPC endpoints for IoT Core are IPv4 only. Remove ipv6.`,
        ]);
    });

    it("a subnet a preview does not know yet is shown as (unknown)", () => {
        const e = iotEndpoint("ep", { subnetConfigurations: [{ subnetId: U, ipv6: "2600:1f18::10" }] });
        expect(messages(judge(ipv4Only, e))).to.deep.equal([
            `The ${NAME} endpoint assigns IPv6 address 2600:1f18::10 in subnet (unknown); VPC endpoints for IoT Core are IPv4 only. Remove ipv6.`,
        ]);
    });

    it("subnet configurations without an IPv6 address (absent, empty or unknown) pass", () => {
        const e = iotEndpoint("ep", { subnetConfigurations: [{ subnetId: SUBNETS[0], ipv4: "10.20.0.10" }, { subnetId: SUBNETS[1], ipv6: "" }, { subnetId: SUBNETS[2], ipv6: U }] });
        expect(judge(ipv4Only, e)).to.deep.equal([]);
    });
});

describe("iot-endpoint-data-only in process", () => {
    const creds = () => iotEndpoint("ep", { serviceName: "com.amazonaws.us-east-1.iot.credentials" });
    const refusal = "The endpoint is for com.amazonaws.us-east-1.iot.credentials; the document supports VPC endpoints for IoT data endpoints (iot.data) only. " +
        "Use iot.data, or allow \"iot.credentials\" in this policy's allowedServices config.";

    it("a credentials endpoint is refused, naming the config that allows it", () => {
        expect(messages(judge(dataEndpointsOnly, creds()))).to.deep.equal([refusal]);
        expect(judge(dataEndpointsOnly, iotEndpoint("ep"))).to.deep.equal([]);
    });

    it("allowedServices allows it; a plain string or a list of non-strings there is refused and the default kept", () => {
        expect(judge(dataEndpointsOnly, creds(), { allowedServices: ["iot.data", "iot.credentials"] })).to.deep.equal([]);
        expect(messages(judge(dataEndpointsOnly, creds(), { allowedServices: "iot.credentials" }))).to.deep.equal([refusal]);
        expect(judge(dataEndpointsOnly, iotEndpoint("ep"), { allowedServices: [5] })).to.deep.equal([]);
    });
});

describe("iot-endpoint-no-china in process", () => {
    const CHINA = "cn.com.amazonaws.cn-north-1.iot.data";
    const noRegionProvider = { provider: { urn: "urn:pulumi:test::iotvpc::pulumi:providers:aws::cn", type: "pulumi:providers:aws", name: "cn", properties: {} } };

    it("an endpoint outside China passes", () => {
        expect(judge(noChinaRegions, iotEndpoint("ep"))).to.deep.equal([]);
    });

    it("a China service name with an empty region is refused, naming the service name's region", () => {
        expect(messages(judge(noChinaRegions, iotEndpoint("ep", { serviceName: CHINA, region: "" }, noRegionProvider)))).to.deep.equal([
            `The ${CHINA} endpoint is in an AWS China Region (cn-north-1), where VPC endpoints for IoT Core are not supported. ` +
            "Deploy it elsewhere, or set allowChinaRegions: true in this policy's config.",
        ]);
    });

    it("a China service name under the default us-east-1 provider is refused, naming the China region", () => {
        expect(messages(judge(noChinaRegions, iotEndpoint("ep", { serviceName: CHINA })))).to.deep.equal([
            `The ${CHINA} endpoint is in an AWS China Region (cn-north-1), where VPC endpoints for IoT Core are not supported. ` +
            "Deploy it elsewhere, or set allowChinaRegions: true in this policy's config.",
        ]);
    });

    it("allowChinaRegions: true allows it; \"true\" as text is refused and the default kept", () => {
        const e = iotEndpoint("ep", { serviceName: CHINA, region: "cn-north-1" });
        expect(judge(noChinaRegions, e, { allowChinaRegions: true })).to.deep.equal([]);
        expect(judge(noChinaRegions, e, { allowChinaRegions: "true" })).to.deep.equal([{
            message: `The ${CHINA} endpoint is in an AWS China Region (cn-north-1), where VPC endpoints for IoT Core are not supported. ` +
                "Deploy it elsewhere, or set allowChinaRegions: true in this policy's config.",
        }]);
    });
});

describe("iot-greengrass-vpc in process", () => {
    const site = (awsRegion: string, endpoints: [string, Record<string, unknown>][]) => {
        const c = res(T.component, "site", { greengrassNucleusConfig: { awsRegion, iotDataEndpoint: "x", iotCredEndpoint: "y" } });
        return [c, ...endpoints.map(([service, props], i) => iotEndpoint(`site-${i}`, { serviceName: `com.amazonaws.${awsRegion}.${service}`, ...props }, { parent: c.urn }))];
    };
    const complete: [string, Record<string, unknown>][] = [["iot.data", {}], ["iot.credentials", {}], ["s3", { privateDnsEnabled: true }]];

    it("passes a component with the credential provider and S3 (private DNS, or a gateway) among its endpoints, and one that serves no core devices", () => {
        expect(judgeStack(greengrassVpc, site("eu-west-1", complete))).to.deep.equal([]);
        expect(judgeStack(greengrassVpc, site("eu-west-1", [["iot.data", {}], ["iot.credentials", {}], ["s3", { vpcEndpointType: "Gateway" }]]))).to.deep.equal([]);
        expect(judgeStack(greengrassVpc, [res(T.component, "plain", {}), iotEndpoint("ep")])).to.deep.equal([]);
    });

    it("takes an S3 interface endpoint without privateDnsEnabled for one without private DNS (the provider's default), and one not known yet for one with it", () => {
        const missing = site("eu-west-1", [["iot.data", {}], ["iot.credentials", {}], ["s3", { vpcEndpointType: "Interface" }]]);
        expect(judgeStack(greengrassVpc, missing)).to.deep.equal([
            { message: "site serves Greengrass core devices but has no S3 endpoint with private DNS (or gateway endpoint): the nucleus could not download component artifacts.", urn: missing[0].urn },
        ]);
        expect(judgeStack(greengrassVpc, site("eu-west-1", [["iot.data", {}], ["iot.credentials", {}], ["s3", { vpcEndpointType: "Interface", privateDnsEnabled: U }]]))).to.deep.equal([]);
    });

    it("names what a core device would miss, on the component", () => {
        const c = site("eu-west-1", [["iot.data", {}], ["s3", { privateDnsEnabled: false }]]);
        expect(judgeStack(greengrassVpc, c)).to.deep.equal([
            { message: "site serves Greengrass core devices but has no iot.credentials endpoint: core devices could not get role credentials privately.", urn: c[0].urn },
            { message: "site serves Greengrass core devices but has no S3 endpoint with private DNS (or gateway endpoint): the nucleus could not download component artifacts.", urn: c[0].urn },
        ]);
    });

    it("refuses core devices in China and GovCloud regions, and waits for unknown service names", () => {
        expect(messages(judgeStack(greengrassVpc, site("us-gov-west-1", complete)))).to.deep.equal([
            "site serves Greengrass core devices in us-gov-west-1, where AWS does not support them in a VPC. Leave greengrass out for this region.",
        ]);
        expect(messages(judgeStack(greengrassVpc, site("cn-north-1", complete)))).to.have.length(1);
        expect(judgeStack(greengrassVpc, site("eu-west-1", [["iot.data", {}], ["s3", { serviceName: U }]]))).to.deep.equal([]);
    });
});
