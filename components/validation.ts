/**
 * Input validation for `IotCoreVpcEndpoints`: pure functions that return every problem at once.
 *
 * `validatePlainArgs` judges what is known when the program runs (construction time);
 * `validateDeployFacts` judges what AWS tells us at deploy time (subnet zones, the service's zones,
 * the region) and runs inside `apply`, gating every resource that depends on it.
 */
import {
    CONNECTIONS_PER_ENDPOINT,
    DEFAULT_MAX_ENDPOINTS_PER_VPC,
    DEVICE_PORTS,
    MAX_WEIGHTED_RECORDS_PER_NAME,
    MQTT_KEEP_ALIVE_MAX_SECONDS,
} from "./limits";
import {
    devicesServedBy,
    endpointsFor,
    isAtsDataEndpointName,
    isChinaRegion,
    isDevicePort,
    isOpenToWorld,
    isRegionCode,
    keepAliveWithinLimit,
    parseIpv4Cidr,
} from "./rules";

/** One thing wrong with the input: which argument, its value, and how to fix it. */
export interface Problem {
    readonly argument: string;
    readonly value: string;
    readonly problem: string;
    readonly fix: string;
}

/** Thrown when a component's arguments are invalid; lists every problem. */
export class InvalidArgumentsError extends Error {
    constructor(
        readonly component: string,
        readonly problems: readonly Problem[],
    ) {
        super(formatProblems(component, problems));
        this.name = "InvalidArgumentsError";
    }
}

export function formatProblems(component: string, problems: readonly Problem[]): string {
    const lines = problems.map((p) => `  - ${p.argument} = ${p.value}: ${p.problem} Fix: ${p.fix}`);
    const noun = problems.length === 1 ? "problem" : "problems";
    return `${component} has ${problems.length} invalid argument ${noun}:\n${lines.join("\n")}`;
}

/** Throws `InvalidArgumentsError` when `problems` is not empty. */
export function throwIfProblems(component: string, problems: readonly Problem[]): void {
    if (problems.length > 0) {
        throw new InvalidArgumentsError(component, problems);
    }
}

/** Renders a value for a message: strings quoted, arrays and objects as JSON, `undefined` as such. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    if (typeof value === "number") {
        return String(value);
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

export function isPositiveInteger(v: unknown): v is number {
    return typeof v === "number" && Number.isInteger(v) && v > 0;
}

/** What the component knows about its arguments when the program runs. */
export interface PlainArgs {
    /** The VPC id when it is a plain string. */
    readonly vpcId?: string;
    /** Subnet ids; `undefined` where a subnet id is an Output not known yet. */
    readonly subnetIds: readonly (string | undefined)[] | undefined;
    readonly expectedConnections?: unknown;
    readonly endpointCount?: unknown;
    readonly maxEndpointsPerVpc?: unknown;
    /** Allowed CIDRs; `undefined` entries are Outputs not known yet. Absent: the VPC's CIDR blocks. */
    readonly allowedCidrs?: readonly (string | undefined)[];
    readonly devicePorts?: unknown;
    readonly ttl?: unknown;
    readonly region?: unknown;
    readonly allowChinaRegions?: unknown;
    readonly mqttKeepAliveSeconds?: unknown;
}

const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const VPC_ID = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** The number of endpoints the arguments ask for, or `undefined` if they are invalid. */
export function requestedEndpoints(expectedConnections: unknown, endpointCount: unknown): number | undefined {
    if (endpointCount !== undefined) {
        return isPositiveInteger(endpointCount) ? endpointCount : undefined;
    }
    if (expectedConnections === undefined) {
        return 1;
    }
    return isPositiveInteger(expectedConnections) ? endpointsFor(expectedConnections) : undefined;
}

/** Every problem with the arguments that can be judged when the program runs. */
export function validatePlainArgs(a: PlainArgs): Problem[] {
    const problems: Problem[] = [];
    const add = (argument: string, value: unknown, problem: string, fix: string) =>
        problems.push({ argument, value: show(value), problem, fix });

    if (a.vpcId !== undefined && !VPC_ID.test(a.vpcId)) {
        add("vpcId", a.vpcId, "is not a VPC id.", "pass the id of an existing VPC, such as vpc-0123456789abcdef0.");
    }

    // Subnets: one per Availability Zone, no repeats.
    const subnets = a.subnetIds;
    if (!Array.isArray(subnets) || subnets.length === 0) {
        add("subnetIds", subnets ?? [], "at least one subnet is required.",
            "pass one private subnet id per Availability Zone where iot.data is offered (two or more for availability).");
    } else {
        const seen = new Set<string>();
        for (const id of subnets) {
            if (id === undefined) {
                continue;
            }
            if (!SUBNET_ID.test(id)) {
                add("subnetIds", id, "is not a subnet id.", "pass subnet ids such as subnet-0123456789abcdef0.");
            } else if (seen.has(id)) {
                add("subnetIds", id, "is listed more than once.", "list each subnet once; an endpoint has one network interface per subnet.");
            }
            seen.add(id);
        }
    }

    // Capacity.
    if (a.expectedConnections !== undefined && !isPositiveInteger(a.expectedConnections)) {
        add("expectedConnections", a.expectedConnections, "must be a positive finite integer (concurrent devices).",
            `pass the peak number of concurrently connected devices, such as ${CONNECTIONS_PER_ENDPOINT}.`);
    }
    if (a.endpointCount !== undefined && !isPositiveInteger(a.endpointCount)) {
        add("endpointCount", a.endpointCount, "must be a positive finite integer.",
            "omit it to size from expectedConnections, or pass the number of interface endpoints, such as 2.");
    }
    const maxEndpoints = a.maxEndpointsPerVpc ?? DEFAULT_MAX_ENDPOINTS_PER_VPC;
    if (!isPositiveInteger(maxEndpoints)) {
        add("maxEndpointsPerVpc", maxEndpoints, "must be a positive finite integer.",
            `omit it for the default quota of ${DEFAULT_MAX_ENDPOINTS_PER_VPC}, or pass the quota your account was granted.`);
    }
    const endpoints = requestedEndpoints(a.expectedConnections, a.endpointCount);
    if (endpoints !== undefined && isPositiveInteger(a.endpointCount) && isPositiveInteger(a.expectedConnections)
        && devicesServedBy(a.endpointCount) < a.expectedConnections) {
        add("endpointCount", a.endpointCount,
            `carries ${show(devicesServedBy(a.endpointCount))} devices at ${show(CONNECTIONS_PER_ENDPOINT)} per endpoint, fewer than expectedConnections = ${show(a.expectedConnections)}.`,
            `raise endpointCount to at least ${endpointsFor(a.expectedConnections)}, or omit it to size from expectedConnections.`);
    }
    if (endpoints !== undefined && isPositiveInteger(maxEndpoints) && endpoints > maxEndpoints) {
        const arg = a.endpointCount !== undefined ? "endpointCount" : "expectedConnections";
        add(arg, a.endpointCount ?? a.expectedConnections,
            `needs ${endpoints} interface endpoints, more than the ${maxEndpoints} per VPC allowed by maxEndpointsPerVpc.`,
            `request a higher "Interface VPC endpoints per VPC" quota and set maxEndpointsPerVpc to it, or spread devices over more VPCs.`);
    }
    const records = endpoints !== undefined && Array.isArray(subnets) ? endpoints * subnets.length : 0;
    if (records > MAX_WEIGHTED_RECORDS_PER_NAME) {
        add("subnetIds", `${endpoints} endpoints x ${subnets?.length} subnets`,
            `would need ${records} weighted records on one name (one per network interface); Route 53 allows ${MAX_WEIGHTED_RECORDS_PER_NAME}.`,
            `use fewer subnets or endpoints so that endpoints x subnets <= ${MAX_WEIGHTED_RECORDS_PER_NAME}.`);
    }

    // Who may connect, and on which ports.
    if (a.allowedCidrs !== undefined) {
        if (a.allowedCidrs.length === 0) {
            add("allowedCidrs", [], "is empty, so no device could connect.",
                "omit it to allow the VPC's CIDR blocks, or list the device networks.");
        }
        for (const c of a.allowedCidrs) {
            if (c !== undefined) {
                problems.push(...cidrProblems("allowedCidrs", c));
            }
        }
    }
    if (a.devicePorts !== undefined) {
        const ports = a.devicePorts;
        if (!Array.isArray(ports) || ports.length === 0) {
            add("devicePorts", ports, "must be a non-empty list of ports.", `omit it for ${DEVICE_PORTS.join(", ")}, or pick from those.`);
        } else {
            for (const p of ports) {
                if (typeof p !== "number" || !isDevicePort(p)) {
                    add("devicePorts", p, "is not a port devices use on the IoT data plane.", `pick from ${DEVICE_PORTS.join(", ")}.`);
                }
            }
        }
    }

    // DNS.
    if (a.ttl !== undefined && !(typeof a.ttl === "number" && Number.isInteger(a.ttl) && a.ttl >= 0 && a.ttl <= 2147483647)) {
        add("ttl", a.ttl, "must be a whole number of seconds from 0 to 2147483647.", "omit it for 60 seconds, or pass a short TTL such as 30.");
    }

    // MQTT keep-alive.
    if (a.mqttKeepAliveSeconds !== undefined) {
        const k = a.mqttKeepAliveSeconds;
        if (!isPositiveInteger(k)) {
            add("mqttKeepAliveSeconds", k, "must be a positive whole number of seconds.", `pass at most ${MQTT_KEEP_ALIVE_MAX_SECONDS}.`);
        } else if (!keepAliveWithinLimit(k)) {
            add("mqttKeepAliveSeconds", k,
                `exceeds the ${MQTT_KEEP_ALIVE_MAX_SECONDS} s limit of VPC endpoints: the endpoint would cut it to ${MQTT_KEEP_ALIVE_MAX_SECONDS} s.`,
                `pass ${MQTT_KEEP_ALIVE_MAX_SECONDS} or less so devices and the broker agree.`);
        }
    }

    // Region.
    if (a.region !== undefined) {
        if (typeof a.region !== "string" || !isRegionCode(a.region)) {
            add("region", a.region, "is not an AWS region code.", "pass a region such as us-east-1, or omit it to use the provider's region.");
        } else {
            problems.push(...regionProblems(a.region, a.allowChinaRegions === true));
        }
    }
    if (a.allowChinaRegions !== undefined && typeof a.allowChinaRegions !== "boolean") {
        add("allowChinaRegions", a.allowChinaRegions, "must be true or false.", "omit it (false) unless you rely on newer AWS documentation for China.");
    }
    return problems;
}

/** Problems with one allowed CIDR. */
export function cidrProblems(argument: string, cidr: string): Problem[] {
    if (isOpenToWorld(cidr)) {
        return [{ argument, value: show(cidr), problem: "would let the whole internet reach the endpoints.",
            fix: "list the device networks (VPC, VPN or Direct Connect ranges); never 0.0.0.0/0." }];
    }
    if (!parseIpv4Cidr(cidr)) {
        return [{ argument, value: show(cidr), problem: "is not an IPv4 CIDR block with its host bits clear.",
            fix: "write it as a.b.c.d/n, such as 10.0.0.0/16 (VPC endpoints for IoT Core are IPv4 only)." }];
    }
    return [];
}

/** Problems with the region the endpoints would be created in. */
export function regionProblems(region: string, allowChinaRegions: boolean): Problem[] {
    if (isChinaRegion(region) && !allowChinaRegions) {
        return [{ argument: "region", value: show(region),
            problem: "is an AWS China Region, where VPC endpoints for IoT Core are not supported (source document: Availability).",
            fix: "deploy to another region, or set allowChinaRegions: true if you rely on newer AWS documentation that lists iot.data there." }];
    }
    return [];
}

/** What AWS says at deploy time about the region, the service and the subnets. */
export interface DeployFacts {
    readonly region: string;
    readonly vpcId: string;
    /** The endpoint service AWS returned, and the Availability Zones where it is offered. */
    readonly service: { readonly serviceName: string; readonly availabilityZones: readonly string[] };
    readonly subnets: readonly { readonly id: string; readonly availabilityZone: string; readonly vpcId: string }[];
    /** Allowed CIDRs as resolved (explicit or the VPC's). */
    readonly allowedCidrs: readonly string[];
    readonly allowChinaRegions: boolean;
    /** The VPC's DNS attributes: private hosted zones resolve only with both enabled. */
    readonly vpcDns: { readonly enableDnsSupport: boolean; readonly enableDnsHostnames: boolean };
    /** The account's data endpoint name from `iot:Data-ATS`. */
    readonly dataEndpoint: string;
}

/** Every problem AWS would refuse at deploy time, judged before any resource is created. */
export function validateDeployFacts(f: DeployFacts): Problem[] {
    const problems: Problem[] = [...regionProblems(f.region, f.allowChinaRegions)];
    const offered = new Set(f.service.availabilityZones);
    const byZone = new Map<string, string[]>();
    const seen = new Set<string>();
    for (const s of f.subnets) {
        if (seen.has(s.id)) {
            problems.push({ argument: "subnetIds", value: show(s.id), problem: "is listed more than once.",
                fix: "list each subnet once; an endpoint has one network interface per subnet." });
            continue;
        }
        seen.add(s.id);
        if (s.vpcId !== f.vpcId) {
            problems.push({ argument: "subnetIds", value: show(s.id), problem: `belongs to ${s.vpcId}, not to vpcId ${f.vpcId}.`,
                fix: `pass subnets of ${f.vpcId}.` });
        }
        if (!offered.has(s.availabilityZone)) {
            problems.push({ argument: "subnetIds", value: show(s.id),
                problem: `is in ${s.availabilityZone}, where ${f.service.serviceName} is not offered.`,
                fix: `use subnets in the zones where it is offered: ${[...offered].sort().join(", ")}.` });
        }
        byZone.set(s.availabilityZone, [...(byZone.get(s.availabilityZone) ?? []), s.id]);
    }
    for (const [zone, ids] of byZone) {
        if (ids.length > 1) {
            problems.push({ argument: "subnetIds", value: show(ids),
                problem: `are in the same Availability Zone ${zone}; an endpoint takes at most one subnet per zone.`,
                fix: "keep one subnet per Availability Zone." });
        }
    }
    for (const c of f.allowedCidrs) {
        problems.push(...cidrProblems("allowedCidrs", c));
    }
    if (!f.vpcDns.enableDnsSupport || !f.vpcDns.enableDnsHostnames) {
        problems.push({ argument: "vpcId", value: show(f.vpcId),
            problem: `has enableDnsSupport=${f.vpcDns.enableDnsSupport} and enableDnsHostnames=${f.vpcDns.enableDnsHostnames}; private hosted zones resolve only with both true.`,
            fix: "enable DNS resolution and DNS hostnames on the VPC (aws.ec2.Vpc enableDnsSupport and enableDnsHostnames)." });
    }
    if (!isAtsDataEndpointName(f.dataEndpoint)) {
        problems.push({ argument: "dataEndpoint", value: show(f.dataEndpoint),
            problem: "is not an ATS data endpoint name (<prefix>-ats.iot.<region>.amazonaws.com); VPC endpoints serve ATS certificates only.",
            fix: "check the provider's credentials and region: aws iot describe-endpoint --endpoint-type iot:Data-ATS must return the -ats name." });
    }
    return problems;
}
