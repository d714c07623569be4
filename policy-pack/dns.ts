/**
 * DNS: devices resolve the account's own IoT endpoint name to the endpoints' private IPs through a private
 * hosted zone attached to the VPC, with equal-weight records (source document, "Creating VPC endpoints",
 * "Scaling VPC endpoints"), under the ATS name ("VPC endpoints will serve ATS certificates only"), and
 * within what Route 53 accepts in the middle of an update (aws-facts.md, "Update-time rules").
 */
import { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { MAX_WEIGHTED_RECORDS_PER_NAME } from "../components/limits";
import { activeWeightsEqual, isLegacyDataEndpointName, normalizeDnsName, shadowsIotEndpointNames } from "../components/rules";
import {
    DOC,
    Entry,
    RecordSnapshot,
    StackIndex,
    TYPES,
    UNKNOWN,
    Unknown,
    ZoneSnapshot,
    ZoneVpcSnapshot,
    configOf,
    knownItems,
    listed,
    readRecord,
    readZone,
    snapshot,
    validateStackSafely,
    validateTypes,
} from "./lib";

const settings = <T extends object>(schema: PolicyConfigSchema, args: { getConfig<C extends object>(): C }) => configOf<T>(schema, args.getConfig<object>());

/** Zone associations (and cross-account authorizations) by the URN of the zone they name. */
function associationsByZone(index: StackIndex, kinds: readonly ("zoneAssociation" | "vpcAssociationAuthorization")[]): Map<string, Entry<ZoneVpcSnapshot>[]> {
    const out = new Map<string, Entry<ZoneVpcSnapshot>[]>();
    for (const kind of kinds) {
        for (const a of index.of(kind)) {
            for (const z of index.linked(a, "zoneId", a.props.zoneId, "zone")) {
                out.set(z.ref.urn, [...(out.get(z.ref.urn) ?? []), a]);
            }
        }
    }
    return out;
}

interface DnsConfig { maxWeightedRecords: number }

const weightedSchema: PolicyConfigSchema = {
    properties: {
        maxWeightedRecords: {
            type: "integer", minimum: 1, maximum: MAX_WEIGHTED_RECORDS_PER_NAME, default: MAX_WEIGHTED_RECORDS_PER_NAME,
            description: "Most weighted records allowed per name and type (Route 53 allows 100).",
        },
    },
};

interface WeightedSet {
    readonly label: string;
    readonly records: { readonly entry: Entry<RecordSnapshot>; readonly weight: number | Unknown | undefined }[];
}

export const weightedRecords: StackValidationPolicy = {
    name: "iot-dns-weighted-records",
    description: "Records for IoT endpoint names live in a private zone attached to the endpoints' VPC; each weighted set has equal weights (among records above 0), one TTL, unique set identifiers and at most 100 records per name and type.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Put the records in a private hosted zone attached to the endpoints' VPC; give every weighted record of a name the same weight (0 only while draining), the same TTL and its own set identifier; keep at most 100 per name (one record per endpoint beyond that).",
    configSchema: weightedSchema,
    validateStack: validateStackSafely((args, report) => {
        const { maxWeightedRecords } = settings<DnsConfig>(weightedSchema, args);
        const index = new StackIndex(args.resources, ["record", "zone", "zoneAssociation", "vpcAssociationAuthorization", "vpcEndpoint", "domainConfiguration", "component"]);
        const isIotName = index.iotNames();
        const sets = new Map<string, WeightedSet>();
        const zonesHolding = new Map<Entry<ZoneSnapshot>, Set<string>>();
        for (const r of index.of("record")) {
            const p = r.props;
            if (typeof p.name !== "string" || !isIotName(p.name)) {
                continue;
            }
            const name = normalizeDnsName(p.name);
            const zone = index.linked(r, "zoneId", p.zoneId, "zone")[0];
            if (zone) {
                zonesHolding.set(zone, (zonesHolding.get(zone) ?? new Set()).add(name));
            }
            if (p.weights === UNKNOWN || p.weights === undefined || p.weights.length === 0) {
                continue; // not weighted, or not known to be
            }
            const zoneKey = zone ? zone.ref.urn : typeof p.zoneId === "string" ? `zone id ${p.zoneId}` : undefined;
            if (zoneKey === undefined || typeof p.type !== "string") {
                continue;
            }
            const key = `${zoneKey}|${name}|${p.type.toUpperCase()}`;
            const set = sets.get(key) ?? { label: `${name} ${p.type.toUpperCase()}`, records: [] };
            set.records.push({ entry: r, weight: p.weights[0] });
            sets.set(key, set);
        }
        for (const set of sets.values()) {
            checkWeightedSet(set, maxWeightedRecords, report);
        }
        checkZonePlacement(index, zonesHolding, report);
    }),
};

function checkWeightedSet({ label, records }: WeightedSet, maxWeightedRecords: number, report: ReportViolation): void {
    if (records.length > maxWeightedRecords) {
        report(`${records.length} weighted records for ${label}; Route 53 allows ${maxWeightedRecords} per name and type. ` +
            "Use fewer endpoints x subnets, or one record per endpoint (recordLayout \"perEndpoint\").", records[maxWeightedRecords].entry.ref.urn);
    }
    // Unknown weights and TTLs cannot make known ones equal: judge what is known.
    const weights = records.map((r) => r.weight).filter((w): w is number => typeof w === "number");
    if (!activeWeightsEqual(weights)) {
        report(`Weighted records for ${label} have unequal weights (${listed([...new Set(weights.filter((w) => w > 0))].sort((a, b) => a - b))}); ` +
            "the document asks for equal weights across all weighted records. Give every record the same weight (0 only for a record being drained).", records[0].entry.ref.urn);
    }
    const ttls = records.filter((r) => r.entry.props.alias === false).map((r) => r.entry.props.ttl).filter((t): t is number => typeof t === "number");
    if (new Set(ttls).size > 1) {
        report(`Weighted records for ${label} have different TTLs (${listed([...new Set(ttls)].sort((a, b) => a - b))}); Route 53 refuses a weighted set with more than one TTL ` +
            "(\"weighted sets must contain the same TTL\"). Give every record of the set the same ttl.", records[0].entry.ref.urn);
    }
    const seen = new Map<string, string>();
    for (const { entry } of records) {
        const id = entry.props.setIdentifier;
        if (id === UNKNOWN) {
            continue;
        }
        if (id === undefined) {
            report(`Weighted record ${entry.ref.name} for ${label} has no set identifier; Route 53 requires one. Set setIdentifier.`, entry.ref.urn);
            continue;
        }
        const other = seen.get(id);
        if (other !== undefined) {
            report(`Weighted records ${other} and ${entry.ref.name} for ${label} share set identifier "${id}"; each needs its own. Give ${entry.ref.name} another setIdentifier.`, entry.ref.urn);
        }
        seen.set(id, entry.ref.name);
    }
}

/**
 * Every zone of this stack that holds a record for an IoT name must be private and attached to the IoT
 * endpoints' VPC, inline (`vpcs`) or through an association (hub and spoke: `ZoneAssociation`, or a
 * cross-account `VpcAssociationAuthorization` whose association the VPC's account makes). Zones outside
 * the stack are not judged.
 */
function checkZonePlacement(index: StackIndex, zonesHolding: Map<Entry<ZoneSnapshot>, Set<string>>, report: ReportViolation): void {
    const associations = associationsByZone(index, ["zoneAssociation", "vpcAssociationAuthorization"]);
    const iotEndpoints = index.iotEndpoints();
    const endpointVpcs = new Set(iotEndpoints.map((e) => e.props.vpcId));
    // A preview may not know an endpoint's VPC, or whether an endpoint is an IoT one: then no VPC is wrong.
    const vpcsDecided = ![...endpointVpcs].some((v) => typeof v !== "string") && index.undecidedEndpoints().length === 0;
    for (const [zone, names] of zonesHolding) {
        const holding = `${listed([...names].sort())}`;
        if (zone.props.isPublic === true) {
            report(`Zone ${zone.ref.name} holding ${holding} is public; records for IoT endpoint names belong in a private hosted zone attached to the endpoints' VPC. ` +
                "Create the zone with vpcs: [{ vpcId }] (AWS cannot associate a VPC with a public zone later).", zone.ref.urn);
            continue;
        }
        if (zone.props.isPublic !== false || !vpcsDecided || endpointVpcs.size === 0) {
            continue;
        }
        const inline = knownItems(zone.props.vpcIds);
        const associated = (associations.get(zone.ref.urn) ?? []).map((a) => a.props.vpcId);
        if (inline.unknown || associated.some((v) => v === UNKNOWN)) {
            continue;
        }
        const attached = [...inline.values, ...associated.filter((v): v is string => typeof v === "string")];
        if (attached.length > 0 && !attached.some((v) => endpointVpcs.has(v))) {
            report(`Zone ${zone.ref.name} holding ${holding} is attached to ${listed([...new Set(attached)])}, not to the IoT endpoints' VPC (${listed([...endpointVpcs].map(String))}). ` +
                "Attach it to that VPC (inline vpcs, or an aws.route53.ZoneAssociation).", zone.ref.urn);
        }
    }
}

export const privateZoneConflict: StackValidationPolicy = {
    name: "iot-dns-private-zone-conflict",
    description: "At most one private hosted zone of each IoT endpoint name (or custom domain) is associated with a VPC; Route 53 refuses a second (ConflictingDomainExists).",
    enforcementLevel: "mandatory",
    severity: "high",
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html",
    remediationSteps: "Keep one private zone per name per VPC: put every record of the name in that zone (one IotCoreVpcEndpoints per VPC) and associate other VPCs with it.",
    configSchema: { properties: {} },
    validateStack: validateStackSafely((args, report) => {
        if (args.resources.filter((r) => r.type === TYPES.zone).length < 2) {
            return;
        }
        const index = new StackIndex(args.resources, ["zone", "zoneAssociation", "domainConfiguration", "component"]);
        const isIotName = index.iotNames();
        const associations = associationsByZone(index, ["zoneAssociation"]);
        const claims = new Map<string, Entry<ZoneSnapshot>[]>();
        for (const zone of index.of("zone")) {
            const name = zone.props.name;
            if (typeof name !== "string" || !isIotName(name) || zone.props.isPublic !== false) {
                continue;
            }
            const vpcs = new Set([
                ...knownItems(zone.props.vpcIds).values,
                ...(associations.get(zone.ref.urn) ?? []).map((a) => a.props.vpcId).filter((v): v is string => typeof v === "string"),
            ]);
            for (const vpc of vpcs) {
                const key = `${normalizeDnsName(name)}|${vpc}`;
                claims.set(key, [...(claims.get(key) ?? []), zone]);
            }
        }
        const conflicts = new Map<string, { first: Entry<ZoneSnapshot>; second: Entry<ZoneSnapshot>; name: string; vpcs: string[] }>();
        for (const [key, zones] of claims) {
            const [name, vpc] = key.split("|");
            for (const second of zones.slice(1)) {
                const pair = `${zones[0].ref.urn}|${second.ref.urn}`;
                const c = conflicts.get(pair) ?? { first: zones[0], second, name, vpcs: [] };
                c.vpcs.push(vpc);
                conflicts.set(pair, c);
            }
        }
        for (const { first, second, name, vpcs } of conflicts.values()) {
            report(`Zones ${first.ref.name} and ${second.ref.name} are both private zones for ${name} associated with ${listed(vpcs)}; Route 53 refuses the second (ConflictingDomainExists). ` +
                `Keep one zone for ${name} per VPC: put its records in ${first.ref.name} and remove ${second.ref.name} or its association.`, second.ref.urn);
        }
    }),
};

interface AtsConfig { exemptNames: string[] }

const atsSchema: PolicyConfigSchema = {
    properties: {
        exemptNames: { type: "array", items: { type: "string" }, default: [], description: "DNS names this rule does not apply to." },
    },
};

function checkAtsName(name: unknown, kind: "zone" | "record", args: ResourceValidationArgs, report: ReportViolation): void {
    if (typeof name !== "string" || settings<AtsConfig>(atsSchema, args).exemptNames.map(normalizeDnsName).includes(normalizeDnsName(name))) {
        return;
    }
    if (isLegacyDataEndpointName(name)) {
        report(`The ${kind} ${name} is the legacy (VeriSign) data endpoint; VPC endpoints serve ATS certificates only. ` +
            "Use the iot:Data-ATS endpoint name (<prefix>-ats.iot.<region>.amazonaws.com).");
    } else if (kind === "zone" && shadowsIotEndpointNames(name)) {
        report(`The zone ${name} is a parent of the IoT Core endpoint names (<prefix>-ats.iot.<region>.amazonaws.com): inside the VPC it answers for them, ` +
            "and for every other AWS name beneath it, so it shadows them all. Name the private zone exactly after the account's ATS data endpoint instead.");
    }
}

export const atsOnly: ResourceValidationPolicy = {
    name: "iot-dns-ats-only",
    description: "VPC endpoints serve ATS certificates only: no zone or record for the legacy (non -ats) data endpoint, and no zone for a parent of the endpoint names (iot.<region>.amazonaws.com, <region>.amazonaws.com, amazonaws.com and the .cn forms). Custom domains are exempt.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Name the zone and records after the account's iot:Data-ATS endpoint (<prefix>-ats.iot.<region>.amazonaws.com).",
    configSchema: atsSchema,
    validateResource: validateTypes([TYPES.zone, TYPES.record], (args, report) => {
        const props = snapshot(args.props);
        if (args.type === TYPES.zone) {
            checkAtsName(readZone(props).name, "zone", args, report);
        } else {
            checkAtsName(readRecord(props).name, "record", args, report);
        }
    }),
};

/** The DNS policies, in the order of the README. */
export const dnsPolicies = [weightedRecords, privateZoneConflict, atsOnly];
