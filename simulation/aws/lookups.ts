/**
 * The invokes (data sources) the fake answers, from the account's state as the caller's account and
 * region see it. Nothing matching fails the way the provider fails (`no matching EC2 Subnet found`);
 * an invoke or filter the fake does not know fails loudly.
 */
import { RESOURCE_TYPES as T } from "../../components/resourceTypes";
import { PARTITIONS, fillName, regionOf } from "./facts";
import { dnsName } from "./net";
import { recordSets, zoneName } from "./dns";
import { Caller } from "./resources";
import { AccountState, FakeEni, hex } from "./state";
import { Props, arr, rec, str, strings } from "./values";

/**
 * An error the AWS provider returns from a data source, with the provider's own text (the engine wraps
 * it: `account.ts`, `InvokeError`). `legacy` is the older provider's wording where it differed.
 */
export class ProviderError extends Error {
    constructor(message: string, readonly legacy: string = message) {
        super(message);
        this.name = "ProviderError";
    }
}

/** What an invoke sees. */
export interface LookupContext {
    readonly state: AccountState;
    readonly caller: Caller;
    /** The IoT endpoint prefix of `accountId`. */
    iotPrefixOf(accountId: string): string;
}

type Lookup = (ctx: LookupContext, inputs: Props) => Props;

function unsupported(token: string, what: string): never {
    throw new Error(`FakeAwsAccount: ${token}: ${what} is not faked; add it to simulation/aws/lookups.ts`);
}

const getRegion: Lookup = (ctx, inputs) => {
    const r = regionOf(str(inputs.region) ?? str(inputs.name) ?? ctx.caller.region);
    return { id: r.name, name: r.name, region: r.name, description: r.name, endpoint: `ec2.${r.name}.${r.dnsSuffix}` };
};

const getCallerIdentity: Lookup = (ctx) => {
    const partition = regionOf(ctx.caller.region).partition;
    return { id: ctx.caller.accountId, accountId: ctx.caller.accountId, arn: `arn:${partition}:iam::${ctx.caller.accountId}:user/ci`, userId: "AIDAEXAMPLE" };
};

const getPartition: Lookup = (ctx) => {
    const r = regionOf(ctx.caller.region);
    return { id: r.partition, partition: r.partition, dnsSuffix: r.dnsSuffix, reverseDnsPrefix: r.dnsSuffix.split(".").reverse().join(".") };
};

const getAvailabilityZones: Lookup = (ctx) => {
    const r = regionOf(ctx.caller.region);
    return { id: r.name, names: [...r.zones], zoneIds: r.zones.map((_, i) => `${r.name.replace(/-/g, "").slice(0, 4)}-az${i + 1}`), groupNames: [r.name] };
};

const getVpc: Lookup = (ctx, inputs) => {
    const id = str(inputs.id) ?? unsupported("aws:ec2/getVpc:getVpc", "a lookup without id");
    const vpc = ctx.state.vpcs.get(id);
    if (!vpc || vpc.ownerAccountId !== ctx.caller.accountId || vpc.region !== ctx.caller.region) {
        throw new ProviderError("no matching EC2 VPC found");
    }
    return {
        id: vpc.id,
        arn: `arn:${regionOf(vpc.region).partition}:ec2:${vpc.region}:${vpc.ownerAccountId}:vpc/${vpc.id}`,
        cidrBlock: vpc.cidrBlocks[0],
        cidrBlockAssociations: vpc.cidrBlocks.map((c, i) => ({ associationId: `vpc-cidr-assoc-${hex(vpc.id + i, 17)}`, cidrBlock: c, state: "associated" })),
        enableDnsSupport: vpc.enableDnsSupport,
        enableDnsHostnames: vpc.enableDnsHostnames,
        default: false,
        ownerId: vpc.ownerAccountId,
        region: vpc.region,
        state: "available",
    };
};

const getSubnet: Lookup = (ctx, inputs) => {
    const id = str(inputs.id) ?? unsupported("aws:ec2/getSubnet:getSubnet", "a lookup without id");
    const subnet = ctx.state.subnets.get(id);
    if (!subnet || subnet.ownerAccountId !== ctx.caller.accountId || ctx.state.vpcs.get(subnet.vpcId)?.region !== ctx.caller.region) {
        throw new ProviderError("no matching EC2 Subnet found");
    }
    return {
        id: subnet.id,
        vpcId: subnet.vpcId,
        availabilityZone: subnet.availabilityZone,
        cidrBlock: subnet.cidrBlock,
        ownerId: subnet.ownerAccountId,
        mapPublicIpOnLaunch: false,
        state: "available",
    };
};

/** `DescribeVpcEndpointServices`: the zones where the service is offered. */
const getVpcEndpointService: Lookup = (ctx, inputs) => {
    const r = regionOf(ctx.caller.region);
    const service = str(inputs.service);
    const serviceName = str(inputs.serviceName)
        ?? Object.keys(r.services).find((n) => service !== undefined && n.endsWith(`.${r.name}.${service}`))
        ?? `(${service ?? "no service"})`;
    const zones = r.services[serviceName];
    const type = str(inputs.serviceType);
    if (!zones || (type !== undefined && !r.serviceTypes[serviceName].includes(type as "Interface"))) {
        throw new ProviderError("no matching EC2 VPC Endpoint Service found");
    }
    const id = `vpce-svc-${hex(serviceName, 17)}`;
    return {
        id,
        serviceName,
        serviceType: type ?? r.serviceTypes[serviceName][0],
        serviceId: id,
        availabilityZones: [...zones],
        acceptanceRequired: false,
        managesVpcEndpoints: false,
        owner: "amazon",
        privateDnsName: r.privateDnsNames[serviceName]?.[0] ?? "",
        privateDnsNames: [...(r.privateDnsNames[serviceName] ?? [])],
        baseEndpointDnsNames: [`${serviceName.split(".").slice(-2).join(".")}.${r.name}.vpce.${r.dnsSuffix}`],
        supportedIpAddressTypes: ["ipv4"],
        vpcEndpointPolicySupported: false,
        region: r.name,
        serviceRegion: r.name,
    };
};

/** `aws iot describe-endpoint`: the caller account's names, in the formats of the region's partition. */
const getIotEndpoint: Lookup = (ctx, inputs) => {
    const r = regionOf(ctx.caller.region);
    const type = str(inputs.endpointType) ?? "iot:Data";
    const format = PARTITIONS[r.partition].iotEndpointNames[type];
    if (!format) {
        throw new ProviderError(`reading IoT Endpoint: operation error IoT: DescribeEndpoint, InvalidRequestException: unknown endpointType ${type}`);
    }
    const prefix = ctx.iotPrefixOf(ctx.caller.accountId);
    const address = fillName(format, { prefix, credentialsPrefix: `c${hex(prefix, 13)}`, region: r.name, dnsSuffix: r.dnsSuffix });
    return { id: r.name, endpointType: type, endpointAddress: address, region: r.name };
};

const ENI_FILTERS: Readonly<Record<string, (e: FakeEni) => string>> = {
    "description": (e) => e.description,
    "addresses.private-ip-address": (e) => e.privateIp,
    "subnet-id": (e) => e.subnetId,
    "vpc-id": (e) => e.vpcId,
    "availability-zone": (e) => e.availabilityZone,
    "interface-type": (e) => e.interfaceType,
    "network-interface-id": (e) => e.id,
};

function filterEnis(ctx: LookupContext, token: string, filters: unknown): FakeEni[] {
    const list = arr(filters).map(rec).map((f) => ({ name: str(f?.name) ?? "", values: strings(f?.values) }));
    for (const f of list) {
        if (!ENI_FILTERS[f.name]) {
            unsupported(token, `the DescribeNetworkInterfaces filter ${f.name}`);
        }
    }
    return [...ctx.state.enis.values()]
        .filter((e) => e.ownerAccountId === ctx.caller.accountId)
        .filter((e) => list.every((f) => f.values.includes(ENI_FILTERS[f.name](e))))
        .sort((a, b) => a.id.localeCompare(b.id));
}

const getNetworkInterface: Lookup = (ctx, inputs) => {
    const token = "aws:ec2/getNetworkInterface:getNetworkInterface";
    const id = str(inputs.id);
    const byId = id ? ctx.state.enis.get(id) : undefined;
    const matches = id ? (byId && byId.ownerAccountId === ctx.caller.accountId ? [byId] : []) : filterEnis(ctx, token, inputs.filters);
    if (matches.length !== 1) {
        throw new ProviderError(matches.length === 0 ? "no matching EC2 Network Interface found" : "multiple EC2 Network Interfaces matched; use additional constraints to reduce matches to a single EC2 Network Interface");
    }
    const e = matches[0];
    return {
        id: e.id,
        subnetId: e.subnetId,
        vpcId: e.vpcId,
        availabilityZone: e.availabilityZone,
        privateIp: e.privateIp,
        privateIps: [e.privateIp],
        description: e.description,
        interfaceType: e.interfaceType,
        securityGroups: [...e.securityGroups],
        requesterId: e.interfaceType === "vpc_endpoint" ? "amazon-vpce" : "amazon-route53",
        ownerId: e.ownerAccountId,
    };
};

const getNetworkInterfaces: Lookup = (ctx, inputs) => {
    const ids = filterEnis(ctx, "aws:ec2/getNetworkInterfaces:getNetworkInterfaces", inputs.filters).map((e) => e.id);
    return { id: ctx.caller.region, ids, filters: inputs.filters ?? [] };
};

/** `aws.route53.getZone`: by id, or by name (private, and associated with `vpcId`), in the caller's account. */
const getZone: Lookup = (ctx, inputs) => {
    const zoneId = str(inputs.zoneId);
    const name = str(inputs.name);
    const vpcId = str(inputs.vpcId);
    const tags = rec(inputs.tags) ?? {};
    const own = ctx.state.objectsOfType(T.zone).filter((z) => z.accountId === ctx.caller.accountId && !z.id.startsWith("preview:"));
    const matches = zoneId !== undefined ? own.filter((z) => z.id === zoneId) : own.filter((z) => {
        const zoneTags = rec(z.state.tags) ?? {};
        return (name === undefined || zoneName(z) === dnsName(name))
            && (vpcId !== undefined
                ? z.privateZone === true && ctx.state.associationsOf(z.id).some((a) => a.vpcId === vpcId)
                : (z.privateZone === true) === (inputs.privateZone === true))
            && Object.entries(tags).every(([k, v]) => zoneTags[k] === v);
    });
    if (matches.length === 0) {
        throw new ProviderError("no matching Route 53 Hosted Zone found", "no matching Route53Zone found");
    }
    if (matches.length > 1) {
        throw new ProviderError("multiple Route 53 Hosted Zones matched; use additional constraints to reduce matches to a single Route 53 Hosted Zone", "multiple Route53Zone found please use vpc_id option to filter");
    }
    const z = matches[0];
    return {
        id: z.id,
        zoneId: z.id,
        arn: str(z.state.arn) ?? `arn:${regionOf(z.region).partition}:route53:::hostedzone/${z.id}`,
        name: zoneName(z),
        comment: str(z.state.comment) ?? "",
        callerReference: `${z.name}-${hex(z.id, 8)}`,
        linkedServiceDescription: "",
        linkedServicePrincipal: "",
        nameServers: strings(z.state.nameServers),
        primaryNameServer: str(z.state.primaryNameServer) ?? "",
        privateZone: z.privateZone === true,
        resourceRecordSetCount: recordSets(ctx.state, z.id).length + 2,
        tags: rec(z.state.tags) ?? {},
        ...(vpcId !== undefined ? { vpcId } : {}),
    };
};

/** `aws.route53.getRecords`: every record set of the zone (SOA and NS too), names with Route 53's trailing dot. */
const getRecords: Lookup = (ctx, inputs) => {
    const zoneId = str(inputs.zoneId) ?? unsupported("aws:route53/getRecords:getRecords", "a lookup without zoneId");
    const zone = ctx.state.getObject(T.zone, zoneId);
    if (!zone || zone.accountId !== ctx.caller.accountId) {
        throw new ProviderError(`listing Route 53 Records: operation error Route 53: ListResourceRecordSets, https response error StatusCode: 404, NoSuchHostedZone: No hosted zone found with ID: ${zoneId}`);
    }
    const apex = `${zoneName(zone)}.`;
    const blank = { failover: "", healthCheckId: "", multiValueAnswer: false, region: "", trafficPolicyInstanceId: "" };
    const own = [
        { ...blank, name: apex, type: "NS", ttl: 172800, setIdentifier: "", weight: 0, resourceRecords: strings(zone.state.nameServers).map((value) => ({ value: `${value}.` })) },
        { ...blank, name: apex, type: "SOA", ttl: 900, setIdentifier: "", weight: 0, resourceRecords: [{ value: `${str(zone.state.primaryNameServer) ?? "ns-0.awsdns-00.com"}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }] },
    ];
    const sets = recordSets(ctx.state, zoneId)
        .map((r) => ({
            ...blank,
            name: `${r.name}.`,
            type: r.type,
            ttl: r.ttl ?? 0,
            setIdentifier: r.setIdentifier ?? "",
            weight: r.weight ?? 0,
            resourceRecords: r.values.map((value) => ({ value })),
            ...(r.alias ? { aliasTarget: { dnsName: `${r.alias.name}.`, evaluateTargetHealth: r.alias.evaluateTargetHealth, hostedZoneId: r.alias.zoneId } } : {}),
        }));
    const regex = str(inputs.nameRegex);
    const pattern = regex !== undefined ? new RegExp(regex) : undefined;
    // Route 53 lists record sets by name (labels from the right), then type, then set identifier
    const order = (n: string) => n.split(".").reverse().join(".");
    const all = [...own, ...sets]
        .filter((s) => !pattern || pattern.test(s.name))
        .sort((a, b) => order(a.name).localeCompare(order(b.name)) || a.type.localeCompare(b.type) || a.setIdentifier.localeCompare(b.setIdentifier));
    return { id: zoneId, zoneId, ...(regex !== undefined ? { nameRegex: regex } : {}), resourceRecordSets: all };
};

/**
 * `aws.ec2.getVpcEndpoint` (DescribeVpcEndpoints): by id, VPC, service name, state and filters (`tag:<key>`,
 * `vpc-endpoint-state`, `vpc-endpoint-type`, ...), in the caller's account and region, deleted endpoints
 * included (they stay listed in state `deleted`); exactly one must match (terraform-provider-aws
 * ec2/vpc_endpoint_data_source.go: `no matching EC2 VPC Endpoint found`, `multiple EC2 VPC Endpoints
 * matched; ...`). The answer is what the data source sets, not the endpoint's inputs: every attribute of
 * its schema, sets empty when the endpoint has none (`subnet_ids` of a gateway endpoint, `route_table_ids`
 * of an interface one), `vpc_endpoint_type` `Gateway` when AWS gives none, tags without `aws:` ones.
 */
const getVpcEndpoint: Lookup = (ctx, inputs) => {
    const token = "aws:ec2/getVpcEndpoint:getVpcEndpoint";
    const filters = arr(inputs.filters).map(rec).map((f) => ({ name: str(f?.name) ?? "", values: strings(f?.values) }));
    const tags = rec(inputs.tags) ?? {};
    for (const f of filters) {
        if (!f.name.startsWith("tag:") && !["vpc-id", "service-name", "vpc-endpoint-id", "vpc-endpoint-state", "vpc-endpoint-type"].includes(f.name)) {
            unsupported(token, `the DescribeVpcEndpoints filter ${f.name}`);
        }
    }
    const listed = [...ctx.state.objectsOfType(T.vpcEndpoint), ...ctx.state.tombstonesOf(T.vpcEndpoint)];
    const matches = listed.filter((e) => e.accountId === ctx.caller.accountId && e.region === ctx.caller.region && !e.id.startsWith("preview:"))
        .filter((e) => {
            const eTags = rec(e.state.tags) ?? {};
            const field = (name: string): string | undefined => name.startsWith("tag:") ? str(eTags[name.slice(4)])
                : name === "vpc-id" ? str(e.state.vpcId) : name === "service-name" ? str(e.state.serviceName) : name === "vpc-endpoint-id" ? e.id
                : name === "vpc-endpoint-type" ? str(e.state.vpcEndpointType) ?? "Gateway" : str(e.state.state);
            return (str(inputs.id) === undefined || e.id === inputs.id)
                && (str(inputs.vpcId) === undefined || e.state.vpcId === inputs.vpcId)
                && (str(inputs.serviceName) === undefined || e.state.serviceName === inputs.serviceName)
                && (str(inputs.state) === undefined || e.state.state === inputs.state)
                && Object.entries(tags).every(([k, v]) => eTags[k] === v)
                && filters.every((f) => f.values.includes(field(f.name) ?? "\u0000"));
        });
    if (matches.length !== 1) {
        throw new ProviderError(matches.length === 0 ? "no matching EC2 VPC Endpoint found"
            : "multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint");
    }
    const e = matches[0];
    const o = e.state;
    const dnsOptions = rec(o.dnsOptions);
    return {
        id: e.id, arn: str(o.arn) ?? "", cidrBlocks: strings(o.cidrBlocks), dnsEntries: arr(o.dnsEntries),
        dnsOptions: dnsOptions ? [{ dnsRecordIpType: str(dnsOptions.dnsRecordIpType) ?? "ipv4", privateDnsOnlyForInboundResolverEndpoint: dnsOptions.privateDnsOnlyForInboundResolverEndpoint === true }] : [],
        ipAddressType: str(o.ipAddressType) ?? "", networkInterfaceIds: strings(o.networkInterfaceIds), ownerId: str(o.ownerId) ?? ctx.caller.accountId,
        policy: str(o.policy) ?? "", prefixListId: str(o.prefixListId) ?? "", privateDnsEnabled: o.privateDnsEnabled === true, requesterManaged: o.requesterManaged === true,
        routeTableIds: strings(o.routeTableIds), securityGroupIds: strings(o.securityGroupIds), serviceName: str(o.serviceName) ?? "", state: str(o.state) ?? "available",
        subnetIds: strings(o.subnetIds), tags: Object.fromEntries(Object.entries(rec(o.tags) ?? {}).filter(([k]) => !k.startsWith("aws:"))),
        vpcEndpointType: str(o.vpcEndpointType) ?? "Gateway", vpcId: str(o.vpcId) ?? "", filters: inputs.filters ?? [],
    };
};

/**
 * `aws.route53.getResolverEndpoint` (ListResolverEndpoints with filters `Name`, `HostVPCId`, `Direction`, `Status`
 * (the fake's endpoints are all `OPERATIONAL`), or the id): exactly one must match (route53resolver/endpoint_data_source.go: `no Route53 Resolver Endpoint
 * matched`, `<n> Route53 Resolver Endpoints matched; use additional constraints ...`).
 */
const getResolverEndpoint: Lookup = (ctx, inputs) => {
    const token = "aws:route53/getResolverEndpoint:getResolverEndpoint";
    const filters = arr(inputs.filters).map(rec).map((f) => ({ name: str(f?.name) ?? "", values: strings(f?.values) }));
    const fields: Record<string, (o: Props) => string | undefined> = {
        Name: (o) => str(o.name), HostVPCId: (o) => str(o.hostVpcId), Direction: (o) => str(o.direction), Status: () => "OPERATIONAL",
    };
    for (const f of filters) {
        if (!fields[f.name]) {
            unsupported(token, `the ListResolverEndpoints filter ${f.name}`);
        }
    }
    const id = str(inputs.resolverEndpointId);
    const matches = ctx.state.objectsOfType(T.resolverEndpoint).filter((o) => o.accountId === ctx.caller.accountId && o.region === ctx.caller.region && !o.id.startsWith("preview:"))
        .filter((o) => (id === undefined || o.id === id) && filters.every((f) => f.values.includes(fields[f.name](o.state) ?? "\u0000")));
    if (matches.length !== 1) {
        throw new ProviderError(matches.length === 0 ? "no Route53 Resolver Endpoint matched"
            : `${matches.length} Route53 Resolver Endpoints matched; use additional constraints to reduce matches to a single Endpoint`);
    }
    const o = matches[0];
    return {
        id: o.id, arn: str(o.state.arn) ?? "", direction: str(o.state.direction) ?? "", name: str(o.state.name) ?? "", vpcId: str(o.state.hostVpcId) ?? "", status: "OPERATIONAL",
        ipAddresses: arr(o.state.ipAddresses).map(rec).map((a) => str(a?.ip) ?? ""), protocols: ["Do53"], resolverEndpointId: o.id, resolverEndpointType: "IPV4", filters: inputs.filters ?? [],
    };
};

/** Invoke token → its fake. */
export const LOOKUPS: Readonly<Record<string, Lookup>> = {
    "aws:index/getRegion:getRegion": getRegion,
    "aws:index/getCallerIdentity:getCallerIdentity": getCallerIdentity,
    "aws:index/getPartition:getPartition": getPartition,
    "aws:index/getAvailabilityZones:getAvailabilityZones": getAvailabilityZones,
    "aws:ec2/getVpc:getVpc": getVpc,
    "aws:ec2/getSubnet:getSubnet": getSubnet,
    "aws:ec2/getVpcEndpointService:getVpcEndpointService": getVpcEndpointService,
    "aws:iot/getEndpoint:getEndpoint": getIotEndpoint,
    "aws:ec2/getNetworkInterface:getNetworkInterface": getNetworkInterface,
    "aws:ec2/getNetworkInterfaces:getNetworkInterfaces": getNetworkInterfaces,
    "aws:route53/getZone:getZone": getZone,
    "aws:route53/getRecords:getRecords": getRecords,
    "aws:ec2/getVpcEndpoint:getVpcEndpoint": getVpcEndpoint,
    "aws:route53/getResolverEndpoint:getResolverEndpoint": getResolverEndpoint,
};
