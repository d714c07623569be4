/**
 * The deploy-time gate of `IotCoreVpcEndpoints`: everything AWS must confirm before anything is created
 * or changed, read with lookups (invokes) that run in previews too, and judged by the pure checks of
 * `validation.ts` (the region, services, subnets, VPC, CIDRs, tags) and `transitions.ts` (what is
 * deployed now: existing private zones and their records). Every child resource reads its inputs from
 * the gate's Output, so one problem stops them all, before any step reaches AWS, with one error that
 * lists every problem.
 */
import { createHash } from "crypto";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Settings } from "./args";
import { DEFAULTS } from "./defaults";
import { ATS_DATA_ENDPOINT_TYPE, CREDENTIAL_PROVIDER_ENDPOINT_TYPE, IOT_CREDENTIALS_SERVICE, IOT_DATA_SERVICE } from "./limits";
import { DeploymentPlan, ZonePlan } from "./planning";
import { InvalidArgumentsError, Problem, show, throwIfProblems } from "./problems";
import {
    InvokeFailure, MalformedReply, SubnetReply, VpcEndpointReply, VpcReply, ZoneReply, readEndpointService, readInvokeFailure, readIotEndpoint, readNetworkInterface,
    endpointOfInterface, readNetworkInterfaceIds, readRecordSets, readRegion, readResolverEndpoint, readResolverEndpointId, readSubnet, readVpc, readVpcEndpoint, readZone, reasonText, resolverOfInterface,
} from "./replies";
import { normalizeDnsName, serviceNameFor } from "./rules";
import {
    AddressHolder, DeployedRecord, DeployedZone, LiveEndpoint, MANAGED_BY, PlannedSubnet, layoutOfSetIdentifiers, pinnedAddressProblems, splitSetIdentifier, zoneChangeProblems,
} from "./transitions";
import { DEFAULT_DEVICE_POLICY, DeployFacts, MissingFact, OWNER_TAG, SubnetFacts, corePolicyProblem, deployWarnings, isPending, regionProblems, resolverAddresses, validateDeployFacts } from "./validation";

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

/**
 * This component's own objects that AWS holds already, which its resources take over with the `import`
 * option: the object the stack records (the engine then treats the registration as any other), or one an
 * interrupted update created but never recorded (pulumi/pulumi#9293: the next update would create it again,
 * and AWS refuses a second zone of the name, a second holder of a pinned address, a second association).
 */
export interface Adoptions {
    /** Per zone of the plan, the zone this component created. */
    readonly zones: readonly (string | undefined)[];
    /** Endpoint resource name → the endpoint's id. */
    readonly endpoints: Readonly<Record<string, string>>;
    /** The resolver endpoint's id. */
    readonly resolver?: string;
    /** Zone association resource name → its id (`<zone>:<vpc>:<region>`, as the provider records it). */
    readonly associations: Readonly<Record<string, string>>;
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
    /** `greengrassOptions.s3RouteTableIds`, resolved. */
    readonly s3RouteTableIds?: readonly string[];
    /** Filled once the deployed state is read (`checked`). */
    readonly adoptions?: Adoptions;
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

/** A lookup that must match at most one thing: what it found, `undefined` for nothing, `"several"`, or why it failed. */
async function atMostOne<T>(invoke: () => Promise<unknown>, reader: (answer: unknown) => T, id: string): Promise<T | undefined | "several" | Missing> {
    const found = await lookup(invoke, reader, id);
    if (isFound(found)) {
        return found;
    }
    return found.failure.notFound ? undefined : found.failure.several ? "several" : found;
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

/**
 * What a role reads to find a private zone of a name on a VPC (`aws.route53.getZone` with `vpcId`: ListHostedZones,
 * then GetHostedZone per candidate, ListTagsForResource for tags, the zone's NS records; terraform-provider-aws
 * route53/zone_data_source.go) and the records of one (`aws.route53.getRecords`).
 */
export const SPOKE_READ_PERMISSIONS: readonly string[] = Object.freeze([
    "route53:ListHostedZones", "route53:GetHostedZone", "route53:ListTagsForResource", "route53:ListResourceRecordSets",
]);

/**
 * Everything a spoke's role (`additionalVpcs[i].roleArn`) does in the spoke's account: read the spoke VPC
 * (ec2:DescribeVpcs), look for a zone of the same name on it (`SPOKE_READ_PERMISSIONS`), associate the VPC
 * (AssociateVPCWithHostedZone, which needs ec2:DescribeVpcs too), read the association back
 * (ListHostedZonesByVPC), wait for it (GetChange) and remove it (DisassociateVPCFromHostedZone):
 * terraform-provider-aws route53/zone_association.go; Route 53 API permissions reference.
 */
export const SPOKE_ROLE_PERMISSIONS: readonly string[] = Object.freeze([
    "ec2:DescribeVpcs", ...SPOKE_READ_PERMISSIONS, "route53:AssociateVPCWithHostedZone", "route53:ListHostedZonesByVPC", "route53:GetChange", "route53:DisassociateVPCFromHostedZone",
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
        throwIfProblems(label, regionProblems(r, settings.allowChinaRegions, credentials, settings.greengrass !== undefined));
        return r;
    });
    // Lookups AWS may answer with "not found": read as a problem that names the argument, not a raw error.
    const vpc = pulumi.output(settings.vpcId).apply((id) => guardedAsync(label, () => lookup(() => aws.ec2.getVpc({ id }, invokeOpts), readVpc, id)));
    const service = (s: string) => region.apply((r) => guardedAsync(label, async () => {
        const serviceName = serviceNameFor(r, s);
        const found = await lookup(() => aws.ec2.getVpcEndpointService({ serviceName, serviceType: "Interface" }, invokeOpts), readEndpointService, serviceName);
        if (!isFound(found)) {
            throwIfProblems(label, [found.failure.notFound
                ? { argument: "region", value: show(r), problem: `does not offer ${serviceName} as an interface endpoint service: ${found.missing.message}`,
                    fix: `deploy to a region where the service is offered (aws ec2 describe-vpc-endpoint-services --service-names ${serviceName}).` }
                : { argument: "region", value: show(r), problem: `could not be asked where it offers ${serviceName}: ${found.missing.message}`,
                    fix: "let the deploying role call ec2:DescribeVpcEndpointServices." }]);
        }
        return found as { serviceName: string; availabilityZones: readonly string[] };
    }));
    // iot.data first, then iot.credentials, then the Greengrass interface services: each must be offered in every subnet's zone
    const interfaceServices = [IOT_DATA_SERVICE, ...(credentials ? [IOT_CREDENTIALS_SERVICE] : []),
        ...plan.serviceEndpoints.filter((e) => e.type === "Interface").map((e) => e.service)];
    const services = pulumi.all(interfaceServices.map(service));
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
    const list = (argument: string, v: pulumi.Input<readonly pulumi.Input<string>[]> | undefined,
        fix = "pass an Output holding a list of CIDR blocks, such as [\"10.0.0.0/16\"]."): pulumi.Output<unknown[] | undefined> =>
        v === undefined ? pulumi.output(undefined) : pulumi.output(v).apply((items: unknown) => [...resolvedList(argument, items, fix)]);
    const spokes = pulumi.all(settings.additionalVpcs.map((s, i) => pulumi.output(s.vpcId).apply((id) =>
        guardedAsync(label, () => lookup(() => aws.ec2.getVpc({ id }, { parent, provider: spokeProviders[i] }), readVpc, id)))));
    const adopted = pulumi.all(plan.zones.map((z) => pulumi.output(adoptedZoneIdOf(settings, z))));
    const routeTables = list("greengrassOptions.s3RouteTableIds", settings.greengrass?.s3RouteTableIds, "pass an Output holding a list of route table ids, such as [\"rtb-0123456789abcdef0\"].");
    const others = pulumi.all([list("allowedCidrs", settings.allowedCidrs), list("inboundResolver.allowedCidrs", resolver?.allowedCidrs), pulumi.output(settings.tags), spokes, adopted, routeTables]);

    const basic = pulumi.all([region, vpc, services, subnets, others, dataEndpoint, credentialsEndpoint, resolverSubnets])
        .apply(([r, v, svcs, subs, [cidrs, resolverCidrList, resolvedTags, spokeVpcs, adoptIds, s3Tables], data, creds, resolverSubs]) => guarded(label, () => {
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
                greengrass: settings.greengrass !== undefined,
                greengrassPrivateDns: plan.serviceEndpoints.filter((e) => e.type === "Interface").map((e) => e.service),
                spokeVpcIds: spokeVpcs.filter(isFound).map((x) => x.id),
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
            const core = settings.greengrass?.coreDevicePolicy && settings.greengrass.tokenExchangeRoleAlias !== undefined ? corePolicyProblem({
                policy: settings.devicePolicy ?? DEFAULT_DEVICE_POLICY, tokenExchangeRoleAlias: settings.greengrass.tokenExchangeRoleAlias,
                dataEndpoints: plan.endpoints.length, credentialEndpoints: plan.credentialEndpoints.length, region: r,
            }) : undefined;
            const problems = [...validateDeployFacts(facts), ...spokeProblems(settings, spokeVpcs, facts.vpcId), ...(core ? [core] : [])];
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
                s3RouteTableIds: s3Tables as string[] | undefined,
            };
        }));

    // What is deployed now: the private zone of each name on the VPC (and on each spoke), its records, the
    // component's own endpoints and resolver, and whatever holds the addresses it pins.
    const checked = basic.apply((facts): Promise<CheckedFacts> => guardedAsync(label, async () => {
        const problems: Problem[] = [];
        const reports: ZoneReport[] = [];
        for (const [i, z] of plan.zones.entries()) {
            const report = await inspectZone(parent, owner, settings, plan, facts, z, facts.zones[i], spokeProviders);
            problems.push(...report.problems);
            reports.push(report);
        }
        const own = await inspectOwnObjects(parent, owner, settings, plan, facts, reports);
        problems.push(...own.problems);
        throwIfProblems(label, problems);
        for (const warning of own.warnings) {
            void pulumi.log.warn(warning, parent);
        }
        const adoptions: Adoptions = {
            zones: reports.map((r) => r.ownZoneId),
            endpoints: own.endpoints,
            resolver: own.resolver,
            associations: Object.assign({}, ...reports.map((r) => r.associations)),
        };
        return { ...facts, adoptions };
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
        adoptions: checked.apply((c) => c.adoptions!),
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

/** Problems with the spoke VPCs: they exist (in their account), the role can read them, and they resolve private zones. */
function spokeProblems(settings: Settings, spokes: readonly (VpcReply | Missing)[], vpcId: string): Problem[] {
    return spokes.flatMap((s, i): Problem[] => {
        const argument = `additionalVpcs[${i}].vpcId`;
        if ("missing" in s) {
            const role = settings.additionalVpcs[i].roleArn !== undefined;
            return [{ argument, value: show(s.missing.id), problem: `${s.missing.message.startsWith("no matching") ? "was not found" : "could not be read"}: ${s.missing.message}`,
                fix: role
                    ? `pass an existing VPC of the role's account (set additionalVpcs[${i}].region for another region), and let additionalVpcs[${i}].roleArn do ${SPOKE_ROLE_PERMISSIONS.join(", ")}.`
                    : `pass an existing VPC id; set additionalVpcs[${i}].region for a VPC of another region, and .roleArn (a role in its account) for a VPC of another account.` }];
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

/** What the gate learned of one zone of the plan. */
interface ZoneReport {
    readonly problems: Problem[];
    /** The record sets of the zone on the VPC (the component's or the adopted one). */
    readonly deployed: readonly DeployedRecord[];
    /** The zone this component created, when it is on the VPC already. */
    readonly ownZoneId?: string;
    /** Association resource name → id, for the spokes the zone is associated with already. */
    readonly associations: Readonly<Record<string, string>>;
}

/** Everything about one zone that would fail half-way through this update (`transitions.ts`), and what of it exists. */
async function inspectZone(
    parent: pulumi.Resource, owner: string, settings: Settings, plan: DeploymentPlan, facts: CheckedFacts, z: ZonePlan, zf: ZoneFacts,
    spokeProviders: readonly (aws.Provider | undefined)[],
): Promise<ZoneReport> {
    const zoneArgument = z.kind === "ats" ? "vpcId" : z.kind === "credentials" ? "credentialsProvider" : `customDomains[${settings.customDomains.findIndex((d) => d.domainName === z.domainName)}].domainName`;
    const adoptArgument = z.kind === "ats" ? "existingHostedZoneId" : z.kind === "credentials" ? "credentialsProvider.existingHostedZoneId"
        : `customDomains[${settings.customDomains.findIndex((d) => d.domainName === z.domainName)}].existingHostedZoneId`;
    const lookupFailed = (m: MissingFact): ZoneReport => ({ deployed: [], associations: {}, problems: [{ argument: zoneArgument, value: show(zf.name), problem: `could not be looked up in Route 53: ${m.message}`,
        fix: `let the deploying role read Route 53 (${SPOKE_READ_PERMISSIONS.join(", ")}).` }] });
    const onVpc = await zoneOn(parent, zf.name, facts.vpcId);
    if (onVpc && "missing" in onVpc) {
        return lookupFailed(onVpc.missing);
    }
    const ours = onVpc !== undefined && zf.adoptedZoneId === undefined && isOwnZone(onVpc, z, owner);
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
    const associations: Record<string, string> = {};
    // A spoke may hold a zone of the same name already (its association would then be refused), or this
    // component's zone (an association an interrupted update made): the association takes that one over.
    if (zf.adoptedZoneId === undefined) {
        for (const [i, spoke] of facts.spokes.entries()) {
            const onSpoke = await zoneOn(parent, zf.name, spoke.vpcId, spokeProviders[i]);
            if (ours && settings.additionalVpcs[i].roleArn !== undefined) {
                // the spoke's account lists only its own zones: the zones' account sees its zone's associations
                const associated = await zoneOn(parent, zf.name, spoke.vpcId);
                if (associated && !("missing" in associated) && associated.zoneId === onVpc!.zoneId) {
                    associations[`${z.resourceName}-${settings.additionalVpcs[i].key}`] = `${onVpc!.zoneId}:${spoke.vpcId}:${spoke.region}`;
                }
            } else if (ours && onSpoke && !("missing" in onSpoke) && onSpoke.zoneId === onVpc!.zoneId) {
                associations[`${z.resourceName}-${settings.additionalVpcs[i].key}`] = `${onVpc!.zoneId}:${spoke.vpcId}:${spoke.region}`;
            }
            if (onSpoke && "missing" in onSpoke) {
                const roleArn = settings.additionalVpcs[i].roleArn;
                problems.push({ argument: `additionalVpcs[${i}]`, value: show(spoke.vpcId),
                    problem: `could not be checked for another private zone for ${normalizeDnsName(zf.name)} (Route 53 would refuse the association with ConflictingDomainExists): ${onSpoke.missing.message}`,
                    fix: roleArn === undefined
                        ? `let the deploying role read Route 53 (${SPOKE_READ_PERMISSIONS.join(", ")}).`
                        : `let additionalVpcs[${i}].roleArn, in the spoke's account, do ${SPOKE_ROLE_PERMISSIONS.join(", ")}.` });
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
        deployed = sets.map(({ aliasTarget, ...r }) => ({ ...r, alias: aliasTarget !== undefined }));
    }
    const endpoints = z.endpoints === "data" ? plan.endpoints : plan.credentialEndpoints;
    const subnets: PlannedSubnet[] = facts.subnets.map((s, i) => ({
        key: plan.subnets[i]?.key ?? s.id, id: s.id, cidrBlock: s.cidrBlock, draining: i >= facts.activeSubnets,
    }));
    const judged = zoneChangeProblems({
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
        previousLayout: layoutOfSetIdentifiers(deployed.filter((r) => r.setIdentifier !== "").map((r) => r.setIdentifier)),
    });
    return { problems: [...problems, ...judged], deployed, ownZoneId: ours ? onVpc!.zoneId : undefined, associations };
}

/**
 * The component's own endpoints and resolver as AWS holds them now, and whatever holds the addresses it
 * pins: endpoints found by their `Name` and `iotvpc:owner` tags, the resolver by its name. Looked up only
 * where it matters: every data endpoint when addresses are pinned (their configuration must not change);
 * otherwise each endpoint no record of its zone names yet (new, or created by an interrupted update).
 * A pinned endpoint or resolver without those marks (created by the first release, or before a project or
 * stack rename changed the owner) is still recognised, from what devices use: the records of the
 * component's own zone, and the resolver's interfaces (`legacyEndpoint`, `legacyResolver`).
 */
async function inspectOwnObjects(parent: pulumi.Resource, owner: string, settings: Settings, plan: DeploymentPlan, facts: CheckedFacts, reports: readonly ZoneReport[]) {
    const problems: Problem[] = [];
    const warnings: string[] = [];
    const endpoints: Record<string, string> = {};
    const tag = ownerTagValue(owner);
    const dataRecords = plan.zones.flatMap((z, i) => z.endpoints === "data" ? reports[i].deployed : []);
    const recorded = (group: "data" | "credentials") => new Set(plan.zones.flatMap((z, i) => z.endpoints === group ? reports[i].deployed : [])
        .map((r) => splitSetIdentifier(r.setIdentifier)?.endpoint).filter((k): k is string => k !== undefined));
    const several = (e: { key: string; resourceName: string }) => `${e.key}: more than one VPC endpoint in ${facts.vpcId} is tagged as this component's ${e.resourceName} ` +
        `(left behind by an interrupted update, or tagged so by hand). Find them: aws ec2 describe-vpc-endpoints --filters Name=tag:Name,Values=${e.resourceName} ` +
        `"Name=tag:${OWNER_TAG},Values=${tag}"; then run pulumi refresh, and delete the one the stack does not list (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids <id>) or import it.`;
    const unsearchable = (resourceName: string, m: Missing): Problem => ({ argument: "vpcId", value: show(facts.vpcId),
        problem: `could not be searched for this component's endpoint ${resourceName}: ${m.missing.message}`, fix: "let the deploying role call ec2:DescribeVpcEndpoints." });
    const live: LiveEndpoint[] = [];
    for (const [group, list] of [["data", plan.endpoints], ["credentials", plan.credentialEndpoints]] as const) {
        const seen = recorded(group);
        const pinned = group === "data" && settings.endpointIps !== undefined;
        const wanted = list.filter((x) => pinned || !seen.has(x.key));
        // one lookup per endpoint, all at once: a first deploy of many endpoints waits for one round trip
        const answers = await Promise.all(wanted.map((e) => ownEndpoint(parent, facts.vpcId, e.resourceName, tag)));
        for (const [i, e] of wanted.entries()) {
            const found = answers[i];
            if (found === "several") {
                warnings.push(several(e));
            } else if (found && "missing" in found) {
                problems.push(unsearchable(e.resourceName, found));
            } else if (found) {
                endpoints[e.resourceName] = found.id;
                if (group === "data") {
                    live.push({ key: e.key, id: found.id, subnetIds: found.subnetIds });
                }
            }
        }
    }
    for (const e of plan.serviceEndpoints) {
        const serviceName = serviceNameFor(facts.region, e.service);
        // its own first (by tags): once it exists, whatever else of the service is in the VPC has lived beside it
        const mine = await ownEndpoint(parent, facts.vpcId, e.resourceName, tag);
        if (mine === "several") {
            warnings.push(several({ key: e.service, resourceName: e.resourceName }));
            continue;
        }
        if (mine && "missing" in mine) {
            problems.push(unsearchable(e.resourceName, mine));
            continue;
        }
        if (mine) {
            endpoints[e.resourceName] = mine.id;
            continue;
        }
        problems.push(...await serviceEndpointProblems(parent, facts, e, serviceName, warnings));
    }
    const resolverName = settings.inboundResolver ? resolverEndpointName(plan.names.resolver, owner) : undefined;
    const resolver = resolverName === undefined ? undefined : await ownResolver(parent, facts.vpcId, resolverName);
    if (resolver === "several") {
        warnings.push(`inboundResolver: more than one Route 53 Resolver endpoint is named ${resolverName} (an interrupted update left one behind). ` +
            `Find them: aws route53resolver list-resolver-endpoints --filters Name=Name,Values=${resolverName}; then run pulumi refresh, and delete the one the stack does not list or import it.`);
    } else if (resolver && typeof resolver !== "string") {
        problems.push({ argument: "inboundResolver", value: show(resolverName), problem: `could not be searched for: ${resolver.missing.message}`,
            fix: "let the deploying role call route53resolver:ListResolverEndpoints." });
    }
    const resolverId = typeof resolver === "string" && resolver !== "several" ? resolver : undefined;
    const resolverIps = facts.resolverSubnets && settings.inboundResolver?.ipAddresses
        ? resolverAddresses(facts.resolverSubnets, settings.inboundResolver.ipAddresses).flatMap((a) => a.ip === undefined ? [] : [{ subnetId: a.subnet.id, ip: a.ip }])
        : undefined;
    const pins = [...Object.values(settings.endpointIps ?? {}).flat(), ...(resolverIps ?? []).map((a) => a.ip)];
    if (pins.length > 0) {
        const holders = await addressHolders(parent, facts.vpcId, pins);
        if (!Array.isArray(holders)) {
            problems.push({ argument: settings.endpointIps ? "endpointIps" : "inboundResolver.ipAddresses", value: show(pins),
                problem: `could not be checked as free: ${holders.missing.message}`, fix: "let the deploying role call ec2:DescribeNetworkInterfaces." });
        } else {
            const known = new Set(live.map((l) => l.key));
            for (const [index, e] of plan.endpoints.entries()) {
                const ips = Object.values(settings.endpointIps ?? {}).map((list) => list[index]).filter((ip): ip is string => ip !== undefined);
                const found = known.has(e.key) || ips.length === 0 ? undefined : await legacyEndpoint(parent, facts.vpcId, e, ips, holders, dataRecords);
                if (found && "missing" in found) {
                    problems.push(unsearchable(e.resourceName, found));
                } else if (found) {
                    live.push(found);
                }
            }
            const ownResolverId = resolverId ?? (resolverIps && resolver === undefined
                ? await legacyResolver(parent, facts.vpcId, plan.names.resolver, resolverIps.map((a) => a.ip), holders) : undefined);
            problems.push(...pinnedAddressProblems({
                endpointIps: settings.endpointIps, subnets: facts.subnets, endpointKeys: plan.endpoints.map((e) => e.key), live, holders, resolverIps, ownResolverId,
            }));
        }
    }
    return { problems, warnings, endpoints, resolver: resolverId };
}

/**
 * What is in the way of one of Greengrass's service endpoints, when the component has none of its own yet:
 * an interface endpoint of the service with private DNS (AWS refuses a second one, whose names would
 * conflict), or a gateway endpoint on one of `greengrassOptions.s3RouteTableIds` (a route table holds one
 * route to a prefix list: RouteAlreadyExists). Several of them cannot be told apart by one lookup: a warning.
 */
async function serviceEndpointProblems(parent: pulumi.Resource, facts: CheckedFacts, e: DeploymentPlan["serviceEndpoints"][number], serviceName: string, warnings: string[]): Promise<Problem[]> {
    const found = await serviceEndpointOf(parent, facts.vpcId, serviceName, e.type);
    const argument = e.service === "s3" ? (e.type === "Gateway" ? "greengrassOptions.s3RouteTableIds" : "greengrass") : "greengrassOptions.endpoints";
    if (found === undefined) {
        return [];
    }
    if (found === "several") {
        warnings.push(`${argument}: ${facts.vpcId} has several ${e.type.toLowerCase()} endpoints of ${serviceName} already, which one lookup cannot tell apart; ` +
            (e.type === "Interface" ? `if one has private DNS, AWS refuses the component's ${e.resourceName}, whose DNS names would conflict. `
                : `if one is on a route table of greengrassOptions.s3RouteTableIds, AWS refuses the component's ${e.resourceName} (RouteAlreadyExists). `) +
            `Check them: aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=${facts.vpcId} Name=service-name,Values=${serviceName}.`);
        return [];
    }
    if ("missing" in found) {
        return [{ argument, value: show(e.service), problem: `could not be searched for in ${facts.vpcId} (${serviceName}): ${found.missing.message}`, fix: "let the deploying role call ec2:DescribeVpcEndpoints." }];
    }
    if (e.type === "Interface" && found.privateDnsEnabled) {
        return [{ argument, value: show(e.service),
            problem: `${facts.vpcId} has an interface endpoint for ${serviceName} with private DNS already (${found.id}); AWS refuses a second one, whose DNS names would conflict.`,
            fix: `keep ${found.id} (it answers ${e.service}'s names in the VPC already) and ${e.service === "s3" ? "pass greengrassOptions.s3RouteTableIds or serve Greengrass from another VPC" : "leave it out of greengrassOptions.endpoints"}.` }];
    }
    const overlap = e.type === "Gateway" ? (facts.s3RouteTableIds ?? []).filter((t) => found.routeTableIds.includes(t)) : [];
    if (overlap.length > 0) {
        return [{ argument, value: show(overlap),
            problem: `already route${overlap.length === 1 ? "s" : ""} S3 through the gateway endpoint ${found.id}; AWS refuses a second gateway endpoint of a service on a route table (RouteAlreadyExists).`,
            fix: `leave ${overlap.join(", ")} out of greengrassOptions.s3RouteTableIds (${found.id} serves S3 there already), or omit s3RouteTableIds for an S3 interface endpoint.` }];
    }
    return [];
}

/** Endpoint states that hold interfaces; `deleted` endpoints stay listed by DescribeVpcEndpoints for a while. */
const LIVE_ENDPOINT_STATES = ["pendingAcceptance", "pending", "available"];

/** This component's endpoint named `resourceName` (its `Name` and `iotvpc:owner` tags) in the VPC, if AWS holds it. */
async function ownEndpoint(parent: pulumi.Resource, vpcId: string, resourceName: string, ownerTag: string): Promise<VpcEndpointReply | undefined | "several" | Missing> {
    return atMostOne(() => aws.ec2.getVpcEndpoint({
        vpcId, filters: [{ name: "tag:Name", values: [resourceName] }, { name: `tag:${OWNER_TAG}`, values: [ownerTag] }, { name: "vpc-endpoint-state", values: LIVE_ENDPOINT_STATES }],
    }, { parent }), readVpcEndpoint, resourceName);
}

/**
 * A pinned data endpoint without this component's owner tag, recognised by what devices use: the
 * interfaces holding its pinned addresses belong to one endpoint, every one of those addresses is in the
 * records the component's zone has for it, and that endpoint carries the endpoint's `Name` tag in the VPC.
 */
async function legacyEndpoint(
    parent: pulumi.Resource, vpcId: string, e: { key: string; resourceName: string }, ips: readonly string[], holders: readonly AddressHolder[], records: readonly DeployedRecord[],
): Promise<LiveEndpoint | Missing | undefined> {
    const listed = new Set(records.filter((r) => splitSetIdentifier(r.setIdentifier)?.endpoint === e.key).flatMap((r) => r.values));
    const held = ips.map((ip) => holders.find((h) => h.ip === ip));
    const ids = new Set(held.map((h) => h === undefined ? undefined : endpointOfInterface(h.description)));
    if (held.some((h) => h === undefined || !listed.has(h.ip)) || ids.size !== 1) {
        return undefined;
    }
    const [id] = [...ids] as string[];
    const found = await lookup(() => aws.ec2.getVpcEndpoint({
        id, vpcId, filters: [{ name: "tag:Name", values: [e.resourceName] }, { name: "vpc-endpoint-state", values: LIVE_ENDPOINT_STATES }],
    }, { parent }), readVpcEndpoint, e.resourceName);
    if (isFound(found)) {
        return { key: e.key, id: found.id, subnetIds: found.subnetIds };
    }
    return found.failure.notFound ? undefined : found;
}

/**
 * The resolver holding every pinned resolver address, when it is this component's without its current
 * name (created by the first release, which named it only by its `Name` tag, or before a rename changed
 * the owner digest): an inbound endpoint in the VPC, unnamed or named after the component's resolver.
 * Recognised for the address judgment only; it is never adopted by this.
 */
async function legacyResolver(parent: pulumi.Resource, vpcId: string, resourceName: string, ips: readonly string[], holders: readonly AddressHolder[]): Promise<string | undefined> {
    const ids = new Set(ips.map((ip) => holders.find((h) => h.ip === ip)).map((h) => h === undefined ? undefined : resolverOfInterface(h.description)));
    const [id] = [...ids];
    if (ids.size !== 1 || id === undefined) {
        return undefined;
    }
    const found = await lookup(() => aws.route53.getResolverEndpoint({ resolverEndpointId: id, filters: [{ name: "HostVPCId", values: [vpcId] }] }, { parent }), readResolverEndpoint, id);
    if (!isFound(found)) {
        return undefined;
    }
    const named = found.name === "" || found.name === resourceName || found.name.startsWith(`${resourceName.replace(/[^A-Za-z0-9 _-]/g, "-").slice(0, 55)}-`);
    return named && found.direction === "INBOUND" && found.vpcId === vpcId && ips.every((ip) => found.ipAddresses.includes(ip)) ? found.id : undefined;
}

/** The VPC's endpoint of `type` for `serviceName`, if it has one. */
async function serviceEndpointOf(parent: pulumi.Resource, vpcId: string, serviceName: string, type: string): Promise<VpcEndpointReply | undefined | "several" | Missing> {
    return atMostOne(() => aws.ec2.getVpcEndpoint({
        vpcId, serviceName, filters: [{ name: "vpc-endpoint-type", values: [type] }, { name: "vpc-endpoint-state", values: LIVE_ENDPOINT_STATES }],
    }, { parent }), readVpcEndpoint, serviceName);
}

/** Resolver endpoint statuses of an endpoint that is not on its way out (ListResolverEndpoints `Status`). */
const LIVE_RESOLVER_STATUSES = ["CREATING", "OPERATIONAL", "UPDATING", "AUTO_RECOVERING", "ACTION_NEEDED"];

/** This component's resolver endpoint (by its name) in the VPC, if AWS holds it. */
async function ownResolver(parent: pulumi.Resource, vpcId: string, name: string): Promise<string | undefined | "several" | Missing> {
    return atMostOne(() => aws.route53.getResolverEndpoint({
        filters: [{ name: "Name", values: [name] }, { name: "HostVPCId", values: [vpcId] }, { name: "Status", values: LIVE_RESOLVER_STATUSES }],
    }, { parent }), readResolverEndpointId, name);
}

/** Every interface in the VPC that holds one of `ips`. */
async function addressHolders(parent: pulumi.Resource, vpcId: string, ips: readonly string[]): Promise<AddressHolder[] | Missing> {
    const ids = await lookup(() => aws.ec2.getNetworkInterfaces({
        filters: [{ name: "vpc-id", values: [vpcId] }, { name: "addresses.private-ip-address", values: [...ips] }],
    }, { parent }), readNetworkInterfaceIds, vpcId);
    if (!isFound(ids)) {
        return ids;
    }
    const holders: AddressHolder[] = [];
    for (const id of ids) {
        const eni = await lookup(() => aws.ec2.getNetworkInterface({ id }, { parent }), readNetworkInterface, id);
        if (!isFound(eni)) {
            return eni;
        }
        holders.push({ ip: eni.privateIp, interfaceId: eni.id, subnetId: eni.subnetId, description: eni.description });
    }
    return holders;
}

/**
 * The name of the component's resolver endpoint: its resource name and a digest of its owner, so another
 * stack's resolver of the same resource name is never taken for it (Route 53 Resolver names: up to 64
 * letters, digits, spaces, `-` and `_`).
 */
export function resolverEndpointName(resourceName: string, owner: string): string {
    const digest = createHash("sha256").update(owner).digest("hex").slice(0, 8);
    return `${resourceName.replace(/[^A-Za-z0-9 _-]/g, "-").slice(0, 55)}-${digest}`;
}
