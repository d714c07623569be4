/**
 * What every rule of AWS's needs: the refusal itself, the step being judged, and lookups of what the
 * caller's account can see.
 */
import { AccountState, AwsObject, FakeSubnet, FakeVpc } from "../state";
import { StepContext } from "../resources";
import { Props } from "../values";

/** One thing AWS refuses: its error code and message. */
export interface Refusal {
    readonly code: string;
    readonly message: string;
}

/** The step a rule judges. */
export interface RuleContext extends StepContext {
    /** The object being updated (rules exclude it from uniqueness checks); absent for a create. */
    readonly existing?: AwsObject;
    /** Inputs that differ from the recorded ones, for an update; absent for a create. */
    readonly changed?: ReadonlySet<string>;
}

/** AWS's rules for creating or updating one resource type. */
export type Rule = (ctx: RuleContext, inputs: Props) => Refusal[];

/** AWS's rules for deleting one object. */
export type DeleteRule = (ctx: StepContext, obj: AwsObject) => Refusal[];

export function refusal(code: string, message: string): Refusal {
    return { code, message };
}

/** The VPC, when it exists in the caller's account and region. */
export function visibleVpc(ctx: StepContext, vpcId: string): FakeVpc | undefined {
    const vpc = ctx.state.vpcs.get(vpcId);
    return vpc && vpc.ownerAccountId === ctx.caller.accountId && vpc.region === ctx.caller.region ? vpc : undefined;
}

/** The subnet, when it exists in the caller's account and region. */
export function visibleSubnet(ctx: StepContext, subnetId: string): FakeSubnet | undefined {
    const subnet = ctx.state.subnets.get(subnetId);
    return subnet && subnet.ownerAccountId === ctx.caller.accountId && ctx.state.vpcs.get(subnet.vpcId)?.region === ctx.caller.region ? subnet : undefined;
}

/** Objects of `type` in the caller's account and region, without the one being updated. */
export function othersOfType(ctx: RuleContext, type: string, state: AccountState = ctx.state): AwsObject[] {
    return state.objectsOfType(type).filter((o) => o.id !== ctx.existing?.id && o.accountId === ctx.caller.accountId && o.region === ctx.caller.region);
}
