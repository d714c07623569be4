/**
 * What AWS does once it accepted a step: the physical id, the outputs the provider reads back, and the
 * side effects (network interfaces of endpoints and resolvers, Route 53 VPC associations and
 * authorizations, VPCs of `awsx.ec2.Vpc`). Whether AWS accepts a step is `refusals.ts`'s business.
 */
import * as pulumi from "@pulumi/pulumi";

import { RESOURCE_TYPES as T } from "../../components/resourceTypes";
import { VPCE_ALIAS_ZONE_ID, regionOf } from "./facts";
import { dnsName } from "./net";
import { AccountState, AwsObject, FakeEni, hex } from "./state";
import { Props, arr, rec, str, strings } from "./values";

/** The account and region a provider works in. */
export interface Caller {
    readonly accountId: string;
    readonly region: string;
}

/** One step on one resource. */
export interface StepContext {
    readonly state: AccountState;
    readonly type: string;
    /** The resource's Pulumi name. */
    readonly name: string;
    readonly caller: Caller;
    /** How many times the resource was replaced before: a replacement gets new ids and autonames. */
    readonly generation: number;
}

/** What a create produced. */
export interface Created {
    readonly id: string;
    readonly state: Props;
    readonly privateZone?: boolean;
}

/** How AWS handles one resource type. */
export interface TypeHandler {
    /** Outputs that are unknown in a preview until the resource exists. */
    readonly computed: readonly string[];
    create(ctx: StepContext, inputs: Props): Created;
    /** The new outputs; `changed` names the inputs that differ from the recorded ones. */
    update(ctx: StepContext, obj: AwsObject, inputs: Props, changed: ReadonlySet<string>): Props;
    remove(ctx: StepContext, obj: AwsObject): void;
    /** Outputs a preview shows for a new resource (default: its inputs and the computed outputs unknown). */
    previewCreate?(inputs: Props): Props;
    /** Outputs a preview shows for a change to an existing resource (default: its outputs with the known inputs). */
    previewOutputs?(obj: AwsObject, inputs: Props): Props;
}

function seed(ctx: StepContext): string {
    return ctx.generation === 0 ? `${ctx.type}:${ctx.name}` : `${ctx.type}:${ctx.name}:${ctx.generation}`;
}

/**
 * Pulumi's autonaming: the resource name and 7 random characters, new for every create (a replacement,
 * or a create retried after an interrupted update: pulumi/pulumi step_generator.go seeds it with fresh
 * randomness per deployment; pulumi-terraform-bridge `ComputeAutoNameDefault`). Deterministic here.
 */
export function autoname(ctx: StepContext, inputs: Props): string {
    return str(inputs.name) ?? `${ctx.name}-${hex(seed(ctx), 7)}`;
}

function arn(ctx: StepContext, service: string, resource: string, region = ctx.caller.region): string {
    return `arn:${regionOf(ctx.caller.region).partition}:${service}:${region}:${ctx.caller.accountId}:${resource}`;
}

// ----- EC2 -----

/**
 * Gives the endpoint one interface per subnet (at the pinned address if `subnetConfigurations` names one);
 * removes the others. With `resend`, the update's ModifyVpcEndpoint carries every subnet configuration
 * (the provider sends them all when any changed, and when `subnetIds` changed while they are set:
 * vpc_endpoint.go Update and its CustomizeDiff), and AWS replaces the interface of each one that names an
 * address: "we replace the existing endpoint network interface with a new endpoint network interface ...
 * This process temporarily disconnects the subnet" (EC2 API reference, SubnetConfiguration). Whether an
 * unchanged address is spared is not documented: the documented worst case, replaced, is modelled.
 */
function reconcileEndpointEnis(ctx: StepContext, endpointId: string, inputs: Props, resend = false): void {
    const { state } = ctx;
    const subnetIds = strings(inputs.subnetIds);
    const pins = new Map<string, string>();
    for (const c of arr(inputs.subnetConfigurations).map(rec)) {
        const subnetId = str(c?.subnetId);
        const ipv4 = str(c?.ipv4);
        if (subnetId && ipv4) {
            pins.set(subnetId, ipv4);
        }
    }
    const securityGroups = strings(inputs.securityGroupIds);
    for (const eni of state.enisOf(endpointId)) {
        const pin = pins.get(eni.subnetId);
        if (!subnetIds.includes(eni.subnetId) || (pin !== undefined && (resend || pin !== eni.privateIp))) {
            state.deleteEni(eni.id);
        } else {
            eni.securityGroups = [...securityGroups];
        }
    }
    const have = new Set(state.enisOf(endpointId).map((e) => e.subnetId));
    for (const subnetId of subnetIds) {
        const subnet = state.subnets.get(subnetId);
        if (have.has(subnetId) || !subnet) {
            continue;
        }
        const pin = pins.get(subnetId);
        const ip = pin ?? state.allocateIp(subnet, `${endpointId}:${subnetId}`);
        state.addEni({
            id: `eni-0${hex(`${endpointId}:${subnetId}:${pin ?? ""}:${state.nextSeq()}`, 16)}`,
            subnetId,
            vpcId: subnet.vpcId,
            availabilityZone: subnet.availabilityZone,
            privateIp: ip,
            description: `VPC Endpoint Interface ${endpointId}`,
            interfaceType: "vpc_endpoint",
            securityGroups: [...securityGroups],
            ownerAccountId: ctx.caller.accountId,
            attachedTo: endpointId,
        });
    }
}

function endpointState(ctx: StepContext, id: string, inputs: Props): Props {
    const { state } = ctx;
    const region = ctx.caller.region;
    const service = (str(inputs.serviceName) ?? "").split(".").slice(-2).join(".");
    const suffix = `${service}.${region}.vpce.${regionOf(region).dnsSuffix}`;
    const subnetIds = strings(inputs.subnetIds);
    const enis = state.enisOf(id).sort((a, b) => subnetIds.indexOf(a.subnetId) - subnetIds.indexOf(b.subnetId));
    return {
        ...inputs,
        id,
        arn: arn(ctx, "ec2", `vpc-endpoint/${id}`),
        networkInterfaceIds: enis.map((e) => e.id).sort(),
        subnetConfigurations: enis.map((e) => ({ ipv4: e.privateIp, ipv6: "", subnetId: e.subnetId })),
        dnsEntries: [
            { dnsName: `${id}-${hex(id, 8)}.${suffix}`, hostedZoneId: VPCE_ALIAS_ZONE_ID },
            ...subnetIds.map((s) => ({ dnsName: `${id}-${hex(id, 8)}-${state.subnets.get(s)?.availabilityZone}.${suffix}`, hostedZoneId: VPCE_ALIAS_ZONE_ID })),
        ],
        state: "available",
        ownerId: ctx.caller.accountId,
        requesterManaged: false,
        privateDnsEnabled: inputs.privateDnsEnabled ?? false,
        ipAddressType: inputs.ipAddressType ?? "ipv4",
    };
}

const vpcEndpoint: TypeHandler = {
    computed: ["arn", "networkInterfaceIds", "dnsEntries", "state", "ownerId", "prefixListId", "cidrBlocks", "subnetConfigurations"],
    create(ctx, inputs) {
        const id = `vpce-0${hex(seed(ctx), 16)}`;
        reconcileEndpointEnis(ctx, id, inputs);
        return { id, state: endpointState(ctx, id, inputs) };
    },
    update(ctx, obj, inputs, changed) {
        const configured = arr(inputs.subnetConfigurations).length > 0;
        reconcileEndpointEnis(ctx, obj.id, inputs, configured && (changed.has("subnetConfigurations") || changed.has("subnetIds")));
        return endpointState(ctx, obj.id, inputs);
    },
    remove(ctx, obj) {
        ctx.state.enisOf(obj.id).forEach((e) => ctx.state.deleteEni(e.id));
        // DescribeVpcEndpoints keeps listing a deleted endpoint, in state `deleted`: the provider's own
        // read treats that state as gone (terraform-provider-aws ec2/find.go findVPCEndpointByID), its
        // data source does not (vpc_endpoint_data_source.go: findVPCEndpoint, no state check)
        ctx.state.tombstone(obj, { ...obj.state, state: "deleted", networkInterfaceIds: [], subnetConfigurations: [], dnsEntries: [] });
    },
};

const securityGroup: TypeHandler = {
    computed: ["arn", "ownerId", "egress", "name"],
    create(ctx, inputs) {
        const id = `sg-0${hex(seed(ctx), 16)}`;
        return { id, state: { ...inputs, id, name: autoname(ctx, inputs), arn: arn(ctx, "ec2", `security-group/${id}`), ownerId: ctx.caller.accountId, egress: inputs.egress ?? [], ingress: inputs.ingress ?? [] } };
    },
    update(ctx, obj, inputs) {
        return { ...inputs, id: obj.id, name: obj.state.name, arn: obj.state.arn, ownerId: obj.state.ownerId, egress: inputs.egress ?? [], ingress: inputs.ingress ?? [] };
    },
    remove() {},
};

const securityGroupRule: TypeHandler = {
    computed: ["securityGroupRuleId"],
    create(ctx, inputs) {
        const id = `sgrule-${hex(seed(ctx), 10)}`;
        return { id, state: { ...inputs, id, securityGroupRuleId: `sgr-0${hex(seed(ctx), 16)}` } };
    },
    update(_ctx, obj, inputs) {
        return { ...inputs, id: obj.id, securityGroupRuleId: obj.state.securityGroupRuleId };
    },
    remove() {},
};

const securityGroupIngressRule: TypeHandler = {
    computed: ["arn", "securityGroupRuleId"],
    create(ctx, inputs) {
        const id = `sgr-0${hex(seed(ctx), 16)}`;
        return { id, state: { ...inputs, id, arn: arn(ctx, "ec2", `security-group-rule/${id}`), securityGroupRuleId: id } };
    },
    update(_ctx, obj, inputs) {
        return { ...inputs, id: obj.id, arn: obj.state.arn, securityGroupRuleId: obj.id };
    },
    remove() {},
};

const vpcEndpointPolicy: TypeHandler = {
    computed: [],
    create(_ctx, inputs) {
        const id = str(inputs.vpcEndpointId) ?? "";
        return { id, state: { ...inputs, id } };
    },
    update(_ctx, obj, inputs) {
        return { ...inputs, id: obj.id };
    },
    remove() {},
};

// ----- Route 53 -----

/** The zone's VPCs as the program lists them (`vpcRegion` defaults to the provider's region). */
export function inlineVpcs(inputs: Props, region: string): { vpcId: string; vpcRegion: string }[] {
    return arr(inputs.vpcs).map(rec).filter((v): v is Props => v !== undefined && str(v.vpcId) !== undefined)
        .map((v) => ({ vpcId: str(v.vpcId)!, vpcRegion: str(v.vpcRegion) ?? region }));
}

function zoneState(ctx: StepContext, id: string, inputs: Props, existing?: AwsObject): Props {
    return {
        ...inputs,
        id,
        zoneId: id,
        arn: `arn:${regionOf(ctx.caller.region).partition}:route53:::hostedzone/${id}`,
        name: dnsName(str(inputs.name) ?? ""),
        comment: inputs.comment ?? "Managed by Pulumi",
        nameServers: existing?.state.nameServers ?? [0, 1, 2, 3].map((i) => `ns-${parseInt(hex(`${id}:${i}`, 3), 16)}.awsdns-${String(i).padStart(2, "0")}.com`),
        primaryNameServer: existing?.state.primaryNameServer ?? "ns-0.awsdns-00.com",
        // the provider's read: every association the zone has now
        vpcs: ctx.state.associationsOf(id).map((a) => ({ vpcId: a.vpcId, vpcRegion: a.vpcRegion })),
    };
}

const zone: TypeHandler = {
    computed: ["zoneId", "arn", "nameServers", "primaryNameServer"],
    create(ctx, inputs) {
        const id = `Z0${hex(seed(ctx), 19).toUpperCase()}`;
        const vpcs = inlineVpcs(inputs, ctx.caller.region);
        ctx.state.setAssociations(id, vpcs);
        return { id, state: zoneState(ctx, id, inputs), privateZone: vpcs.length > 0 };
    },
    update(ctx, obj, inputs, changed) {
        if (changed.has("vpcs")) {
            // inline `vpcs` is exclusive: the zone ends up associated with exactly these
            ctx.state.setAssociations(obj.id, inlineVpcs(inputs, ctx.caller.region));
        }
        return zoneState(ctx, obj.id, inputs, obj);
    },
    remove(ctx, obj) {
        ctx.state.setAssociations(obj.id, []);
        if (obj.state.forceDestroy === true) {
            for (const r of ctx.state.objectsOfType(T.record).filter((x) => x.state.zoneId === obj.id)) {
                ctx.state.removeObject(T.record, r.id);
            }
        }
    },
};

/** Terraform's record id: `<zone>_<name>_<type>[_<set identifier>]`. */
export function recordId(inputs: Props): string {
    const setId = str(inputs.setIdentifier);
    return `${str(inputs.zoneId)}_${dnsName(str(inputs.name) ?? "")}_${str(inputs.type)}${setId ? `_${setId}` : ""}`;
}

const record: TypeHandler = {
    computed: ["fqdn"],
    create(_ctx, inputs) {
        const id = recordId(inputs);
        return { id, state: { ...inputs, id, fqdn: dnsName(str(inputs.name) ?? "") } };
    },
    update(_ctx, obj, inputs) {
        return { ...inputs, id: obj.id, fqdn: dnsName(str(inputs.name) ?? "") };
    },
    remove() {},
};

const zoneAssociation: TypeHandler = {
    computed: ["owningAccount"],
    create(ctx, inputs) {
        const zoneId = str(inputs.zoneId) ?? "";
        const vpcId = str(inputs.vpcId) ?? "";
        const vpcRegion = str(inputs.vpcRegion) ?? ctx.caller.region;
        ctx.state.setAssociations(zoneId, [...ctx.state.associationsOf(zoneId), { vpcId, vpcRegion }]);
        const owner = ctx.state.getObject(T.zone, zoneId)?.accountId ?? ctx.caller.accountId;
        // the provider's id: zone, VPC and VPC region (route53/zone_association.go, zoneAssociationCreateResourceID)
        const id = `${zoneId}:${vpcId}:${vpcRegion}`;
        return { id, state: { ...inputs, id, vpcRegion, owningAccount: owner } };
    },
    update(_ctx, obj, inputs) {
        return { ...obj.state, ...inputs, id: obj.id };
    },
    remove(ctx, obj) {
        const zoneId = str(obj.state.zoneId) ?? "";
        const vpcId = str(obj.state.vpcId);
        ctx.state.setAssociations(zoneId, ctx.state.associationsOf(zoneId).filter((a) => a.vpcId !== vpcId));
    },
};

const vpcAssociationAuthorization: TypeHandler = {
    computed: [],
    create(ctx, inputs) {
        const id = `${str(inputs.zoneId)}:${str(inputs.vpcId)}`;
        ctx.state.authorizations.add(id);
        return { id, state: { ...inputs, id, vpcRegion: str(inputs.vpcRegion) ?? ctx.caller.region } };
    },
    update(_ctx, obj, inputs) {
        return { ...obj.state, ...inputs, id: obj.id };
    },
    remove(ctx, obj) {
        ctx.state.authorizations.delete(obj.id);
    },
};

/** The resolver's IPs: keeps those still wanted, frees the others, adds the new ones (at the given address, if any). */
function reconcileResolverIps(ctx: StepContext, id: string, inputs: Props): { subnetId: string; ip: string; ipId: string }[] {
    const { state } = ctx;
    const securityGroups = strings(inputs.securityGroupIds);
    const wanted = arr(inputs.ipAddresses).map(rec).filter((a): a is Props => a !== undefined)
        .map((a) => ({ subnetId: str(a.subnetId) ?? "", ip: str(a.ip) }));
    const existing = state.enisOf(id);
    const claimed = new Set<string>();
    const ipIdOf = (e: FakeEni) => e.description.split(":").pop()!;
    const kept = wanted.map((w) => {
        const match = existing.find((e) => !claimed.has(e.id) && e.subnetId === w.subnetId && (w.ip === undefined || w.ip === e.privateIp));
        if (match) {
            claimed.add(match.id);
        }
        return match;
    });
    for (const e of existing.filter((x) => !claimed.has(x.id))) {
        state.deleteEni(e.id);
    }
    const perSubnet = new Map<string, number>();
    return wanted.map((w, i) => {
        const n = perSubnet.get(w.subnetId) ?? 0;
        perSubnet.set(w.subnetId, n + 1);
        const had = kept[i];
        if (had) {
            had.securityGroups = [...securityGroups];
            return { subnetId: w.subnetId, ip: had.privateIp, ipId: ipIdOf(had) };
        }
        const subnet = state.subnets.get(w.subnetId);
        if (!subnet) {
            return { subnetId: w.subnetId, ip: "", ipId: "" };
        }
        let ipId = `rni-${hex(`${id}:${w.subnetId}:${n}`, 17)}`;
        while (state.enis.has(`eni-0${hex(ipId, 16)}`)) {
            ipId = `rni-${hex(ipId, 17)}`;
        }
        const ip = w.ip ?? state.allocateIp(subnet, `${id}:${w.subnetId}:${n}`);
        state.addEni({
            id: `eni-0${hex(ipId, 16)}`,
            subnetId: w.subnetId,
            vpcId: subnet.vpcId,
            availabilityZone: subnet.availabilityZone,
            privateIp: ip,
            description: `Route 53 Resolver: ${id}:${ipId}`,
            interfaceType: "interface",
            securityGroups: [...securityGroups],
            ownerAccountId: ctx.caller.accountId,
            attachedTo: id,
        });
        return { subnetId: w.subnetId, ip, ipId };
    });
}

function resolverState(ctx: StepContext, id: string, inputs: Props, ipAddresses: { subnetId: string; ip: string; ipId: string }[]): Props {
    return {
        ...inputs,
        id,
        arn: arn(ctx, "route53resolver", `resolver-endpoint/${id}`),
        ipAddresses,
        hostVpcId: ctx.state.subnets.get(ipAddresses[0]?.subnetId ?? "")?.vpcId ?? "",
    };
}

const resolverEndpoint: TypeHandler = {
    computed: ["arn", "hostVpcId", "ipAddresses"],
    create(ctx, inputs) {
        const id = `rslvr-${inputs.direction === "OUTBOUND" ? "out" : "in"}-${hex(seed(ctx), 17)}`;
        return { id, state: resolverState(ctx, id, inputs, reconcileResolverIps(ctx, id, inputs)) };
    },
    update(ctx, obj, inputs) {
        return resolverState(ctx, obj.id, inputs, reconcileResolverIps(ctx, obj.id, inputs));
    },
    remove(ctx, obj) {
        ctx.state.enisOf(obj.id).forEach((e) => ctx.state.deleteEni(e.id));
    },
};

// ----- IoT and CloudWatch -----

const domainConfiguration: TypeHandler = {
    computed: ["arn", "domainType", "name"],
    create(ctx, inputs) {
        const id = autoname(ctx, inputs);
        return { id, state: { ...inputs, id, name: id, arn: arn(ctx, "iot", `domainconfiguration/${id}`), domainType: "CUSTOMER_MANAGED", domainConfigurationStatus: "ENABLED" } };
    },
    update(_ctx, obj, inputs) {
        return { ...obj.state, ...inputs, id: obj.id, name: obj.id };
    },
    remove() {},
};

const iotPolicy: TypeHandler = {
    computed: ["arn", "defaultVersionId", "name"],
    create(ctx, inputs) {
        const id = autoname(ctx, inputs);
        return { id, state: { ...inputs, id, name: id, arn: arn(ctx, "iot", `policy/${id}`), defaultVersionId: "1" } };
    },
    update(_ctx, obj, inputs, changed) {
        const version = Number(obj.state.defaultVersionId ?? "1") + (changed.has("policy") ? 1 : 0);
        return { ...obj.state, ...inputs, id: obj.id, name: obj.id, defaultVersionId: String(version) };
    },
    remove() {},
};

const metricAlarm: TypeHandler = {
    computed: ["arn", "name"],
    create(ctx, inputs) {
        const id = autoname(ctx, inputs);
        return { id, state: { ...inputs, id, name: id, arn: arn(ctx, "cloudwatch", `alarm:${id}`) } };
    },
    update(_ctx, obj, inputs) {
        return { ...obj.state, ...inputs, id: obj.id, name: obj.id };
    },
    remove() {},
};

const dashboard: TypeHandler = {
    computed: ["dashboardArn"],
    create(ctx, inputs) {
        const id = str(inputs.dashboardName) ?? "";
        return { id, state: { ...inputs, id, dashboardArn: `arn:${regionOf(ctx.caller.region).partition}:cloudwatch::${ctx.caller.accountId}:dashboard/${id}` } };
    },
    update(_ctx, obj, inputs) {
        return { ...obj.state, ...inputs, id: obj.id };
    },
    remove() {},
};

// ----- awsx.ec2.Vpc (a remote component: one registration, outputs only) -----

const AWSX_OUTPUTS = ["vpcId", "publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds"];

const awsxVpc: TypeHandler = {
    computed: AWSX_OUTPUTS,
    create(ctx, inputs) {
        const r = regionOf(ctx.caller.region);
        const zones = strings(inputs.availabilityZoneNames);
        const chosen = zones.length > 0 ? zones : r.zones.slice(0, typeof inputs.numberOfAvailabilityZones === "number" ? inputs.numberOfAvailabilityZones : 3);
        const specs = arr(inputs.subnetSpecs).map(rec).filter((s): s is Props => s !== undefined);
        const kinds = (specs.length > 0 ? specs : [{ type: "Public" }, { type: "Private" }]).map((s) => str(s.type) ?? "Private");
        const vpcId = `vpc-0${hex(`awsx-vpc:${ctx.name}`, 16)}`;
        const { subnets } = ctx.state.addVpc({
            seed: `awsx:${ctx.name}`,
            id: vpcId,
            region: r.name,
            cidr: str(inputs.cidrBlock) ?? "10.0.0.0/16",
            zones: kinds.flatMap(() => chosen),
            dns: inputs.enableDnsHostnames !== false && inputs.enableDnsSupport !== false,
            ownerAccountId: ctx.caller.accountId,
        });
        const byKind = (k: string) => subnets.filter((_, i) => kinds[Math.floor(i / chosen.length)] === k).map((s) => s.id);
        return { id: vpcId, state: { vpcId, publicSubnetIds: byKind("Public"), privateSubnetIds: byKind("Private"), isolatedSubnetIds: byKind("Isolated") } };
    },
    update(_ctx, obj) {
        return obj.state;
    },
    remove(ctx, obj) {
        ctx.state.removeVpc(obj.id);
    },
    previewCreate() {
        return Object.fromEntries(AWSX_OUTPUTS.map((k) => [k, pulumi.unknown]));
    },
    previewOutputs(obj) {
        return obj.state;
    },
};

/** The resource types the fake implements; any other type fails loudly. */
export const HANDLERS: Readonly<Record<string, TypeHandler>> = {
    [T.vpcEndpoint]: vpcEndpoint,
    [T.vpcEndpointPolicy]: vpcEndpointPolicy,
    [T.securityGroup]: securityGroup,
    [T.securityGroupRule]: securityGroupRule,
    [T.securityGroupIngressRule]: securityGroupIngressRule,
    [T.zone]: zone,
    [T.zoneAssociation]: zoneAssociation,
    [T.vpcAssociationAuthorization]: vpcAssociationAuthorization,
    [T.record]: record,
    [T.resolverEndpoint]: resolverEndpoint,
    [T.domainConfiguration]: domainConfiguration,
    [T.iotPolicy]: iotPolicy,
    [T.metricAlarm]: metricAlarm,
    [T.dashboard]: dashboard,
    [T.awsxVpc]: awsxVpc,
};
