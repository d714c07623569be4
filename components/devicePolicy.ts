/**
 * `vpcOnlyDevicePolicy`: the IoT policy document of the source document ("Controlling Access to AWS IoT
 * Core over VPC endpoints"), generalized. Devices may connect only with a client id equal to their thing
 * name and only through the given VPC endpoints (or VPC, or VPC source IPs), which denies connections
 * through the public data endpoint; they publish (and optionally subscribe and receive) on topics under
 * their thing name. Pure: imports nothing from `@pulumi/*`.
 */
import { IOT_POLICY_MAX_CHARACTERS, VPC_CONDITION_KEYS } from "./limits";
import { isRegionCode, parseIpv4, parseIpv4Cidr } from "./rules";
import { InvalidArgumentsError, Problem, show } from "./problems";

/**
 * MQTT actions a device may take on its own topics, besides connecting. A string enum in the schema
 * other languages see; in TypeScript `DeviceAction.Publish` and `"publish"` are both accepted.
 */
export const DeviceAction = {
    /** `iot:Publish` on `topic/<thing>/...`. */
    Publish: "publish",
    /** `iot:Subscribe` on `topicfilter/<thing>/...`. */
    Subscribe: "subscribe",
    /** `iot:Receive` on `topic/<thing>/...`. */
    Receive: "receive",
} as const;
export type DeviceAction = (typeof DeviceAction)[keyof typeof DeviceAction];

/** What the component's device policy conditions connections on (`"endpoints"` or `"vpc"`). */
export const DevicePolicyRestriction = {
    /** `aws:SourceVpce` with the component's endpoint ids, as in the source document's example. */
    Endpoints: "endpoints",
    /** `aws:SourceVpc` with the component's VPC: one id whatever the number of endpoints. */
    Vpc: "vpc",
} as const;
export type DevicePolicyRestriction = (typeof DevicePolicyRestriction)[keyof typeof DevicePolicyRestriction];

export interface VpcOnlyDevicePolicyArgs {
    /** AWS region of the IoT endpoint, such as `us-east-1`. */
    readonly region: string;
    /** 12-digit AWS account id. */
    readonly accountId: string;
    /** ARN partition: `aws`, `aws-cn` or `aws-us-gov`. @default "aws" */
    readonly partition?: string;
    /** Allow connections only through these VPC endpoints (`aws:SourceVpce`). */
    readonly sourceVpce?: readonly string[];
    /** Allow connections only from these VPCs (`aws:SourceVpc`). */
    readonly sourceVpc?: readonly string[];
    /** Allow connections only from these VPC source CIDRs (`aws:VpcSourceIp`). */
    readonly vpcSourceIp?: readonly string[];
    /** Actions on the device's own topics. @default ["publish"] */
    readonly actions?: readonly DeviceAction[];
    /**
     * Topic patterns under the thing name: `telemetry` becomes `<thing>/telemetry`. @default ["*"]
     */
    readonly topics?: readonly string[];
    /**
     * Make it a Greengrass V2 core device's policy ("Minimal AWS IoT policy for AWS IoT Greengrass V2 core
     * devices"): client ids of the thing name and those the nucleus adds (`<thing>#2`), the health, jobs and
     * shadow topics, the Greengrass data plane actions, and `iot:AssumeRoleWithCertificate` on the token
     * exchange role alias. The data plane and the role are conditioned like connections, so none of them
     * works from the internet. @default not a core device
     */
    readonly greengrassCoreDevice?: GreengrassCoreDeviceArgs;
}

/** What a core device's policy needs besides the device's own. */
export interface GreengrassCoreDeviceArgs {
    /** The token exchange role alias's name. */
    readonly tokenExchangeRoleAlias: string;
    /**
     * The credential provider's VPC endpoint ids, which `iot:AssumeRoleWithCertificate` is conditioned on
     * (`aws:SourceVpce`). @default the same condition as connections (their VPC, or their endpoint ids)
     */
    readonly credentialsSourceVpce?: readonly string[];
}

/** The Greengrass data plane actions a core device calls (the developer guide's minimal core device policy). */
export const GREENGRASS_DATA_PLANE_ACTIONS: readonly string[] = Object.freeze([
    "greengrass:GetComponentVersionArtifact",
    "greengrass:ResolveComponentCandidates",
    "greengrass:GetDeploymentConfiguration",
    "greengrass:ListThingGroupsForCoreDevice",
]);

/** An IoT policy document. */
export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

export interface PolicyStatement {
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
    readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

const THING = "${iot:Connection.Thing.ThingName}";
const ACTIONS: Record<DeviceAction, { action: string; resource: string }> = {
    [DeviceAction.Publish]: { action: "iot:Publish", resource: "topic" },
    [DeviceAction.Subscribe]: { action: "iot:Subscribe", resource: "topicfilter" },
    [DeviceAction.Receive]: { action: "iot:Receive", resource: "topic" },
};

/** Every problem with the builder's arguments. */
export function devicePolicyProblems(a: VpcOnlyDevicePolicyArgs): Problem[] {
    const problems: Problem[] = [];
    const add = (argument: string, value: unknown, problem: string, fix: string) => problems.push({ argument, value: show(value), problem, fix });
    if (!isRegionCode(a.region ?? "")) {
        add("region", a.region, "is not an AWS region code.", "pass a region such as us-east-1.");
    }
    if (!/^\d{12}$/.test(a.accountId ?? "")) {
        add("accountId", a.accountId, "is not a 12-digit AWS account id.", "pass the account id, such as 123456789012.");
    }
    if (a.partition !== undefined && !["aws", "aws-cn", "aws-us-gov"].includes(a.partition)) {
        add("partition", a.partition, "is not an AWS partition.", "pass aws, aws-cn or aws-us-gov.");
    }
    const conditions = (a.sourceVpce?.length ?? 0) + (a.sourceVpc?.length ?? 0) + (a.vpcSourceIp?.length ?? 0);
    if (conditions === 0) {
        add("sourceVpce", a.sourceVpce ?? [], "no VPC condition is given, so devices could connect through the public endpoint.",
            `pass at least one of sourceVpce, sourceVpc or vpcSourceIp (${VPC_CONDITION_KEYS.join(", ")}).`);
    }
    for (const id of a.sourceVpce ?? []) {
        if (!/^vpce-[0-9a-f]{8}(?:[0-9a-f]{9})?$/.test(id)) {
            add("sourceVpce", id, "is not a VPC endpoint id.", "pass ids such as vpce-1a2b3c4d or vpce-0123456789abcdef0.");
        }
    }
    for (const id of a.sourceVpc ?? []) {
        if (!/^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/.test(id)) {
            add("sourceVpc", id, "is not a VPC id.", "pass ids such as vpc-0123456789abcdef0.");
        }
    }
    for (const ip of a.vpcSourceIp ?? []) {
        if (!parseIpv4Cidr(ip) && parseIpv4(ip) === undefined) {
            add("vpcSourceIp", ip, "is not an IPv4 address or CIDR with its host bits clear.", "pass a.b.c.d or a.b.c.d/n, such as 10.0.0.0/16.");
        }
    }
    if (a.actions !== undefined && !Array.isArray(a.actions)) {
        add("actions", a.actions, "must be a list of device actions.", `pass a list such as ["${DeviceAction.Publish}"].`);
    }
    for (const action of Array.isArray(a.actions) ? a.actions : []) {
        if (!(Object.values(DeviceAction) as unknown[]).includes(action)) {
            add("actions", action, "is not a device action.", `pick from ${Object.values(DeviceAction).join(", ")}.`);
        }
    }
    if (a.topics !== undefined && !Array.isArray(a.topics)) {
        add("topics", a.topics, "must be a list of topic patterns.", "pass a list such as [\"telemetry\", \"commands/*\"].");
    }
    for (const topic of Array.isArray(a.topics) ? (a.topics as unknown[]) : []) {
        if (typeof topic !== "string" || topic === "" || topic.startsWith("/") || /[#+]/.test(topic)) {
            add("topics", topic, "is not a topic pattern under the thing name.", "pass patterns such as telemetry, commands/* or * (IAM wildcards, no MQTT + or #).");
        }
    }
    const core = a.greengrassCoreDevice;
    if (core !== undefined && !(typeof core.tokenExchangeRoleAlias === "string" && /^[\w=,@-]{1,128}$/.test(core.tokenExchangeRoleAlias))) {
        add("greengrassCoreDevice.tokenExchangeRoleAlias", core.tokenExchangeRoleAlias, "is not an IoT role alias name (1 to 128 letters, digits and _=,@-).",
            "pass the role alias's name, such as GreengrassCoreTokenExchangeRoleAlias.");
    }
    for (const id of core?.credentialsSourceVpce ?? []) {
        if (!/^vpce-[0-9a-f]{8}(?:[0-9a-f]{9})?$/.test(id)) {
            add("greengrassCoreDevice.credentialsSourceVpce", id, "is not a VPC endpoint id.", "pass the credential provider endpoints' ids, such as vpce-0123456789abcdef0.");
        }
    }
    if (Array.isArray(a.topics) && a.topics.length === 0) {
        add("topics", [], "is empty, so the device could not use any topic.", "omit it for every topic under the thing name, or list them.");
    }
    if (problems.length === 0) {
        const size = policyCharacters(buildDocument(a));
        if (size > IOT_POLICY_MAX_CHARACTERS) {
            const arg = (a.sourceVpce?.length ?? 0) >= Math.max(a.sourceVpc?.length ?? 0, a.vpcSourceIp?.length ?? 0) ? "sourceVpce" : "topics";
            add(arg, `${a.sourceVpce?.length ?? 0} endpoint ids, ${a.topics?.length ?? 1} topics`,
                `make a ${size}-character policy; AWS IoT allows ${IOT_POLICY_MAX_CHARACTERS} (not counting whitespace).`,
                "condition on the VPC (sourceVpc) instead of every endpoint id, use fewer topic patterns, or split the devices over several policies.");
        }
    }
    return problems;
}

/**
 * The size of the document the builder makes for `endpoints` endpoint ids of the longest form (17 hex
 * digits), computed without building a list that long: past two ids, each id adds the same characters.
 * The component checks its device policy with this before it knows its endpoint ids.
 */
export function policyCharactersForEndpoints(a: Omit<VpcOnlyDevicePolicyArgs, "sourceVpce">, endpoints: number): number {
    const size = (n: number) => policyCharacters(buildDocument({ ...a, sourceVpce: Array.from({ length: n }, () => "vpce-0123456789abcdef0") }));
    if (endpoints <= 2) {
        return size(endpoints);
    }
    const two = size(2);
    return two + (endpoints - 2) * (size(3) - two);
}

/** The size AWS IoT counts against its policy limit: the document without whitespace. */
export function policyCharacters(doc: PolicyDocument): number {
    return JSON.stringify(doc).replace(/\s/g, "").length;
}

/** One value as the document writes it: a string for one, a list for several. */
function values(list: readonly string[]): string | readonly string[] {
    return list.length === 1 ? list[0] : [...list];
}

/**
 * The IoT policy document. With `{ region: "us-east-1", accountId: "123456789012", sourceVpce:
 * ["vpce-1a2b3c4d"] }` it is exactly the source document's example. Throws `InvalidArgumentsError`
 * listing every problem with the arguments.
 */
export function vpcOnlyDevicePolicy(a: VpcOnlyDevicePolicyArgs): PolicyDocument {
    const problems = devicePolicyProblems(a);
    if (problems.length > 0) {
        throw new InvalidArgumentsError("vpcOnlyDevicePolicy", problems);
    }
    return buildDocument(a);
}

function buildDocument(a: VpcOnlyDevicePolicyArgs): PolicyDocument {
    const arn = (resource: string) => `arn:${a.partition ?? "aws"}:iot:${a.region}:${a.accountId}:${resource}`;
    const condition: Record<string, Record<string, string | readonly string[]>> = {};
    const strings: Record<string, string | readonly string[]> = {};
    if (a.sourceVpce?.length) {
        strings["aws:SourceVpce"] = values(a.sourceVpce);
    }
    if (a.sourceVpc?.length) {
        strings["aws:SourceVpc"] = values(a.sourceVpc);
    }
    if (Object.keys(strings).length > 0) {
        condition.StringEquals = strings;
    }
    if (a.vpcSourceIp?.length) {
        condition.IpAddress = { "aws:VpcSourceIp": values(a.vpcSourceIp) };
    }
    const topics = a.topics ?? ["*"];
    const core = a.greengrassCoreDevice;
    const statements: PolicyStatement[] = [{
        Effect: "Allow",
        Action: ["iot:Connect"],
        // the nucleus connects as the thing and, for more connections, as <thing>#2, <thing>#3, ...
        Resource: [arn(`client/${THING}${core ? "*" : ""}`)],
        Condition: condition,
    }];
    for (const action of a.actions ?? [DeviceAction.Publish]) {
        const { action: iotAction, resource } = ACTIONS[action];
        statements.push({ Effect: "Allow", Action: [iotAction], Resource: topics.map((t) => arn(`${resource}/${THING}/${t}`)) });
    }
    if (core) {
        const things = (kind: string, suffixes: readonly string[]) => suffixes.map((s) => arn(`${kind}/$aws/things/${THING}*/${s}`));
        const credentials = core.credentialsSourceVpce?.length ? { StringEquals: { "aws:SourceVpce": values(core.credentialsSourceVpce) } } : condition;
        statements.push(
            { Effect: "Allow", Action: ["iot:Publish", "iot:Receive"], Resource: things("topic", ["greengrass/health/json", "greengrassv2/health/json", "jobs/*", "shadow/*"]) },
            { Effect: "Allow", Action: ["iot:Subscribe"], Resource: things("topicfilter", ["jobs/*", "shadow/*"]) },
            { Effect: "Allow", Action: [...GREENGRASS_DATA_PLANE_ACTIONS], Resource: ["*"], Condition: condition },
            { Effect: "Allow", Action: ["iot:AssumeRoleWithCertificate"], Resource: [arn(`rolealias/${core.tokenExchangeRoleAlias}`)], Condition: credentials },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}
