/**
 * What every policy shares: a typed, plain-data snapshot of each resource type the pack reads (values a
 * preview does not know yet are `UNKNOWN`, values of the wrong shape are `undefined`), small readers that
 * never throw, an index of a stack's resources, config with the schema's defaults applied, and the
 * wrappers that keep one policy's failure from failing a preview. Nothing here calls a cloud API, and no
 * public type here is `any`: a policy must check the shape of every value it reads.
 */
import {
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidation,
    StackValidationArgs,
    UnknownValueError,
} from "@pulumi/policy";

import { DEFAULTS } from "../components/defaults";
import { IOT_CREDENTIALS_SERVICE, IOT_DATA_SERVICE } from "../components/limits";
import { RESOURCE_TYPES, ResourceTypeName } from "../components/resourceTypes";
import { greengrassInterfaceEndpoints, isAwsIotName, isChinaRegion, isIotService, normalizeDnsName, parseServiceName } from "../components/rules";
import { ConfigPropertySchema, schemaProblems } from "./configSchema";

/** Resource type tokens: the package's one table (`components/resourceTypes.ts`). */
export const TYPES = RESOURCE_TYPES;

/** Where the policies send people to read about the limitations. */
export const DOC = "https://docs.aws.amazon.com/iot/latest/developerguide/IoTCore-VPC.html";

// ----- values that may be unknown -----

/** Marks a value that is not known during a preview. Unknown values are never a violation. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/**
 * A property as a policy reads it: the value when it has the expected type, `UNKNOWN` when a preview
 * does not know it yet, `undefined` when it is absent or of another type (AWS or the provider refuses
 * those on their own; a policy has nothing to judge).
 */
export type Field<T> = T | Unknown | undefined;
/** A list property: its elements (each possibly unknown; elements of another type are left out). */
export type ListField<T> = readonly (T | Unknown)[] | Unknown | undefined;

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

/** A string, or `UNKNOWN`; `undefined` otherwise. */
export function asString(v: unknown): Field<string> {
    return v === UNKNOWN ? UNKNOWN : typeof v === "string" ? v : undefined;
}

/**
 * A finite number, or `UNKNOWN`; `undefined` otherwise. A decimal string counts as its number: the AWS
 * provider reads `"8883"` as 8883 (Terraform's weak typing), so inputs written that way must be judged.
 */
export function asNumber(v: unknown): Field<number> {
    if (v === UNKNOWN) {
        return UNKNOWN;
    }
    if (typeof v === "number") {
        return Number.isFinite(v) ? v : undefined;
    }
    if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) {
        return Number(v);
    }
    return undefined;
}

const TRUE_STRINGS = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_STRINGS = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** A boolean, or `UNKNOWN`; `undefined` otherwise. The strings the provider reads as booleans count. */
export function asBoolean(v: unknown): Field<boolean> {
    if (v === UNKNOWN) {
        return UNKNOWN;
    }
    if (typeof v === "boolean") {
        return v;
    }
    if (typeof v === "string") {
        return TRUE_STRINGS.has(v) ? true : FALSE_STRINGS.has(v) ? false : undefined;
    }
    return undefined;
}

/** A list, or `UNKNOWN`; `undefined` otherwise. */
export function asList(v: unknown): Field<readonly unknown[]> {
    return v === UNKNOWN ? UNKNOWN : Array.isArray(v) ? v : undefined;
}

/** A record (an object that is not a list), or `UNKNOWN`; `undefined` otherwise. */
export function asRecord(v: unknown): Field<Readonly<Record<string, unknown>>> {
    return v === UNKNOWN ? UNKNOWN : v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Property `key` of a record field: `UNKNOWN` inside an unknown record, `undefined` inside an absent one. */
export function at(record: Field<Readonly<Record<string, unknown>>>, key: string): unknown {
    return record === UNKNOWN ? UNKNOWN : record === undefined ? undefined : Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A list whose elements are read with `item`; elements `item` cannot read (`undefined`) are left out. */
export function listOf<T>(v: unknown, item: (x: unknown) => T | Unknown | undefined): ListField<T> {
    const list = asList(v);
    if (list === UNKNOWN || list === undefined) {
        return list;
    }
    const out: (T | Unknown)[] = [];
    for (const x of list) {
        if (x === UNKNOWN) {
            out.push(UNKNOWN);
        } else {
            const t = item(x);
            if (t !== undefined) {
                out.push(t);
            }
        }
    }
    return out;
}

/** Reads a known string element (for `listOf`). */
export const knownString = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);

/** The known elements of a list field, and whether any element (or the list) is unknown. */
export function knownItems<T>(list: ListField<T>): { readonly values: T[]; readonly unknown: boolean } {
    if (list === UNKNOWN) {
        return { values: [], unknown: true };
    }
    if (list === undefined) {
        return { values: [], unknown: false };
    }
    const values = list.filter((x): x is T => x !== UNKNOWN);
    return { values, unknown: values.length !== list.length };
}

/** Reads `f()`; `UNKNOWN` when the policy SDK reports the value unknown. */
function read<T>(f: () => T): T | Unknown {
    try {
        return f();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw e;
    }
}

/**
 * Copies proxied resource properties into plain data, replacing each unknown value (at any depth) with
 * `UNKNOWN`. The typed readers below take this plain data.
 */
export function snapshot(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            const v = read(() => value[i] as unknown);
            out.push(v === UNKNOWN ? UNKNOWN : snapshot(v));
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        const v = read(() => (value as Record<string, unknown>)[key]);
        // defineProperty: a key such as "__proto__" stays data instead of changing the prototype.
        Object.defineProperty(out, key, { value: v === UNKNOWN ? UNKNOWN : snapshot(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
}

// ----- typed snapshots, one per resource type the pack reads -----

export interface SubnetConfigurationSnapshot {
    readonly subnetId: Field<string>;
    readonly ipv4: Field<string>;
    readonly ipv6: Field<string>;
}

export interface VpcEndpointSnapshot {
    readonly id: Field<string>;
    readonly serviceName: Field<string>;
    readonly vpcId: Field<string>;
    readonly vpcEndpointType: Field<string>;
    readonly privateDnsEnabled: Field<boolean>;
    readonly policy: Field<string>;
    readonly ipAddressType: Field<string>;
    /** `dnsOptions.dnsRecordIpType`. */
    readonly dnsRecordIpType: Field<string>;
    readonly subnetConfigurations: ListField<SubnetConfigurationSnapshot>;
    readonly securityGroupIds: ListField<string>;
    /** The resource's own region (AWS provider 7). */
    readonly region: Field<string>;
}

export function readVpcEndpoint(props: unknown): VpcEndpointSnapshot {
    const p = asRecord(props);
    return {
        id: asString(at(p, "id")),
        serviceName: asString(at(p, "serviceName")),
        vpcId: asString(at(p, "vpcId")),
        vpcEndpointType: asString(at(p, "vpcEndpointType")),
        privateDnsEnabled: asBoolean(at(p, "privateDnsEnabled")),
        policy: asString(at(p, "policy")),
        ipAddressType: asString(at(p, "ipAddressType")),
        dnsRecordIpType: asString(at(asRecord(at(p, "dnsOptions")), "dnsRecordIpType")),
        subnetConfigurations: listOf(at(p, "subnetConfigurations"), (x) => {
            const c = asRecord(x);
            return c === undefined || c === UNKNOWN ? undefined : { subnetId: asString(c.subnetId), ipv4: asString(c.ipv4), ipv6: asString(c.ipv6) };
        }),
        securityGroupIds: listOf(at(p, "securityGroupIds"), knownString),
        region: asString(at(p, "region")),
    };
}

export interface VpcEndpointPolicySnapshot {
    readonly id: Field<string>;
    readonly vpcEndpointId: Field<string>;
}

export function readVpcEndpointPolicy(props: unknown): VpcEndpointPolicySnapshot {
    const p = asRecord(props);
    return { id: asString(at(p, "id")), vpcEndpointId: asString(at(p, "vpcEndpointId")) };
}

/** An inbound rule: inline in a security group, or a rule resource. Each source is one AWS rule per port range. */
export interface InboundRuleSnapshot {
    readonly protocol: Field<string>;
    readonly fromPort: Field<number>;
    readonly toPort: Field<number>;
    readonly ipv4Cidrs: ListField<string>;
    readonly ipv6Cidrs: ListField<string>;
    /** Sources that are neither CIDRs: prefix lists, other security groups, the group itself. */
    readonly otherSources: ListField<string>;
}

export interface SecurityGroupSnapshot {
    readonly id: Field<string>;
    readonly vpcId: Field<string>;
    readonly ingress: ListField<InboundRuleSnapshot>;
}

/** A protocol as AWS takes it: a name or a number (`-1`, `6`), both read as text. */
function protocolOf(v: unknown): Field<string> {
    const n = asNumber(v);
    return typeof v === "number" && n !== undefined ? String(n) : asString(v);
}

/** A list of strings, or one string as a list of one (rule resources name single sources). */
function sources(...values: unknown[]): ListField<string> {
    const out: (string | Unknown)[] = [];
    for (const v of values) {
        if (v === UNKNOWN) {
            return UNKNOWN;
        }
        if (typeof v === "string") {
            out.push(v);
            continue;
        }
        const list = listOf(v, knownString);
        if (list === UNKNOWN) {
            return UNKNOWN;
        }
        out.push(...(list ?? []));
    }
    return out;
}

function readInlineRule(x: unknown): InboundRuleSnapshot | undefined {
    const r = asRecord(x);
    if (r === undefined || r === UNKNOWN) {
        return undefined;
    }
    const self = asBoolean(r.self);
    return {
        protocol: protocolOf(r.protocol),
        fromPort: asNumber(r.fromPort),
        toPort: asNumber(r.toPort),
        ipv4Cidrs: sources(r.cidrBlocks),
        ipv6Cidrs: sources(r.ipv6CidrBlocks),
        otherSources: sources(r.prefixListIds, r.securityGroups, self === UNKNOWN ? UNKNOWN : self === true ? "self" : undefined),
    };
}

export function readSecurityGroup(props: unknown): SecurityGroupSnapshot {
    const p = asRecord(props);
    return { id: asString(at(p, "id")), vpcId: asString(at(p, "vpcId")), ingress: listOf(at(p, "ingress"), readInlineRule) };
}

/** `aws.ec2.SecurityGroupRule` (ingress or egress). */
export interface SecurityGroupRuleSnapshot extends InboundRuleSnapshot {
    readonly id: Field<string>;
    readonly type: Field<string>;
    readonly securityGroupId: Field<string>;
}

export function readSecurityGroupRule(props: unknown): SecurityGroupRuleSnapshot {
    const p = asRecord(props);
    const self = asBoolean(at(p, "self"));
    return {
        id: asString(at(p, "id")),
        type: asString(at(p, "type")),
        securityGroupId: asString(at(p, "securityGroupId")),
        protocol: protocolOf(at(p, "protocol")),
        fromPort: asNumber(at(p, "fromPort")),
        toPort: asNumber(at(p, "toPort")),
        ipv4Cidrs: sources(at(p, "cidrBlocks")),
        ipv6Cidrs: sources(at(p, "ipv6CidrBlocks")),
        otherSources: sources(at(p, "prefixListIds"), at(p, "sourceSecurityGroupId"), self === UNKNOWN ? UNKNOWN : self === true ? "self" : undefined),
    };
}

/** `aws.vpc.SecurityGroupIngressRule`: one source per resource. */
export interface SecurityGroupIngressRuleSnapshot extends InboundRuleSnapshot {
    readonly id: Field<string>;
    readonly securityGroupId: Field<string>;
}

export function readSecurityGroupIngressRule(props: unknown): SecurityGroupIngressRuleSnapshot {
    const p = asRecord(props);
    return {
        id: asString(at(p, "id")),
        securityGroupId: asString(at(p, "securityGroupId")),
        protocol: protocolOf(at(p, "ipProtocol")),
        fromPort: asNumber(at(p, "fromPort")),
        toPort: asNumber(at(p, "toPort")),
        ipv4Cidrs: sources(at(p, "cidrIpv4")),
        ipv6Cidrs: sources(at(p, "cidrIpv6")),
        otherSources: sources(at(p, "prefixListId"), at(p, "referencedSecurityGroupId")),
    };
}

export interface ZoneSnapshot {
    readonly id: Field<string>;
    readonly zoneId: Field<string>;
    readonly name: Field<string>;
    /** Inline VPC attachments: a private zone is created with at least one. */
    readonly vpcIds: ListField<string>;
    /** True when created without VPCs: a public zone (AWS cannot associate a VPC with it later). */
    readonly isPublic: Field<boolean>;
}

export function readZone(props: unknown): ZoneSnapshot {
    const p = asRecord(props);
    const vpcs = at(p, "vpcs");
    return {
        id: asString(at(p, "id")),
        zoneId: asString(at(p, "zoneId")),
        name: asString(at(p, "name")),
        vpcIds: listOf(vpcs, (x) => asString(at(asRecord(x), "vpcId"))),
        isPublic: vpcs === UNKNOWN ? UNKNOWN : vpcs === undefined || vpcs === null || (Array.isArray(vpcs) && vpcs.length === 0) ? true : Array.isArray(vpcs) ? false : undefined,
    };
}

/** `aws.route53.ZoneAssociation` or `aws.route53.VpcAssociationAuthorization`: a zone and a VPC. */
export interface ZoneVpcSnapshot {
    readonly id: Field<string>;
    readonly zoneId: Field<string>;
    readonly vpcId: Field<string>;
}

export function readZoneVpc(props: unknown): ZoneVpcSnapshot {
    const p = asRecord(props);
    return { id: asString(at(p, "id")), zoneId: asString(at(p, "zoneId")), vpcId: asString(at(p, "vpcId")) };
}

export interface RecordSnapshot {
    readonly id: Field<string>;
    readonly zoneId: Field<string>;
    readonly name: Field<string>;
    readonly type: Field<string>;
    readonly ttl: Field<number>;
    readonly setIdentifier: Field<string>;
    /** `weightedRoutingPolicies`: a weighted record has one. */
    readonly weights: ListField<number>;
    /** True for an alias record (alias records have no TTL of their own). */
    readonly alias: Field<boolean>;
}

export function readRecord(props: unknown): RecordSnapshot {
    const p = asRecord(props);
    const aliases = asList(at(p, "aliases"));
    return {
        id: asString(at(p, "id")),
        zoneId: asString(at(p, "zoneId")),
        name: asString(at(p, "name")),
        type: asString(at(p, "type")),
        ttl: asNumber(at(p, "ttl")),
        setIdentifier: asString(at(p, "setIdentifier")),
        weights: listOf(at(p, "weightedRoutingPolicies"), (x) => {
            const w = asRecord(x);
            return w === undefined ? undefined : asNumber(at(w, "weight"));
        }),
        alias: aliases === UNKNOWN ? UNKNOWN : aliases !== undefined && aliases.length > 0,
    };
}

export interface IotPolicySnapshot {
    readonly id: Field<string>;
    /** The policy document, JSON text. */
    readonly policy: Field<string>;
}

export function readIotPolicy(props: unknown): IotPolicySnapshot {
    const p = asRecord(props);
    return { id: asString(at(p, "id")), policy: asString(at(p, "policy")) };
}

export interface DomainConfigurationSnapshot {
    readonly id: Field<string>;
    readonly domainName: Field<string>;
}

export function readDomainConfiguration(props: unknown): DomainConfigurationSnapshot {
    const p = asRecord(props);
    return { id: asString(at(p, "id")), domainName: asString(at(p, "domainName")) };
}

/**
 * `IotCoreVpcEndpoints` as the pack sees it: its arguments (`Analyze`) or its registered outputs
 * (`AnalyzeStack`). Only the fields the pack judges; every other argument passes untouched.
 */
export interface ComponentSnapshot {
    readonly id: Field<string>;
    readonly vpcId: Field<string>;
    readonly expectedConnections: Field<number>;
    readonly endpointCount: Field<number>;
    /** The component's own quota argument: read to say it is not trusted, never to judge by. */
    readonly maxEndpointsPerVpc: Field<number>;
    readonly targetUtilizationPercent: Field<number>;
    readonly mqttKeepAliveSeconds: Field<number>;
    /** `credentialsProvider.endpointCount` (1 when the opt-in is given without it); `undefined` without the opt-in. */
    readonly credentialEndpoints: Field<number>;
    /** Custom domain names: `customDomains[].domainName` (args) or `customDomains` (outputs). */
    readonly customDomains: ListField<string>;
    /** `greengrass: true` or `greengrassOptions`: the core devices it adds and the interface endpoints it creates; `undefined` without. */
    readonly greengrass: Field<{ readonly coreDevices: Field<number>; readonly serviceEndpoints: Field<number> }>;
    /** The registered `greengrassNucleusConfig` output (`AnalyzeStack`): the region core devices are served in. */
    readonly nucleus: Field<{ readonly awsRegion: Field<string> }>;
    /** The registered `capacity` output. */
    readonly capacity: Field<{
        readonly expectedConnections: Field<number>;
        readonly endpoints: Field<number>;
        readonly targetUtilizationPercent: Field<number>;
    }>;
}

export function readComponent(props: unknown): ComponentSnapshot {
    const p = asRecord(props);
    const credentials = at(p, "credentialsProvider");
    const credentialsRecord = asRecord(credentials);
    const capacity = asRecord(at(p, "capacity"));
    const credentialCount = asNumber(at(credentialsRecord, "endpointCount"));
    const greengrass = readGreengrass(at(p, "greengrass"), at(p, "greengrassOptions"));
    return {
        id: asString(at(p, "id")),
        vpcId: asString(at(p, "vpcId")),
        expectedConnections: asNumber(at(p, "expectedConnections")),
        endpointCount: asNumber(at(p, "endpointCount")),
        maxEndpointsPerVpc: asNumber(at(p, "maxEndpointsPerVpc")),
        targetUtilizationPercent: asNumber(at(p, "targetUtilizationPercent")),
        mqttKeepAliveSeconds: asNumber(at(p, "mqttKeepAliveSeconds")),
        // Greengrass needs the credential provider: one endpoint when credentialsProvider is left out
        credentialEndpoints: (credentials === undefined || credentials === null) && greengrass !== undefined ? DEFAULTS.credentialsProvider.endpointCount
            : credentials === undefined || credentials === null ? undefined
            : credentialsRecord === UNKNOWN ? UNKNOWN
            : credentialsRecord === undefined ? undefined
            : credentialCount === undefined && at(credentialsRecord, "endpointCount") === undefined ? DEFAULTS.credentialsProvider.endpointCount : credentialCount,
        customDomains: listOf(at(p, "customDomains"), (x) => (typeof x === "string" ? x : asString(at(asRecord(x), "domainName")))),
        greengrass,
        nucleus: ((n) => n === UNKNOWN || n === undefined ? n : { awsRegion: asString(at(n, "awsRegion")) })(asRecord(at(p, "greengrassNucleusConfig"))),
        capacity: capacity === UNKNOWN || capacity === undefined ? capacity : {
            expectedConnections: asNumber(capacity.expectedConnections),
            endpoints: asNumber(capacity.endpoints),
            targetUtilizationPercent: asNumber(capacity.targetUtilizationPercent),
        },
    };
}

/** Greengrass as the component's arguments ask for it (`greengrass`, `greengrassOptions`), with the component's defaults. */
function readGreengrass(on: unknown, options: unknown): ComponentSnapshot["greengrass"] {
    if (on === UNKNOWN || options === UNKNOWN) {
        return UNKNOWN;
    }
    const o = asRecord(options);
    if (on !== true && (o === undefined || on === false)) {
        return undefined;
    }
    if (o === UNKNOWN) {
        return UNKNOWN;
    }
    const endpoints = at(o, "endpoints");
    const tables = at(o, "s3RouteTableIds");
    const names = Array.isArray(endpoints) ? endpoints.filter((e): e is string => typeof e === "string") : [];
    return {
        coreDevices: at(o, "coreDevices") === undefined ? DEFAULTS.greengrass.coreDevices : asNumber(at(o, "coreDevices")),
        serviceEndpoints: endpoints === UNKNOWN || tables === UNKNOWN ? UNKNOWN : greengrassInterfaceEndpoints({ endpoints: names, s3Gateway: tables !== undefined && tables !== null }),
    };
}

/** The region of a resource's provider (`args.provider.props.region`). */
export function providerRegion(provider: { readonly props: unknown } | undefined): Field<string> {
    return provider === undefined ? undefined : asString(at(asRecord(snapshot(provider.props)), "region"));
}

// ----- IoT endpoints -----

/** The services whose endpoints devices use; private DNS and endpoint policies are refused on them. */
export const DEVICE_SERVICES: readonly string[] = [IOT_DATA_SERVICE, IOT_CREDENTIALS_SERVICE];

/** An interface endpoint for an AWS IoT Core service. */
export interface IotEndpointView {
    readonly service: string;
    readonly serviceName: string;
    /** Region from the service name. */
    readonly region: string;
    /** China by its service name (`cn.com.amazonaws...`) or region. */
    readonly china: boolean;
}

/** The IoT service of an endpoint, or `undefined` when it is not an IoT endpoint or its service name is not known. */
export function iotEndpointOf(e: { readonly serviceName: Field<string> }): IotEndpointView | undefined {
    if (typeof e.serviceName !== "string") {
        return undefined;
    }
    const parts = parseServiceName(e.serviceName);
    if (!parts || !isIotService(parts.service)) {
        return undefined;
    }
    return { service: parts.service, serviceName: e.serviceName, region: parts.region, china: parts.prefix.startsWith("cn.") || isChinaRegion(parts.region) };
}

// ----- a stack's resources -----

const READERS = {
    vpcEndpoint: readVpcEndpoint,
    vpcEndpointPolicy: readVpcEndpointPolicy,
    securityGroup: readSecurityGroup,
    securityGroupRule: readSecurityGroupRule,
    securityGroupIngressRule: readSecurityGroupIngressRule,
    zone: readZone,
    zoneAssociation: readZoneVpc,
    vpcAssociationAuthorization: readZoneVpc,
    record: readRecord,
    iotPolicy: readIotPolicy,
    domainConfiguration: readDomainConfiguration,
    component: readComponent,
} satisfies { [K in ResourceTypeName]?: (props: unknown) => { readonly id: Field<string> } };

/** A resource type the pack reads, by its name in `RESOURCE_TYPES`. */
export type Kind = keyof typeof READERS;
export type SnapshotOf<K extends Kind> = ReturnType<(typeof READERS)[K]>;

/** Which resource a snapshot came from. */
export interface ResourceRef {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    readonly parentUrn: string | undefined;
}

export interface Entry<P> {
    readonly ref: ResourceRef;
    readonly props: P;
}

export type IotEndpointEntry = Entry<VpcEndpointSnapshot> & { readonly view: IotEndpointView };

/** The ids other resources name a resource by: a zone by `zoneId` (or `id`), everything else by `id`. */
function idsOf(props: { readonly id: Field<string>; readonly zoneId?: Field<string> }): string[] {
    return [props.id, props.zoneId].filter((v): v is string => typeof v === "string");
}

/**
 * The stack's resources of the kinds a policy reads, snapshotted once per `validateStack` call and indexed
 * by kind, by URN and (lazily) by id, so every lookup is linear in the stack's size.
 */
export class StackIndex {
    private readonly byKind = new Map<Kind, Entry<unknown>[]>();
    private readonly byUrn = new Map<string, { kind: Kind; entry: Entry<unknown>; resource: PolicyResource }>();
    private readonly byId = new Map<Kind, Map<string, Entry<unknown>[]>>();

    constructor(resources: readonly PolicyResource[], kinds: readonly Kind[]) {
        const wanted = new Map<string, Kind>(kinds.map((k) => [TYPES[k], k]));
        for (const resource of resources) {
            const kind = wanted.get(resource.type);
            if (kind === undefined) {
                continue;
            }
            const ref: ResourceRef = { urn: resource.urn, name: resource.name, type: resource.type, parentUrn: resource.parent?.urn };
            const entry: Entry<unknown> = { ref, props: READERS[kind](snapshot(resource.props)) };
            const list = this.byKind.get(kind);
            if (list) {
                list.push(entry);
            } else {
                this.byKind.set(kind, [entry]);
            }
            this.byUrn.set(resource.urn, { kind, entry, resource });
        }
    }

    of<K extends Kind>(kind: K): readonly Entry<SnapshotOf<K>>[] {
        return (this.byKind.get(kind) ?? []) as Entry<SnapshotOf<K>>[];
    }

    /** Resources of `kind` whose id (a zone: zone id) is `id`. */
    withId<K extends Kind>(kind: K, id: string): readonly Entry<SnapshotOf<K>>[] {
        let index = this.byId.get(kind);
        if (!index) {
            index = new Map();
            for (const e of this.of(kind)) {
                for (const i of new Set(idsOf(e.props as { id: Field<string>; zoneId?: Field<string> }))) {
                    index.set(i, [...(index.get(i) ?? []), e]);
                }
            }
            this.byId.set(kind, index);
        }
        return (index.get(id) ?? []) as Entry<SnapshotOf<K>>[];
    }

    /**
     * Resources of `kind` that property `property` of `from` points at: by the ids it holds when they are
     * known, and by the property's dependencies (how a preview, where ids are unknown, links them).
     */
    linked<K extends Kind>(from: Entry<unknown>, property: string, ids: Field<string> | ListField<string>, kind: K): Entry<SnapshotOf<K>>[] {
        const known = typeof ids === "string" ? [ids] : Array.isArray(ids) ? ids.filter((i): i is string => typeof i === "string") : [];
        const out = new Set<Entry<SnapshotOf<K>>>(known.flatMap((id) => this.withId(kind, id)));
        const source = this.byUrn.get(from.ref.urn)?.resource;
        for (const dep of source?.propertyDependencies[property] ?? []) {
            const target = this.byUrn.get(dep.urn);
            if (target && target.kind === kind) {
                out.add(target.entry as Entry<SnapshotOf<K>>);
            }
        }
        return [...out];
    }

    /** The IoT interface endpoints (any IoT service) whose service name is known. */
    iotEndpoints(): IotEndpointEntry[] {
        return this.of("vpcEndpoint").flatMap((e) => {
            const view = iotEndpointOf(e.props);
            return view ? [{ ...e, view }] : [];
        });
    }

    /** Endpoints whose service name a preview does not know yet: they may be IoT endpoints. */
    undecidedEndpoints(): readonly Entry<VpcEndpointSnapshot>[] {
        return this.of("vpcEndpoint").filter((e) => e.props.serviceName === UNKNOWN);
    }

    /**
     * The DNS names devices use for IoT Core in this stack: AWS IoT names, the domains of domain
     * configurations, and the custom domains of components (including ones an existing domain
     * configuration serves). Needs the `domainConfiguration` and `component` kinds.
     */
    iotNames(): (name: string) => boolean {
        const custom = new Set<string>();
        for (const d of this.of("domainConfiguration")) {
            if (typeof d.props.domainName === "string") {
                custom.add(normalizeDnsName(d.props.domainName));
            }
        }
        for (const c of this.of("component")) {
            for (const n of knownItems(c.props.customDomains).values) {
                custom.add(normalizeDnsName(n));
            }
        }
        return (name) => isAwsIotName(name) || custom.has(normalizeDnsName(name));
    }
}

// ----- config -----

/**
 * A policy's config with its schema's defaults applied. The Pulumi CLI applies schema defaults and checks
 * types before it configures a pack; other callers (tests, the offline plan, older engines, the service)
 * may not, so the pack applies the defaults itself and takes the default in place of any value its
 * schema refuses (such as `"ten"` for an integer), rather than silently comparing against it.
 */
export function configOf<T extends object>(schema: PolicyConfigSchema | undefined, given: unknown): T {
    const out: Record<string, unknown> = {};
    const g = asRecord(given);
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        const value = g === undefined || g === UNKNOWN ? undefined : g[key];
        const valid = value !== undefined && schemaProblems(property as ConfigPropertySchema, value, key).length === 0;
        out[key] = valid ? value : property.default;
    }
    return out as T;
}

// ----- policies that never fail a preview -----

/** What a policy reports when it meets something it cannot judge; tests look for this text. */
export const INTERNAL_ERROR = "could not be judged: the policy failed";

function internalError(e: unknown): string {
    const message = e instanceof Error ? e.message : typeof e === "string" ? e : "an unknown error";
    return `This resource ${INTERNAL_ERROR} (${message.split("\n")[0]}). Report it to the policy pack's maintainers with the resource's properties; the other policies ran.`;
}

/**
 * A resource validation for resources of type `type` (a `RESOURCE_TYPES` token). It never throws: an
 * unexpected failure becomes a violation of this policy naming the error, instead of failing the whole
 * `Analyze` call (and with it the preview).
 */
export function validateType(type: string, validate: (args: ResourceValidationArgs, report: ReportViolation) => void): ResourceValidation {
    const fn = validateTypes([type], validate);
    // The policy SDK skips a validation whose `__pulumiType` differs from the resource's type without
    // even decoding the resource's properties.
    (fn as { __pulumiType?: string }).__pulumiType = type;
    return fn;
}

/**
 * One resource validation for resources of several types (see `validateType`). One function rather than
 * a list of them: the policy SDK decodes a resource's properties once per function it calls.
 */
export function validateTypes(types: readonly string[], validate: (args: ResourceValidationArgs, report: ReportViolation) => void): ResourceValidation {
    const wanted = new Set(types);
    return (args, report) => {
        if (!wanted.has(args.type)) {
            return;
        }
        try {
            validate(args, report);
        } catch (e) {
            report(internalError(e));
        }
    };
}

/** A stack validation that never throws (see `validateType`). */
export function validateStackSafely(validate: (args: StackValidationArgs, report: ReportViolation) => void): StackValidation {
    return (args, report) => {
        try {
            validate(args, report);
        } catch (e) {
            report(internalError(e));
        }
    };
}

/** Joins names for a message: `a, b and c` (or `a, b or c`). */
export function listed(items: readonly (string | number)[], conjunction: "and" | "or" = "and"): string {
    const s = items.map(String);
    return s.length <= 1 ? s.join("") : `${s.slice(0, -1).join(", ")} ${conjunction} ${s[s.length - 1]}`;
}
