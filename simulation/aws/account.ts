/**
 * A fake AWS account for Pulumi's mock runtime (`pulumi.runtime.setMocks`), behaving like AWS where
 * this project depends on it:
 *
 * - VPCs and subnets, one subnet per Availability Zone, with CIDR blocks and DNS attributes;
 * - endpoint services with the Availability Zones where each is offered (`DescribeVpcEndpointServices`);
 * - interface endpoints that get one ENI per subnet, with an IP inside the subnet's CIDR and the
 *   description `VPC Endpoint Interface <vpce-id>` (`DescribeNetworkInterfaces`);
 * - the account's IoT endpoint names (`<prefix>-ats.iot.<region>.amazonaws.com`, ...);
 * - state across runs: running a program twice against one account updates what the first run
 *   created (same ids; an endpoint given a new subnet gets a new ENI), and a preview returns the
 *   deployed state of existing resources and unknown computed values for new ones.
 *
 * It fails loudly on any invoke or resource type it does not know, and records in `refusals` what AWS
 * itself would have refused (two subnets of one endpoint in one AZ, a weight outside 0..255, a weighted
 * record without set identifier, ...), so tests can assert it refused nothing.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

import {
    DEFAULT_MAX_ENDPOINTS_PER_VPC,
    IOT_CREDENTIALS_SERVICE,
    IOT_DATA_SERVICE,
    IOT_POLICY_MAX_CHARACTERS,
    MAX_WEIGHTED_RECORDS_PER_NAME,
    ROUTE53_MAX_WEIGHT,
    ROUTE53_MIN_WEIGHT,
    SET_IDENTIFIER_MAX_LENGTH,
} from "../../components/limits";
import { RESOURCE_TYPES } from "../../components/resourceTypes";
import {
    cidrContains,
    formatIpv4,
    isChinaRegion,
    isGovCloudRegion,
    isRegionCode,
    normalizeDnsName,
    parseIpv4,
    parseIpv4Cidr,
    serviceNameFor,
} from "../../components/rules";

type MockCallArgs = pulumi.runtime.MockCallArgs;
type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockResourceResult = pulumi.runtime.MockResourceResult;

/** A region of the fake: its zones and the zones where each IoT endpoint service is offered. */
export interface FakeRegion {
    readonly name: string;
    readonly zones: readonly string[];
    /** Zone suffixes (`a`, `b`, ...) where `iot.data` is offered. */
    readonly iotDataZones: readonly string[];
    /** Zone suffixes where `iot.credentials` is offered (none in China and GovCloud). */
    readonly iotCredentialsZones: readonly string[];
}

function region(name: string, zones: string, dataZones = zones, credentialZones = dataZones): FakeRegion {
    const z = (s: string) => [...s].map((c) => `${name}${c}`);
    const china = isChinaRegion(name) || isGovCloudRegion(name);
    return { name, zones: z(zones), iotDataZones: z(dataZones), iotCredentialsZones: china ? [] : z(credentialZones) };
}

/** Regions the fake knows, with realistic zone lists (us-east-1e does not offer iot.data). */
export const FAKE_REGIONS: Readonly<Record<string, FakeRegion>> = Object.freeze(Object.fromEntries([
    region("us-east-1", "abcdef", "abcdf"),
    region("us-east-2", "abc"),
    region("us-west-2", "abcd"),
    region("eu-west-1", "abc"),
    region("eu-central-1", "abc"),
    region("ap-northeast-1", "acd"),
    region("ap-southeast-2", "abc"),
    region("sa-east-1", "abc"),
    region("us-gov-west-1", "abc"),
    region("cn-north-1", "ab"),
    region("cn-northwest-1", "abc"),
].map((r) => [r.name, r])));

export interface FakeVpc {
    readonly id: string;
    readonly region: string;
    readonly cidrBlocks: string[];
    enableDnsSupport: boolean;
    enableDnsHostnames: boolean;
}

export interface FakeSubnet {
    readonly id: string;
    readonly vpcId: string;
    readonly availabilityZone: string;
    readonly cidrBlock: string;
}

export interface FakeEni {
    readonly id: string;
    readonly subnetId: string;
    readonly vpcId: string;
    readonly availabilityZone: string;
    readonly privateIp: string;
    readonly description: string;
    readonly interfaceType: string;
    readonly securityGroups: string[];
}

/** One registration the fake saw: what the program asked AWS to create or update. */
export interface FakeOperation {
    readonly op: "create" | "update" | "delete" | "preview-create" | "preview-update";
    readonly type: string;
    readonly name: string;
    readonly id?: string;
}

export interface FakeAwsOptions {
    /** The provider's region (what `aws.getRegion` returns for the default provider). */
    readonly region?: string;
    readonly accountId?: string;
    /** The account's IoT endpoint prefix (`<prefix>-ats.iot.<region>.amazonaws.com`). */
    readonly iotEndpointPrefix?: string;
    /** The account's "Interface VPC endpoints per VPC" quota. */
    readonly endpointsPerVpcQuota?: number;
}

const UNKNOWN = pulumi.unknown;

/** The AWS resource types the fake implements; any other type fails loudly. */
const KNOWN_TYPES: ReadonlySet<string> = new Set([
    RESOURCE_TYPES.vpcEndpoint,
    RESOURCE_TYPES.vpcEndpointPolicy,
    RESOURCE_TYPES.securityGroup,
    RESOURCE_TYPES.zone,
    RESOURCE_TYPES.record,
    RESOURCE_TYPES.resolverEndpoint,
    RESOURCE_TYPES.domainConfiguration,
    RESOURCE_TYPES.iotPolicy,
    RESOURCE_TYPES.metricAlarm,
    RESOURCE_TYPES.dashboard,
]);

function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function isUnknown(v: unknown): boolean {
    return pulumi.isUnknown(v);
}

/** A Pulumi provider reference string `urn::id` → the id. */
function providerId(ref: string | undefined): string | undefined {
    return ref ? ref.split("::").pop() : undefined;
}

interface StoredResource {
    readonly type: string;
    readonly name: string;
    id: string;
    state: Record<string, unknown>;
}

/** The fake account. Pass it to `pulumi.runtime.setMocks`. */
export class FakeAwsAccount implements pulumi.runtime.Mocks {
    readonly accountId: string;
    readonly iotEndpointPrefix: string;
    readonly endpointsPerVpcQuota: number;
    /** The default provider's region. */
    region: string;
    /** Set by the harness before each run: a preview returns unknowns for what does not exist yet. */
    preview = false;

    readonly vpcs = new Map<string, FakeVpc>();
    readonly subnets = new Map<string, FakeSubnet>();
    readonly enis = new Map<string, FakeEni>();
    /** What AWS would have refused, one sentence each. Tests assert this stays empty. */
    readonly refusals: string[] = [];
    /** Every invoke, in order. */
    readonly invokes: { readonly token: string; readonly inputs: Record<string, unknown> }[] = [];
    /** Every registration, in order. */
    readonly operations: FakeOperation[] = [];

    private readonly resources = new Map<string, StoredResource>();
    private readonly registeredThisRun = new Set<string>();
    private readonly providerRegions = new Map<string, string>();
    private readonly usedIps = new Set<string>();

    constructor(options: FakeAwsOptions = {}) {
        this.region = options.region ?? "us-east-1";
        this.accountId = options.accountId ?? "123456789012";
        this.iotEndpointPrefix = options.iotEndpointPrefix ?? "a3k7odshaiipe8";
        this.endpointsPerVpcQuota = options.endpointsPerVpcQuota ?? DEFAULT_MAX_ENDPOINTS_PER_VPC;
        this.regionInfo(this.region);
    }

    // ----- seeding -----

    /** A region of the table, or for any other region code three zones that all offer iot.data. */
    regionInfo(name: string): FakeRegion {
        const r = FAKE_REGIONS[name];
        if (r) {
            return r;
        }
        if (!isRegionCode(name)) {
            throw new Error(`FakeAwsAccount: ${JSON.stringify(name)} is not an AWS region code`);
        }
        return region(name, "abc");
    }

    /**
     * Adds a VPC with one subnet in each of `zones` (suffixes, default every zone where iot.data is
     * offered). Ids derive from `seed`, so the same seed gives the same ids.
     */
    addVpc(seed: string, options: { region?: string; cidr?: string; zones?: string[]; subnetIds?: string[]; vpcId?: string; dns?: boolean } = {}): { vpc: FakeVpc; subnets: FakeSubnet[] } {
        const r = this.regionInfo(options.region ?? this.region);
        const cidr = options.cidr ?? "10.20.0.0/16";
        const base = parseIpv4Cidr(cidr);
        if (!base || base.prefixLength > 20) {
            throw new Error(`FakeAwsAccount.addVpc: cidr ${cidr} must be a /20 or larger`);
        }
        const vpc: FakeVpc = {
            id: options.vpcId ?? `vpc-0${hex(`vpc:${seed}`, 16)}`,
            region: r.name,
            cidrBlocks: [cidr],
            enableDnsSupport: options.dns ?? true,
            enableDnsHostnames: options.dns ?? true,
        };
        this.vpcs.set(vpc.id, vpc);
        const zones = options.zones?.map((z) => `${r.name}${z}`) ?? [...r.iotDataZones];
        const count = options.subnetIds?.length ?? zones.length;
        const subnets: FakeSubnet[] = [];
        for (let i = 0; i < count; i++) {
            const subnet: FakeSubnet = {
                id: options.subnetIds?.[i] ?? `subnet-0${hex(`subnet:${seed}:${i}`, 16)}`,
                vpcId: vpc.id,
                availabilityZone: zones[i % zones.length],
                cidrBlock: `${formatIpv4(base.network + i * 4096)}/20`,
            };
            this.subnets.set(subnet.id, subnet);
            subnets.push(subnet);
        }
        return { vpc, subnets };
    }

    /** Adds one more subnet to an existing VPC, in `zone` (suffix). */
    addSubnet(vpcId: string, zone: string, seed: string): FakeSubnet {
        const vpc = this.vpcs.get(vpcId);
        if (!vpc) {
            throw new Error(`FakeAwsAccount.addSubnet: no VPC ${vpcId}`);
        }
        const base = parseIpv4Cidr(vpc.cidrBlocks[0])!;
        const taken = [...this.subnets.values()].filter((s) => s.vpcId === vpcId).length;
        const subnet: FakeSubnet = {
            id: `subnet-0${hex(`subnet:${seed}`, 16)}`,
            vpcId,
            availabilityZone: `${vpc.region}${zone}`,
            cidrBlock: `${formatIpv4(base.network + taken * 4096)}/20`,
        };
        this.subnets.set(subnet.id, subnet);
        return subnet;
    }

    // ----- runs -----

    /** Starts a program run: an update or a preview. */
    beginRun(preview: boolean): void {
        this.preview = preview;
        this.registeredThisRun.clear();
    }

    /**
     * Ends a successful update as the engine does: deletes what the program no longer declares (and an
     * endpoint's ENIs with it). A preview or a failed update deletes nothing.
     */
    endRun(): void {
        if (this.preview) {
            return;
        }
        for (const [key, r] of [...this.resources]) {
            if (this.registeredThisRun.has(key)) {
                continue;
            }
            this.resources.delete(key);
            this.operations.push({ op: "delete", type: r.type, name: r.name, id: r.id });
            for (const eni of [...this.enis.values()].filter((e) => e.description === `VPC Endpoint Interface ${r.id}`)) {
                this.enis.delete(eni.id);
                this.usedIps.delete(eni.privateIp);
            }
        }
    }

    // ----- queries for tests -----

    /** Deployed state of the resource of `type` named `name`. */
    stateOf(type: string, name: string): Record<string, unknown> | undefined {
        return this.resources.get(`${type}::${name}`)?.state;
    }

    /** Deployed resources of `type`. */
    resourcesOfType(type: string): { name: string; id: string; state: Record<string, unknown> }[] {
        return [...this.resources.values()].filter((r) => r.type === type).map((r) => ({ name: r.name, id: r.id, state: r.state }));
    }

    invokeCount(token?: string): number {
        return token ? this.invokes.filter((i) => i.token === token).length : this.invokes.length;
    }

    // ----- Mocks -----

    call(args: MockCallArgs): Record<string, unknown> {
        const inputs = (args.inputs ?? {}) as Record<string, any>;
        this.invokes.push({ token: args.token, inputs });
        const region = this.invokeRegion(inputs, args.provider);
        switch (args.token) {
            case "aws:index/getRegion:getRegion": {
                const name = inputs.region ?? inputs.name ?? region;
                const r = this.regionInfo(name);
                return { id: r.name, name: r.name, region: r.name, description: r.name, endpoint: `ec2.${r.name}.${this.dnsSuffix(r.name)}` };
            }
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { id: this.accountId, accountId: this.accountId, arn: `arn:${this.partition(region)}:iam::${this.accountId}:user/ci`, userId: "AIDAEXAMPLE" };
            case "aws:index/getPartition:getPartition":
                return { id: this.partition(region), partition: this.partition(region), dnsSuffix: this.dnsSuffix(region), reverseDnsPrefix: "com.amazonaws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const r = this.regionInfo(region);
                return { id: r.name, names: [...r.zones], zoneIds: r.zones.map((_, i) => `${r.name.replace(/-/g, "").slice(0, 4)}-az${i + 1}`), groupNames: [r.name] };
            }
            case "aws:ec2/getVpc:getVpc":
                return this.describeVpc(inputs);
            case "aws:ec2/getSubnet:getSubnet":
                return this.describeSubnet(inputs);
            case "aws:ec2/getVpcEndpointService:getVpcEndpointService":
                return this.describeEndpointService(inputs, region);
            case "aws:iot/getEndpoint:getEndpoint":
                return this.describeIotEndpoint(inputs, region);
            case "aws:ec2/getNetworkInterface:getNetworkInterface":
                return this.describeNetworkInterface(inputs);
            default:
                throw new Error(`FakeAwsAccount: no fake for invoke ${args.token} (inputs ${JSON.stringify(inputs)}); add it to simulation/aws/`);
        }
    }

    newResource(args: MockResourceArgs): MockResourceResult {
        const inputs = (args.inputs ?? {}) as Record<string, any>;
        if (args.type.startsWith("pulumi:providers:")) {
            const id = `provider-${hex(args.name, 8)}`;
            if (typeof inputs.region === "string") {
                this.providerRegions.set(id, inputs.region);
            }
            return { id, state: inputs };
        }
        if (args.type === "awsx:ec2:Vpc") {
            return this.awsxVpc(args.name, inputs);
        }
        if (!args.custom) {
            return { id: undefined, state: {} }; // component resources have no provider state
        }
        if (!KNOWN_TYPES.has(args.type)) {
            throw new Error(`FakeAwsAccount: no fake for resource type ${args.type} (${args.name}); add it to simulation/aws/`);
        }
        const key = `${args.type}::${args.name}`;
        this.registeredThisRun.add(key);
        const existing = this.resources.get(key);
        const region = typeof inputs.region === "string" ? inputs.region : this.providerRegion(args.provider);
        if (this.preview) {
            this.operations.push({ op: existing ? "preview-update" : "preview-create", type: args.type, name: args.name, id: existing?.id });
            this.checkRefusals(args.type, args.name, inputs, region, existing);
            return existing
                ? { id: existing.id, state: { ...existing.state, ...knownOnly(inputs) } }
                : { id: undefined, state: { ...inputs, ...this.computedUnknowns(args.type) } };
        }
        this.checkRefusals(args.type, args.name, inputs, region, existing);
        const id = existing?.id ?? this.newId(args.type, args.name, inputs);
        const state = this.applyResource(args.type, id, inputs, region, existing);
        this.resources.set(key, { type: args.type, name: args.name, id, state });
        this.operations.push({ op: existing ? "update" : "create", type: args.type, name: args.name, id });
        return { id, state };
    }

    /**
     * `awsx.ec2.Vpc` is a remote component: under mocks one registration whose outputs are what this
     * returns. Like awsx, it takes the region's first zones (or the named ones) and one subnet per zone
     * for each subnet spec.
     */
    private awsxVpc(name: string, inputs: Record<string, any>): MockResourceResult {
        const key = `awsx:ec2:Vpc::${name}`;
        const existing = this.resources.get(key);
        this.registeredThisRun.add(key);
        const outputs = ["vpcId", "publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds"];
        if (this.preview) {
            this.operations.push({ op: existing ? "preview-update" : "preview-create", type: "awsx:ec2:Vpc", name });
            return { id: undefined, state: existing?.state ?? Object.fromEntries(outputs.map((o) => [o, UNKNOWN])) };
        }
        if (existing) {
            this.operations.push({ op: "update", type: "awsx:ec2:Vpc", name });
            return { id: undefined, state: existing.state };
        }
        const r = this.regionInfo(this.region);
        const zones: string[] = inputs.availabilityZoneNames ?? r.zones.slice(0, inputs.numberOfAvailabilityZones ?? 3);
        const specs: { type: string }[] = inputs.subnetSpecs ?? [{ type: "Public" }, { type: "Private" }];
        const vpcId = `vpc-0${hex(`awsx-vpc:${name}`, 16)}`;
        const base = this.addVpc(`awsx:${name}`, {
            vpcId,
            cidr: inputs.cidrBlock ?? "10.0.0.0/16",
            zones: specs.flatMap(() => zones.map((z) => z.slice(this.region.length))),
            dns: inputs.enableDnsHostnames !== false && inputs.enableDnsSupport !== false,
        });
        const byType = (t: string) => base.subnets.filter((_, i) => specs[Math.floor(i / zones.length)].type === t).map((s) => s.id);
        const state = {
            vpcId,
            publicSubnetIds: byType("Public"),
            privateSubnetIds: byType("Private"),
            isolatedSubnetIds: byType("Isolated"),
        };
        this.resources.set(key, { type: "awsx:ec2:Vpc", name, id: "", state });
        this.operations.push({ op: "create", type: "awsx:ec2:Vpc", name });
        return { id: undefined, state };
    }

    // ----- regions and partitions -----

    private invokeRegion(inputs: Record<string, any>, provider: string | undefined): string {
        return typeof inputs.region === "string" ? inputs.region : this.providerRegion(provider);
    }

    private providerRegion(provider: string | undefined): string {
        const id = providerId(provider);
        return (id && this.providerRegions.get(id)) || this.region;
    }

    partition(regionName: string): string {
        return isChinaRegion(regionName) ? "aws-cn" : isGovCloudRegion(regionName) ? "aws-us-gov" : "aws";
    }

    dnsSuffix(regionName: string): string {
        return isChinaRegion(regionName) ? "amazonaws.com.cn" : "amazonaws.com";
    }

    // ----- invokes -----

    private describeVpc(inputs: Record<string, any>): Record<string, unknown> {
        const vpc = this.vpcs.get(inputs.id);
        if (!vpc) {
            throw new Error(`no matching EC2 VPC found (id ${inputs.id})`);
        }
        return {
            id: vpc.id,
            arn: `arn:${this.partition(vpc.region)}:ec2:${vpc.region}:${this.accountId}:vpc/${vpc.id}`,
            cidrBlock: vpc.cidrBlocks[0],
            cidrBlockAssociations: vpc.cidrBlocks.map((c, i) => ({ associationId: `vpc-cidr-assoc-${hex(vpc.id + i, 17)}`, cidrBlock: c, state: "associated" })),
            enableDnsSupport: vpc.enableDnsSupport,
            enableDnsHostnames: vpc.enableDnsHostnames,
            default: false,
            ownerId: this.accountId,
            region: vpc.region,
            state: "available",
        };
    }

    private describeSubnet(inputs: Record<string, any>): Record<string, unknown> {
        const subnet = this.subnets.get(inputs.id);
        if (!subnet) {
            throw new Error(`no matching EC2 Subnet found (id ${inputs.id})`);
        }
        return {
            id: subnet.id,
            vpcId: subnet.vpcId,
            availabilityZone: subnet.availabilityZone,
            cidrBlock: subnet.cidrBlock,
            ownerId: this.accountId,
            mapPublicIpOnLaunch: false,
            state: "available",
        };
    }

    /** The zones where `serviceName` is offered in `regionName` (none for a service that does not exist there). */
    private offeredZones(regionName: string, serviceName: string): readonly string[] {
        const r = this.regionInfo(regionName);
        const offered: Record<string, readonly string[]> = {
            [serviceNameFor(r.name, IOT_DATA_SERVICE)]: r.iotDataZones,
            [serviceNameFor(r.name, IOT_CREDENTIALS_SERVICE)]: r.iotCredentialsZones,
        };
        return offered[serviceName] ?? [];
    }

    /** Endpoint services: `com.amazonaws.<region>.<service>` (`cn.com.amazonaws` in China). */
    private describeEndpointService(inputs: Record<string, any>, regionName: string): Record<string, unknown> {
        const r = this.regionInfo(regionName);
        const serviceName: string = inputs.serviceName ?? serviceNameFor(r.name, inputs.service);
        const zones = this.offeredZones(r.name, serviceName);
        if (zones.length === 0) {
            throw new Error(`no matching EC2 VPC Endpoint Service found (${serviceName} in ${r.name})`);
        }
        return {
            id: `vpce-svc-${hex(serviceName, 17)}`,
            serviceName,
            serviceType: "Interface",
            serviceId: `vpce-svc-${hex(serviceName, 17)}`,
            availabilityZones: [...zones],
            acceptanceRequired: false,
            managesVpcEndpoints: false,
            owner: "amazon",
            privateDnsName: "",
            privateDnsNames: [],
            baseEndpointDnsNames: [`${serviceName.split(".").slice(-2).join(".")}.${r.name}.vpce.${this.dnsSuffix(r.name)}`],
            supportedIpAddressTypes: ["ipv4"],
            vpcEndpointPolicySupported: false,
            region: r.name,
            serviceRegion: r.name,
        };
    }

    /** `aws iot describe-endpoint`: the account's names. The legacy iot:Data name has no `-ats`. */
    private describeIotEndpoint(inputs: Record<string, any>, regionName: string): Record<string, unknown> {
        const type = inputs.endpointType ?? "iot:Data";
        const suffix = `iot.${regionName}.${this.dnsSuffix(regionName)}`;
        const names: Record<string, string> = {
            "iot:Data": `${this.iotEndpointPrefix}.${suffix}`,
            // China regions separate "ats" with a dot: <prefix>.ats.iot.cn-north-1.amazonaws.com.cn
            "iot:Data-ATS": `${this.iotEndpointPrefix}${isChinaRegion(regionName) ? "." : "-"}ats.${suffix}`,
            "iot:CredentialProvider": `c${hex(this.iotEndpointPrefix, 13)}.credentials.${suffix}`,
            "iot:Jobs": `${this.iotEndpointPrefix}.jobs.${suffix}`,
        };
        if (!names[type]) {
            throw new Error(`InvalidRequestException: unknown endpointType ${type}`);
        }
        return { id: regionName, endpointType: type, endpointAddress: names[type], region: regionName };
    }

    private describeNetworkInterface(inputs: Record<string, any>): Record<string, unknown> {
        const matches = inputs.id ? [this.enis.get(inputs.id)].filter((e): e is FakeEni => e !== undefined) : this.filterEnis(inputs.filters ?? []);
        if (matches.length !== 1) {
            throw new Error(`${matches.length === 0 ? "no matching" : "multiple"} EC2 Network Interface found (${JSON.stringify(inputs)})`);
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
            securityGroups: e.securityGroups,
            requesterId: "amazon-vpce",
            ownerId: this.accountId,
        };
    }

    private filterEnis(filters: { name: string; values: string[] }[]): FakeEni[] {
        const field: Record<string, (e: FakeEni) => string> = {
            "description": (e) => e.description,
            "subnet-id": (e) => e.subnetId,
            "vpc-id": (e) => e.vpcId,
            "availability-zone": (e) => e.availabilityZone,
            "interface-type": (e) => e.interfaceType,
        };
        for (const f of filters) {
            if (!field[f.name]) {
                throw new Error(`FakeAwsAccount: DescribeNetworkInterfaces filter ${f.name} is not faked`);
            }
        }
        return [...this.enis.values()].filter((e) => filters.every((f) => f.values.includes(field[f.name](e))));
    }

    // ----- resources -----

    private newId(type: string, name: string, inputs: Record<string, any>): string {
        const h = (n: number) => hex(`${type}:${name}`, n);
        switch (type) {
            case "aws:ec2/vpcEndpoint:VpcEndpoint": return `vpce-0${h(16)}`;
            case "aws:ec2/securityGroup:SecurityGroup": return `sg-0${h(16)}`;
            case "aws:route53/zone:Zone": return `Z0${h(19).toUpperCase()}`;
            case "aws:route53/record:Record": return `${inputs.zoneId}_${inputs.name}_${inputs.type}_${inputs.setIdentifier ?? ""}`;
            case "aws:route53/resolverEndpoint:ResolverEndpoint": return `rslvr-in-${h(17)}`;
            case "aws:iot/domainConfiguration:DomainConfiguration":
            case "aws:iot/policy:Policy":
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                return inputs.name ?? `${name}-${h(7)}`; // Pulumi's autonaming: the resource name and a random suffix
            default: return `${type.split(":").pop()!.toLowerCase()}-${h(12)}`;
        }
    }

    /** Unknown computed outputs of a new resource in a preview. */
    private computedUnknowns(type: string): Record<string, unknown> {
        const computed: Record<string, string[]> = {
            "aws:ec2/vpcEndpoint:VpcEndpoint": ["arn", "networkInterfaceIds", "dnsEntries", "state", "ownerId", "prefixListId", "cidrBlocks"],
            "aws:ec2/securityGroup:SecurityGroup": ["arn", "ownerId", "egress"],
            "aws:route53/zone:Zone": ["zoneId", "arn", "nameServers", "primaryNameServer"],
            "aws:route53/record:Record": ["fqdn"],
            "aws:route53/resolverEndpoint:ResolverEndpoint": ["arn", "hostVpcId", "ipAddresses"],
            "aws:iot/domainConfiguration:DomainConfiguration": ["arn", "domainType", "name"],
            "aws:iot/policy:Policy": ["arn", "defaultVersionId", "name"],
            "aws:cloudwatch/metricAlarm:MetricAlarm": ["arn", "name"],
        };
        return Object.fromEntries((computed[type] ?? ["arn"]).map((k) => [k, UNKNOWN]));
    }

    private applyResource(type: string, id: string, inputs: Record<string, any>, regionName: string, existing?: StoredResource): Record<string, unknown> {
        const arn = (service: string, resource: string) => `arn:${this.partition(regionName)}:${service}:${regionName}:${this.accountId}:${resource}`;
        switch (type) {
            case "aws:ec2/vpcEndpoint:VpcEndpoint": {
                const eniIds = this.reconcileEnis(id, inputs, existing);
                const service = String(inputs.serviceName).split(".").slice(-2).join(".");
                return {
                    ...inputs,
                    id,
                    arn: arn("ec2", `vpc-endpoint/${id}`),
                    networkInterfaceIds: eniIds,
                    dnsEntries: [
                        { dnsName: `${id}-${hex(id, 8)}.${service}.${regionName}.vpce.${this.dnsSuffix(regionName)}`, hostedZoneId: "Z7HUB22UULQXV" },
                        ...(inputs.subnetIds ?? []).map((s: string) => ({
                            dnsName: `${id}-${hex(id, 8)}-${this.subnets.get(s)?.availabilityZone}.${service}.${regionName}.vpce.${this.dnsSuffix(regionName)}`,
                            hostedZoneId: "Z7HUB22UULQXV",
                        })),
                    ],
                    state: "available",
                    ownerId: this.accountId,
                    requesterManaged: false,
                    privateDnsEnabled: inputs.privateDnsEnabled ?? false,
                    ipAddressType: inputs.ipAddressType ?? "ipv4",
                };
            }
            case "aws:ec2/securityGroup:SecurityGroup":
                return { ...inputs, id, arn: arn("ec2", `security-group/${id}`), ownerId: this.accountId, egress: inputs.egress ?? [], ingress: inputs.ingress ?? [] };
            case "aws:route53/zone:Zone":
                return {
                    ...inputs,
                    id,
                    zoneId: id,
                    arn: `arn:${this.partition(regionName)}:route53:::hostedzone/${id}`,
                    name: normalizeDnsName(String(inputs.name)),
                    nameServers: [],
                    primaryNameServer: "ns-0.awsdns-00.com.",
                };
            case "aws:route53/record:Record":
                return { ...inputs, id, fqdn: normalizeDnsName(String(inputs.name)) };
            case "aws:route53/resolverEndpoint:ResolverEndpoint": {
                const previous = (existing?.state.ipAddresses as { subnetId: string; ip: string }[] | undefined) ?? [];
                const ipAddresses = (inputs.ipAddresses ?? []).map((a: { subnetId: string; ip?: string }, i: number) => {
                    const kept = previous[i]?.subnetId === a.subnetId ? previous[i] : undefined;
                    const subnet = this.subnets.get(a.subnetId);
                    const ip = a.ip ?? kept?.ip ?? (subnet ? this.allocateIp(subnet, `${id}:${a.subnetId}:${i}`) : "");
                    return { subnetId: a.subnetId, ip, ipId: `rni-${hex(`${id}:${a.subnetId}:${i}`, 17)}` };
                });
                const subnet = this.subnets.get(ipAddresses[0]?.subnetId);
                return { ...inputs, id, arn: arn("route53resolver", `resolver-endpoint/${id}`), ipAddresses, hostVpcId: subnet?.vpcId ?? "" };
            }
            case "aws:iot/domainConfiguration:DomainConfiguration":
            case "aws:iot/policy:Policy":
            case "aws:cloudwatch/metricAlarm:MetricAlarm": {
                const physical = inputs.name ?? `${id}`;
                const kind = type === "aws:iot/policy:Policy" ? "policy" : type === "aws:iot/domainConfiguration:DomainConfiguration" ? "domainconfiguration" : "alarm";
                const service = kind === "alarm" ? "cloudwatch" : "iot";
                return { ...inputs, id: physical, name: physical, arn: arn(service, `${kind}${kind === "alarm" ? ":" : "/"}${physical}`), defaultVersionId: kind === "policy" ? "1" : undefined, domainType: kind === "domainconfiguration" ? "CUSTOMER_MANAGED" : undefined };
            }
            default:
                return { ...inputs, id, arn: arn(type.split(":")[1].split("/")[0], id) };
        }
    }

    /** Creates an ENI in each of the endpoint's subnets that lacks one; deletes those of removed subnets. */
    private reconcileEnis(endpointId: string, inputs: Record<string, any>, existing?: StoredResource): string[] {
        const subnetIds: string[] = inputs.subnetIds ?? [];
        const description = `VPC Endpoint Interface ${endpointId}`;
        const current = [...this.enis.values()].filter((e) => e.description === description);
        for (const eni of current) {
            if (!subnetIds.includes(eni.subnetId)) {
                this.enis.delete(eni.id);
                this.usedIps.delete(eni.privateIp);
            }
        }
        for (const subnetId of subnetIds) {
            if (current.some((e) => e.subnetId === subnetId)) {
                continue;
            }
            const subnet = this.subnets.get(subnetId);
            if (!subnet) {
                continue; // refused in checkRefusals
            }
            const eni: FakeEni = {
                id: `eni-0${hex(`${endpointId}:${subnetId}`, 16)}`,
                subnetId,
                vpcId: subnet.vpcId,
                availabilityZone: subnet.availabilityZone,
                privateIp: this.allocateIp(subnet, `${endpointId}:${subnetId}`),
                description,
                interfaceType: "vpc_endpoint",
                securityGroups: [...(inputs.securityGroupIds ?? [])],
            };
            this.enis.set(eni.id, eni);
        }
        return [...this.enis.values()].filter((e) => e.description === description).map((e) => e.id).sort();
    }

    /** An address inside the subnet, past the 4 AWS reserves at the start, deterministic per seed. */
    private allocateIp(subnet: FakeSubnet, seed: string): string {
        const c = parseIpv4Cidr(subnet.cidrBlock)!;
        const size = 2 ** (32 - c.prefixLength);
        const usable = size - 5; // AWS reserves the first four addresses and the last one
        let offset = parseInt(hex(seed, 8), 16) % usable;
        for (;;) {
            const ip = formatIpv4(c.network + 4 + offset);
            if (!this.usedIps.has(ip)) {
                this.usedIps.add(ip);
                return ip;
            }
            offset = (offset + 1) % usable;
        }
    }

    // ----- what AWS refuses -----

    private refuse(type: string, name: string, why: string): void {
        this.refusals.push(`${type} ${name}: ${why}`);
    }

    private checkRefusals(type: string, name: string, inputs: Record<string, any>, regionName: string, existing?: StoredResource): void {
        switch (type) {
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
                return this.checkEndpoint(name, inputs, regionName, existing);
            case "aws:route53/record:Record":
                return this.checkRecord(name, inputs);
            case "aws:route53/resolverEndpoint:ResolverEndpoint": {
                const ips = Array.isArray(inputs.ipAddresses) ? inputs.ipAddresses : [];
                if (isUnknown(inputs.ipAddresses) || ips.some((a: { subnetId: unknown }) => isUnknown(a) || isUnknown(a.subnetId))) {
                    return;
                }
                if (ips.length < 2 || ips.length > 6) {
                    this.refuse(type, name, `InvalidParameterException: a resolver endpoint needs 2 to 6 IP addresses, got ${ips.length}`);
                }
                if (!["INBOUND", "OUTBOUND"].includes(inputs.direction)) {
                    this.refuse(type, name, `InvalidParameterException: direction ${inputs.direction}`);
                }
                return;
            }
            case "aws:iot/domainConfiguration:DomainConfiguration":
                if (!isUnknown(inputs.domainName) && /amazonaws\.com/.test(String(inputs.domainName))) {
                    this.refuse(type, name, `InvalidRequestException: ${inputs.domainName} is not a custom domain`);
                }
                if (!isUnknown(inputs.serverCertificateArns) && !(Array.isArray(inputs.serverCertificateArns) && inputs.serverCertificateArns.length > 0)) {
                    this.refuse(type, name, "InvalidRequestException: a custom domain needs a server certificate");
                }
                return;
            case "aws:iot/policy:Policy":
                if (typeof inputs.policy === "string" && !isUnknown(inputs.policy)) {
                    try {
                        JSON.parse(inputs.policy);
                    } catch {
                        this.refuse(type, name, "MalformedPolicyException: the policy document is not JSON");
                    }
                    const size = inputs.policy.replace(/\s/g, "").length;
                    if (size > IOT_POLICY_MAX_CHARACTERS) {
                        this.refuse(type, name, `LimitExceededException: the policy document is ${size} characters, more than ${IOT_POLICY_MAX_CHARACTERS}`);
                    }
                }
                return;
            case "aws:route53/zone:Zone":
                for (const v of inputs.vpcs ?? []) {
                    if (isUnknown(v.vpcId)) {
                        continue;
                    }
                    if (!this.vpcs.has(v.vpcId)) {
                        this.refuse(type, name, `VPC ${v.vpcId} does not exist`);
                    }
                    const clash = this.resourcesOfType(type).find((z) => z.name !== name && !isUnknown(inputs.name)
                        && normalizeDnsName(String(z.state.name)) === normalizeDnsName(String(inputs.name))
                        && (z.state.vpcs as { vpcId: string }[] | undefined ?? []).some((x) => x.vpcId === v.vpcId));
                    if (clash) {
                        this.refuse(type, name, `ConflictingDomainExists: zone ${clash.name} for ${inputs.name} is already associated with ${v.vpcId}`);
                    }
                }
                return;
            case "aws:ec2/securityGroup:SecurityGroup":
                if (!isUnknown(inputs.vpcId) && !this.vpcs.has(inputs.vpcId)) {
                    this.refuse(type, name, `VPC ${inputs.vpcId} does not exist`);
                }
                for (const rule of Array.isArray(inputs.ingress) ? inputs.ingress : []) {
                    for (const c of Array.isArray(rule.cidrBlocks) ? rule.cidrBlocks : []) {
                        if (!isUnknown(c) && !parseIpv4Cidr(c)) {
                            this.refuse(type, name, `invalid CIDR ${c}`);
                        }
                    }
                }
                return;
            default:
                return;
        }
    }

    private checkEndpoint(name: string, inputs: Record<string, any>, regionName: string, existing?: StoredResource): void {
        const type = "aws:ec2/vpcEndpoint:VpcEndpoint";
        if (isUnknown(inputs.vpcId) || isUnknown(inputs.serviceName)) {
            return;
        }
        const vpc = this.vpcs.get(inputs.vpcId);
        if (!vpc) {
            return this.refuse(type, name, `VPC ${inputs.vpcId} does not exist`);
        }
        const r = this.regionInfo(regionName);
        const zones = this.offeredZones(r.name, inputs.serviceName);
        if (zones.length === 0) {
            return this.refuse(type, name, `InvalidServiceName: ${inputs.serviceName} does not exist in ${r.name}`);
        }
        if (inputs.vpcEndpointType === "Interface" && !existing) {
            const inVpc = this.resourcesOfType(type).filter((e) => e.state.vpcId === vpc.id && e.state.vpcEndpointType === "Interface").length;
            if (inVpc + 1 > this.endpointsPerVpcQuota) {
                this.refuse(type, name, `VpcEndpointLimitExceeded: more than ${this.endpointsPerVpcQuota} interface endpoints in ${vpc.id}`);
            }
        }
        if (isUnknown(inputs.subnetIds)) {
            return;
        }
        const seenZones = new Map<string, string>();
        for (const subnetId of inputs.subnetIds ?? []) {
            if (isUnknown(subnetId)) {
                continue;
            }
            const subnet = this.subnets.get(subnetId);
            if (!subnet) {
                this.refuse(type, name, `InvalidSubnetID.NotFound: ${subnetId}`);
                continue;
            }
            if (subnet.vpcId !== vpc.id) {
                this.refuse(type, name, `subnet ${subnetId} is in ${subnet.vpcId}, not ${vpc.id}`);
            }
            if (seenZones.has(subnet.availabilityZone)) {
                this.refuse(type, name, `DuplicateSubnetsInSameZone: ${seenZones.get(subnet.availabilityZone)} and ${subnetId} are both in ${subnet.availabilityZone}`);
            }
            seenZones.set(subnet.availabilityZone, subnetId);
            if (!zones.includes(subnet.availabilityZone)) {
                this.refuse(type, name, `InvalidParameter: ${inputs.serviceName} is not available in ${subnet.availabilityZone}`);
            }
        }
        if (inputs.ipAddressType !== undefined && !isUnknown(inputs.ipAddressType) && inputs.ipAddressType !== "ipv4") {
            this.refuse(type, name, `InvalidParameter: ${inputs.serviceName} supports ipv4 only, not ${inputs.ipAddressType}`);
        }
    }

    private checkRecord(name: string, inputs: Record<string, any>): void {
        const type = "aws:route53/record:Record";
        const weighted = Array.isArray(inputs.weightedRoutingPolicies) && inputs.weightedRoutingPolicies.length > 0;
        if (weighted) {
            const weight = inputs.weightedRoutingPolicies[0].weight;
            if (!isUnknown(weight) && !(Number.isInteger(weight) && weight >= ROUTE53_MIN_WEIGHT && weight <= ROUTE53_MAX_WEIGHT)) {
                this.refuse(type, name, `InvalidInput: weight ${weight} is outside ${ROUTE53_MIN_WEIGHT}..${ROUTE53_MAX_WEIGHT}`);
            }
            if (inputs.setIdentifier === undefined || inputs.setIdentifier === "") {
                this.refuse(type, name, "InvalidInput: a weighted record needs a set identifier");
            } else if (!isUnknown(inputs.setIdentifier) && String(inputs.setIdentifier).length > SET_IDENTIFIER_MAX_LENGTH) {
                this.refuse(type, name, `InvalidInput: set identifier longer than ${SET_IDENTIFIER_MAX_LENGTH}`);
            }
        }
        if (inputs.type === "A" && Array.isArray(inputs.records)) {
            for (const ip of inputs.records) {
                if (!isUnknown(ip) && parseIpv4(ip) === undefined) {
                    this.refuse(type, name, `InvalidChangeBatch: ${ip} is not an IPv4 address`);
                }
            }
        }
        if (inputs.aliases === undefined && inputs.ttl === undefined) {
            this.refuse(type, name, "InvalidInput: a non-alias record needs a TTL");
        }
        for (const a of Array.isArray(inputs.aliases) ? inputs.aliases : []) {
            if (isUnknown(a) || isUnknown(a.name) || this.preview) {
                continue;
            }
            const targets = this.resourcesOfType("aws:ec2/vpcEndpoint:VpcEndpoint")
                .flatMap((e) => (e.state.dnsEntries as { dnsName: string; hostedZoneId: string }[] | undefined) ?? []);
            if (!targets.some((t) => normalizeDnsName(t.dnsName) === normalizeDnsName(String(a.name)) && t.hostedZoneId === a.zoneId)) {
                this.refuse(type, name, `InvalidChangeBatch: alias target ${a.name} (zone ${a.zoneId}) does not exist`);
            }
            if (inputs.ttl !== undefined) {
                this.refuse(type, name, "InvalidInput: an alias record cannot have a TTL");
            }
        }
        if (isUnknown(inputs.zoneId) || isUnknown(inputs.name) || this.preview) {
            return;
        }
        const zone = this.resourcesOfType("aws:route53/zone:Zone").find((z) => z.id === inputs.zoneId);
        if (zone) {
            const zoneName = normalizeDnsName(String(zone.state.name));
            const recordName = normalizeDnsName(String(inputs.name));
            if (recordName !== zoneName && !recordName.endsWith(`.${zoneName}`)) {
                this.refuse(type, name, `InvalidChangeBatch: ${recordName} is not in zone ${zoneName}`);
            }
        }
        const sameName = this.resourcesOfType(type).filter((r) => r.name !== name && r.state.zoneId === inputs.zoneId
            && normalizeDnsName(String(r.state.name)) === normalizeDnsName(String(inputs.name)) && r.state.type === inputs.type);
        if (weighted && sameName.some((r) => r.state.setIdentifier === inputs.setIdentifier)) {
            this.refuse(type, name, `InvalidChangeBatch: duplicate set identifier ${inputs.setIdentifier} for ${inputs.name} ${inputs.type}`);
        }
        if (weighted && sameName.filter((r) => Array.isArray(r.state.weightedRoutingPolicies)).length + 1 > MAX_WEIGHTED_RECORDS_PER_NAME) {
            this.refuse(type, name, `InvalidChangeBatch: more than ${MAX_WEIGHTED_RECORDS_PER_NAME} weighted records for ${inputs.name} ${inputs.type}`);
        }
    }

    /** True when `ip` is inside subnet `subnetId`. */
    ipInSubnet(ip: string, subnetId: string): boolean {
        const s = this.subnets.get(subnetId);
        return s !== undefined && cidrContains(s.cidrBlock, ip);
    }
}

/** Inputs without unknown values (a preview keeps the deployed value of what is not known yet). */
function knownOnly(inputs: Record<string, any>): Record<string, any> {
    return Object.fromEntries(Object.entries(inputs).filter(([, v]) => !pulumi.containsUnknowns(v)));
}
