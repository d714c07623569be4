/**
 * Runs a policy's validation in this process the way the policy SDK calls it: properties (and the
 * provider's) behind the SDK's unknown-checking proxy, config as `getConfig` returns it, the stack's
 * parents and dependencies as resources. Resources are the hand-made ones of `stacks.ts`, where `U`
 * marks a value a preview does not know yet.
 */
import { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy, unknownCheckingProxy } from "@pulumi/policy";

import { AnalyzedResource } from "../../simulation/policyPack";

/** One reported violation; `urn` only when the policy named a resource. */
export interface Violation { readonly message: string; readonly urn?: string }

const noop = () => undefined;

/** Resource options as the SDK hands them to a policy: none set. */
export const options = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

export function providerOf(r: AnalyzedResource) {
    return r.provider && { type: r.provider.type, props: unknownCheckingProxy(r.provider.properties), urn: r.provider.urn, name: r.provider.name };
}

function collector(): { out: Violation[]; report: ReportViolation } {
    const out: Violation[] = [];
    const report: ReportViolation = (message, urn) => void out.push(urn === undefined ? { message } : { message, urn });
    return { out, report };
}

/** What `policy` reports for resource `r` with `config` (the policy's own config object). */
export function judge(policy: ResourceValidationPolicy, r: AnalyzedResource, config: object = {}): Violation[] {
    const { out, report } = collector();
    const args = {
        type: r.type, props: unknownCheckingProxy(r.properties), urn: r.urn, name: r.name, opts: options, provider: providerOf(r),
        stackTags: new Map(), getConfig: () => config, isType: () => false, asType: noop,
        notApplicable: () => { throw new Error("not applicable"); },
    } as unknown as ResourceValidationArgs;
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const v of validations) {
        void v!(args, report);
    }
    return out;
}

/** What `policy` reports for the stack `resources` with `config`. */
export function judgeStack(policy: StackValidationPolicy, resources: AnalyzedResource[], config: object = {}): Violation[] {
    const byUrn = new Map<string, PolicyResource>();
    const list = resources.map((r) => {
        const p = {
            type: r.type, props: unknownCheckingProxy(r.properties), urn: r.urn, name: r.name, opts: options, provider: providerOf(r),
            parent: undefined, dependencies: [], propertyDependencies: {}, isType: () => false, asType: noop,
        } as unknown as PolicyResource;
        byUrn.set(r.urn, p);
        return p;
    });
    resources.forEach((r, i) => {
        const p = list[i] as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
        p.parent = r.parent ? byUrn.get(r.parent) : undefined;
        p.dependencies = (r.dependencies ?? []).map((u) => byUrn.get(u)!).filter(Boolean);
        p.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, us]) => [k, us.map((u) => byUrn.get(u)!).filter(Boolean)]));
    });
    const { out, report } = collector();
    const args = { resources: list, stackTags: new Map(), getConfig: () => config, notApplicable: () => { throw new Error("not applicable"); } } as unknown as StackValidationArgs;
    void policy.validateStack!(args, report);
    return out;
}

/** The messages of `violations`, in order. */
export const messages = (violations: Violation[]) => violations.map((v) => v.message);
