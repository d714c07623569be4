/**
 * The stack configuration: every key the program reads, with its type, default and description (the
 * same table `Pulumi.yaml` documents; a test keeps them equal), and one pure parser that reports every
 * problem of a stack file at once, naming the key, including what the component itself would refuse.
 *
 * Most keys set one argument of the component (`argument` below): a key left at its default leaves the
 * argument out, so the component's own default (`components/defaults.ts`) applies. Adding such an
 * argument to the stacks is one entry here and its line in `Pulumi.yaml`.
 *
 * Stacks are named `<environment>-<region>`, such as `prod-eu-west-1`; the region must equal `aws:region`.
 */
import { IotCoreVpcEndpointsArgs } from "../components/args";
import { DEFAULTS } from "../components/defaults";
import { isChinaRegion, isRegionCode } from "../components/rules";
import { resolveArgs } from "../components/validation";

export const NAMESPACE = "iotvpc";

export type ConfigType = "string" | "integer" | "boolean" | "array";

export interface ConfigKey {
    readonly type: ConfigType;
    readonly default: string | number | boolean | readonly string[];
    readonly description: string;
    /** The component argument the key sets (a dotted path for nested ones). Keys without one shape the network or the stack itself. */
    readonly argument?: string;
    /** A boolean key that switches on an opt-in whose argument is an object of settings: true sets it to `{}`. */
    readonly optIn?: true;
    /** How the key's value becomes the argument's, when it is not the value itself. */
    readonly toArgument?: (value: string[]) => unknown;
}

/** Every `iotvpc:` key the program reads. Optional keys have defaults (the CLI requires a value otherwise). */
export const CONFIG_KEYS = {
    vpcId: { type: "string", default: "", description: "Existing VPC for the endpoints (DNS support and hostnames on). Empty when createVpc is true." },
    subnetIds: { type: "array", default: [], description: "Existing private subnets, one per Availability Zone where iot.data is offered. Empty when createVpc is true." },
    drainingSubnetIds: { type: "array", default: [], description: "Subnets being removed in two updates: moved here from subnetIds, they answer no DNS query; drop them in the next update.", argument: "drainingSubnetIds" },
    createVpc: { type: "boolean", default: false, description: "Sandbox environments: create a VPC with isolated subnets (awsx.ec2.Vpc) instead of using vpcId and subnetIds." },
    vpcCidr: { type: "string", default: "10.0.0.0/16", description: "CIDR block of the VPC created when createVpc is true." },
    availabilityZones: { type: "array", default: [], description: "Availability Zone names for the VPC created when createVpc is true. Empty: the region's first availabilityZoneCount zones." },
    availabilityZoneCount: { type: "integer", default: 3, description: "Availability Zones for the VPC created when createVpc is true, when availabilityZones is empty." },
    expectedConnections: { type: "integer", default: DEFAULTS.expectedConnections, description: "Peak concurrent devices; endpoints = ceil(expectedConnections / (100000 x targetUtilizationPercent / 100)).", argument: "expectedConnections" },
    targetUtilizationPercent: { type: "integer", default: DEFAULTS.targetUtilizationPercent, description: "Percent of 100,000 connections each endpoint is planned for at the peak (headroom for DNS spreading devices at random); 100 plans at the limit.", argument: "targetUtilizationPercent" },
    endpointCount: { type: "integer", default: 0, description: "Explicit number of interface endpoints; 0 sizes them from expectedConnections.", argument: "endpointCount" },
    maxEndpointsPerVpc: { type: "integer", default: DEFAULTS.maxEndpointsPerVpc, description: "The account's interface-endpoints-per-VPC quota.", argument: "maxEndpointsPerVpc" },
    allowedCidrs: { type: "array", default: [], description: "IPv4 CIDRs devices connect from. Empty: the VPC's CIDR blocks.", argument: "allowedCidrs" },
    additionalVpcIds: { type: "array", default: [], description: "Spoke VPCs of the same account that resolve the private zones too (hub and spoke).", argument: "additionalVpcs", toArgument: (ids) => ids.map((vpcId) => ({ vpcId })) },
    existingHostedZoneId: { type: "string", default: "", description: "An existing private zone for the account's IoT endpoint name on the VPC to put the records in, instead of creating one.", argument: "existingHostedZoneId" },
    allowPublicCidrs: { type: "boolean", default: DEFAULTS.allowPublicCidrs, description: "Allow allowedCidrs to include public address space (never the whole internet).", argument: "allowPublicCidrs" },
    ttl: { type: "integer", default: DEFAULTS.ttl, description: "TTL of the weighted DNS records, in seconds.", argument: "ttl" },
    mqttKeepAliveSeconds: { type: "integer", default: DEFAULTS.mqttKeepAliveSeconds, description: "MQTT keep-alive devices use, in seconds (at most 230 through VPC endpoints).", argument: "mqttKeepAliveSeconds" },
    recordLayout: { type: "string", default: DEFAULTS.recordLayout, description: "Private zone record layout: perEni (one record per ENI IP), perEndpoint (one per endpoint, up to 100 endpoints) or alias.", argument: "recordLayout" },
    devicePolicy: { type: "boolean", default: false, description: "Create an IoT policy that lets devices connect only through this stack's endpoints (aws:SourceVpce).", argument: "devicePolicy", optIn: true },
    inboundResolver: { type: "boolean", default: false, description: "Create a Route 53 Resolver inbound endpoint for devices on remote networks.", argument: "inboundResolver", optIn: true },
    capacityAlarmPercent: { type: "integer", default: 0, description: "Alarm when an endpoint's active connections reach this percent of 100,000; 0 for no alarms.", argument: "capacityAlarms.thresholdPercent" },
    dashboard: { type: "boolean", default: DEFAULTS.dashboard, description: "Create a CloudWatch dashboard of the endpoints' connections against their capacity.", argument: "dashboard" },
    alarmTopicArns: { type: "array", default: [], description: "SNS topic ARNs the capacity alarms notify.", argument: "capacityAlarms.alarmActions" },
    greengrass: { type: "boolean", default: false, description: "Serve Greengrass V2 core devices with no route to the internet: the credential provider, S3 and the nucleus configuration (greengrassNucleusConfig).", argument: "greengrass" },
    greengrassEndpoints: { type: "array", default: [], description: "More endpoints with private DNS for Greengrass components: greengrass, logs, secretsmanager, ecr, sts.", argument: "greengrassOptions.endpoints" },
    greengrassDataPlanePort: { type: "integer", default: DEFAULTS.greengrass.dataPlanePort, description: "The nucleus's data plane port (greengrassDataPlanePort): 8443 or 443.", argument: "greengrassOptions.dataPlanePort" },
    greengrassCoreDevices: { type: "integer", default: DEFAULTS.greengrass.coreDevices, description: "Greengrass core devices, counted as connections beside expectedConnections.", argument: "greengrassOptions.coreDevices" },
    greengrassS3RouteTableIds: { type: "array", default: [], description: "Route tables for an S3 gateway endpoint instead of the S3 interface endpoint (devices inside the VPC only).", argument: "greengrassOptions.s3RouteTableIds" },
    greengrassTokenExchangeRoleAlias: { type: "string", default: "", description: "The core devices' token exchange role alias (iotRoleAlias in the nucleus configuration).", argument: "greengrassOptions.tokenExchangeRoleAlias" },
    greengrassCoreDevicePolicy: { type: "boolean", default: false, description: "Create the core devices' VPC-only IoT policy (needs greengrassTokenExchangeRoleAlias).", argument: "greengrassOptions.coreDevicePolicy" },
    tags: { type: "array", default: [], description: "Extra tags as Key=Value strings, added to Environment, Stack and ManagedBy." },
} as const satisfies Record<string, ConfigKey>;

export type ConfigKeyName = keyof typeof CONFIG_KEYS;

/** One problem with the stack configuration: the key (`iotvpc:ttl`), its value, what is wrong and, when known, the fix. */
export interface ConfigProblem {
    readonly key: string;
    readonly value: string;
    readonly problem: string;
    readonly fix?: string;
}

export class StackConfigError extends Error {
    constructor(readonly stack: string, readonly problems: readonly ConfigProblem[]) {
        super(`stack ${stack}: ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:\n` +
            problems.map((p) => `  - ${p.key} = ${p.value}: ${p.problem}${p.fix ? ` Fix: ${p.fix}` : ""}`).join("\n"));
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
    /** The component's arguments from the keys that set one (keys at their default are left out); no VPC or subnets yet. */
    readonly args: Omit<IotCoreVpcEndpointsArgs, "vpcId" | "subnetIds">;
    /** Tags for every resource: Environment, Stack and ManagedBy, then the `tags` key's. */
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

    // Every key read once, by its type. A malformed value is a problem and reads as the key's default.
    const values = {} as Record<ConfigKeyName, string | number | boolean | string[]>;
    for (const name of Object.keys(CONFIG_KEYS) as ConfigKeyName[]) {
        values[name] = readKey(name, config[`${NAMESPACE}:${name}`], (problem, value) => add(`${NAMESPACE}:${name}`, value, problem));
    }
    const str = (name: ConfigKeyName) => values[name] as string;
    const int = (name: ConfigKeyName) => values[name] as number;
    const bool = (name: ConfigKeyName) => values[name] as boolean;
    const list = (name: ConfigKeyName) => values[name] as string[];

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
    const skip = isChinaRegion(effectiveRegion)
        ? { reason: `${effectiveRegion} is an AWS China Region: VPC endpoints for IoT Core are not supported there (source document, "Availability"). Nothing was created.` }
        : undefined;

    // Network.
    let network: Network;
    if (bool("createVpc")) {
        if (str("vpcId") !== "" || list("subnetIds").length > 0) {
            add(`${NAMESPACE}:createVpc`, true, `cannot be combined with ${NAMESPACE}:vpcId or ${NAMESPACE}:subnetIds; remove one or the other.`);
        }
        const zones = list("availabilityZones");
        if (zones.length === 0 && (int("availabilityZoneCount") < 1 || int("availabilityZoneCount") > 6)) {
            add(`${NAMESPACE}:availabilityZoneCount`, int("availabilityZoneCount"), "must be from 1 to 6.");
        }
        if (!/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-4])$/.test(str("vpcCidr"))) {
            add(`${NAMESPACE}:vpcCidr`, str("vpcCidr"), "must be an IPv4 CIDR from /16 to /24, such as 10.0.0.0/16.");
        }
        network = { kind: "create", cidrBlock: str("vpcCidr"), availabilityZoneNames: zones, availabilityZoneCount: zones.length || int("availabilityZoneCount") };
    } else {
        if (str("vpcId") === "" && !skip) {
            add(`${NAMESPACE}:vpcId`, "", `is required unless ${NAMESPACE}:createVpc is true.`);
        }
        if (list("subnetIds").length === 0 && !skip) {
            add(`${NAMESPACE}:subnetIds`, [], `needs one subnet id per Availability Zone, unless ${NAMESPACE}:createVpc is true.`);
        }
        network = { kind: "existing", vpcId: str("vpcId"), subnetIds: list("subnetIds") };
    }

    // The keys that set component arguments, and the two that need each other.
    const greengrassKeys = (Object.keys(CONFIG_KEYS) as ConfigKeyName[]).filter((k) => k.startsWith("greengrass") && k !== "greengrass"
        && JSON.stringify(values[k]) !== JSON.stringify(CONFIG_KEYS[k].default));
    if (config[`${NAMESPACE}:greengrass`] !== undefined && !bool("greengrass") && greengrassKeys.length > 0) {
        // any greengrass* key turns Greengrass on (greengrassOptions): an explicit false would be overruled silently
        add(`${NAMESPACE}:greengrass`, false, `contradicts ${greengrassKeys.map((k) => `${NAMESPACE}:${k}`).join(", ")}, which turn Greengrass on; ` +
            `remove ${NAMESPACE}:greengrass: false, or those keys.`);
    }
    if (int("endpointCount") < 0) {
        add(`${NAMESPACE}:endpointCount`, int("endpointCount"), "must be 0 (size from expectedConnections) or more.");
    }
    if (list("alarmTopicArns").length > 0 && int("capacityAlarmPercent") === 0) {
        add(`${NAMESPACE}:alarmTopicArns`, list("alarmTopicArns"), `has no alarms to notify; set ${NAMESPACE}:capacityAlarmPercent too.`);
    }
    const args: Record<string, unknown> = {};
    for (const [name, key] of Object.entries(CONFIG_KEYS) as [ConfigKeyName, ConfigKey][]) {
        const value = values[name];
        if (key.argument === undefined || JSON.stringify(value) === JSON.stringify(key.default)) {
            continue;
        }
        setPath(args, key.argument, key.optIn ? (value ? {} : undefined) : key.toArgument ? key.toArgument(value as string[]) : value);
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

    const settings: StackSettings = {
        stack,
        environment,
        region: effectiveRegion,
        skip,
        network,
        args: args as StackSettings["args"],
        tags: { Environment: environment, Stack: stack, ManagedBy: "pulumi-iotvpc", ...tags },
    };

    // What the component would refuse, found now and named by stack key, so one run reports every
    // problem of the file. The sandbox VPC's ids are not known yet: they stand in as pending values.
    if (!skip) {
        const pending = Promise.resolve("");
        const placeholders = network.kind === "create"
            ? { vpcId: pending, subnetIds: Array.from({ length: network.availabilityZoneCount }, () => pending) }
            : { vpcId: network.vpcId, subnetIds: network.subnetIds };
        for (const p of resolveArgs("iot", componentArgs(settings, placeholders)).problems) {
            const key = stackKeyOf(p.argument);
            if (key === undefined || !problems.some((q) => q.key === key)) {
                problems.push({ key: key ?? p.argument, value: p.value, problem: p.problem, fix: p.fix });
            }
        }
    }

    if (problems.length > 0) {
        // In the order of the table (the order of Pulumi.yaml); the stack name, region and unknown keys first.
        const order = (p: ConfigProblem) => Object.keys(CONFIG_KEYS).indexOf(p.key.slice(NAMESPACE.length + 1));
        throw new StackConfigError(stack, [...problems].sort((x, y) => order(x) - order(y)));
    }
    return settings;
}

/** The component's arguments for a stack: its settings' arguments, its tags, and the VPC and subnets (from config, or the sandbox VPC's). */
export function componentArgs(settings: StackSettings, network: { vpcId: unknown; subnetIds: unknown[] }): IotCoreVpcEndpointsArgs {
    return {
        ...settings.args,
        vpcId: network.vpcId as IotCoreVpcEndpointsArgs["vpcId"],
        subnetIds: network.subnetIds as IotCoreVpcEndpointsArgs["subnetIds"],
        tags: settings.tags,
    };
}

/** Reads one key's raw string as its type; calls `problem` and returns the default when malformed or absent. */
function readKey(name: ConfigKeyName, raw: string | undefined, problem: (text: string, value: unknown) => void): string | number | boolean | string[] {
    const key: ConfigKey = CONFIG_KEYS[name];
    const fallback = Array.isArray(key.default) ? [...key.default] : key.default as string | number | boolean;
    if (raw === undefined) {
        return fallback;
    }
    switch (key.type) {
        case "string":
            return raw;
        case "integer":
            if (/^-?\d+$/.test(raw.trim())) {
                return Number(raw);
            }
            problem("must be a whole number.", raw);
            return fallback;
        case "boolean":
            if (raw === "true" || raw === "false") {
                return raw === "true";
            }
            problem("must be true or false.", raw);
            return fallback;
        case "array": {
            let parsed: unknown;
            try {
                parsed = JSON.parse(raw);
            } catch {
                parsed = undefined;
            }
            if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) {
                return parsed as string[];
            }
            problem("must be a list of strings.", raw);
            return [];
        }
    }
}

/** Sets `path` (`a.b`) in `target`, making the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
    const parts = path.split(".");
    let at = target;
    for (const part of parts.slice(0, -1)) {
        at = (at[part] ??= {}) as Record<string, unknown>;
    }
    at[parts[parts.length - 1]] = value;
}

/**
 * The stack key a component argument comes from (`subnetIds[2]` → `iotvpc:subnetIds`,
 * `capacityAlarms.thresholdPercent` → `iotvpc:capacityAlarmPercent`, `region` → `aws:region`), read
 * from `CONFIG_KEYS`; `undefined` for an argument no key sets (the account's data endpoint name).
 */
export function stackKeyOf(argument: string): string | undefined {
    // The component takes its region from the AWS provider, which reads `aws:region`.
    if (argument === "region") {
        return "aws:region";
    }
    const name = keyOfArgument(argument);
    return name === undefined ? undefined : `${NAMESPACE}:${name}`;
}

function keyOfArgument(argument: string): ConfigKeyName | undefined {
    const path = argument.replace(/\[\d+\]/g, "");
    const entries = Object.entries(CONFIG_KEYS) as [ConfigKeyName, ConfigKey][];
    const exact = entries.find(([name, k]) => (k.argument ?? name) === path);
    if (exact) {
        return exact[0];
    }
    // `inboundResolver.subnetIds` comes from the `inboundResolver` key; `capacityAlarms.periodSeconds` from the alarms' key.
    const head = path.split(".")[0];
    return entries.find(([name, k]) => (k.argument ?? name).split(".")[0] === head)?.[0];
}
