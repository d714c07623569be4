/**
 * What the fake account holds: VPCs, subnets and network interfaces, every AWS object (created by a stack
 * or seeded by a test), Route 53 VPC associations and authorizations, IoT policy attachments, and the
 * address allocation that gives each network interface a deterministic IP inside its subnet.
 */
import { createHash } from "crypto";

import { QUOTAS } from "./facts";
import { cidrSize, isReservedInSubnet, numberToIp, parseCidr } from "./net";

/** A VPC. `ownerAccountId` is the account that owns it (the fake can hold VPCs of several accounts). */
export interface FakeVpc {
    readonly id: string;
    readonly region: string;
    readonly cidrBlocks: string[];
    enableDnsSupport: boolean;
    enableDnsHostnames: boolean;
    readonly ownerAccountId: string;
}

/** A subnet, in one Availability Zone of its VPC. */
export interface FakeSubnet {
    readonly id: string;
    readonly vpcId: string;
    readonly availabilityZone: string;
    readonly cidrBlock: string;
    readonly ownerAccountId: string;
}

/** A network interface: one per subnet of an interface endpoint, one per IP of a resolver endpoint. */
export interface FakeEni {
    readonly id: string;
    readonly subnetId: string;
    readonly vpcId: string;
    readonly availabilityZone: string;
    readonly privateIp: string;
    /** `VPC Endpoint Interface <vpce-id>` for endpoints, `Route 53 Resolver: <endpoint-id>:<ip-id>` for resolvers. */
    readonly description: string;
    readonly interfaceType: string;
    securityGroups: string[];
    readonly ownerAccountId: string;
    /** Id of the endpoint (VPC or resolver) the interface belongs to. */
    readonly attachedTo: string;
}

/** An AWS object in the account: created by a stack's resource, or seeded by a test. */
export interface AwsObject {
    /** The Pulumi type token of the resource that manages (or would manage) it. */
    readonly type: string;
    /** The physical id. */
    readonly id: string;
    /** The Pulumi name of the resource that created it, or the seed for seeded objects. */
    readonly name: string;
    readonly accountId: string;
    readonly region: string;
    /** Outputs, as the provider's read returns them. Replaced, never mutated in place. */
    state: Record<string, unknown>;
    /** Creation order across runs. */
    readonly seq: number;
    /** False for objects seeded by a test: they existed before the stack. */
    readonly managed: boolean;
    /** For hosted zones: created with VPCs, so private (a zone never changes between public and private). */
    readonly privateZone?: boolean;
}

/** A Route 53 association of a private hosted zone with a VPC. */
export interface Association {
    readonly vpcId: string;
    readonly vpcRegion: string;
}

/** The quotas of one account, with the adjustable ones as the account was created with. */
export interface AccountQuotas {
    readonly interfaceEndpointsPerVpc: number;
    readonly rulesPerSecurityGroup: number;
    readonly resolverEndpointsPerRegion: number;
}

/** Fixed settings of the fake: the main account and its quotas. */
export interface AccountConfig {
    /** The account the default provider works in. */
    readonly accountId: string;
    readonly quotas: AccountQuotas;
}

/** A hex digest of `seed`: the fake's ids and addresses are deterministic. */
export function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The account's state. `fork()` gives a copy a preview can change without touching the real one. */
export class AccountState {
    readonly vpcs = new Map<string, FakeVpc>();
    readonly subnets = new Map<string, FakeSubnet>();
    readonly enis = new Map<string, FakeEni>();
    /** Zone id → its VPC associations, in the order they were made. */
    readonly associations = new Map<string, Association[]>();
    /** `zoneId:vpcId` pairs a zone's owner authorized for association from another account. */
    readonly authorizations = new Set<string>();
    /** `account/region/policyName` → certificate ARNs the policy is attached to. */
    readonly policyAttachments = new Map<string, Set<string>>();
    /** Every IP any network interface of the fake ever had. */
    readonly everEniIps = new Set<string>();

    private readonly objects = new Map<string, Map<string, AwsObject>>();
    /**
     * Deleted objects some Describe calls keep listing (`deleted` VPC endpoints: `tombstone`). AWS does not
     * say for how long; the fake keeps them for good, the worst case.
     */
    private readonly tombstones = new Map<string, AwsObject[]>();
    /** IP → number of live interfaces holding it (two VPCs may reuse an address). */
    private readonly liveIps = new Map<string, number>();
    private seq = 0;

    constructor(readonly config: AccountConfig) {}

    /** A copy: objects and their state are copied, VPCs and subnets shared (nothing changes them in a preview). */
    fork(): AccountState {
        const f = new AccountState(this.config);
        this.vpcs.forEach((v, k) => f.vpcs.set(k, v));
        this.subnets.forEach((v, k) => f.subnets.set(k, v));
        this.enis.forEach((v, k) => f.enis.set(k, { ...v, securityGroups: [...v.securityGroups] }));
        this.associations.forEach((v, k) => f.associations.set(k, [...v]));
        this.authorizations.forEach((v) => f.authorizations.add(v));
        this.policyAttachments.forEach((v, k) => f.policyAttachments.set(k, new Set(v)));
        this.everEniIps.forEach((v) => f.everEniIps.add(v));
        this.objects.forEach((byId, type) => f.objects.set(type, new Map([...byId].map(([id, o]) => [id, { ...o, state: { ...o.state } }]))));
        this.tombstones.forEach((list, type) => f.tombstones.set(type, [...list]));
        this.liveIps.forEach((v, k) => f.liveIps.set(k, v));
        f.seq = this.seq;
        return f;
    }

    // ----- objects -----

    /** The next creation sequence number. */
    nextSeq(): number {
        return ++this.seq;
    }

    /** Adds (or replaces) the object with `o`'s type and id. */
    addObject(o: AwsObject): void {
        let byId = this.objects.get(o.type);
        if (!byId) {
            byId = new Map();
            this.objects.set(o.type, byId);
        }
        byId.set(o.id, o);
    }

    /** The object of `type` with physical id `id`. */
    getObject(type: string, id: string): AwsObject | undefined {
        return this.objects.get(type)?.get(id);
    }

    /** Removes the object of `type` with physical id `id`, if any. */
    removeObject(type: string, id: string): void {
        this.objects.get(type)?.delete(id);
    }

    /** Keeps `o`, deleted, where Describe calls still list it, with `state` as they show it. */
    tombstone(o: AwsObject, state: Record<string, unknown>): void {
        this.tombstones.set(o.type, [...(this.tombstones.get(o.type) ?? []), { ...o, state }]);
    }

    /** Deleted objects of `type` that Describe calls still list. */
    tombstonesOf(type: string): AwsObject[] {
        return [...(this.tombstones.get(type) ?? [])];
    }

    /** Objects of `type`, in creation order. */
    objectsOfType(type: string): AwsObject[] {
        return [...(this.objects.get(type)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    }

    // ----- VPCs and subnets -----

    /**
     * Adds a VPC with `/20` subnets carved from `cidr` in order, one per entry of `zones` (full zone
     * names), with the given ids or ids derived from `seed`.
     */
    addVpc(args: {
        readonly seed: string;
        readonly id?: string;
        readonly region: string;
        readonly cidr: string;
        readonly zones: readonly string[];
        readonly subnetIds?: readonly string[];
        readonly dns: boolean;
        readonly ownerAccountId: string;
    }): { vpc: FakeVpc; subnets: FakeSubnet[] } {
        const base = parseCidr(args.cidr);
        if (!base || base.bits > 20) {
            throw new Error(`FakeAwsAccount.addVpc: cidr ${args.cidr} must be a /20 or larger network`);
        }
        const vpc: FakeVpc = {
            id: args.id ?? `vpc-0${hex(`vpc:${args.seed}`, 16)}`,
            region: args.region,
            cidrBlocks: [args.cidr],
            enableDnsSupport: args.dns,
            enableDnsHostnames: args.dns,
            ownerAccountId: args.ownerAccountId,
        };
        if (this.vpcs.has(vpc.id)) {
            throw new Error(`FakeAwsAccount.addVpc: ${vpc.id} exists already`);
        }
        this.vpcs.set(vpc.id, vpc);
        const count = args.subnetIds?.length ?? args.zones.length;
        const subnets: FakeSubnet[] = [];
        for (let i = 0; i < count; i++) {
            subnets.push(this.addSubnet(vpc, args.zones[i % args.zones.length], args.subnetIds?.[i] ?? `subnet-0${hex(`subnet:${args.seed}:${i}`, 16)}`));
        }
        return { vpc, subnets };
    }

    /** Adds the VPC's next `/20` subnet in `zone` (a full zone name). */
    addSubnet(vpc: FakeVpc, zone: string, id: string): FakeSubnet {
        const base = parseCidr(vpc.cidrBlocks[0])!;
        const index = [...this.subnets.values()].filter((s) => s.vpcId === vpc.id).length;
        if ((index + 1) * 4096 > cidrSize(base)) {
            throw new Error(`FakeAwsAccount: ${vpc.id} (${vpc.cidrBlocks[0]}) has no room for another /20 subnet`);
        }
        if (this.subnets.has(id)) {
            throw new Error(`FakeAwsAccount: subnet ${id} exists already`);
        }
        const subnet: FakeSubnet = {
            id,
            vpcId: vpc.id,
            availabilityZone: zone,
            cidrBlock: `${numberToIp(base.base + index * 4096)}/20`,
            ownerAccountId: vpc.ownerAccountId,
        };
        this.subnets.set(subnet.id, subnet);
        return subnet;
    }

    /** Removes a VPC and its subnets (their interfaces must be gone). */
    removeVpc(vpcId: string): void {
        for (const s of [...this.subnets.values()].filter((x) => x.vpcId === vpcId)) {
            this.subnets.delete(s.id);
        }
        this.vpcs.delete(vpcId);
    }

    // ----- network interfaces and addresses -----

    /** The live interface in `vpcId` holding `ip`, if any. */
    eniWithIp(vpcId: string, ip: string): FakeEni | undefined {
        for (const e of this.enis.values()) {
            if (e.vpcId === vpcId && e.privateIp === ip) {
                return e;
            }
        }
        return undefined;
    }

    /** True while some live interface holds `ip`. */
    isLiveIp(ip: string): boolean {
        return (this.liveIps.get(ip) ?? 0) > 0;
    }

    /** Interfaces of the endpoint `attachedTo`, sorted by id. */
    enisOf(attachedTo: string): FakeEni[] {
        return [...this.enis.values()].filter((e) => e.attachedTo === attachedTo).sort((a, b) => a.id.localeCompare(b.id));
    }

    /**
     * An address in `subnet`, past the four AWS reserves at the start and before the last, chosen from
     * `seed` and skipping addresses in use.
     */
    allocateIp(subnet: FakeSubnet, seed: string): string {
        const c = parseCidr(subnet.cidrBlock);
        if (!c) {
            throw new Error(`FakeAwsAccount: subnet ${subnet.id} has no valid CIDR ${subnet.cidrBlock}`);
        }
        const usable = cidrSize(c) - 5;
        let offset = parseInt(hex(seed, 8), 16) % usable;
        for (let tries = 0; tries < usable; tries++) {
            const ip = numberToIp(c.base + 4 + offset);
            if (!this.isLiveIp(ip) && !isReservedInSubnet(subnet.cidrBlock, ip)) {
                return ip;
            }
            offset = (offset + 1) % usable;
        }
        throw new Error(`InsufficientFreeAddressesInSubnet: ${subnet.id} has no free address`);
    }

    /** Adds a network interface with the given address (already checked or allocated). */
    addEni(eni: FakeEni): void {
        this.enis.set(eni.id, eni);
        this.everEniIps.add(eni.privateIp);
        this.liveIps.set(eni.privateIp, (this.liveIps.get(eni.privateIp) ?? 0) + 1);
    }

    /** Deletes a network interface; its address is free again. */
    deleteEni(id: string): void {
        const eni = this.enis.get(id);
        if (!eni) {
            return;
        }
        this.enis.delete(id);
        const n = (this.liveIps.get(eni.privateIp) ?? 1) - 1;
        if (n > 0) {
            this.liveIps.set(eni.privateIp, n);
        } else {
            this.liveIps.delete(eni.privateIp);
        }
    }

    // ----- Route 53 associations -----

    /** The zone's VPC associations now. */
    associationsOf(zoneId: string): Association[] {
        return this.associations.get(zoneId) ?? [];
    }

    /** Sets the zone's VPC associations to exactly `list`. */
    setAssociations(zoneId: string, list: readonly Association[]): void {
        if (list.length === 0) {
            this.associations.delete(zoneId);
        } else {
            this.associations.set(zoneId, [...list]);
        }
    }

    // ----- IoT -----

    /** Key of an IoT policy's attachments. */
    static policyKey(accountId: string, region: string, policyName: string): string {
        return `${accountId}/${region}/${policyName}`;
    }
}

/** Default quotas. */
export function defaultQuotas(): AccountQuotas {
    return {
        interfaceEndpointsPerVpc: QUOTAS.interfaceEndpointsPerVpc,
        rulesPerSecurityGroup: QUOTAS.rulesPerSecurityGroup,
        resolverEndpointsPerRegion: QUOTAS.resolverEndpointsPerRegion,
    };
}
