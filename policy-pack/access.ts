/**
 * Access: who reaches the endpoints (their security groups: device ports only, from private device
 * networks, within AWS's rule quota) and who may connect through them only (IoT policies conditioned on
 * the VPC keys; source document, "Controlling Access to AWS IoT Core over VPC endpoints").
 */
import { PolicyConfigSchema, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { DEVICE_PORTS, IOT_POLICY_MAX_CHARACTERS, VPC_CONDITION_KEYS } from "../components/limits";
import { coversPublicSpaceBeyond, coversWholeInternet, isOpenToWorld, publicConnectGrants, ruleOpensNonDevicePorts } from "../components/rules";
import {
    DOC,
    Entry,
    InboundRuleSnapshot,
    SecurityGroupSnapshot,
    StackIndex,
    TYPES,
    configOf,
    knownItems,
    listed,
    readIotPolicy,
    snapshot,
    validateStackSafely,
    validateType,
} from "./lib";

const settings = <T extends object>(schema: PolicyConfigSchema, args: { getConfig<C extends object>(): C }) => configOf<T>(schema, args.getConfig<object>());

/** AWS's default quota of inbound rules per security group, counted separately for IPv4 and IPv6. */
const DEFAULT_MAX_INBOUND_RULES = 60;

interface GroupConfig { allowedPorts: number[]; allowedPublicCidrs: string[]; maxInboundRules: number }

const groupSchema: PolicyConfigSchema = {
    properties: {
        allowedPorts: { type: "array", items: { type: "integer" }, default: [...DEVICE_PORTS], description: "TCP ports allowed on IoT endpoints (a subset of 8883, 443, 8443)." },
        allowedPublicCidrs: {
            type: "array", items: { type: "string" }, default: [],
            description: "Public IPv4 ranges devices may connect from (the component's allowPublicCidrs opt-in needs them here too). The whole internet is never allowed.",
        },
        maxInboundRules: {
            type: "integer", minimum: 1, default: DEFAULT_MAX_INBOUND_RULES,
            description: "The account's \"Inbound rules per security group\" quota (60 by default); each port range x source is one rule, IPv4 and IPv6 counted apart.",
        },
    },
};

/** One inbound rule of a group and the resource that declares it (the group, or a rule resource). */
interface GroupRule { readonly rule: InboundRuleSnapshot; readonly where: Entry<unknown> }

export const endpointSecurityGroup: StackValidationPolicy = {
    name: "iot-endpoint-security-group",
    description: "Security groups on IoT endpoints open only the device ports (8883, 443, 8443) over TCP, from private device networks (public ranges only by config, never the whole internet), within the inbound rule quota.",
    enforcementLevel: "mandatory",
    severity: "critical",
    url: DOC,
    remediationSteps: "Keep one TCP rule per device port, from the device networks' private CIDRs only; list any public range devices really use in allowedPublicCidrs.",
    configSchema: groupSchema,
    validateStack: validateStackSafely((args, report) => {
        const config = settings<GroupConfig>(groupSchema, args);
        const index = new StackIndex(args.resources, ["vpcEndpoint", "securityGroup", "securityGroupRule", "securityGroupIngressRule"]);
        const groups = new Map<string, { group: Entry<SecurityGroupSnapshot>; rules: GroupRule[] }>();
        for (const e of index.iotEndpoints()) {
            for (const group of index.linked(e, "securityGroupIds", e.props.securityGroupIds, "securityGroup")) {
                if (!groups.has(group.ref.urn)) {
                    groups.set(group.ref.urn, { group, rules: knownItems(group.props.ingress).values.map((rule) => ({ rule, where: group })) });
                }
            }
        }
        if (groups.size === 0) {
            return;
        }
        for (const r of index.of("securityGroupRule")) {
            if (r.props.type !== "ingress") {
                continue;
            }
            for (const g of index.linked(r, "securityGroupId", r.props.securityGroupId, "securityGroup")) {
                groups.get(g.ref.urn)?.rules.push({ rule: r.props, where: r });
            }
        }
        for (const r of index.of("securityGroupIngressRule")) {
            for (const g of index.linked(r, "securityGroupId", r.props.securityGroupId, "securityGroup")) {
                groups.get(g.ref.urn)?.rules.push({ rule: r.props, where: r });
            }
        }
        for (const { group, rules } of groups.values()) {
            checkGroup(group, rules, config, report);
        }
    }),
};

/** The protocols of a rule that opens every protocol and port: `-1`, which the AWS provider also takes as `all`. */
const ALL_TRAFFIC: ReadonlySet<string> = new Set(["-1", "all"]);

function checkGroup(group: Entry<SecurityGroupSnapshot>, rules: readonly GroupRule[], config: GroupConfig, report: ReportViolation): void {
    const name = group.ref.name;
    let ipv4Rules = 0;
    let ipv6Rules = 0;
    const allCidrs: string[] = [];
    const publicByWhere = new Map<Entry<unknown>, string[]>();
    const fix = `open only TCP ${listed(config.allowedPorts)}, one port per rule.`;
    for (const { rule, where } of rules) {
        const { protocol, fromPort, toPort } = rule;
        if (typeof protocol === "string" && ALL_TRAFFIC.has(protocol.toLowerCase())) {
            // AWS ignores the ports of an all-traffic rule, and the usual way to write one leaves them out
            report(`Security group ${name} on an IoT endpoint opens all traffic (protocol ${protocol}); ${fix}`, where.ref.urn);
        } else if (typeof protocol === "string" && typeof fromPort === "number" && typeof toPort === "number" &&
            ruleOpensNonDevicePorts(protocol, fromPort, toPort, config.allowedPorts)) {
            report(`Security group ${name} on an IoT endpoint opens ${protocol.toLowerCase()} ${fromPort}-${toPort}; ${fix}`, where.ref.urn);
        }
        // Unknown sources add nothing here: every count and range below is a lower bound of the real one.
        const v4 = knownItems(rule.ipv4Cidrs).values;
        const v6 = knownItems(rule.ipv6Cidrs).values;
        const other = knownItems(rule.otherSources).values.length;
        ipv4Rules += v4.length + other;
        ipv6Rules += v6.length + other;
        allCidrs.push(...v4, ...v6);
        const open = [...v4.filter((c) => coversPublicSpaceBeyond([c], config.allowedPublicCidrs)), ...v6.filter(isOpenToWorld)];
        if (open.length > 0) {
            publicByWhere.set(where, [...(publicByWhere.get(where) ?? []), ...open]);
        }
    }
    if (coversWholeInternet(allCidrs)) {
        const shown = allCidrs.filter(isOpenToWorld);
        report(`Security group ${name} on an IoT endpoint admits the whole internet (${listed([...new Set(shown.length > 0 ? shown : allCidrs)])}); ` +
            "allow only the device networks' CIDRs, never every address (allowedPublicCidrs cannot allow this).", group.ref.urn);
    } else {
        for (const [where, cidrs] of publicByWhere) {
            report(`Security group ${name} on an IoT endpoint allows public address space (${listed([...new Set(cidrs)])}); devices connect from private networks (VPC, VPN, Direct Connect). ` +
                "Allow only the device networks' private CIDRs, or list the public ranges devices really use in this policy's allowedPublicCidrs config.", where.ref.urn);
        }
    }
    for (const [family, count] of [["IPv4", ipv4Rules], ["IPv6", ipv6Rules]] as const) {
        if (count > config.maxInboundRules) {
            report(`Security group ${name} on an IoT endpoint has ${count} inbound ${family} rules (each port range x source is one); AWS allows ${config.maxInboundRules} per group. ` +
                "Merge device networks into fewer CIDRs (or a prefix list), open fewer ports, or raise the quota and set maxInboundRules in this policy's config.", group.ref.urn);
        }
    }
}

interface ConditionConfig { conditionKeys: string[] }

const conditionSchema: PolicyConfigSchema = {
    properties: {
        conditionKeys: { type: "array", items: { type: "string" }, default: [...VPC_CONDITION_KEYS], description: "Condition keys that only a connection through a VPC endpoint carries." },
    },
};

export const iotPolicyVpcCondition: ResourceValidationPolicy = {
    name: "iot-policy-vpc-condition",
    description: "IoT policies let devices connect (iot:Connect) only through VPC endpoints: every Allow that grants it is conditioned on aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp so that it fails without the key, or a Deny stops connections that lack it. Documents over 2,048 characters are not judged (AWS refuses them).",
    enforcementLevel: "advisory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Add a Condition such as { StringEquals: { \"aws:SourceVpce\": \"vpce-...\" } } to each statement that allows iot:Connect (see vpcOnlyDevicePolicy), or a Deny of iot:Connect on the same resources with { StringNotEquals: { \"aws:SourceVpce\": [...] } }.",
    configSchema: conditionSchema,
    validateResource: validateType(TYPES.iotPolicy, (args, report) => {
        const text = readIotPolicy(snapshot(args.props)).policy;
        if (typeof text !== "string" || text.replace(/\s/g, "").length > IOT_POLICY_MAX_CHARACTERS) {
            return;
        }
        let document: unknown;
        try {
            document = JSON.parse(text);
        } catch {
            return; // AWS validates the JSON itself
        }
        const { conditionKeys } = settings<ConditionConfig>(conditionSchema, args);
        for (const g of publicConnectGrants(document, conditionKeys)) {
            report(`Statement ${g.statement}${g.sid ? ` (${g.sid})` : ""} of IoT policy ${args.name} lets devices connect (iot:Connect) through the public endpoint: ${g.reason}. ` +
                `Condition it with StringEquals on ${listed(conditionKeys, "or")}, or add a Deny of iot:Connect on the same resources with StringNotEquals on the key.`);
        }
    }),
};

/** The access policies, in the order of the README. */
export const accessPolicies = [endpointSecurityGroup, iotPolicyVpcCondition];
