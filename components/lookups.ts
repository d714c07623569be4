/**
 * The deploy-time gate of `IotCoreVpcEndpoints`: everything AWS must confirm before anything is created
 * or changed, read with lookups (invokes) that run in previews too, and judged by the pure checks of
 * `validation.ts` (the region, services, subnets, VPC, CIDRs, tags) and `transitions.ts` (what is
 * deployed now: existing private zones and their records). Every child resource reads its inputs from
 * the gate's Output, so one problem stops them all, before any step reaches AWS, with one error that
 * lists every problem.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Settings } from "./args";
import { DEFAULTS } from "./defaults";
import { ATS_DATA_ENDPOINT_TYPE, CREDENTIAL_PROVIDER_ENDPOINT_TYPE, IOT_CREDENTIALS_SERVICE, IOT_DATA_SERVICE } from "./limits";
import { DeploymentPlan, ZonePlan } from "./planning";
import { InvalidArgumentsError, Problem, show, throwIfProblems } from "./problems";
import {
    InvokeFailure, MalformedReply, SubnetReply, VpcReply, ZoneReply, readEndpointService, readInvokeFailure, readIotEndpoint, readRecordSets, readRegion, readSubnet,
    readVpc, readZone, reasonText,
} from "./replies";
import { normalizeDnsName, serviceNameFor } from "./rules";
import { DeployedRecord, DeployedZone, MANAGED_BY, PlannedSubnet, layoutOfSetIdentifiers, zoneChangeProblems } from "./transitions";
import { DeployFacts, MissingFact, OWNER_TAG, SubnetFacts, deployWarnings, isPending, regionProblems, validateDeployFacts } from "./validation";

/** What the gate found about one private zone of the plan. */
export interface ZoneFacts {
    /** The zone's DNS name (the account's endpoint name, or the custom domain). */
    readonly name: string;
    /** The zone to put records in when it is adopted (`existingHostedZoneId`). */
    readonly adoptedZoneId?: string;
}

/** A spoke VPC as the gate found it. */
export interface SpokeFacts {
    readonly vpcId: string;
    readonly region: string;
    readonly cidrBlocks: readonly string[];
}

/** The checked facts every child reads: all known only once every check passed. */
export interface CheckedFacts extends DeployFacts {
    /** Allowed CIDRs as resolved: explicit, or the VPC's and the spokes' blocks. */
    readonly allowedCidrs: string[];
    readonly resolverCidrs: string[];
    /** The endpoints' subnets: `subnetIds`, then `drainingSubnetIds`. */
    readonly subnets: readonly SubnetFacts[];
    /** How many of `subnets` are active (the rest are draining). */
    readonly activeSubnets: number;
    /** One per zone of the plan, in the plan's order. */
    readonly zones: readonly ZoneFacts[];
    readonly spokes: readonly SpokeFacts[];
}

/** Marks a zone this component created, in its comment (what the ownership check reads). */
export function zoneComment(plan: ZonePlan, owner: string): string {
    return `${LEGACY_COMMENTS[plan.kind]}${MANAGED_BY}${owner}`.slice(0, 256);
}

/**
 * `owner` as the value of the zones' `iotvpc:owner` tag, which finds this component's zones wherever they
 * are associated (`getZone` filters by tags, not by comment). AWS allows letters, digits, spaces and `_ . : / = + - @`, up to 256 characters. */
export function ownerTagValue(owner: string): string {
    return owner.replace(/[^\p{L}\p{N}\p{Zs}_.:/=+\-@]/gu, "_").slice(0, 256);
}

/** The comments of the zones the first release created (no owner in them). */
const LEGACY_COMMENTS: Record<ZonePlan["kind"], string> = {
    ats: "Private AWS IoT Core data endpoint (interface VPC endpoints)",
    custom: "Private AWS IoT Core custom domain (interface VPC endpoints)",
    credentials: "Private AWS IoT Core credential provider endpoint (interface VPC endpoints)",
};

/** True when `zone` is the one this component made for `plan`: its marked comment, or the first release's comment and Name tag. */
export function isOwnZone(zone: DeployedZone, plan: ZonePlan, owner: string): boolean {
    return zone.comment === zoneComment(plan, owner)
        || (zone.comment === LEGACY_COMMENTS[plan.kind] && zone.tags.Name === plan.resourceName);
}

/** A lookup that failed: the value asked for, and the provider's reasons. */
interface Missing {
    readonly missing: MissingFact;
    readonly failure: InvokeFailure;
}

/**
 * Runs a lookup and reads its answer with `reader` (the boundary parsers of `replies.ts`); a failed
 * lookup comes back as `Missing`, with the provider's reasons read from the whole error text.
 */
async function lookup<T>(invoke: () => Promise<unknown>, reader: (answer: unknown) => T, id: string): Promise<T | Missing> {
    let answer: unknown;
    try {
        answer = await invoke();
    } catch (e) {
        const failure = readInvokeFailure(e);
        return { missing: { id, message: reasonText(failure) }, failure };
    }
    return reader(answer);
}

function isFound<T>(x: T | Missing): x is T {
    return !(typeof x === "object" && x !== null && "missing" in x);
}

/** Runs `fn`; an answer a reader could not read becomes the component's named problem. */
function guarded<T>(label: string, fn: () => T): T {
    try {
        return fn();
    } catch (e) {
        if (e instanceof MalformedReply) {
            throw new InvalidArgumentsError(label, [e.problem]);
        }
        throw e;
    }
}

/** The async form of `guarded`. */
async function guardedAsync<T>(label: string, fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch (e) {
        if (e instanceof MalformedReply) {
            throw new InvalidArgumentsError(label, [e.problem]);
        }
        throw e;
    }
}

function asSubnet(s: SubnetReply): SubnetFacts {
    return { id: s.id, availabilityZone: s.availabilityZone, vpcId: s.vpcId, cidrBlock: s.cidrBlock };
}

/**
 * The provider's region, read once: a lookup that fails, or answers without a region, is a named
 * problem. The component's spokes and its gate both read this one.
 */
export function providerRegion(parent: pulumi.Resource, label: string): pulumi.Output<string> {
    return pulumi.output(guardedAsync(label, async () => {
        const r = await lookup(() => aws.getRegion({}, { parent }), readRegion, "region");
        if (!isFound(r)) {
            throwIfProblems(label, [{ argument: "region", value: "(the provider's)", problem: `could not be read: ${r.missing.message}`,
                fix: "check the AWS provider's credentials and region (aws:region in the stack's config)." }]);
        }
        return r as string;
    }));
}

/** What a spoke's role (or the deploying role, for a spoke of its own account) reads to find a zone of the same name on the spoke. */
export const SPOKE_READ_PERMISSIONS: readonly string[] = Object.freeze([
    "route53:ListHostedZones", "route53:ListHostedZonesByVPC", "route53:GetHostedZone", "route53:ListTagsForResource", "route53:ListResourceRecordSets",
]);

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Reads and checks the deploy-time facts for the component `parent` (label `label`, owner `owner` =
 * project/stack/name). Returns Outputs that resolve only when every check passed.
 */
export function deployFacts(
    parent: pulumi.Resource, label: string, owner: string, settings: Settings, plan: DeploymentPlan, providerRegionName: pulumi.Output<string>,
    spokeProviders: readonly (aws.Provider | undefined)[],
) {
    const invokeOpts = { parent };
    const credentials = settings.credentialsProvider !== undefined;
    const region = providerRegionName.apply((r) => {
        throwIfProblems(label, regionProblems(r, settings.allowChinaRegions, credentials));
        return r;
    });
    // Lookups AWS may answer with "not found": read as a problem that names the argument, not a raw error.
    const vpc = pulumi.output(settings.vpcId).apply((id) => guardedAsync(label, () => lookup(() => aws.ec2.getVpc({ id }, invokeOpts), readVpc, id)));
    const service = (s: string) => region.apply((r) => guardedAsync(label, async () => {
        const serviceName = serviceNameFor(r, s);
        const found = await lookup(() => aws.ec2.getVpcEndpointService({ serviceName, serviceType: "Interface" }, invokeOpts), readEndpointService, serviceName);
        if (!isFound(found)) {
            throwIfProblems(label, [{ argument: "region", value: show(r), problem: `does not offer ${serviceName} as an interface endpoint service: ${found.missing.message}`,
                fix: "deploy to a region where the service is offered (aws ec2 describe-vpc-endpoint-services --service-names <name>)." }]);
        }
        return found as { serviceName: string; availabilityZones: readonly string[] };
    }));
    const services = pulumi.all([service(IOT_DATA_SERVICE), ...(credentials ? [service(IOT_CREDENTIALS_SERVICE)] : [])]);
    // A list given as one Output is judged once it resolves: a list, or a problem naming the argument.
    const resolvedList = (argument: string, v: unknown, fix: string): unknown[] => {
        if (!Array.isArray(v)) {
            throwIfProblems(label, [{ argument, value: show(v), problem: "resolved to something other than a list.", fix }]);
        }
        return v as unknown[];
    };
    const subnetList = (argument: string, v: unknown): readonly pulumi.Input<string>[] => {
        const ids = resolvedList(argument, v, "pass an Output holding a list of subnet ids, such as vpc.privateSubnetIds.");
        throwIfProblems(label, ids.flatMap((id, i): Problem[] => typeof id === "string" && id !== "" ? []
            : [{ argument: `${argument}[${i}]`, value: show(id), problem: "is not a subnet id.", fix: "pass subnet ids such as subnet-0123456789abcdef0." }]));
        return ids as pulumi.Input<string>[];
    };
    const subnet = (id: pulumi.Input<string>) => pulumi.output(id).apply((i) => guardedAsync(label, () => lookup(() => aws.ec2.getSubnet({ id: i }, invokeOpts), readSubnet, i)));
    const subnets = pulumi.output(settings.subnetIds).apply((ids) => pulumi.all([...subnetList("subnetIds", ids), ...settings.drainingSubnetIds].map(subnet)));
    const resolver = settings.inboundResolver;
    const resolverSubnets = resolver === undefined ? pulumi.output(undefined)
        : resolver.subnetIds ? pulumi.output(resolver.subnetIds).apply((ids) => pulumi.all(subnetList("inboundResolver.subnetIds", ids).map(subnet)))
        : pulumi.output(settings.subnetIds).apply((ids) => pulumi.all(subnetList("subnetIds", ids).slice(0, DEFAULTS.inboundResolver.subnetCount).map(subnet)));
    const endpointName = (type: string) => pulumi.output(guardedAsync(label, async () => {
        const found = await lookup(() => aws.iot.getEndpoint({ endpointType: type }, invokeOpts), readIotEndpoint, type);
        if (!isFound(found)) {
            throwIfProblems(label, [{ argument: type === ATS_DATA_ENDPOINT_TYPE ? "dataEndpoint" : "credentialsEndpoint", value: show(type), problem: `could not be read: ${found.missing.message}`,
                fix: `let the deploying role call iot:DescribeEndpoint (aws iot describe-endpoint --endpoint-type ${type}).` }]);
        }
        return found as string;
    }));
    const dataEndpoint = endpointName(ATS_DATA_ENDPOINT_TYPE);
    const credentialsEndpoint = credentials ? endpointName(CREDENTIAL_PROVIDER_ENDPOINT_TYPE) : pulumi.output("");
    const list = (argument: string, v: pulumi.Input<readonly pulumi.Input<string>[]> | undefined): pulumi.Output<unknown[] | undefined> =>
        v === undefined ? pulumi.output(undefined) : pulumi.output(v).apply((items: unknown) =>
            [...resolvedList(argument, items, "pass an Output holding a list of CIDR blocks, such as [\"10.0.0.0/16\"].")]);
    const spokes = pulumi.all(settings.additionalVpcs.map((s, i) => pulumi.output(s.vpcId).apply((id) =>
        guardedAsync(label, () => lookup(() => aws.ec2.getVpc({ id }, { parent, provider: spokeProviders[i] }), readVpc, id)))));
    const adopted = pulumi.all(plan.zones.map((z) => pulumi.output(adoptedZoneIdOf(settings, z))));
    const others = pulumi.all([list("allowedCidrs", settings.allowedCidrs), list("inboundResolver.allowedCidrs", resolver?.allowedCidrs), pulumi.output(settings.tags), spokes, adopted]);

    const basic = pulumi.all([region, vpc, services, subnets, others, dataEndpoint, credentialsEndpoint, resolverSubnets])
        .apply(([r, v, svcs, subs, [cidrs, resolverCidrList, resolvedTags, spokeVpcs, adoptIds], data, creds, resolverSubs]) => guarded(label, () => {
            const spokeCidrs = spokeVpcs.filter(isFound).flatMap((x) => x.cidrBlocks);
            const allowed: unknown[] = cidrs ?? ["missing" in v ? [] : v.cidrBlocks, spokeCidrs].flat();
            const facts: DeployFacts = {
                region: r,
                vpcId: "missing" in v ? v.missing.id : v.id,
                vpcMissing: "missing" in v ? v.missing : undefined,
                services: svcs.map((s) => ({ serviceName: s.serviceName, availabilityZones: s.availabilityZones })),
                subnets: subs.filter(isFound).map(asSubnet),
                missingSubnets: subs.filter((x): x is Missing => "missing" in x).map((x) => x.missing),
                allowedCidrs: allowed,
                allowedCidrsFromVpc: cidrs === undefined,
                allowPublicCidrs: settings.allowPublicCidrs,
                devicePortCount: settings.devicePorts.length,
                allowChinaRegions: settings.allowChinaRegions,
                credentialsProvider: credentials,
                vpcDns: "missing" in v ? { enableDnsSupport: true, enableDnsHostnames: true } : { enableDnsSupport: v.enableDnsSupport, enableDnsHostnames: v.enableDnsHostnames },
                dataEndpoint: data,
                credentialsEndpoint: credentials ? creds : undefined,
                resolverSubnets: resolverSubs?.filter(isFound).map(asSubnet),
                resolverCidrs: resolver === undefined ? undefined : resolverCidrList ?? allowed,
                resolverIps: resolver?.ipAddresses,
                expectedSubnetCount: isPending(settings.subnetIds) ? settings.subnetKeys?.length : undefined,
                endpointIps: settings.endpointIps,
                tags: resolvedTags,
            };
            const problems = [...validateDeployFacts(facts), ...spokeProblems(settings, spokeVpcs, facts.vpcId)];
            throwIfProblems(label, problems);
            for (const warning of deployWarnings(facts)) {
                void pulumi.log.warn(warning, parent);
            }
            const zones: ZoneFacts[] = plan.zones.map((z, i) => ({
                name: z.kind === "ats" ? data : z.kind === "credentials" ? creds : z.domainName!,
                adoptedZoneId: adoptIds[i],
            }));
            const spokeFacts: SpokeFacts[] = spokeVpcs.filter(isFound).map((s, i) => ({
                vpcId: s.id, region: settings.additionalVpcs[i].region ?? r, cidrBlocks: s.cidrBlocks,
            }));
            return {
                ...facts,
                allowedCidrs: allowed as string[],
                resolverCidrs: (facts.resolverCidrs ?? []) as string[],
                activeSubnets: facts.subnets.length - settings.drainingSubnetIds.length,
                zones,
                spokes: spokeFacts,
            };
        }));

    // What is deployed now: the private zone of each name on the VPC (and on each spoke), and its records.
    const checked = basic.apply((facts): Promise<CheckedFacts> => guardedAsync(label, async () => {
        const problems: Problem[] = [];
        for (const [i, z] of plan.zones.entries()) {
            problems.push(...await zoneProblems(parent, owner, settings, plan, facts, z, facts.zones[i], spokeProviders));
        }
        throwIfProblems(label, problems);
        return facts;
    }));

    return {
        checked,
        region: checked.region,
        vpcId: checked.vpcId,
        services: checked.services,
        subnets: checked.subnets,
        activeSubnets: checked.activeSubnets,
        allowedCidrs: checked.allowedCidrs,
        dataEndpoint: checked.dataEndpoint,
        credentialsEndpoint: checked.apply((c) => c.credentialsEndpoint ?? ""),
        resolverSubnets: checked.apply((c) => c.resolverSubnets ?? []),
        resolverCidrs: checked.resolverCidrs,
        zones: checked.zones,
        spokes: checked.spokes,
    };
}

/** The existing zone the user asked to adopt for a zone of the plan, if any. */
export function adoptedZoneIdOf(settings: Settings, z: ZonePlan): pulumi.Input<string> | undefined {
    switch (z.kind) {
        case "ats":
            return settings.existingHostedZoneId;
        case "credentials":
            return settings.credentialsProvider?.existingHostedZoneId;
        case "custom":
            return settings.customDomains.find((d) => d.domainName === z.domainName)?.existingHostedZoneId;
    }
}

/** Problems with the spoke VPCs: they exist (in their account) and resolve private zones. */
function spokeProblems(_settings: Settings, spokes: readonly (VpcReply | Missing)[], vpcId: string): Problem[] {
    return spokes.flatMap((s, i): Problem[] => {
        const argument = `additionalVpcs[${i}].vpcId`;
        if ("missing" in s) {
            return [{ argument, value: show(s.missing.id), problem: `was not found: ${s.missing.message}`,
                fix: `pass an existing VPC id; set ${argument.replace(/\.vpcId$/, "")}.region for a VPC of another region, and .roleArn (a role in its account) for a VPC of another account.` }];
        }
        if (s.id === vpcId) {
            return [{ argument, value: show(s.id), problem: "is the endpoints' own VPC.", fix: "list only other VPCs in additionalVpcs." }];
        }
        if (!s.enableDnsSupport || !s.enableDnsHostnames) {
            return [{ argument, value: show(s.id), problem: `has enableDnsSupport=${s.enableDnsSupport} and enableDnsHostnames=${s.enableDnsHostnames}; private hosted zones resolve only with both true.`,
                fix: "enable DNS resolution and DNS hostnames on the spoke VPC." }];
        }
        return [];
    });
}

/** The private zone of `name` associated with `vpcId`, as Route 53 describes it, or `undefined` when there is none. */
function zoneOn(parent: pulumi.Resource, name: string, vpcId: string, provider?: aws.Provider): Promise<DeployedZone | undefined | Missing> {
    return privateZone(parent, { name, privateZone: true, vpcId }, provider);
}

/** The private zone `args` select in the caller's account, or `undefined` when the provider found none. */
async function privateZone(parent: pulumi.Resource, args: aws.route53.GetZoneArgs, provider?: aws.Provider): Promise<DeployedZone | undefined | Missing> {
    const z = await lookup(() => aws.route53.getZone(args, { parent, provider }), readZone, args.name ?? "");
    if (!isFound(z)) {
        return z.failure.notFound ? undefined : z;
    }
    return asDeployedZone(z);
}

function asDeployedZone(z: ZoneReply): DeployedZone {
    return { zoneId: z.zoneId, name: z.name, comment: z.comment, tags: z.tags };
}

/** Everything about one zone that would fail half-way through this update (`transitions.ts`). */
async function zoneProblems(
    parent: pulumi.Resource, owner: string, settings: Settings, plan: DeploymentPlan, facts: CheckedFacts, z: ZonePlan, zf: ZoneFacts,
    spokeProviders: readonly (aws.Provider | undefined)[],
): Promise<Problem[]> {
    const zoneArgument = z.kind === "ats" ? "vpcId" : z.kind === "credentials" ? "credentialsProvider" : `customDomains[${settings.customDomains.findIndex((d) => d.domainName === z.domainName)}].domainName`;
    const adoptArgument = z.kind === "ats" ? "existingHostedZoneId" : z.kind === "credentials" ? "credentialsProvider.existingHostedZoneId"
        : `customDomains[${settings.customDomains.findIndex((d) => d.domainName === z.domainName)}].existingHostedZoneId`;
    const lookupFailed = (m: MissingFact): Problem[] => [{ argument: zoneArgument, value: show(zf.name), problem: `could not be looked up in Route 53: ${m.message}`,
        fix: "let the deploying role read Route 53 (route53:ListHostedZones, route53:ListHostedZonesByName, route53:GetHostedZone, route53:ListTagsForResource, route53:ListResourceRecordSets)." }];
    const onVpc = await zoneOn(parent, zf.name, facts.vpcId);
    if (onVpc && "missing" in onVpc) {
        return lookupFailed(onVpc.missing);
    }
    // None on the VPC: is this component's zone associated elsewhere (a changed vpcId)?
    let elsewhere: DeployedZone | undefined;
    if (!onVpc && zf.adoptedZoneId === undefined) {
        const tagged = await privateZone(parent, { name: zf.name, privateZone: true, tags: { [OWNER_TAG]: ownerTagValue(owner) } });
        if (tagged && "missing" in tagged) {
            return lookupFailed(tagged.missing);
        }
        elsewhere = tagged;
    }
    const problems: Problem[] = [];
    // A spoke may hold a zone of the same name already (its association would then be refused).
    if (zf.adoptedZoneId === undefined) {
        for (const [i, spoke] of facts.spokes.entries()) {
            const onSpoke = await zoneOn(parent, zf.name, spoke.vpcId, spokeProviders[i]);
            if (onSpoke && "missing" in onSpoke) {
                const roleArn = settings.additionalVpcs[i].roleArn;
                problems.push({ argument: `additionalVpcs[${i}]`, value: show(spoke.vpcId),
                    problem: `could not be checked for another private zone for ${normalizeDnsName(zf.name)} (Route 53 would refuse the association with ConflictingDomainExists): ${onSpoke.missing.message}`,
                    fix: roleArn === undefined
                        ? `let the deploying role read Route 53 (${SPOKE_READ_PERMISSIONS.join(", ")}).`
                        : `let additionalVpcs[${i}].roleArn read Route 53 in the spoke's account (${SPOKE_READ_PERMISSIONS.join(", ")}); README, "Hub and spoke", lists every permission the role needs.` });
                continue;
            }
            if (onSpoke && onSpoke.zoneId !== onVpc?.zoneId) {
                problems.push({ argument: `additionalVpcs[${i}].vpcId`, value: show(spoke.vpcId),
                    problem: `already has another private zone for ${normalizeDnsName(zf.name)} (${onSpoke.zoneId}); Route 53 refuses a second one (ConflictingDomainExists).`,
                    fix: `disassociate ${onSpoke.zoneId} from ${spoke.vpcId} first, or leave this VPC out of additionalVpcs.` });
            }
        }
    }
    let deployed: DeployedRecord[] = [];
    if (onVpc) {
        const sets = await lookup(() => aws.route53.getRecords({ zoneId: onVpc.zoneId, nameRegex: `^${escapeRegex(normalizeDnsName(zf.name))}\\.?$` }, { parent }), readRecordSets, onVpc.zoneId);
        if (!isFound(sets)) {
            return lookupFailed(sets.missing);
        }
        deployed = sets.map((r) => ({
            name: r.name,
            type: r.type,
            setIdentifier: r.setIdentifier,
            weight: r.weight,
            ttl: r.ttl,
            values: r.values,
            alias: r.aliasTarget !== undefined,
        }));
    }
    const endpoints = z.endpoints === "data" ? plan.endpoints : plan.credentialEndpoints;
    const subnets: PlannedSubnet[] = facts.subnets.map((s, i) => ({
        key: plan.subnets[i]?.key ?? s.id, id: s.id, cidrBlock: s.cidrBlock, draining: i >= facts.activeSubnets,
    }));
    problems.push(...zoneChangeProblems({
        label: z.kind,
        zoneArgument,
        adoptArgument,
        zoneName: zf.name,
        vpcId: facts.vpcId,
        found: onVpc,
        ours: onVpc !== undefined && isOwnZone(onVpc, z, owner),
        comment: zoneComment(z, owner),
        ownZoneElsewhere: elsewhere,
        adoptZoneId: zf.adoptedZoneId,
        deployed,
        planned: z.records.map((r) => ({ setIdentifier: r.setIdentifier, endpointKey: endpoints[r.endpointIndex].key, alias: r.alias })),
        layout: plan.layout,
        ttl: settings.ttl,
        subnets,
        endpointKeys: endpoints.map((e) => e.key),
        fixedIps: z.endpoints === "data" ? settings.endpointIps : undefined,
        previousLayout: layoutOfSetIdentifiers(deployed.filter((r) => r.setIdentifier !== "").map((r) => r.setIdentifier)),
    }));
    return problems;
}
