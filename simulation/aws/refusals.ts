/**
 * AWS's rules, by resource type: what AWS refuses when a step creates, updates or deletes a resource,
 * judged against the account's state at that step. The rules themselves live in `rules/<service>.ts`;
 * this file says which apply to which type, and adds the tag rules every service shares.
 */
import { RESOURCE_TYPES as T } from "../../components/resourceTypes";
import { QUOTAS } from "./facts";
import { AwsObject } from "./state";
import { StepContext } from "./resources";
import { Props, hasUnknown, rec } from "./values";
import { DeleteRule, Refusal, Rule, RuleContext, refusal } from "./rules/common";
import { dashboardRules, metricAlarmRules } from "./rules/cloudwatch";
import { securityGroupDeleteRules, securityGroupRules, separateRuleRules, vpcEndpointPolicyRules, vpcEndpointRules } from "./rules/ec2";
import { domainConfigurationRules, iotPolicyDeleteRules, iotPolicyRules } from "./rules/iot";
import {
    recordRules, resolverEndpointRules, vpcAssociationAuthorizationRules, zoneAssociationDeleteRules, zoneAssociationRules, zoneDeleteRules, zoneRules,
} from "./rules/route53";

export type { Refusal, RuleContext } from "./rules/common";

/** The error code tag problems carry, by service. */
const TAG_ERROR: Readonly<Record<string, string>> = { ec2: "InvalidParameterValue", route53: "InvalidInput", iot: "InvalidRequestException", cloudwatch: "InvalidParameterValue" };

/** At most 50 tags, keys of 1..128 characters without the `aws:` prefix, values of at most 256. */
const tagRules: Rule = (ctx, inputs) => {
    const tags = rec(inputs.tags);
    if (!tags || hasUnknown(inputs.tags)) {
        return [];
    }
    const service = ctx.type.split(":")[1]?.split("/")[0] ?? "";
    const code = TAG_ERROR[service] ?? "InvalidParameterValue";
    const out: Refusal[] = [];
    const keys = Object.keys(tags);
    if (keys.length > QUOTAS.tagsPerResource) {
        out.push(refusal(code, `${keys.length} tags, more than the ${QUOTAS.tagsPerResource} a resource may have`));
    }
    for (const k of keys) {
        const v = tags[k];
        if (k.length < 1 || k.length > QUOTAS.tagKeyMaxLength) {
            out.push(refusal(code, `tag key ${JSON.stringify(k)} must be 1 to ${QUOTAS.tagKeyMaxLength} characters`));
        }
        if (k.toLowerCase().startsWith("aws:")) {
            out.push(refusal(code, `tag key ${JSON.stringify(k)}: the aws: prefix is reserved for AWS`));
        }
        if (typeof v === "string" && v.length > QUOTAS.tagValueMaxLength) {
            out.push(refusal(code, `tag ${JSON.stringify(k)} has a value longer than ${QUOTAS.tagValueMaxLength} characters`));
        }
    }
    return out;
};

const RULES: Readonly<Record<string, readonly Rule[]>> = {
    [T.vpcEndpoint]: [vpcEndpointRules],
    [T.vpcEndpointPolicy]: [vpcEndpointPolicyRules],
    [T.securityGroup]: [securityGroupRules],
    [T.securityGroupRule]: [separateRuleRules],
    [T.securityGroupIngressRule]: [separateRuleRules],
    [T.zone]: [zoneRules],
    [T.zoneAssociation]: [zoneAssociationRules],
    [T.vpcAssociationAuthorization]: [vpcAssociationAuthorizationRules],
    [T.record]: [recordRules],
    [T.resolverEndpoint]: [resolverEndpointRules],
    [T.domainConfiguration]: [domainConfigurationRules],
    [T.iotPolicy]: [iotPolicyRules],
    [T.metricAlarm]: [metricAlarmRules],
    [T.dashboard]: [dashboardRules],
};

const DELETE_RULES: Readonly<Record<string, readonly DeleteRule[]>> = {
    [T.securityGroup]: [securityGroupDeleteRules],
    [T.zone]: [zoneDeleteRules],
    [T.zoneAssociation]: [zoneAssociationDeleteRules],
    [T.iotPolicy]: [iotPolicyDeleteRules],
};

/** What AWS refuses in creating (no `ctx.existing`) or updating a resource with `inputs`, right now. */
export function refusalsOf(ctx: RuleContext, inputs: Props): Refusal[] {
    return [...(RULES[ctx.type] ?? []), tagRules].flatMap((rule) => rule(ctx, inputs));
}

/** What AWS refuses in deleting `obj`, right now. */
export function deleteRefusalsOf(ctx: StepContext, obj: AwsObject): Refusal[] {
    return (DELETE_RULES[obj.type] ?? []).flatMap((rule) => rule(ctx, obj));
}
