/**
 * The stack configuration: every key the program reads, with its type, default and description (the
 * same table `Pulumi.yaml` documents; a test keeps them equal), and one pure parser that reports every
 * problem at once, naming the key.
 *
 * Stacks are named `<environment>-<region>`, such as `prod-eu-west-1`; the region must equal `aws:region`.
 */
import { RECORD_LAYOUTS, RecordLayout } from "../components/planning";
import { isChinaRegion, isRegionCode } from "../components/rules";

export const NAMESPACE = "iotvpc";

export type ConfigType = "string" | "integer" | "boolean" | "array";

export interface ConfigKey {
    readonly type: ConfigType;
    readonly default: string | number | boolean | string[];
    readonly description: string;
}

/** Every `iotvpc:` key the program reads. Optional keys have defaults (the CLI requires a value otherwise). */
export const CONFIG_KEYS = {
    vpcId: { type: "string", default: "", description: "Existing VPC for the endpoints (DNS support and hostnames on). Empty when createVpc is true." },
    subnetIds: { type: "array", default: [], description: "Existing private subnets, one per Availability Zone where iot.data is offered. Empty when createVpc is true." },
    createVpc: { type: "boolean", default: false, description: "Sandbox environments: create a VPC with isolated subnets (awsx.ec2.Vpc) instead of using vpcId and subnetIds." },
    vpcCidr: { type: "string", default: "10.0.0.0/16", description: "CIDR block of the VPC created when createVpc is true." },
    availabilityZones: { type: "array", default: [], description: "Availability Zone names for the VPC created when createVpc is true. Empty: the region's first availabilityZoneCount zones." },
    availabilityZoneCount: { type: "integer", default: 3, description: "Availability Zones for the VPC created when createVpc is true, when availabilityZones is empty." },
    expectedConnections: { type: "integer", default: 100000, description: "Peak concurrent devices; endpoints = ceil(expectedConnections / 100000)." },
    endpointCount: { type: "integer", default: 0, description: "Explicit number of interface endpoints; 0 sizes them from expectedConnections." },
    maxEndpointsPerVpc: { type: "integer", default: 50, description: "The account's interface-endpoints-per-VPC quota." },
    allowedCidrs: { type: "array", default: [], description: "IPv4 CIDRs devices connect from. Empty: the VPC's CIDR blocks." },
    ttl: { type: "integer", default: 60, description: "TTL of the weighted DNS records, in seconds." },
    mqttKeepAliveSeconds: { type: "integer", default: 230, description: "MQTT keep-alive devices use, in seconds (at most 230 through VPC endpoints)." },
    recordLayout: { type: "string", default: "perEni", description: "Private zone record layout: perEni (one record per ENI IP), perEndpoint (one per endpoint, up to 100 endpoints) or alias." },
    devicePolicy: { type: "boolean", default: false, description: "Create an IoT policy that lets devices connect only through this stack's endpoints (aws:SourceVpce)." },
    inboundResolver: { type: "boolean", default: false, description: "Create a Route 53 Resolver inbound endpoint for devices on remote networks." },
    capacityAlarmPercent: { type: "integer", default: 0, description: "Alarm when an endpoint's active connections reach this percent of 100,000; 0 for no alarms." },
    alarmTopicArns: { type: "array", default: [], description: "SNS topic ARNs the capacity alarms notify." },
    tags: { type: "array", default: [], description: "Extra tags as Key=Value strings, added to Environment, Stack and ManagedBy." },
} as const satisfies Record<string, ConfigKey>;

export type ConfigKeyName = keyof typeof CONFIG_KEYS;

/** One problem with the stack configuration. */
export interface ConfigProblem {
    readonly key: string;
    readonly value: string;
    readonly problem: string;
}

export class StackConfigError extends Error {
    constructor(readonly stack: string, readonly problems: readonly ConfigProblem[]) {
        super(`stack ${stack}: ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:\n` +
            problems.map((p) => `  - ${p.key} = ${p.value}: ${p.problem}`).join("\n"));
        this.name = "StackConfigError";
    }
}

export type Network =
    | { readonly kind: "existing"; readonly vpcId: string; readonly subnetIds: string[] }
    | { readonly kind: "create"; readonly cidrBlock: string; readonly availabilityZoneNames: string[]; readonly availabilityZoneCount: number };

export interface StackSettings {
    readonly stack: string;
    readonly environment: string;
    readonly region: string;
    /** The document: VPC endpoints for IoT Core are not supported in China; such stacks create nothing. */
    readonly skip?: { readonly reason: string };
    readonly network: Network;
    readonly expectedConnections: number;
    readonly endpointCount?: number;
    readonly maxEndpointsPerVpc: number;
    readonly allowedCidrs?: string[];
    readonly ttl: number;
    readonly mqttKeepAliveSeconds: number;
    readonly recordLayout: RecordLayout;
    readonly devicePolicy: boolean;
    readonly inboundResolver: boolean;
    /** Capacity alarms, or `undefined` for none. */
    readonly capacityAlarms?: { readonly thresholdPercent: number; readonly alarmActions: string[] };
    readonly tags: Record<string, string>;
}

/**
 * Parses the stack's configuration: `config` holds every key as the Pulumi runtime does
 * (`namespace:key` → string; arrays as JSON). Throws `StackConfigError` listing every problem.
 */
export function parseStackConfig(stack: string, config: Record<string, string>): StackSettings {
    const problems: ConfigProblem[] = [];
    const add = (key: string, value: unknown, problem: string) =>
        problems.push({ key, value: JSON.stringify(value) ?? String(value), problem });

    const known = new Set(Object.keys(CONFIG_KEYS).map((k) => `${NAMESPACE}:${k}`));
    for (const key of Object.keys(config)) {
        if (key.startsWith(`${NAMESPACE}:`) && !known.has(key)) {
            const name = key.slice(NAMESPACE.length + 1).toLowerCase();
            const close = Object.keys(CONFIG_KEYS).find((k) => k.toLowerCase() === name || k.toLowerCase().startsWith(name) || name.startsWith(k.toLowerCase()));
            add(key, config[key], `is not a key this program reads${close ? `; did you mean ${NAMESPACE}:${close}?` : ""} Known keys: ${Object.keys(CONFIG_KEYS).join(", ")}.`);
        }
    }

    // Each reader returns the key's default when the key is absent or malformed (and records why).
    const raw = (name: ConfigKeyName) => config[`${NAMESPACE}:${name}`];
    const str = (name: ConfigKeyName): string => raw(name) ?? (CONFIG_KEYS[name].default as string);
    const int = (name: ConfigKeyName): number => {
        const v = raw(name);
        if (v !== undefined && !/^-?\d+$/.test(v.trim())) {
            add(`${NAMESPACE}:${name}`, v, "must be a whole number.");
        }
        return v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v) : (CONFIG_KEYS[name].default as number);
    };
    const bool = (name: ConfigKeyName): boolean => {
        const v = raw(name);
        if (v !== undefined && v !== "true" && v !== "false") {
            add(`${NAMESPACE}:${name}`, v, "must be true or false.");
        }
        return v === undefined ? (CONFIG_KEYS[name].default as boolean) : v === "true";
    };
    const list = (name: ConfigKeyName): string[] => {
        const v = raw(name);
        if (v === undefined) {
            return [...(CONFIG_KEYS[name].default as readonly string[])];
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(v);
        } catch {
            parsed = undefined;
        }
        if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== "string")) {
            add(`${NAMESPACE}:${name}`, v, "must be a list of strings.");
            return [];
        }
        return parsed as string[];
    };

    // Stack name and region.
    const m = /^([a-z][a-z0-9]*)-([a-z]{2}(?:-[a-z]+)+-\d+)$/.exec(stack);
    const region = config["aws:region"];
    if (!m) {
        add("stack name", stack, "must be <environment>-<region>, such as dev-us-east-1 or prod-eu-west-1.");
    }
    if (region === undefined || region === "") {
        add("aws:region", region ?? "", `is required; set it to the region in the stack name${m ? ` (${m[2]})` : ""}.`);
    } else if (!isRegionCode(region)) {
        add("aws:region", region, "is not an AWS region code.");
    } else if (m && m[2] !== region) {
        add("aws:region", region, `does not match the stack name ${stack}; set it to ${m[2]} or rename the stack.`);
    }
    const environment = m?.[1] ?? stack;
    const effectiveRegion = region || m?.[2] || "";

    // Network.
    const createVpc = bool("createVpc");
    const vpcId = str("vpcId");
    const subnetIds = list("subnetIds");
    const availabilityZones = list("availabilityZones");
    const availabilityZoneCount = int("availabilityZoneCount");
    const vpcCidr = str("vpcCidr");
    let network: Network;
    if (createVpc) {
        if (vpcId !== "" || subnetIds.length > 0) {
            add(`${NAMESPACE}:createVpc`, true, `cannot be combined with ${NAMESPACE}:vpcId or ${NAMESPACE}:subnetIds; remove one or the other.`);
        }
        if (availabilityZones.length === 0 && (availabilityZoneCount < 1 || availabilityZoneCount > 6)) {
            add(`${NAMESPACE}:availabilityZoneCount`, availabilityZoneCount, "must be from 1 to 6.");
        }
        if (!/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-4])$/.test(vpcCidr)) {
            add(`${NAMESPACE}:vpcCidr`, vpcCidr, "must be an IPv4 CIDR from /16 to /24, such as 10.0.0.0/16.");
        }
        network = { kind: "create", cidrBlock: vpcCidr, availabilityZoneNames: availabilityZones, availabilityZoneCount: availabilityZones.length || availabilityZoneCount };
    } else {
        const skipping = isChinaRegion(effectiveRegion);
        if (vpcId === "" && !skipping) {
            add(`${NAMESPACE}:vpcId`, vpcId, `is required unless ${NAMESPACE}:createVpc is true.`);
        }
        if (subnetIds.length === 0 && !skipping) {
            add(`${NAMESPACE}:subnetIds`, subnetIds, `needs one subnet id per Availability Zone, unless ${NAMESPACE}:createVpc is true.`);
        }
        network = { kind: "existing", vpcId, subnetIds };
    }

    // Sizing and access.
    const expectedConnections = int("expectedConnections");
    if (expectedConnections < 1) {
        add(`${NAMESPACE}:expectedConnections`, expectedConnections, "must be at least 1.");
    }
    const endpointCount = int("endpointCount");
    if (endpointCount < 0) {
        add(`${NAMESPACE}:endpointCount`, endpointCount, "must be 0 (size from expectedConnections) or more.");
    }
    const maxEndpointsPerVpc = int("maxEndpointsPerVpc");
    const allowedCidrs = list("allowedCidrs");
    const ttl = int("ttl");
    const mqttKeepAliveSeconds = int("mqttKeepAliveSeconds");
    const recordLayout = str("recordLayout");
    if (!RECORD_LAYOUTS.includes(recordLayout)) {
        add(`${NAMESPACE}:recordLayout`, recordLayout, `must be one of ${RECORD_LAYOUTS.join(", ")}.`);
    }
    const capacityAlarmPercent = int("capacityAlarmPercent");
    if (capacityAlarmPercent < 0 || capacityAlarmPercent > 100) {
        add(`${NAMESPACE}:capacityAlarmPercent`, capacityAlarmPercent, "must be from 1 to 100, or 0 for no alarms.");
    }
    const alarmTopicArns = list("alarmTopicArns");
    if (alarmTopicArns.length > 0 && capacityAlarmPercent === 0) {
        add(`${NAMESPACE}:alarmTopicArns`, alarmTopicArns, `has no alarms to notify; set ${NAMESPACE}:capacityAlarmPercent too.`);
    }

    const tags: Record<string, string> = {};
    for (const t of list("tags")) {
        const eq = t.indexOf("=");
        if (eq <= 0) {
            add(`${NAMESPACE}:tags`, t, "must be Key=Value.");
        } else {
            tags[t.slice(0, eq)] = t.slice(eq + 1);
        }
    }

    if (problems.length > 0) {
        throw new StackConfigError(stack, problems);
    }
    return {
        stack,
        environment,
        region: effectiveRegion,
        skip: isChinaRegion(effectiveRegion)
            ? { reason: `${effectiveRegion} is an AWS China Region: VPC endpoints for IoT Core are not supported there (source document, "Availability"). Nothing was created.` }
            : undefined,
        network,
        expectedConnections,
        endpointCount: endpointCount > 0 ? endpointCount : undefined,
        maxEndpointsPerVpc,
        allowedCidrs: allowedCidrs.length > 0 ? allowedCidrs : undefined,
        ttl,
        mqttKeepAliveSeconds,
        recordLayout: recordLayout as RecordLayout,
        devicePolicy: bool("devicePolicy"),
        inboundResolver: bool("inboundResolver"),
        capacityAlarms: capacityAlarmPercent > 0 ? { thresholdPercent: capacityAlarmPercent, alarmActions: alarmTopicArns } : undefined,
        tags: { Environment: environment, Stack: stack, ManagedBy: "pulumi-iotvpc", ...tags },
    };
}
