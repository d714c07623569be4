/**
 * AWS IoT's rules: custom domain configurations (a custom name, a certificate, one configuration per
 * domain name and per name in the account and region), policies (JSON, 2,048 characters, no delete
 * while attached to certificates).
 */
import { RESOURCE_TYPES as T } from "../../../components/resourceTypes";
import { QUOTAS } from "../facts";
import { dnsName } from "../net";
import { AccountState } from "../state";
import { arr, hasUnknown, str } from "../values";
import { DeleteRule, Refusal, Rule, othersOfType, refusal } from "./common";

const SERVICE_TYPES = ["DATA", "CREDENTIAL_PROVIDER", "JOBS"];

/** `aws.iot.DomainConfiguration`. */
export const domainConfigurationRules: Rule = (ctx, inputs) => {
    const out: Refusal[] = [];
    const domain = str(inputs.domainName);
    if (domain !== undefined && /(^|\.)amazonaws\.com(\.cn)?$/.test(dnsName(domain))) {
        out.push(refusal("InvalidRequestException", `${domain} is not a custom domain`));
    }
    if (!hasUnknown(inputs.serverCertificateArns) && arr(inputs.serverCertificateArns).length === 0 && domain !== undefined) {
        out.push(refusal("InvalidRequestException", "a custom domain needs a server certificate"));
    }
    const serviceType = str(inputs.serviceType);
    if (serviceType !== undefined && !SERVICE_TYPES.includes(serviceType)) {
        out.push(refusal("InvalidRequestException", `serviceType ${serviceType} is not one of ${SERVICE_TYPES.join(", ")}`));
    }
    const others = othersOfType(ctx, T.domainConfiguration);
    if (domain !== undefined) {
        const holder = others.find((o) => dnsName(str(o.state.domainName) ?? "") === dnsName(domain));
        if (holder) {
            out.push(refusal("ResourceAlreadyExistsException", `the domain name ${domain} is already used by domain configuration ${holder.id} in ${ctx.caller.region}`));
        }
    }
    const name = str(inputs.name);
    if (name !== undefined && !ctx.existing && others.some((o) => o.id === name)) {
        out.push(refusal("ResourceAlreadyExistsException", `a domain configuration named ${name} exists already`));
    }
    return out;
};

/** `aws.iot.Policy`. */
export const iotPolicyRules: Rule = (ctx, inputs) => {
    const out: Refusal[] = [];
    const doc = str(inputs.policy);
    if (doc !== undefined) {
        try {
            JSON.parse(doc);
        } catch {
            out.push(refusal("MalformedPolicyException", "the policy document is not JSON"));
        }
        const size = doc.replace(/\s/g, "").length;
        if (size > QUOTAS.iotPolicyMaxCharacters) {
            out.push(refusal("LimitExceededException", `the policy document is ${size} characters, more than ${QUOTAS.iotPolicyMaxCharacters}`));
        }
    }
    const name = str(inputs.name);
    if (name !== undefined && !ctx.existing && othersOfType(ctx, T.iotPolicy).some((o) => o.id === name)) {
        out.push(refusal("ResourceAlreadyExistsException", `a policy named ${name} exists already`));
    }
    return out;
};

/** Certificates `policyName` is attached to, in the account and region. */
export function attachmentsOf(state: AccountState, accountId: string, region: string, policyName: string): string[] {
    return [...(state.policyAttachments.get(AccountState.policyKey(accountId, region, policyName)) ?? [])];
}

/** A policy attached to certificates cannot be deleted until it is detached. */
export const iotPolicyDeleteRules: DeleteRule = (ctx, obj) => {
    const certs = attachmentsOf(ctx.state, obj.accountId, obj.region, obj.id);
    return certs.length > 0
        ? [refusal("DeleteConflictException", `The policy cannot be deleted as the policy is attached to one or more principals (name=${obj.id}; ${certs.join(", ")})`)]
        : [];
};
