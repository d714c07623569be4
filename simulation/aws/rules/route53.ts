/**
 * Route 53's rules: private zones and their VPC associations (one zone of a name per VPC, exclusive
 * inline `vpcs`, cross-account authorization, the last association), record sets (in the zone, unique
 * identity, one routing policy per name and type, at most 100 weighted records, one TTL per weighted
 * set, alias targets), and Route 53 Resolver endpoints.
 */
import { RESOURCE_TYPES as T } from "../../../components/resourceTypes";
import { QUOTAS } from "../facts";
import { dnsName, inCidr, ipToNumber, isInZone, isReservedInSubnet } from "../net";
import { AwsObject } from "../state";
import { StepContext, inlineVpcs } from "../resources";
import { RecordSet, recordSetOf, recordSets, zoneById, zoneName } from "../dns";
import { Props, arr, hasUnknown, rec, str, strings } from "../values";
import { DeleteRule, Refusal, Rule, othersOfType, refusal, visibleSubnet } from "./common";

/** The zone, when the caller's account owns it. */
function ownZone(ctx: StepContext, zoneId: string): AwsObject | undefined {
    const zone = zoneById(ctx.state, zoneId);
    return zone && zone.accountId === ctx.caller.accountId ? zone : undefined;
}

/** A private zone other than `zoneId`, named `name`, already associated with `vpcId`. */
function conflictingZone(ctx: StepContext, name: string, vpcId: string, zoneId: string | undefined): AwsObject | undefined {
    return ctx.state.objectsOfType(T.zone).find((z) => z.id !== zoneId && z.privateZone && zoneName(z) === dnsName(name)
        && ctx.state.associationsOf(z.id).some((a) => a.vpcId === vpcId));
}

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** `aws.route53.Zone`: creating it, or changing its inline `vpcs`, associates exactly those VPCs. */
export const zoneRules: Rule = (ctx, inputs) => {
    const out: Refusal[] = [];
    const name = str(inputs.name);
    if (name !== undefined && !DNS_NAME.test(dnsName(name))) {
        out.push(refusal("InvalidDomainName", `${name} is not a valid domain name`));
    }
    if (hasUnknown(inputs.vpcs) || (ctx.existing && !ctx.changed?.has("vpcs"))) {
        return out;
    }
    const vpcs = inlineVpcs(inputs, ctx.caller.region);
    if (ctx.existing?.privateZone && vpcs.length === 0) {
        out.push(refusal("LastVPCAssociation", `the VPCs of private zone ${ctx.existing.id} cannot all be removed: a private zone keeps at least one`));
    }
    if (ctx.existing && !ctx.existing.privateZone && vpcs.length > 0) {
        out.push(refusal("PublicZoneVPCAssociation", `public zone ${ctx.existing.id} cannot be associated with a VPC`));
    }
    const current = new Set(ctx.existing ? ctx.state.associationsOf(ctx.existing.id).map((a) => a.vpcId) : []);
    for (const v of vpcs) {
        const vpc = ctx.state.vpcs.get(v.vpcId);
        if (!vpc) {
            out.push(refusal("InvalidVPCId", `The VPC '${v.vpcId}' does not exist`));
            continue;
        }
        if (current.has(v.vpcId)) {
            continue;
        }
        if (vpc.ownerAccountId !== ctx.caller.accountId) {
            out.push(refusal("NotAuthorizedException", `${v.vpcId} belongs to account ${vpc.ownerAccountId}; a zone of account ${ctx.caller.accountId} can list only its own VPCs inline (use a VpcAssociationAuthorization and a ZoneAssociation)`));
            continue;
        }
        const clash = name === undefined ? undefined : conflictingZone(ctx, name, v.vpcId, ctx.existing?.id);
        if (clash) {
            out.push(refusal("ConflictingDomainExists", `zone ${clash.id} (${zoneName(clash)}${clash.managed ? `, ${clash.name}` : ", not managed by this stack"}) is already associated with ${v.vpcId}`));
        }
    }
    return out;
};

/** A private zone with records other than SOA and NS cannot be deleted (unless `forceDestroy`). */
export const zoneDeleteRules: DeleteRule = (ctx, obj) => {
    const records = recordSets(ctx.state, obj.id);
    if (records.length === 0 || obj.state.forceDestroy === true) {
        return [];
    }
    return [refusal("HostedZoneNotEmpty", `zone ${obj.id} (${zoneName(obj)}) still holds ${records.length} record set(s) other than SOA and NS, such as ${records[0].name} ${records[0].type}${records[0].setIdentifier ? ` ${records[0].setIdentifier}` : ""}`)];
};

/** `aws.route53.ZoneAssociation`. */
export const zoneAssociationRules: Rule = (ctx, inputs) => {
    const zoneId = str(inputs.zoneId);
    const vpcId = str(inputs.vpcId);
    if (zoneId === undefined || vpcId === undefined) {
        return [];
    }
    const zone = zoneById(ctx.state, zoneId);
    const vpc = ctx.state.vpcs.get(vpcId);
    if (!zone) {
        return [refusal("NoSuchHostedZone", `No hosted zone found with ID: ${zoneId}`)];
    }
    if (!vpc) {
        return [refusal("InvalidVPCId", `The VPC '${vpcId}' does not exist`)];
    }
    if (vpc.ownerAccountId !== ctx.caller.accountId) {
        return [refusal("NotAuthorizedException", `${vpcId} belongs to account ${vpc.ownerAccountId}; associate it with a provider for that account`)];
    }
    if (zone.accountId !== ctx.caller.accountId && !ctx.state.authorizations.has(`${zoneId}:${vpcId}`)) {
        return [refusal("NotAuthorizedException", `zone ${zoneId} belongs to account ${zone.accountId}, which has not authorized the association of ${vpcId} (create an aws.route53.VpcAssociationAuthorization there first)`)];
    }
    if (!zone.privateZone) {
        return [refusal("PublicZoneVPCAssociation", `public zone ${zoneId} cannot be associated with a VPC`)];
    }
    if (ctx.state.associationsOf(zoneId).some((a) => a.vpcId === vpcId)) {
        return [refusal("ConflictingDomainExists", `${vpcId} is already associated with zone ${zoneId}`)];
    }
    const clash = conflictingZone(ctx, zoneName(zone), vpcId, zoneId);
    return clash ? [refusal("ConflictingDomainExists", `zone ${clash.id} (${zoneName(clash)}) is already associated with ${vpcId}`)] : [];
};

/** A private zone keeps at least one VPC. */
export const zoneAssociationDeleteRules: DeleteRule = (ctx, obj) => {
    const zoneId = str(obj.state.zoneId) ?? "";
    const zone = zoneById(ctx.state, zoneId);
    const left = ctx.state.associationsOf(zoneId).filter((a) => a.vpcId !== obj.state.vpcId);
    return zone && left.length === 0 && ctx.state.associationsOf(zoneId).length > 0
        ? [refusal("LastVPCAssociation", `${String(obj.state.vpcId)} is the last VPC of private zone ${zoneId}`)]
        : [];
};

/** `aws.route53.VpcAssociationAuthorization`: made by the zone's owner. */
export const vpcAssociationAuthorizationRules: Rule = (ctx, inputs) => {
    const zoneId = str(inputs.zoneId);
    const vpcId = str(inputs.vpcId);
    if (zoneId === undefined || vpcId === undefined) {
        return [];
    }
    if (!ownZone(ctx, zoneId)) {
        return [refusal("NoSuchHostedZone", `No hosted zone found with ID: ${zoneId} in account ${ctx.caller.accountId}`)];
    }
    return ctx.state.vpcs.has(vpcId) ? [] : [refusal("InvalidVPCId", `The VPC '${vpcId}' does not exist`)];
};

function describe(r: Pick<RecordSet, "name" | "type" | "setIdentifier">): string {
    return `[name='${r.name}.', type='${r.type}'${r.setIdentifier ? `, set-identifier='${r.setIdentifier}'` : ""}]`;
}

/** The alias target exists: an interface endpoint's DNS name, or a name of the same zone. */
function aliasRefusals(ctx: StepContext, zoneId: string | undefined, alias: Props): Refusal[] {
    const name = str(alias.name);
    const target = str(alias.zoneId);
    if (name === undefined || target === undefined) {
        return [];
    }
    const endpoints = ctx.state.objectsOfType(T.vpcEndpoint)
        .flatMap((e) => arr(e.state.dnsEntries).map(rec))
        .filter((e): e is Props => e !== undefined && str(e.dnsName) !== undefined);
    if (endpoints.some((e) => dnsName(str(e.dnsName)!) === dnsName(name) && e.hostedZoneId === target)) {
        return [];
    }
    if (target === zoneId && recordSets(ctx.state, zoneId).some((r) => r.name === dnsName(name))) {
        return [];
    }
    return [refusal("InvalidChangeBatch", `Tried to create an alias that targets ${dnsName(name)}., type A in zone ${target}, but the alias target name does not lie within the target zone`)];
}

/** `aws.route53.Record`, judged against the record sets the zone holds at this step. */
export const recordRules: Rule = (ctx, inputs) => {
    const out: Refusal[] = [];
    const weightedPolicy = rec(arr(inputs.weightedRoutingPolicies)[0]);
    const alias = rec(arr(inputs.aliases)[0]);
    const setId = inputs.setIdentifier;
    if (weightedPolicy) {
        const weight = weightedPolicy.weight;
        if (!hasUnknown(weight) && !(Number.isInteger(weight) && (weight as number) >= QUOTAS.minWeight && (weight as number) <= QUOTAS.maxWeight)) {
            out.push(refusal("InvalidInput", `weight ${String(weight)} is outside ${QUOTAS.minWeight}..${QUOTAS.maxWeight}`));
        }
        if (setId === undefined || setId === "") {
            out.push(refusal("InvalidInput", "a weighted record needs a set identifier"));
        }
    } else if (str(setId)) {
        out.push(refusal("InvalidInput", `set identifier ${String(setId)} needs a routing policy`));
    }
    if (str(setId) !== undefined && str(setId)!.length > QUOTAS.setIdentifierMaxLength) {
        out.push(refusal("InvalidInput", `set identifier longer than ${QUOTAS.setIdentifierMaxLength} characters`));
    }
    if (alias) {
        if (inputs.ttl !== undefined || inputs.records !== undefined) {
            out.push(refusal("InvalidInput", "an alias record cannot have a TTL or values"));
        }
    } else if (inputs.ttl === undefined || inputs.records === undefined) {
        out.push(refusal("InvalidInput", "a non-alias record needs a TTL and values"));
    }
    if (inputs.type === "A") {
        for (const ip of arr(inputs.records)) {
            if (!hasUnknown(ip) && (typeof ip !== "string" || ipToNumber(ip) === undefined)) {
                out.push(refusal("InvalidChangeBatch", `${String(ip)} is not a valid IPv4 address`));
            }
        }
    }
    const zoneId = str(inputs.zoneId);
    const name = str(inputs.name);
    const type = str(inputs.type);
    if (alias) {
        out.push(...aliasRefusals(ctx, zoneId, alias));
    }
    if (zoneId === undefined || name === undefined || type === undefined || hasUnknown(setId)) {
        return out;
    }
    const zone = ownZone(ctx, zoneId);
    if (!zone) {
        return [...out, refusal("NoSuchHostedZone", `No hosted zone found with ID: ${zoneId}`)];
    }
    const me = recordSetOf(ctx.existing?.id ?? "", inputs);
    if (!isInZone(me.name, zoneName(zone))) {
        out.push(refusal("InvalidChangeBatch", `RRSet with DNS name ${me.name}. is not permitted in zone ${zoneName(zone)}.`));
    }
    // `allowOverwrite` makes the provider's create an UPSERT (record.go: "Use UPSERT only if the overwrite
    // flag is true or if the current action is an update"): a record set of the same identity is replaced.
    const upsert = ctx.existing !== undefined || inputs.allowOverwrite === true;
    const same = (r: RecordSet) => r.type === type && (r.setIdentifier ?? "") === (me.setIdentifier ?? "");
    const others = recordSets(ctx.state, zoneId).filter((r) => r.id !== ctx.existing?.id && r.name === me.name && !(upsert && same(r)));
    if (others.some((r) => (r.type === "CNAME") !== (type === "CNAME"))) {
        out.push(refusal("InvalidChangeBatch", `RRSet of type ${type} with DNS name ${me.name}. is not permitted as it conflicts with other records with the same DNS name`));
    }
    const sameType = others.filter((r) => r.type === type);
    if (sameType.some((r) => (r.setIdentifier ?? "") === (me.setIdentifier ?? ""))) {
        out.push(refusal("InvalidChangeBatch", `Tried to create resource record set ${describe(me)} but it already exists`));
    }
    const weighted = me.weight !== undefined;
    const mixed = sameType.find((r) => (r.weight !== undefined) !== weighted);
    if (mixed) {
        out.push(refusal("InvalidChangeBatch", `RRSet ${describe(me)} cannot be ${weighted ? "weighted" : "simple"}: ${describe(mixed)} is ${weighted ? "simple" : "weighted"}; a name and type take one routing policy`));
    }
    if (weighted) {
        const set = sameType.filter((r) => r.weight !== undefined);
        if (set.length + 1 > QUOTAS.weightedRecordsPerName) {
            out.push(refusal("InvalidChangeBatch", `more than ${QUOTAS.weightedRecordsPerName} weighted records for ${me.name}. ${type}`));
        }
        if (!alias && typeof inputs.ttl === "number") {
            const other = set.find((r) => !r.alias && r.ttl !== undefined && r.ttl !== inputs.ttl);
            if (other) {
                out.push(refusal("InvalidChangeBatch", `weighted sets must contain the same TTL: ${describe(me)} has TTL ${inputs.ttl}, ${describe(other)} has ${other.ttl}`));
            }
        }
    }
    return out;
};

/** `aws.route53.ResolverEndpoint`. */
export const resolverEndpointRules: Rule = (ctx, inputs) => {
    const out: Refusal[] = [];
    const direction = inputs.direction;
    if (!hasUnknown(direction) && direction !== "INBOUND" && direction !== "OUTBOUND") {
        out.push(refusal("InvalidParameterException", `direction ${String(direction)} is not INBOUND or OUTBOUND`));
    }
    if (!ctx.existing) {
        const quota = ctx.state.config.quotas.resolverEndpointsPerRegion;
        if (othersOfType(ctx, T.resolverEndpoint).length + 1 > quota) {
            out.push(refusal("LimitExceededException", `account ${ctx.caller.accountId} would have more than ${quota} resolver endpoints in ${ctx.caller.region}`));
        }
    }
    if (hasUnknown(inputs.ipAddresses) || arr(inputs.ipAddresses).some(hasUnknown)) {
        return out;
    }
    const ips = arr(inputs.ipAddresses).map(rec);
    if (ips.length < QUOTAS.resolverMinIps || ips.length > QUOTAS.resolverMaxIps) {
        out.push(refusal("InvalidParameterException", `a resolver endpoint needs ${QUOTAS.resolverMinIps} to ${QUOTAS.resolverMaxIps} IP addresses, got ${ips.length}`));
    }
    const vpcs = new Set<string>();
    const pinned = new Set<string>();
    const own = new Set(ctx.existing ? ctx.state.enisOf(ctx.existing.id).map((e) => e.id) : []);
    for (const a of ips) {
        const subnetId = str(a?.subnetId);
        if (subnetId === undefined) {
            out.push(refusal("InvalidParameterException", "an IP address needs a subnet"));
            continue;
        }
        const subnet = visibleSubnet(ctx, subnetId);
        if (!subnet) {
            out.push(refusal("InvalidParameterException", `subnet ${subnetId} does not exist`));
            continue;
        }
        vpcs.add(subnet.vpcId);
        const ip = str(a?.ip);
        if (ip === undefined) {
            continue;
        }
        if (!inCidr(subnet.cidrBlock, ip)) {
            out.push(refusal("InvalidParameterException", `IP address ${ip} is not in subnet ${subnetId} (${subnet.cidrBlock})`));
        } else if (isReservedInSubnet(subnet.cidrBlock, ip)) {
            out.push(refusal("InvalidParameterException", `IP address ${ip} is reserved by AWS in subnet ${subnetId} (${subnet.cidrBlock})`));
        } else {
            const holder = ctx.state.eniWithIp(subnet.vpcId, ip);
            if ((holder && !own.has(holder.id)) || pinned.has(ip)) {
                out.push(refusal("ResourceExistsException", `IP address ${ip} in ${subnetId} is in use${holder && !own.has(holder.id) ? ` by ${holder.id} (${holder.description})` : ""}`));
            }
        }
        pinned.add(ip);
    }
    if (vpcs.size > 1) {
        out.push(refusal("InvalidParameterException", `the IP addresses are in subnets of ${vpcs.size} VPCs (${[...vpcs].join(", ")}); a resolver endpoint lives in one`));
    }
    for (const id of strings(inputs.securityGroupIds)) {
        const sg = ctx.state.getObject(T.securityGroup, id);
        if (!sg || sg.accountId !== ctx.caller.accountId) {
            out.push(refusal("InvalidParameterException", `security group ${id} does not exist`));
        } else if (vpcs.size === 1 && !vpcs.has(String(sg.state.vpcId))) {
            out.push(refusal("InvalidParameterException", `security group ${id} is in ${String(sg.state.vpcId)}, not in the endpoint's VPC`));
        }
    }
    return out;
};
