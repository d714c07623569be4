/**
 * Pure planning for `IotCoreVpcEndpoints`: capacity, stable child names and the weighted record set.
 * Returns plain data; imports nothing from `@pulumi/*`. The component only wires what this returns.
 *
 * Names are built from stable keys, never from positions that shift: endpoint `k` is `ep<k>` (growing
 * the count appends), and a subnet's key is its id when the id is known when the program runs
 * (inserting or removing a subnet leaves the others alone). A subnet id that is an Output gets the
 * positional key `subnet<n>`, which is stable under appending.
 */
import { CONNECTIONS_PER_ENDPOINT, ROUTE53_MAX_WEIGHT } from "./limits";
import { devicesServedBy, endpointsFor } from "./rules";

export interface PlanInput {
    /** The component's name; every child name starts with it. */
    readonly name: string;
    /** Concurrent devices to carry (default 100,000). */
    readonly expectedConnections?: number;
    /** Explicit endpoint count; overrides the one sized from `expectedConnections`. */
    readonly endpointCount?: number;
    /** Subnet ids in the order given; `undefined` where the id is not known when the program runs. */
    readonly subnetIds: readonly (string | undefined)[];
}

export interface EndpointPlan {
    /** Stable key, `ep1`, `ep2`, ... */
    readonly key: string;
    /** Position in the endpoint list (0-based). */
    readonly index: number;
    /** Pulumi resource name of the interface endpoint. */
    readonly resourceName: string;
}

export interface SubnetPlan {
    /** Stable key: the subnet id when known, else `subnet<n>`. */
    readonly key: string;
    /** Position in `subnetIds` (0-based). */
    readonly index: number;
}

export interface RecordPlan {
    /** Pulumi resource name of the record. */
    readonly resourceName: string;
    /** Route 53 set identifier, unique within the name and type. */
    readonly setIdentifier: string;
    readonly endpointIndex: number;
    readonly subnetIndex: number;
    /** Route 53 weight (0..255). */
    readonly weight: number;
}

export interface CapacityPlan {
    /** Interface endpoints. */
    readonly endpoints: number;
    /** Network interfaces per endpoint (one per subnet). */
    readonly enisPerEndpoint: number;
    /** Network interfaces in all. */
    readonly enis: number;
    /** Concurrent devices the endpoints carry, at 100,000 each. */
    readonly maxDevices: number;
    /** Concurrent devices asked for. */
    readonly expectedConnections: number;
    /** Weighted records on the endpoint name. */
    readonly records: number;
}

export interface DeploymentPlan {
    readonly endpoints: readonly EndpointPlan[];
    readonly subnets: readonly SubnetPlan[];
    readonly records: readonly RecordPlan[];
    readonly capacity: CapacityPlan;
    /** Whether every endpoint receives the same share of DNS answers (and so of devices). */
    readonly balanced: boolean;
    /** Plain-language notes on the plan, for the offline plan and the README. */
    readonly notes: readonly string[];
    /** Child resource names that do not depend on counts. */
    readonly names: { readonly securityGroup: string; readonly zone: string };
}

/** Stable key of endpoint `index` (0-based). */
export function endpointKey(index: number): string {
    return `ep${index + 1}`;
}

/** Stable keys for the subnets: the id when known, else `subnet<n>`. */
export function subnetKeys(subnetIds: readonly (string | undefined)[]): string[] {
    return subnetIds.map((id, i) => id ?? `subnet${i + 1}`);
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

/** The number of endpoints the plan creates. */
export function plannedEndpointCount(input: Pick<PlanInput, "expectedConnections" | "endpointCount">): number {
    return input.endpointCount ?? endpointsFor(input.expectedConnections ?? CONNECTIONS_PER_ENDPOINT);
}

/** Plans endpoints, records and capacity. Assumes the input passed `validatePlainArgs`. */
export function planDeployment(input: PlanInput): DeploymentPlan {
    const endpointCount = plannedEndpointCount(input);
    const keys = subnetKeys(input.subnetIds);
    const endpoints: EndpointPlan[] = Array.from({ length: endpointCount }, (_, index) => ({
        key: endpointKey(index),
        index,
        resourceName: `${input.name}-${endpointKey(index)}`,
    }));
    const subnets: SubnetPlan[] = keys.map((key, index) => ({ key, index }));
    const weights = balancedWeights(endpoints.map(() => subnets.length));
    const records: RecordPlan[] = endpoints.flatMap((e) =>
        subnets.map((s) => {
            const setIdentifier = `${e.key}-${s.key}`;
            return {
                resourceName: `${input.name}-${setIdentifier}`,
                setIdentifier,
                endpointIndex: e.index,
                subnetIndex: s.index,
                weight: weights.perEndpoint[e.index],
            };
        }),
    );
    const expectedConnections = input.expectedConnections ?? CONNECTIONS_PER_ENDPOINT;
    const notes: string[] = [];
    if (weights.note) {
        notes.push(weights.note);
    }
    if (subnets.length === 1) {
        notes.push("one subnet means one Availability Zone: an AZ outage disconnects every device.");
    }
    return {
        endpoints,
        subnets,
        records,
        capacity: {
            endpoints: endpointCount,
            enisPerEndpoint: subnets.length,
            enis: endpointCount * subnets.length,
            maxDevices: devicesServedBy(endpointCount),
            expectedConnections,
            records: records.length,
        },
        balanced: weights.balanced,
        notes,
        names: { securityGroup: `${input.name}-sg`, zone: `${input.name}-zone` },
    };
}
