/**
 * Day 2: a change to a deployed stack judged against what AWS holds now, before anything changes.
 *
 * `pulumi up` applies a change one resource at a time, in the engine's order: creates and updates as
 * the program registers them, the old halves of replacements and everything no longer declared deleted
 * at the END of the update. Route 53 checks its rules at every one of those steps, and the AWS provider
 * writes each record with its own request. So a change can be valid at both ends and still be refused
 * half-way (two TTLs in one weighted set, more than 100 records while old and new coexist), or leave
 * devices resolving an address whose network interface is already gone (a subnet removed from an
 * endpoint loses its interface when the endpoint is updated, its records only at the end).
 *
 * The component reads the private zone of each name that is associated with the VPC and its records
 * (Route 53 lookups at deploy time, in previews too) and refuses such a change here, naming the
 * argument and the procedure that works. Pure: plain data in, problems out.
 */
import { RecordLayout } from "./args";
import { MAX_WEIGHTED_RECORDS_PER_NAME } from "./limits";
import { Problem, show } from "./problems";
import { RecordSetReply, endpointOfInterface, resolverOfInterface } from "./replies";
import { cidrContains, normalizeDnsName } from "./rules";

/** A private hosted zone as Route 53 describes it (`aws.route53.getZone`). */
export interface DeployedZone {
    readonly zoneId: string;
    readonly name: string;
    readonly comment: string;
    readonly tags: Readonly<Record<string, string>>;
}

/** What follows a zone's description in the comment of a zone an iotvpc component created: then its owner. */
export const MANAGED_BY = "; managed by iotvpc ";

/** The owner (`project/stack/name`) an iotvpc component wrote in a zone's comment, if one did. */
export function managedBy(zone: DeployedZone): string | undefined {
    const at = zone.comment.indexOf(MANAGED_BY);
    return at < 0 ? undefined : zone.comment.slice(at + MANAGED_BY.length);
}

/** One record set of the zone as Route 53 lists it (`aws.route53.getRecords`): whether it is an alias, not its target. */
export interface DeployedRecord extends Omit<RecordSetReply, "aliasTarget"> {
    readonly alias: boolean;
}

/** A subnet of the endpoints as the plan keys it, with its address range. */
export interface PlannedSubnet {
    readonly key: string;
    readonly id: string;
    readonly cidrBlock: string;
    /** Kept on the endpoints, answered by no record: being removed in two updates. */
    readonly draining: boolean;
}

export interface ZoneChange {
    /** What the zone is for, in messages: "the ATS name", "custom domain devices.example.com". */
    readonly label: string;
    /** The argument a conflict with an existing zone is reported on. */
    readonly zoneArgument: string;
    /** The argument that adopts an existing zone (`existingHostedZoneId`, `customDomains[0].existingHostedZoneId`). */
    readonly adoptArgument: string;
    readonly zoneName: string;
    readonly vpcId: string;
    /** The private zone of that name associated with the VPC, if Route 53 has one. */
    readonly found?: DeployedZone;
    /** True when `found` is this component's own zone (from an earlier update). */
    readonly ours: boolean;
    /** The comment this component writes on its zone (what marks it as this component's). */
    readonly comment: string;
    /** When no zone of the name is on the VPC: this component's zone, found by its owner tag on other VPCs. */
    readonly ownZoneElsewhere?: DeployedZone;
    /** The zone id the user asked to adopt, if any. */
    readonly adoptZoneId?: string;
    /** The record sets of `found` (empty when there is none). */
    readonly deployed: readonly DeployedRecord[];
    /** The weighted records this update writes, by set identifier. */
    readonly planned: readonly { readonly setIdentifier: string; readonly endpointKey: string; readonly alias: boolean }[];
    readonly layout: RecordLayout;
    readonly ttl: number;
    /** The endpoints' subnets after this update (active and draining). */
    readonly subnets: readonly PlannedSubnet[];
    /** Endpoint keys (`ep1`, `cred1`, ...) this update keeps. */
    readonly endpointKeys: readonly string[];
    /** The layout in use before, when it can be read from the deployed set identifiers. */
    readonly previousLayout?: RecordLayout;
}

/** The layout a set of weighted records was written in, read from the component's set identifiers. */
export function layoutOfSetIdentifiers(ids: readonly string[]): RecordLayout | undefined {
    const ours = ids.map(splitSetIdentifier).filter((x): x is NonNullable<ReturnType<typeof splitSetIdentifier>> => x !== undefined);
    if (ours.length === 0) {
        return undefined;
    }
    const kinds = new Set(ours.map((x) => (x.rest === "alias" ? RecordLayout.Alias : x.rest === "enis" ? RecordLayout.PerEndpoint : RecordLayout.PerEni)));
    return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** `ep3-subnet-0abc...` -> `{ endpoint: "ep3", rest: "subnet-0abc..." }`; `undefined` for set identifiers of others. */
export function splitSetIdentifier(id: string): { endpoint: string; rest: string } | undefined {
    const m = /^((?:ep|cred)\d+)-(.+)$/.exec(id);
    return m ? { endpoint: m[1], rest: m[2] } : undefined;
}

/** Every problem this update would meet half-way through, for one private zone. */
export function zoneChangeProblems(c: ZoneChange): Problem[] {
    const problems: Problem[] = [];
    const name = normalizeDnsName(c.zoneName);

    // A deployed component cannot move: its zone keeps the VPC it was created with (it ignores changes to
    // `vpcs`, so that associations made elsewhere survive), and the new VPC would have no records.
    if (!c.found && c.ownZoneElsewhere) {
        problems.push({ argument: "vpcId", value: show(c.vpcId),
            problem: `is not the VPC this component's private zone for ${name} (${c.ownZoneElsewhere.zoneId}) is associated with: a deployed component cannot move ` +
                "to another VPC (the zone keeps its VPCs, so devices in the new one would resolve the public endpoint).",
            fix: `keep vpcId as it was; to move, add a second IotCoreVpcEndpoints (another name) with vpcId ${show(c.vpcId)}, move the devices, then remove this one. ` +
                `If ${c.ownZoneElsewhere.zoneId} was disassociated from the VPC by hand, associate it again (aws route53 associate-vpc-with-hosted-zone).` });
        return problems;
    }

    // The zone itself: one private zone of a name per VPC.
    if (c.adoptZoneId !== undefined) {
        if (c.found && c.found.zoneId === c.adoptZoneId && c.ours) {
            problems.push({ argument: c.adoptArgument, value: show(c.adoptZoneId),
                problem: `is the private zone this component created and manages; adopting it would stop declaring it, so the update would delete it at its end ` +
                    "(refused while it holds records: HostedZoneNotEmpty).",
                fix: `leave ${c.adoptArgument} out: the component keeps managing its zone.` });
            return problems;
        }
        if (!c.found || c.found.zoneId !== c.adoptZoneId) {
            problems.push({ argument: c.adoptArgument, value: show(c.adoptZoneId),
                problem: c.found
                    ? `is not the private zone for ${name} associated with ${c.vpcId}: that is ${c.found.zoneId}.`
                    : `is not a private zone for ${name} associated with ${c.vpcId}.`,
                fix: c.found
                    ? `pass existingHostedZoneId: "${c.found.zoneId}", or leave it out once that zone is gone.`
                    : `associate zone ${c.adoptZoneId} (named ${name}) with ${c.vpcId} first, or leave existingHostedZoneId out to let the component create the zone.` });
            return problems;
        }
    } else if (c.found && !c.ours && managedBy(c.found) !== undefined) {
        // Another iotvpc component's zone: another stack on this VPC, or this one before a rename.
        problems.push({ argument: c.zoneArgument, value: show(c.vpcId),
            problem: `already has a private hosted zone for ${name} (${c.found.zoneId}) managed by iotvpc ${managedBy(c.found)}: another stack or component ` +
                "on this VPC, or this component before a stack or project rename. Route 53 refuses a second private zone of the same name in one VPC (ConflictingDomainExists).",
            fix: `if it is this component renamed, mark the zone as this one's: aws route53 update-hosted-zone-comment --id ${c.found.zoneId} --comment ${JSON.stringify(c.comment)}, ` +
                "then run again. Otherwise remove the other component, or deploy this one to another VPC." });
        return problems;
    } else if (c.found && !c.ours) {
        problems.push({ argument: c.zoneArgument, value: show(c.vpcId),
            problem: `already has a private hosted zone for ${name} (${c.found.zoneId}${c.found.comment ? `, "${c.found.comment}"` : ""}) that this component did not create; ` +
                "Route 53 refuses a second private zone of the same name in one VPC (ConflictingDomainExists).",
            fix: `pass ${c.adoptArgument}: "${c.found.zoneId}" to put this component's records in that zone, or disassociate that zone from ${c.vpcId} first.` });
        return problems;
    }
    if (!c.found) {
        return problems; // a new zone: nothing deployed to collide with
    }

    const apex = c.deployed.filter((r) => normalizeDnsName(r.name) === name && r.type === "A");
    const plain = apex.filter((r) => r.setIdentifier === "");
    if (plain.length > 0) {
        problems.push({ argument: c.adoptArgument, value: show(c.found.zoneId),
            problem: `holds a non-weighted A record for ${name}; Route 53 cannot mix it with the component's weighted records, and it would answer devices itself.`,
            fix: `delete that record from ${c.found.zoneId} (aws route53 change-resource-record-sets), then run the update again.` });
    }
    const weighted = apex.filter((r) => r.setIdentifier !== "");
    const plannedIds = new Set(c.planned.map((p) => p.setIdentifier));
    const deployedIds = new Set(weighted.map((r) => r.setIdentifier));
    const added = c.planned.filter((p) => !deployedIds.has(p.setIdentifier));
    const removed = weighted.filter((r) => !plannedIds.has(r.setIdentifier));
    const switching = c.previousLayout !== undefined && c.previousLayout !== c.layout;

    // Route 53 counts old and new records together until the old ones go at the end of the update.
    const during = weighted.length + added.length;
    if (added.length > 0 && during > MAX_WEIGHTED_RECORDS_PER_NAME) {
        problems.push({ argument: switching ? "recordLayout" : "expectedConnections", value: switching ? show(c.layout) : `${added.length} records added`,
            problem: `would hold ${during} weighted records for ${name} during the update (${weighted.length} deployed, ${added.length} added; ` +
                `the ${removed.length} that go are deleted only at its end); Route 53 allows ${MAX_WEIGHTED_RECORDS_PER_NAME}.`,
            fix: `make the change in two updates that each stay within ${MAX_WEIGHTED_RECORDS_PER_NAME}: first one that only removes records ` +
                "(fewer endpoints, or subnets drained and removed), then the one that adds.", });
    }

    // Every weighted non-alias record of a name shares one TTL, and the provider writes them one at a time.
    const plannedWithTtl = c.layout !== RecordLayout.Alias && c.planned.length > 0;
    const otherTtls = [...new Set(weighted.filter((r) => !r.alias && r.ttl !== undefined && r.ttl !== c.ttl).map((r) => r.ttl as number))];
    if (plannedWithTtl && otherTtls.length > 0) {
        problems.push({ argument: "ttl", value: show(c.ttl),
            problem: `differs from the TTL ${otherTtls.join(", ")} of the deployed weighted records for ${name}; Route 53 refuses a weighted set with two TTLs ` +
                "and the AWS provider changes records one request at a time, so the update would stop at its first record.",
            fix: `change it in two updates: first recordLayout: "${RecordLayout.Alias}" (alias records carry no TTL; devices keep resolving the endpoints), ` +
                `then recordLayout: "${c.layout}" with ttl: ${c.ttl}.` });
    }

    // A subnet leaves an endpoint at the endpoint's update, its records only at the end: drain it first.
    const current = new Map(c.subnets.map((s) => [s.key, s]));
    const kept = new Set(c.endpointKeys);
    const stranded = new Set<string>();
    for (const r of weighted) {
        const parts = splitSetIdentifier(r.setIdentifier);
        if (!parts || !kept.has(parts.endpoint) || r.alias || (r.weight ?? 0) === 0) {
            continue; // others' records, endpoints that go at the end, alias records, records already drained
        }
        if (parts.rest !== "enis" && parts.rest !== "alias" && !current.has(parts.rest) && !plannedIds.has(r.setIdentifier)) {
            stranded.add(parts.rest);
        }
        if (parts.rest === "enis") {
            for (const ip of r.values) {
                if (!c.subnets.some((s) => cidrContains(s.cidrBlock, ip))) {
                    stranded.add(ip);
                }
            }
        }
    }
    if (stranded.size > 0) {
        problems.push({ argument: "subnetIds", value: show([...stranded]),
            problem: `removes subnets whose network interfaces records for ${name} still answer: the endpoints drop those interfaces when they are updated, ` +
                "and the records go only at the end of the update, so devices would resolve addresses that no longer exist in between.",
            fix: `remove a subnet in two updates: first move it from subnetIds to drainingSubnetIds (its records stop answering; wait one TTL, ${c.ttl} s), ` +
                "then remove it from drainingSubnetIds." });
    }
    return problems;
}

/** A network interface that holds an address the component pins (`aws.ec2.getNetworkInterface`). */
export interface AddressHolder {
    readonly ip: string;
    readonly interfaceId: string;
    readonly subnetId: string;
    readonly description: string;
}

/** A data endpoint of this component that exists in AWS now, as `aws.ec2.getVpcEndpoint` finds it by its tags. */
export interface LiveEndpoint {
    readonly key: string;
    readonly id: string;
    readonly subnetIds: readonly string[];
}

export interface PinnedAddresses {
    /** `endpointIps`: subnet id to one address per endpoint, in endpoint order. */
    readonly endpointIps?: Readonly<Record<string, readonly string[]>>;
    /** The endpoints' subnets after this update, active and draining, with their address ranges. */
    readonly subnets: readonly { readonly id: string; readonly cidrBlock: string }[];
    /** Endpoint keys in endpoint order (`ep1`, `ep2`, ...). */
    readonly endpointKeys: readonly string[];
    /** This component's data endpoints that exist now. */
    readonly live: readonly LiveEndpoint[];
    /** The resolver's pinned addresses, with their subnets. */
    readonly resolverIps?: readonly { readonly subnetId: string; readonly ip: string }[];
    /** The id of this component's resolver endpoint, when it exists. */
    readonly ownResolverId?: string;
    /** Every interface of the VPC holding one of the pinned addresses. */
    readonly holders: readonly AddressHolder[];
}

/**
 * Problems with pinned addresses, judged against what holds them now:
 * - an address another interface holds (another workload, another of this component's endpoints, the
 *   resolver) would fail the create or update part-way (InvalidIPAddress.InUse);
 * - a live endpoint's subnet configuration (its subnets, or their addresses) must not change: AWS replaces
 *   the interface of every configuration an update sends with an address ("This process temporarily
 *   disconnects the subnet", EC2 API reference, SubnetConfiguration), and the AWS provider sends all of an
 *   endpoint's configurations when any changed (terraform-provider-aws vpc_endpoint.go), so every
 *   interface of the endpoint would be re-created while devices resolve it.
 */
export function pinnedAddressProblems(c: PinnedAddresses): Problem[] {
    const problems: Problem[] = [];
    const holderOf = new Map(c.holders.map((h) => [h.ip, h]));
    const liveOf = new Map(c.live.map((e) => [e.key, e]));
    const changes: string[] = [];
    const inUse = (argument: string, ip: string, subnet: string, h: AddressHolder) => problems.push({ argument, value: show(ip),
        problem: `is in use by ${h.interfaceId}${h.description ? ` (${h.description})` : ""} in ${h.subnetId}: EC2 gives an address to one network interface, so AWS would refuse it (InvalidIPAddress.InUse) part-way through the update.`,
        fix: `pick a free address of ${c.subnets.find((s) => s.id === subnet)?.cidrBlock ?? subnet} (aws ec2 describe-network-interfaces --filters Name=addresses.private-ip-address,Values=${ip}), or free that one first.` });
    for (const [subnetId, ips] of Object.entries(c.endpointIps ?? {})) {
        ips.forEach((ip, index) => {
            const key = c.endpointKeys[index];
            const live = key === undefined ? undefined : liveOf.get(key);
            const h = holderOf.get(ip);
            if (h && live && endpointOfInterface(h.description) === live.id && h.subnetId === subnetId) {
                return; // its own interface: unchanged
            }
            if (h) {
                inUse(`endpointIps.${subnetId}`, ip, subnetId, h);
            } else if (live) {
                changes.push(`${key} in ${subnetId}: gets ${ip}`);
            }
        });
    }
    if (c.endpointIps) {
        const planned = new Set(c.subnets.map((s) => s.id));
        for (const live of c.live) {
            for (const s of live.subnetIds.filter((x) => !planned.has(x))) {
                changes.push(`${live.key} leaves ${s}`);
            }
        }
    }
    if (changes.length > 0) {
        problems.push({ argument: "endpointIps", value: show([...new Set(changes)]),
            problem: "changes the subnet configuration of endpoints that devices resolve now: AWS replaces the network interface of every configuration an update sends with an address, " +
                "and the AWS provider sends all of an endpoint's configurations when any changes (EC2 API reference, SubnetConfiguration; terraform-provider-aws vpc_endpoint.go), " +
                "so every interface of these endpoints would be re-created while devices use them.",
            fix: "make the change in two updates: first leave endpointIps out (nothing is sent to AWS; the records keep the addresses the interfaces have), then change subnetIds " +
                "or drainingSubnetIds: only the added or removed subnet's interface changes, an added one at an address AWS picks, and the others keep theirs while their endpoint exists. " +
                "An interface's address cannot change without re-creating every interface of its endpoint." });
    }
    for (const { subnetId, ip } of c.resolverIps ?? []) {
        const h = holderOf.get(ip);
        if (h && !(c.ownResolverId !== undefined && resolverOfInterface(h.description) === c.ownResolverId)) {
            inUse("inboundResolver.ipAddresses", ip, subnetId, h);
        }
    }
    return problems;
}
