/**
 * Route 53 as the account's state holds it, read the way the resolver in a VPC answers: private zones
 * associated with a VPC, record sets, which records of a weighted set Route 53 answers, alias targets
 * (interface endpoint names and records of the same zone), and the answers that point at a network
 * interface that no longer exists.
 */
import { RESOURCE_TYPES as T } from "../../components/resourceTypes";
import { regionOf } from "./facts";
import { AccountState, AwsObject } from "./state";
import { dnsName, isInZone } from "./net";
import { Props, arr, num, rec, str, strings } from "./values";

/** A record set as Route 53 stores it. */
export interface RecordSet {
    readonly id: string;
    readonly zoneId: string;
    /** Lower case, no trailing dot. */
    readonly name: string;
    readonly type: string;
    readonly ttl?: number;
    readonly values: readonly string[];
    readonly setIdentifier?: string;
    /** Set for weighted records. */
    readonly weight?: number;
    readonly alias?: { readonly name: string; readonly zoneId: string; readonly evaluateTargetHealth: boolean };
}

/** A record set from a record's inputs or state (`aws.route53.Record` shape). */
export function recordSetOf(id: string, p: Props): RecordSet {
    const weighted = rec(arr(p.weightedRoutingPolicies)[0]);
    const alias = rec(arr(p.aliases)[0]);
    return {
        id,
        zoneId: str(p.zoneId) ?? "",
        name: dnsName(str(p.name) ?? ""),
        type: str(p.type) ?? "",
        ttl: num(p.ttl),
        values: strings(p.records),
        setIdentifier: str(p.setIdentifier) || undefined,
        weight: weighted ? num(weighted.weight) ?? 0 : undefined,
        alias: alias ? { name: dnsName(str(alias.name) ?? ""), zoneId: str(alias.zoneId) ?? "", evaluateTargetHealth: alias.evaluateTargetHealth === true } : undefined,
    };
}

/** The identity of a record set in its zone: name, type and set identifier. */
export function recordKey(r: Pick<RecordSet, "zoneId" | "name" | "type" | "setIdentifier">): string {
    return `${r.zoneId}|${r.name}|${r.type}|${r.setIdentifier ?? ""}`;
}

/** Every record set of the account (seeded and managed), or those of `zoneId`. */
export function recordSets(state: AccountState, zoneId?: string): RecordSet[] {
    return state.objectsOfType(T.record)
        .map((o) => recordSetOf(o.id, o.state))
        .filter((r) => zoneId === undefined || r.zoneId === zoneId);
}

/** Hosted zone by id. */
export function zoneById(state: AccountState, zoneId: string): AwsObject | undefined {
    return state.getObject(T.zone, zoneId);
}

/** The zone's name, lower case without the trailing dot. */
export function zoneName(zone: AwsObject): string {
    return dnsName(str(zone.state.name) ?? "");
}

/** Private zones associated with `vpcId`. */
export function privateZonesOf(state: AccountState, vpcId: string): AwsObject[] {
    return state.objectsOfType(T.zone).filter((z) => z.privateZone && state.associationsOf(z.id).some((a) => a.vpcId === vpcId));
}

/**
 * The records of one name and type that Route 53 answers: a simple record; of a weighted set, those with
 * weight above 0, or all of them when every weight is 0.
 */
export function answerable(sets: readonly RecordSet[]): RecordSet[] {
    const weighted = sets.filter((r) => r.weight !== undefined);
    if (weighted.length === 0) {
        return [...sets];
    }
    const positive = weighted.filter((r) => (r.weight ?? 0) > 0);
    return positive.length > 0 ? positive : weighted;
}

/** The private zone a resolver in `vpcId` uses for `name`: the most specific associated zone containing it. */
export function zoneFor(state: AccountState, name: string, vpcId: string): AwsObject | undefined {
    return privateZonesOf(state, vpcId)
        .filter((z) => isInZone(name, zoneName(z)))
        .sort((a, b) => zoneName(b).length - zoneName(a).length)[0];
}

/** The IPs an alias to an interface endpoint's DNS name resolves to: that endpoint's current interfaces. */
function endpointTargetIps(state: AccountState, target: string): string[] | undefined {
    for (const ep of state.objectsOfType(T.vpcEndpoint)) {
        const entries = arr(ep.state.dnsEntries).map(rec).filter((e): e is Props => e !== undefined);
        const i = entries.findIndex((e) => dnsName(str(e.dnsName) ?? "") === target);
        if (i < 0) {
            continue;
        }
        const enis = state.enisOf(ep.id);
        // the first entry is the regional name; the others carry the zone: <id>-<hash>-<az>.<service>...
        const zonal = i === 0 ? undefined : enis.find((e) => target.includes(`-${e.availabilityZone}.`));
        return (zonal ? [zonal] : enis).map((e) => e.privateIp);
    }
    return undefined;
}

/** IPs of the A records of `name` in `zone` that Route 53 answers now, following aliases. */
export function answersInZone(state: AccountState, zone: AwsObject, name: string, depth = 0): string[] {
    if (depth > 8) {
        return [];
    }
    const target = dnsName(name);
    const sets = recordSets(state, zone.id).filter((r) => r.name === target && r.type === "A");
    const ips = answerable(sets).flatMap((r) => {
        if (!r.alias) {
            return [...r.values];
        }
        const endpoint = endpointTargetIps(state, r.alias.name);
        if (endpoint) {
            return endpoint;
        }
        if (r.alias.zoneId === zone.id) {
            return answersInZone(state, zone, r.alias.name, depth + 1);
        }
        return [];
    });
    return [...new Set(ips)].sort();
}

/**
 * The addresses the private DNS of an interface endpoint in `vpcId` answers for `name` (the names of its
 * service, a `*.` name covering every name below it), or `undefined` when none answers it.
 */
function privateDnsAnswers(state: AccountState, name: string, vpcId: string): string[] | undefined {
    const target = dnsName(name);
    for (const ep of state.objectsOfType(T.vpcEndpoint)) {
        if (ep.state.vpcId !== vpcId || ep.state.vpcEndpointType !== "Interface" || ep.state.privateDnsEnabled !== true) {
            continue;
        }
        const names = regionOf(ep.region).privateDnsNames[str(ep.state.serviceName) ?? ""] ?? [];
        if (names.some((n) => (n.startsWith("*.") ? target.endsWith(n.slice(1)) : target === n))) {
            return state.enisOf(ep.id).map((e) => e.privateIp).sort();
        }
    }
    return undefined;
}

/**
 * What a device in `vpcId` resolves `name` to now: an interface endpoint's private DNS for it, else the
 * answers of the private zone for it, else none.
 */
export function dnsAnswers(state: AccountState, name: string, vpcId: string): string[] {
    const vpc = state.vpcs.get(vpcId);
    if (!vpc || !vpc.enableDnsSupport) {
        return [];
    }
    const endpoint = privateDnsAnswers(state, name, vpcId);
    if (endpoint) {
        return endpoint;
    }
    const zone = zoneFor(state, name, vpcId);
    return zone ? answersInZone(state, zone, name) : [];
}

/** Every address a private zone associated with a VPC answers now, directly or through an alias to an endpoint. */
export function answeredAddresses(state: AccountState): Set<string> {
    const out = new Set<string>();
    for (const zone of state.objectsOfType(T.zone)) {
        if (!zone.privateZone || state.associationsOf(zone.id).length === 0) {
            continue;
        }
        const names = new Set(recordSets(state, zone.id).filter((r) => r.type === "A").map((r) => r.name));
        for (const name of names) {
            answersInZone(state, zone, name).forEach((ip) => out.add(ip));
        }
    }
    return out;
}

/** An answer Route 53 would give that points at a network interface that no longer exists. */
export interface DeadRecordAnswer {
    readonly zoneId: string;
    readonly zone: string;
    readonly name: string;
    readonly setIdentifier?: string;
    readonly ip: string;
}

/**
 * For each private zone associated with a VPC, each answerable non-alias A record, each IP that once
 * belonged to a network interface of the fake and no longer does.
 */
export function deadRecordAnswers(state: AccountState): DeadRecordAnswer[] {
    const dead: DeadRecordAnswer[] = [];
    const byZone = new Map<string, RecordSet[]>();
    for (const r of recordSets(state)) {
        if (r.type === "A") {
            byZone.set(r.zoneId, [...(byZone.get(r.zoneId) ?? []), r]);
        }
    }
    for (const [zoneId, sets] of byZone) {
        const zone = zoneById(state, zoneId);
        if (!zone || !zone.privateZone || state.associationsOf(zoneId).length === 0) {
            continue;
        }
        const byName = new Map<string, RecordSet[]>();
        sets.forEach((r) => byName.set(r.name, [...(byName.get(r.name) ?? []), r]));
        for (const group of byName.values()) {
            for (const r of answerable(group)) {
                if (r.alias) {
                    continue;
                }
                for (const ip of r.values) {
                    if (state.everEniIps.has(ip) && !state.isLiveIp(ip)) {
                        dead.push({ zoneId, zone: zoneName(zone), name: r.name, setIdentifier: r.setIdentifier, ip });
                    }
                }
            }
        }
    }
    return dead;
}
