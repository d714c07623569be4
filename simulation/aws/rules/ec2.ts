/**
 * EC2's rules: interface endpoints (VPC, service, zones, one subnet per zone, quota, pinned addresses,
 * security groups), security groups and their rules (inbound and outbound quota).
 */
import { RESOURCE_TYPES as T } from "../../../components/resourceTypes";
import { regionOf } from "../facts";
import { inCidr, isReservedInSubnet, parseCidr } from "../net";
import { AwsObject, FakeVpc } from "../state";
import { StepContext, autoname } from "../resources";
import { Props, arr, hasUnknown, rec, str, strings } from "../values";
import { DeleteRule, Refusal, Rule, RuleContext, othersOfType, refusal, visibleSubnet, visibleVpc } from "./common";

/** A security group of the caller's account, by id. */
function securityGroupById(ctx: StepContext, id: string): AwsObject | undefined {
    const sg = ctx.state.getObject(T.securityGroup, id);
    return sg && sg.accountId === ctx.caller.accountId ? sg : undefined;
}

/** Each listed security group exists and belongs to `vpcId`. */
function securityGroupRefusals(ctx: StepContext, ids: unknown, vpcId: string): Refusal[] {
    const out: Refusal[] = [];
    for (const id of arr(ids)) {
        const sgId = str(id);
        if (sgId === undefined) {
            continue;
        }
        const sg = securityGroupById(ctx, sgId);
        if (!sg) {
            out.push(refusal("InvalidGroup.NotFound", `The security group '${sgId}' does not exist`));
        } else if (sg.state.vpcId !== vpcId) {
            out.push(refusal("InvalidParameter", `security group ${sgId} belongs to ${String(sg.state.vpcId)}, not to ${vpcId}`));
        }
    }
    return out;
}

/** Pinned addresses (`subnetConfigurations`): in their subnet, not reserved, not held by another interface. */
function pinnedAddressRefusals(ctx: RuleContext, inputs: Props, subnetIds: string[]): Refusal[] {
    const out: Refusal[] = [];
    const seen = new Set<string>();
    for (const c of arr(inputs.subnetConfigurations).map(rec)) {
        const subnetId = str(c?.subnetId);
        const ipv4 = str(c?.ipv4);
        if (c === undefined || subnetId === undefined || hasUnknown(c)) {
            continue;
        }
        if (str(c.ipv6)) {
            out.push(refusal("InvalidParameter", `${subnetId}: the service supports IPv4 only, not the IPv6 address ${str(c.ipv6)}`));
        }
        if (ipv4 === undefined) {
            continue;
        }
        const subnet = visibleSubnet(ctx, subnetId);
        if (!subnetIds.includes(subnetId) || !subnet) {
            out.push(refusal("InvalidParameter", `subnet configuration for ${subnetId}, which is not one of the endpoint's subnets`));
            continue;
        }
        if (!inCidr(subnet.cidrBlock, ipv4)) {
            out.push(refusal("InvalidParameter", `the IPv4 address ${ipv4} is not in subnet ${subnetId} (${subnet.cidrBlock})`));
            continue;
        }
        if (isReservedInSubnet(subnet.cidrBlock, ipv4)) {
            out.push(refusal("InvalidParameter", `the IPv4 address ${ipv4} is reserved by AWS in subnet ${subnetId} (${subnet.cidrBlock}): the first four and the last address are`));
            continue;
        }
        const holder = ctx.state.eniWithIp(subnet.vpcId, ipv4);
        const own = holder !== undefined && ctx.existing !== undefined && holder.attachedTo === ctx.existing.id && holder.subnetId === subnetId;
        if ((holder && !own) || seen.has(ipv4)) {
            out.push(refusal("InvalidIPAddress.InUse", `the IPv4 address ${ipv4} in ${subnetId} is in use${holder && !own ? ` by ${holder.id} (${holder.description})` : ""}`));
        }
        seen.add(ipv4);
    }
    return out;
}

/** `aws.ec2.VpcEndpoint`. */
export const vpcEndpointRules: Rule = (ctx, inputs) => {
    const vpcId = str(inputs.vpcId);
    const serviceName = str(inputs.serviceName);
    if (vpcId === undefined || serviceName === undefined) {
        return [];
    }
    const vpc = visibleVpc(ctx, vpcId);
    if (!vpc) {
        return [refusal("InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist in ${ctx.caller.accountId} ${ctx.caller.region}`)];
    }
    const zones = regionOf(ctx.caller.region).services[serviceName];
    if (!zones) {
        return [refusal("InvalidServiceName", `The Vpc Endpoint Service '${serviceName}' does not exist in ${ctx.caller.region}`)];
    }
    const out: Refusal[] = [];
    const region = regionOf(ctx.caller.region);
    const type = str(inputs.vpcEndpointType) ?? "Gateway";
    const offered = region.serviceTypes[serviceName] ?? [];
    if (!offered.includes(type as "Interface")) {
        out.push(refusal("InvalidParameter", `${serviceName} offers ${offered.join(" and ")} endpoints only, not ${type}`));
    }
    if (type === "Gateway") {
        if (arr(inputs.routeTableIds).length === 0 && !hasUnknown(inputs.routeTableIds)) {
            out.push(refusal("InvalidParameter", `a gateway endpoint for ${serviceName} needs route tables`));
        }
        // a route table holds one route to the service's prefix list: a second gateway endpoint of the
        // service on it is refused (RouteAlreadyExists; eksctl-io/eksctl#2510, S3 gateway endpoint on a
        // route table that has one)
        const tables = new Set(strings(inputs.routeTableIds));
        for (const other of othersOfType(ctx, T.vpcEndpoint).filter((e) => e.state.vpcId === vpcId && e.state.serviceName === serviceName && (str(e.state.vpcEndpointType) ?? "Gateway") === "Gateway")) {
            for (const t of strings(other.state.routeTableIds).filter((x) => tables.has(x))) {
                out.push(refusal("RouteAlreadyExists", `route table ${t} already has a route with destination-prefix-list-id of ${serviceName} (${other.id})`));
            }
        }
        return out;
    }
    if (inputs.privateDnsEnabled === true) {
        out.push(...privateDnsRefusals(ctx, inputs, vpc, serviceName));
    }
    if (!ctx.existing && type === "Interface") {
        const inVpc = othersOfType(ctx, T.vpcEndpoint).filter((e) => e.state.vpcId === vpcId && e.state.vpcEndpointType === "Interface").length;
        if (inVpc + 1 > ctx.state.config.quotas.interfaceEndpointsPerVpc) {
            out.push(refusal("VpcEndpointLimitExceeded", `more than ${ctx.state.config.quotas.interfaceEndpointsPerVpc} interface endpoints in ${vpcId}`));
        }
    }
    const ipType = str(inputs.ipAddressType);
    if (ipType !== undefined && ipType !== "ipv4") {
        out.push(refusal("InvalidParameter", `${serviceName} supports ipv4 only, not ${ipType}`));
    }
    out.push(...securityGroupRefusals(ctx, inputs.securityGroupIds, vpcId));
    if (hasUnknown(inputs.subnetIds)) {
        return out;
    }
    const subnetIds = strings(inputs.subnetIds);
    const seenZones = new Map<string, string>();
    for (const subnetId of subnetIds) {
        const subnet = visibleSubnet(ctx, subnetId);
        if (!subnet) {
            out.push(refusal("InvalidSubnetID.NotFound", `The subnet ID '${subnetId}' does not exist`));
            continue;
        }
        if (subnet.vpcId !== vpcId) {
            out.push(refusal("InvalidParameter", `subnet ${subnetId} is in ${subnet.vpcId}, not ${vpcId}`));
        }
        const other = seenZones.get(subnet.availabilityZone);
        if (other !== undefined) {
            out.push(refusal("DuplicateSubnetsInSameZone", `${other} and ${subnetId} are both in ${subnet.availabilityZone}`));
        }
        seenZones.set(subnet.availabilityZone, subnetId);
        if (!zones.includes(subnet.availabilityZone)) {
            out.push(refusal("InvalidParameter", `${serviceName} is not available in ${subnet.availabilityZone}`));
        }
    }
    out.push(...pinnedAddressRefusals(ctx, inputs, subnetIds));
    return out;
};

/**
 * Private DNS on an interface endpoint: the VPC resolves names (enableDnsSupport and enableDnsHostnames,
 * AWS PrivateLink guide, "DNS hostnames"); no other interface endpoint of the service in the VPC has it
 * (its names would conflict; AWS's message as users report it, no document lists it: the worst case);
 * for S3, unless `privateDnsOnlyForInboundResolverEndpoint` is false, a gateway endpoint for S3 in the VPC
 * (Amazon S3 User Guide, "AWS PrivateLink for Amazon S3": the flag defaults to true without a dnsOptions
 * block, and the provider sends false when a block leaves it out).
 */
function privateDnsRefusals(ctx: RuleContext, inputs: Props, vpc: FakeVpc, serviceName: string): Refusal[] {
    const out: Refusal[] = [];
    if (!vpc.enableDnsSupport || !vpc.enableDnsHostnames) {
        out.push(refusal("InvalidParameter", `private DNS needs enableDnsSupport and enableDnsHostnames on ${vpc.id}`));
    }
    const names = regionOf(ctx.caller.region).privateDnsNames[serviceName] ?? [];
    const twin = othersOfType(ctx, T.vpcEndpoint).find((e) => e.state.vpcId === vpc.id && e.state.serviceName === serviceName
        && e.state.vpcEndpointType === "Interface" && e.state.privateDnsEnabled === true);
    if (twin && names.length > 0) {
        out.push(refusal("InvalidParameter", `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${names[0]} in the VPC ${vpc.id} (${twin.id})`));
    }
    if (serviceName.endsWith(".s3")) {
        const options = rec(arr(inputs.dnsOptions)[0]) ?? rec(inputs.dnsOptions);
        const onlyInbound = options === undefined ? true : options.privateDnsOnlyForInboundResolverEndpoint === true;
        const gateway = othersOfType(ctx, T.vpcEndpoint).some((e) => e.state.vpcId === vpc.id && e.state.serviceName === serviceName && e.state.vpcEndpointType === "Gateway");
        if (onlyInbound && !gateway) {
            out.push(refusal("InvalidParameter", `To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${vpc.id} must have a gateway endpoint for the service.`));
        }
    }
    return out;
}

/**
 * `aws.ec2.VpcEndpointPolicy`: the endpoint exists. (Whether AWS accepts a policy on an IoT endpoint is
 * not modeled: the policy pack judges it.)
 */
export const vpcEndpointPolicyRules: Rule = (ctx, inputs) => {
    const id = str(inputs.vpcEndpointId);
    const ep = id === undefined ? undefined : ctx.state.getObject(T.vpcEndpoint, id);
    return id !== undefined && (!ep || ep.accountId !== ctx.caller.accountId)
        ? [refusal("InvalidVpcEndpointId.NotFound", `The Vpc Endpoint Id '${id}' does not exist`)]
        : [];
};

/** Rules an inline `ingress`/`egress` list counts: one per source (CIDR, IPv6 CIDR, security group, prefix list, self). */
export function inlineRuleCount(rules: unknown): number {
    return arr(rules).map(rec).reduce((n, r) => n + (r ? sourcesOf(r) : 0), 0);
}

function sourcesOf(r: Props): number {
    return arr(r.cidrBlocks).length + arr(r.ipv6CidrBlocks).length + arr(r.securityGroups).length + arr(r.prefixListIds).length + (r.self === true ? 1 : 0);
}

/** Rules of `direction` the security group `sgId` holds now: inline ones and separate rule resources. */
function rulesHeld(ctx: RuleContext, sgId: string, direction: "ingress" | "egress"): number {
    const sg = ctx.state.getObject(T.securityGroup, sgId);
    const inline = sg ? inlineRuleCount(sg.state[direction]) : 0;
    const separate = ctx.state.objectsOfType(T.securityGroupRule)
        .filter((r) => r.id !== ctx.existing?.id && r.state.securityGroupId === sgId && r.state.type === direction)
        .reduce((n, r) => n + Math.max(1, sourcesOf(r.state)), 0);
    const ingressRules = direction === "ingress"
        ? ctx.state.objectsOfType(T.securityGroupIngressRule).filter((r) => r.id !== ctx.existing?.id && r.state.securityGroupId === sgId).length
        : 0;
    return inline + separate + ingressRules;
}

/** `aws.ec2.SecurityGroup`. */
export const securityGroupRules: Rule = (ctx, inputs) => {
    const out: Refusal[] = [];
    const vpcId = str(inputs.vpcId);
    if (vpcId !== undefined && !visibleVpc(ctx, vpcId)) {
        out.push(refusal("InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`));
    }
    // "You can't have two security groups for the same VPC with the same name" (EC2 API, CreateSecurityGroup)
    const name = ctx.existing ? undefined : autoname(ctx, inputs);
    const twin = name === undefined ? undefined
        : othersOfType(ctx, T.securityGroup).find((g) => g.state.vpcId === vpcId && str(g.state.name)?.toLowerCase() === name.toLowerCase());
    if (twin) {
        out.push(refusal("InvalidGroup.Duplicate", `The security group '${name}' already exists for VPC '${vpcId}' (${twin.id})`));
    }
    const quota = ctx.state.config.quotas.rulesPerSecurityGroup;
    for (const direction of ["ingress", "egress"] as const) {
        for (const rule of arr(inputs[direction]).map(rec)) {
            for (const c of arr(rule?.cidrBlocks)) {
                const cidr = str(c);
                if (cidr !== undefined && !parseCidr(cidr)) {
                    out.push(refusal("InvalidParameterValue", `CIDR block ${cidr} is malformed`));
                }
            }
        }
        if (hasUnknown(inputs[direction])) {
            continue;
        }
        const separate = ctx.existing ? rulesHeld(ctx, ctx.existing.id, direction) - inlineRuleCount(ctx.existing.state[direction]) : 0;
        const total = inlineRuleCount(inputs[direction]) + separate;
        if (total > quota) {
            out.push(refusal("RulesPerSecurityGroupLimitExceeded", `${total} ${direction === "ingress" ? "inbound" : "outbound"} rules, more than the ${quota} a security group may hold (each port range x source counts)`));
        }
    }
    return out;
};

/** `aws.ec2.SecurityGroupRule` and `aws.vpc.SecurityGroupIngressRule`: the group exists and has room. */
export const separateRuleRules: Rule = (ctx, inputs) => {
    const sgId = str(inputs.securityGroupId);
    if (sgId === undefined) {
        return [];
    }
    if (!securityGroupById(ctx, sgId)) {
        return [refusal("InvalidGroup.NotFound", `The security group '${sgId}' does not exist`)];
    }
    const direction = ctx.type === T.securityGroupIngressRule ? "ingress" : str(inputs.type) === "egress" ? "egress" : "ingress";
    const adds = ctx.type === T.securityGroupIngressRule ? 1 : Math.max(1, sourcesOf(inputs));
    const quota = ctx.state.config.quotas.rulesPerSecurityGroup;
    if (rulesHeld(ctx, sgId, direction) + adds > quota) {
        return [refusal("RulesPerSecurityGroupLimitExceeded", `${sgId} would hold more than the ${quota} ${direction === "ingress" ? "inbound" : "outbound"} rules a security group may hold`)];
    }
    return [];
};

/** A security group a network interface uses cannot be deleted. */
export const securityGroupDeleteRules: DeleteRule = (ctx, obj) => {
    const user = [...ctx.state.enis.values()].find((e) => e.securityGroups.includes(obj.id));
    return user ? [refusal("DependencyViolation", `resource ${obj.id} has a dependent object (${user.id}, ${user.description})`)] : [];
};
