/**
 * Pure planning for `IotCoreVpcEndpoints`: capacity, stable child names, the private zones and their
 * weighted record sets, and the alarms. Returns plain data; imports nothing from `@pulumi/*`. The
 * component only wires what this returns.
 *
 * Names are built from stable keys, never from positions that shift: endpoint `k` is `ep<k>` (growing
 * the count appends), a subnet's key is its id when the id is known when the program runs (inserting
 * or removing a subnet leaves the others alone), and a custom domain's key is its name. A subnet id
 * that is an Output gets the positional key `subnet<n>`, which is stable under appending.
 */
import { RecordLayout, Settings } from "./args";
import { defaultAlarmThresholdPercent } from "./defaults";
import { CONNECTIONS_PER_ENDPOINT, GREENGRASS_OPTIONAL_SERVICES, GREENGRASS_S3_SERVICE, ROUTE53_MAX_WEIGHT } from "./limits";
import { devicesCarried, plannedDevicesPerEndpoint } from "./rules";

/** Which endpoints a zone's records point at. */
export type EndpointGroup = "data" | "credentials";

/** What the plan is made from: the component's resolved settings (`resolveArgs`). */
export type PlanSettings = Pick<Settings,
    "name" | "subnetKeys" | "drainingSubnetIds" | "endpointCount" | "expectedConnections" | "targetUtilizationPercent" | "recordLayout" | "customDomains" | "credentialsProvider" | "capacityAlarms">
    & Partial<Pick<Settings, "greengrass">>;

/** An endpoint for an AWS service other than IoT Core that Greengrass core devices need, with the private DNS AWS provides. */
export interface ServiceEndpointPlan {
    /** Stable key: the service with dots as dashes (`s3`, `greengrass`, `ecr-api`). */
    readonly key: string;
    /** The service part of the endpoint service name (`s3`, `ecr.api`). */
    readonly service: string;
    readonly resourceName: string;
    /** `Interface` (private DNS on), or `Gateway` for S3 on route tables. */
    readonly type: "Interface" | "Gateway";
}

export interface EndpointPlan {
    /** Stable key, `ep1`, `ep2`, ... (`cred1`, ... for the credential provider). */
    readonly key: string;
    /** Position in its group (0-based). */
    readonly index: number;
    /** Pulumi resource name of the interface endpoint. */
    readonly resourceName: string;
}

export interface SubnetPlan {
    /** Stable key: the subnet id when known, else `subnet<n>`. */
    readonly key: string;
    /** Position among the endpoints' subnets: `subnetIds`, then `drainingSubnetIds` (0-based). */
    readonly index: number;
    /** Being removed in two updates: the endpoints keep its interface, no answered record holds it. */
    readonly draining: boolean;
}

export interface RecordPlan {
    /** Pulumi resource name of the record. */
    readonly resourceName: string;
    /** Route 53 set identifier, unique within the name and type. */
    readonly setIdentifier: string;
    readonly endpointIndex: number;
    /**
     * The subnets whose ENI IPs the record answers with, by position: one for `perEni`, `all` the subnets
     * that are not draining for `perEndpoint` (known at deploy time when the number of subnets is), none
     * for alias records.
     */
    readonly subnetIndices: readonly number[] | "all";
    /** True for an alias to the endpoint's regional DNS name. */
    readonly alias: boolean;
    /** Route 53 weight (0..255). */
    readonly weight: number;
}

export interface ZonePlan {
    /** `ats`, `credentials` or `domain:<name>`. */
    readonly key: string;
    readonly kind: "ats" | "custom" | "credentials";
    /** Pulumi resource name of the private hosted zone. */
    readonly resourceName: string;
    /** The zone's DNS name when known when the program runs (custom domains). */
    readonly domainName?: string;
    readonly endpoints: EndpointGroup;
    readonly records: readonly RecordPlan[];
}

export interface AlarmPlan {
    readonly resourceName: string;
    readonly endpointIndex: number;
    /** Active connections at which the alarm fires. */
    readonly threshold: number;
}

export interface CapacityPlan {
    /** Interface endpoints for iot.data. */
    readonly endpoints: number;
    /** Network interfaces per endpoint (one per subnet). */
    readonly enisPerEndpoint: number;
    /** Network interfaces of the data endpoints in all. */
    readonly enis: number;
    /** Concurrent devices the endpoints carry at the documented limit of 100,000 each. */
    readonly maxDevices: number;
    /** Percent of 100,000 connections each endpoint is planned for. */
    readonly targetUtilizationPercent: number;
    /** Devices each endpoint is planned for: 100,000 x targetUtilizationPercent / 100. */
    readonly plannedDevicesPerEndpoint: number;
    /** Concurrent devices asked for. */
    readonly expectedConnections: number;
    /** Weighted records on the data endpoint name. */
    readonly records: number;
}

export interface DeploymentPlan {
    readonly layout: RecordLayout;
    readonly endpoints: readonly EndpointPlan[];
    readonly credentialEndpoints: readonly EndpointPlan[];
    /** Greengrass: S3 and the optional services' endpoints, in a fixed order. */
    readonly serviceEndpoints: readonly ServiceEndpointPlan[];
    readonly subnets: readonly SubnetPlan[];
    readonly zones: readonly ZonePlan[];
    readonly alarms: readonly AlarmPlan[];
    readonly capacity: CapacityPlan;
    /** Plain-language notes on the plan (trade-offs, imbalance), for the offline plan and operators. */
    readonly notes: readonly string[];
    /** The notes that point at a likely mistake: the component logs them as warnings. */
    readonly warnings: readonly string[];
    /** Child resource names that do not depend on counts. */
    readonly names: {
        readonly securityGroup: string;
        readonly devicePolicy: string;
        readonly resolverSecurityGroup: string;
        readonly resolver: string;
        readonly dashboard: string;
        readonly servicesSecurityGroup: string;
        readonly coreDevicePolicy: string;
    };
}

/** Stable key of endpoint `index` (0-based). */
export function endpointKey(index: number, prefix = "ep"): string {
    return `${prefix}${index + 1}`;
}

/** Stable keys for the subnets: the id when known, else `subnet<n>`. */
export function subnetKeys(subnetIds: readonly (string | undefined)[]): string[] {
    return subnetIds.map((id, i) => id ?? `subnet${i + 1}`);
}

/** A DNS name as a resource-name fragment: `devices.example.com` -> `devices-example-com`. */
export function domainKey(domainName: string): string {
    return domainName.toLowerCase().replace(/\.$/, "").replace(/[^a-z0-9]+/g, "-");
}

function gcd(a: number, b: number): number {
    return b === 0 ? a : gcd(b, a % b);
}

export interface Weights {
    /** Weight of each record of endpoint `e`. */
    readonly perEndpoint: readonly number[];
    /** True when every endpoint's records add up to the same total weight. */
    readonly balanced: boolean;
    readonly note?: string;
}

/**
 * Record weights that give every endpoint the same share of answers, since the 100,000-device limit is
 * per endpoint. With `n_e` records for endpoint `e`, each of its records weighs `L / n_e` where `L` is
 * the least common multiple of the counts. Equal counts (the usual case: every endpoint spans every
 * subnet) give equal weights of 1, as the document asks. If no such integers fit Route 53's 0..255,
 * weights fall back to equal and the plan says the endpoints are not balanced.
 */
export function balancedWeights(recordsPerEndpoint: readonly number[]): Weights {
    if (recordsPerEndpoint.length === 0) {
        return { perEndpoint: [], balanced: true };
    }
    const lcm = recordsPerEndpoint.reduce((acc, n) => (acc * n) / gcd(acc, n), 1);
    const weights = recordsPerEndpoint.map((n) => lcm / n);
    if (Math.max(...weights) <= ROUTE53_MAX_WEIGHT) {
        const unequal = new Set(recordsPerEndpoint).size > 1;
        return {
            perEndpoint: weights,
            balanced: true,
            note: unequal
                ? `endpoints have different record counts (${recordsPerEndpoint.join(", ")}); weights ${weights.join(", ")} give each endpoint the same share.`
                : undefined,
        };
    }
    return {
        perEndpoint: recordsPerEndpoint.map(() => 1),
        balanced: false,
        note: `record counts ${recordsPerEndpoint.join(", ")} cannot be balanced with Route 53 weights 0..${ROUTE53_MAX_WEIGHT}; equal per-record weights give endpoints with more records more devices.`,
    };
}

/** Weighted records one zone gets on its name for `endpoints` endpoints and `subnets` subnets. */
export function recordsPerName(layout: RecordLayout, endpoints: number, subnets: number): number {
    return layout === RecordLayout.PerEni ? endpoints * subnets : endpoints;
}

/** The records of one zone: `prefix` starts every resource name and set identifier. */
export function planRecords(layout: RecordLayout, prefix: string, endpoints: readonly EndpointPlan[], subnets: readonly SubnetPlan[]): { records: RecordPlan[]; weights: Weights } {
    const perEndpoint = layout === RecordLayout.PerEni ? subnets.filter((s) => !s.draining).length : 1;
    const weights = balancedWeights(endpoints.map(() => perEndpoint));
    const records: RecordPlan[] = endpoints.flatMap((e): RecordPlan[] => {
        const weight = weights.perEndpoint[e.index];
        if (layout === RecordLayout.PerEni) {
            return subnets.map((s) => {
                const setIdentifier = `${e.key}-${s.key}`;
                // A draining subnet keeps its records (same names) at weight 0: Route 53 never answers them.
                return { resourceName: `${prefix}-${setIdentifier}`, setIdentifier, endpointIndex: e.index, subnetIndices: [s.index], alias: false, weight: s.draining ? 0 : weight };
            });
        }
        const alias = layout === RecordLayout.Alias;
        const setIdentifier = `${e.key}-${alias ? "alias" : "enis"}`;
        return [{
            resourceName: `${prefix}-${setIdentifier}`,
            setIdentifier,
            endpointIndex: e.index,
            subnetIndices: alias ? [] : "all" as const,
            alias,
            weight,
        }];
    });
    return { records, weights };
}

/** Trade-offs of a layout, for the plan's notes (and the README). */
export function layoutNote(layout: RecordLayout, subnets: number | undefined): string {
    switch (layout) {
        case RecordLayout.PerEni:
            return `perEni: each DNS answer is one ENI IP; an Availability Zone outage leaves ${subnets === undefined || subnets > 1 ? `1/${subnets ?? "subnets"} of` : "all"} answers pointing at it until the ENI is removed or devices retry.`;
        case RecordLayout.PerEndpoint:
            return "perEndpoint: each DNS answer lists one endpoint's IPs in every Availability Zone, so a device can fall back to another zone; load is balanced per endpoint.";
        case RecordLayout.Alias:
            return "alias: each DNS answer is one endpoint's regional name, which AWS keeps pointed at its healthy ENIs; record TTL is the endpoint name's (60 s).";
    }
}

/** Plans endpoints, zones, records, alarms and capacity from the resolved settings. */
export function planDeployment(settings: PlanSettings): DeploymentPlan {
    const layout = settings.recordLayout;
    const name = settings.name;
    const endpointCount = settings.endpointCount;
    const endpoints: EndpointPlan[] = Array.from({ length: endpointCount }, (_, index) => ({
        key: endpointKey(index),
        index,
        resourceName: `${name}-${endpointKey(index)}`,
    }));
    const credentialEndpoints: EndpointPlan[] = Array.from({ length: settings.credentialsProvider?.endpointCount ?? 0 }, (_, index) => ({
        key: endpointKey(index, "cred"),
        index,
        resourceName: `${name}-${endpointKey(index, "cred")}`,
    }));
    const gg = settings.greengrass;
    const serviceEndpoints: ServiceEndpointPlan[] = gg === undefined ? [] : [
        { service: GREENGRASS_S3_SERVICE, type: gg.s3RouteTableIds === undefined ? "Interface" as const : "Gateway" as const },
        ...Object.entries(GREENGRASS_OPTIONAL_SERVICES).filter(([e]) => (gg.endpoints as readonly string[]).includes(e))
            .flatMap(([, services]) => services.map((service) => ({ service, type: "Interface" as const }))),
    ].map((e) => ({ ...e, key: e.service.replace(/\./g, "-"), resourceName: `${name}-${e.service.replace(/\./g, "-")}` }));
    // Without keys (one Output of a list), the layouts whose records do not depend on the subnets plan none.
    const subnets: SubnetPlan[] = [
        ...(settings.subnetKeys ?? []).map((key) => ({ key, draining: false })),
        ...settings.drainingSubnetIds.map((key) => ({ key, draining: true })),
    ].map((s, index) => ({ ...s, index }));
    const subnetsKnown = settings.subnetKeys !== undefined;
    const activeSubnets = subnets.filter((s) => !s.draining).length;

    // The ATS zone keeps the names of the first release: `<name>-zone`, records `<name>-<set id>`.
    const ats = planRecords(layout, name, endpoints, subnets);
    const zones: ZonePlan[] = [{ key: "ats", kind: "ats", resourceName: `${name}-zone`, endpoints: "data", records: ats.records }];
    for (const { domainName: domain } of settings.customDomains) {
        const prefix = `${name}-${domainKey(domain)}`;
        zones.push({ key: `domain:${domain}`, kind: "custom", resourceName: `${prefix}-zone`, domainName: domain, endpoints: "data", records: planRecords(layout, prefix, endpoints, subnets).records });
    }
    if (credentialEndpoints.length > 0) {
        const prefix = `${name}-credentials`;
        zones.push({ key: "credentials", kind: "credentials", resourceName: `${prefix}-zone`, endpoints: "credentials", records: planRecords(layout, prefix, credentialEndpoints, subnets).records });
    }

    const alarmShare = settings.capacityAlarms ? settings.capacityAlarms.thresholdPercent / 100 : undefined;
    const alarms: AlarmPlan[] = alarmShare === undefined ? [] : endpoints.map((e) => ({
        resourceName: `${e.resourceName}-connections`,
        endpointIndex: e.index,
        threshold: Math.floor(CONNECTIONS_PER_ENDPOINT * alarmShare),
    }));

    const notes: string[] = [layoutNote(layout, subnetsKnown ? activeSubnets : undefined)];
    if (ats.weights.note) {
        notes.push(ats.weights.note);
    }
    if (settings.drainingSubnetIds.length > 0) {
        notes.push(`draining ${settings.drainingSubnetIds.join(", ")}: the endpoints keep their interfaces there, no answered record holds them; remove them from drainingSubnetIds in the next update.`);
    }
    if (subnetsKnown && activeSubnets === 1) {
        notes.push("one subnet means one Availability Zone: an AZ outage disconnects every device.");
    }
    const warnings: string[] = [];
    if (settings.capacityAlarms && settings.capacityAlarms.thresholdPercent <= settings.targetUtilizationPercent) {
        warnings.push(`capacityAlarms.thresholdPercent ${settings.capacityAlarms.thresholdPercent} is at or below targetUtilizationPercent ` +
            `${settings.targetUtilizationPercent}: every endpoint alarms at its planned load, not before its limit. ` +
            `Pass a threshold between ${settings.targetUtilizationPercent} and 100, or omit it for ${defaultAlarmThresholdPercent(settings.targetUtilizationPercent)}.`);
    }
    notes.push(...warnings);
    return {
        layout,
        endpoints,
        credentialEndpoints,
        serviceEndpoints,
        subnets,
        zones,
        alarms,
        capacity: {
            endpoints: endpointCount,
            enisPerEndpoint: subnets.length,
            enis: endpointCount * subnets.length,
            maxDevices: devicesCarried(endpointCount),
            targetUtilizationPercent: settings.targetUtilizationPercent,
            plannedDevicesPerEndpoint: plannedDevicesPerEndpoint(settings.targetUtilizationPercent),
            expectedConnections: settings.expectedConnections,
            records: ats.records.length,
        },
        notes,
        warnings,
        names: {
            securityGroup: `${name}-sg`,
            devicePolicy: `${name}-device-policy`,
            resolverSecurityGroup: `${name}-resolver-sg`,
            resolver: `${name}-resolver`,
            dashboard: `${name}-dashboard`,
            servicesSecurityGroup: `${name}-services-sg`,
            coreDevicePolicy: `${name}-core-device-policy`,
        },
    };
}
