/**
 * What crosses from the engine and the AWS provider into the component, parsed once, here: a failed
 * lookup's error as the engine hands it over, and each lookup's answer. Pure: imports nothing from
 * `@pulumi/*`, so every known form of a reply has a plain test (`tests/replies.spec.ts`).
 *
 * A failed invoke reaches the program as `new Error(details)`, where the engine's resource monitor wrote
 * `invocation of <token> returned an error: <provider error>` (pulumi/pulumi, pkg/resource/deploy
 * source_eval.go, `Invoke`) and the bridged AWS provider wrote `invoking <token>: <n> error(s) occurred:`
 * followed by one `\t* <message>` line per error and a blank line (quoted in DefangLabs/defang#86 and
 * DefangLabs/pulumi-defang#305); older releases gave `invoking <token>: <message>` on one line.
 */
import { Problem, show } from "./problems";

/** A failed lookup, read from the whole error text. */
export interface InvokeFailure {
    /** The provider's own messages, every wrapper removed. */
    readonly reasons: readonly string[];
    /** True when the provider said that nothing matched (a zone, VPC or subnet that does not exist). */
    readonly notFound: boolean;
    /** True when the provider said that more than one matched (a singular lookup that is ambiguous). */
    readonly several: boolean;
}

/**
 * The three wrappers, in order, around a function token (`aws:route53/getZone:getZone`). Each may follow
 * text this parser does not know on the same line (an SDK's `Error: `, an older CLI's or the Automation
 * API's `rpc error: code = Unknown desc = `): that text is a wrapper too, so the reasons read the same
 * whichever of them came first.
 */
const ENGINE_WRAPPER = /^[^\n]*?invocation of [\w-]+:[\w./-]*:\w+ returned an error:\s*/;
const PROVIDER_WRAPPER = /^[^\n]*?invoking [\w-]+:[\w./-]*:\w+:\s*/;
const ERROR_LIST = /^[^\n]*?\d+ errors? occurred:\s*/;
/** A list item's start: `\n\t* ` from the provider, any indent or none kept. */
const ITEM = /\n\s*\*\s+/;
/**
 * A resource type as the provider names it in these messages (`Route 53 Hosted Zone`, `EC2 VPC Endpoint`,
 * `Route53Zone`): capitalised words or numbers. It keeps the patterns below from reading lower-case prose
 * (`no EC2 IMDS role found`, `No valid credential sources found`) as a lookup's answer.
 */
const TYPE = "(?:[A-Z0-9][A-Za-z0-9]* )*[A-Z0-9][A-Za-z0-9]*";
/**
 * The provider's "nothing matched" for a singular data source: `no matching Route 53 Hosted Zone found`
 * (terraform-provider-aws `tfresource.SingularDataSourceFindError`, route53/zone_data_source.go), the
 * older `no matching Route53Zone found`, `no matching EC2 VPC found`, `no matching EC2 Subnet found`,
 * `no matching EC2 VPC Endpoint found`, and the resolver endpoint's `no Route53 Resolver Endpoint matched`
 * (route53resolver/endpoint_data_source.go). Found anywhere in a line, as a whole phrase.
 */
const NOT_FOUND = new RegExp(`(?<![\\w-])[Nn]o (?:matching ${TYPE} found|${TYPE} matched)(?![\\w-])`);
/**
 * "More than one matched": `multiple Route 53 Hosted Zones matched; ...`, `2 Route53 Resolver Endpoints matched; ...`,
 * and the older zone wording `multiple Route53Zone found please use vpc_id option to filter`.
 */
const SEVERAL = new RegExp(`(?<![\\w-])(?:(?:[Mm]ultiple|\\d+) ${TYPE}s matched|[Mm]ultiple ${TYPE} found)(?![\\w-])`);

/** Reads a failed invoke's error (an `Error` whose message is the engine's text, or anything thrown). */
export function readInvokeFailure(error: unknown): InvokeFailure {
    const text = error instanceof Error ? error.message : String(error);
    const shown = reasonsOf(text);
    // Every list item (its lines joined) and every line on its own: the flags do not depend on the
    // wrappers having been recognised, so an unknown prefix or list layout never hides a not-found.
    const pieces = [...text.split(ITEM).map((r) => r.replace(/\s+/g, " ")), ...text.split("\n")];
    return { reasons: shown, notFound: pieces.some((r) => NOT_FOUND.test(r)), several: pieces.some((r) => SEVERAL.test(r)) };
}

/** The provider's messages: the wrappers removed, one reason per list item (the text itself when none is left). */
function reasonsOf(text: string): string[] {
    let rest = text.trim().replace(ENGINE_WRAPPER, "").replace(PROVIDER_WRAPPER, "");
    const listed = ERROR_LIST.test(rest);
    rest = rest.replace(ERROR_LIST, "");
    const reasons = listed
        ? rest.split(ITEM).map((r) => r.replace(/^\*\s+/, "").trim()).filter((r) => r !== "")
        : [rest.trim()].filter((r) => r !== "");
    return reasons.length > 0 ? reasons : [text.trim() || "(no message)"];
}

/** The provider's reasons as one line, for a problem's text. */
export function reasonText(failure: InvokeFailure): string {
    return failure.reasons.map((r) => r.replace(/\s+/g, " ")).join("; ");
}

// ----- answers -----

/** Thrown by a reader for an answer that lacks a field the component reads. */
export class MalformedReply extends Error {
    constructor(readonly problem: Problem) {
        super(`${problem.argument} = ${problem.value}: ${problem.problem} Fix: ${problem.fix}`);
        this.name = "MalformedReply";
    }
}

type Kind = "string" | "boolean" | "number" | "strings" | "list" | "map";

const IS: Readonly<Record<Kind, (v: unknown) => boolean>> = {
    string: (v) => typeof v === "string",
    boolean: (v) => typeof v === "boolean",
    number: (v) => typeof v === "number" && Number.isFinite(v),
    strings: (v) => Array.isArray(v) && v.every((x) => typeof x === "string"),
    list: (v) => Array.isArray(v),
    map: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
};

const TESTING_FIX = "answer lookups with the fields AWS returns: in unit tests, use mockAwsAccount from iotvpc/testing " +
    "(pulumi.runtime.setMocks(mockAwsAccount({ region: \"us-east-1\" }), \"project\", \"stack\")) instead of mocks that echo their inputs.";

/**
 * The fields `shape` names, read from the answer of the lookup `token`; a `MalformedReply` naming the
 * lookup and the first missing or mistyped field otherwise. `optional` fields may be absent.
 */
export function readAnswer<K extends string>(token: string, answer: unknown, shape: Readonly<Record<K, Kind>>, optional: readonly NoInfer<K>[] = []): Record<K, unknown> {
    const record = answer !== null && typeof answer === "object" ? (answer as Record<string, unknown>) : {};
    for (const [field, kind] of Object.entries(shape) as [K, Kind][]) {
        const value = record[field];
        if (value === undefined && optional.includes(field)) {
            continue;
        }
        if (!IS[kind](value)) {
            throw new MalformedReply({
                argument: token,
                value: `${field} ${show(value)}`,
                problem: `the lookup answered without a ${kind === "strings" ? "list of strings" : kind} ${field}, which AWS always returns (a mock that echoes its inputs?).`,
                fix: TESTING_FIX,
            });
        }
    }
    return record as Record<K, unknown>;
}

export const TOKENS = {
    region: "aws:index/getRegion:getRegion",
    callerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
    partition: "aws:index/getPartition:getPartition",
    vpc: "aws:ec2/getVpc:getVpc",
    subnet: "aws:ec2/getSubnet:getSubnet",
    endpointService: "aws:ec2/getVpcEndpointService:getVpcEndpointService",
    iotEndpoint: "aws:iot/getEndpoint:getEndpoint",
    zone: "aws:route53/getZone:getZone",
    records: "aws:route53/getRecords:getRecords",
    networkInterfaces: "aws:ec2/getNetworkInterfaces:getNetworkInterfaces",
    networkInterface: "aws:ec2/getNetworkInterface:getNetworkInterface",
    vpcEndpoint: "aws:ec2/getVpcEndpoint:getVpcEndpoint",
    resolverEndpoint: "aws:route53/getResolverEndpoint:getResolverEndpoint",
} as const;

/** `aws.getRegion`: the provider's region. */
export function readRegion(answer: unknown): string {
    return readAnswer(TOKENS.region, answer, { region: "string" }).region as string;
}

/** `aws.getCallerIdentity`: the account id. */
export function readAccountId(answer: unknown): string {
    return readAnswer(TOKENS.callerIdentity, answer, { accountId: "string" }).accountId as string;
}

/** `aws.getPartition`: the partition (`aws`, `aws-cn`, `aws-us-gov`). */
export function readPartition(answer: unknown): string {
    return readAnswer(TOKENS.partition, answer, { partition: "string" }).partition as string;
}

export interface VpcReply {
    readonly id: string;
    /** The IPv4 CIDR blocks associated now. */
    readonly cidrBlocks: string[];
    readonly enableDnsSupport: boolean;
    readonly enableDnsHostnames: boolean;
}

/** `aws.ec2.getVpc`. */
export function readVpc(answer: unknown): VpcReply {
    const v = readAnswer(TOKENS.vpc, answer, { id: "string", cidrBlockAssociations: "list", enableDnsSupport: "boolean", enableDnsHostnames: "boolean" });
    const blocks = (v.cidrBlockAssociations as unknown[])
        .map((a) => readAnswer(TOKENS.vpc, a, { cidrBlock: "string", state: "string" }))
        .filter((a) => a.state === "associated").map((a) => a.cidrBlock as string);
    return { id: v.id as string, cidrBlocks: blocks, enableDnsSupport: v.enableDnsSupport as boolean, enableDnsHostnames: v.enableDnsHostnames as boolean };
}

export interface SubnetReply {
    readonly id: string;
    readonly availabilityZone: string;
    readonly vpcId: string;
    readonly cidrBlock: string;
}

/** `aws.ec2.getSubnet`. */
export function readSubnet(answer: unknown): SubnetReply {
    const s = readAnswer(TOKENS.subnet, answer, { id: "string", availabilityZone: "string", vpcId: "string", cidrBlock: "string" });
    return { id: s.id as string, availabilityZone: s.availabilityZone as string, vpcId: s.vpcId as string, cidrBlock: s.cidrBlock as string };
}

export interface ServiceReply {
    readonly serviceName: string;
    readonly availabilityZones: readonly string[];
}

/** `aws.ec2.getVpcEndpointService`: the service and the zones where it is offered. */
export function readEndpointService(answer: unknown): ServiceReply {
    const s = readAnswer(TOKENS.endpointService, answer, { serviceName: "string", availabilityZones: "strings" });
    return { serviceName: s.serviceName as string, availabilityZones: s.availabilityZones as string[] };
}

/** `aws.iot.getEndpoint`: the account's endpoint name of the asked type. */
export function readIotEndpoint(answer: unknown): string {
    return readAnswer(TOKENS.iotEndpoint, answer, { endpointAddress: "string" }).endpointAddress as string;
}

export interface ZoneReply {
    readonly zoneId: string;
    /** As Route 53 gives it (the provider removes the trailing dot). */
    readonly name: string;
    readonly comment: string;
    readonly tags: Readonly<Record<string, string>>;
}

/** `aws.route53.getZone`: a zone's id, name, comment and tags (`tags` absent on older providers: none). */
export function readZone(answer: unknown): ZoneReply {
    const z = readAnswer(TOKENS.zone, answer, { zoneId: "string", name: "string", comment: "string", tags: "map" }, ["comment", "tags"]);
    const tags = Object.fromEntries(Object.entries((z.tags ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
    return { zoneId: z.zoneId as string, name: z.name as string, comment: (z.comment as string | undefined) ?? "", tags };
}

/** One record set of a zone, as `aws.route53.getRecords` lists it (names end with a dot). */
export interface RecordSetReply {
    readonly name: string;
    readonly type: string;
    /** Empty for a record outside a routing policy. */
    readonly setIdentifier: string;
    readonly weight?: number;
    readonly ttl?: number;
    readonly values: readonly string[];
    /** The alias target's DNS name, for an alias record. */
    readonly aliasTarget?: string;
}

/** `aws.route53.getRecords`. */
export function readRecordSets(answer: unknown): RecordSetReply[] {
    const r = readAnswer(TOKENS.records, answer, { resourceRecordSets: "list" });
    return (r.resourceRecordSets as unknown[]).map((x) => {
        const s = readAnswer(TOKENS.records, x, { name: "string", type: "string", setIdentifier: "string", weight: "number", ttl: "number", resourceRecords: "list", aliasTarget: "map" },
            ["setIdentifier", "weight", "ttl", "resourceRecords", "aliasTarget"]);
        const alias = s.aliasTarget as { dnsName?: unknown } | undefined;
        const aliasTarget = typeof alias?.dnsName === "string" && alias.dnsName !== "" ? alias.dnsName : undefined;
        const setIdentifier = (s.setIdentifier as string | undefined) ?? "";
        return {
            name: s.name as string,
            type: s.type as string,
            setIdentifier,
            weight: setIdentifier !== "" ? (s.weight as number | undefined) : undefined,
            ttl: aliasTarget ? undefined : (s.ttl as number | undefined),
            values: ((s.resourceRecords as unknown[] | undefined) ?? []).map((v) => (v as { value?: unknown }).value).filter((v): v is string => typeof v === "string"),
            aliasTarget,
        };
    });
}

/** `aws.ec2.getNetworkInterfaces`: the ids of the interfaces the filters select. */
export function readNetworkInterfaceIds(answer: unknown): string[] {
    return readAnswer(TOKENS.networkInterfaces, answer, { ids: "strings" }).ids as string[];
}

export interface NetworkInterfaceReply {
    readonly id: string;
    readonly subnetId: string;
    readonly privateIp: string;
    readonly description: string;
}

/** `aws.ec2.getNetworkInterface`. */
export function readNetworkInterface(answer: unknown): NetworkInterfaceReply {
    const e = readAnswer(TOKENS.networkInterface, answer, { id: "string", subnetId: "string", privateIp: "string", description: "string" }, ["description"]);
    return { id: e.id as string, subnetId: e.subnetId as string, privateIp: e.privateIp as string, description: (e.description as string | undefined) ?? "" };
}

export interface VpcEndpointReply {
    readonly id: string;
    /** The subnets it has an interface in now (none for a gateway endpoint). */
    readonly subnetIds: readonly string[];
    /** The route tables of a gateway endpoint (none for an interface endpoint). */
    readonly routeTableIds: readonly string[];
    readonly privateDnsEnabled: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * `aws.ec2.getVpcEndpoint`: the data source sets `subnet_ids` and `route_table_ids` (empty sets when the
 * endpoint has none), `private_dns_enabled` and `tags` on every read (terraform-provider-aws
 * ec2/vpc_endpoint_data_source.go), so their absence means the answer did not come from it.
 */
export function readVpcEndpoint(answer: unknown): VpcEndpointReply {
    const e = readAnswer(TOKENS.vpcEndpoint, answer, { id: "string", subnetIds: "strings", routeTableIds: "strings", privateDnsEnabled: "boolean", tags: "map" }, ["privateDnsEnabled", "tags"]);
    const tags = Object.fromEntries(Object.entries((e.tags ?? {}) as Record<string, unknown>).filter((t): t is [string, string] => typeof t[1] === "string"));
    return { id: e.id as string, subnetIds: e.subnetIds as string[], routeTableIds: e.routeTableIds as string[], privateDnsEnabled: e.privateDnsEnabled === true, tags };
}

/** `aws.route53.getResolverEndpoint`: the endpoint's id. */
export function readResolverEndpointId(answer: unknown): string {
    return readAnswer(TOKENS.resolverEndpoint, answer, { id: "string" }).id as string;
}

export interface ResolverEndpointReply {
    readonly id: string;
    /** Empty when the endpoint was created without one. */
    readonly name: string;
    readonly vpcId: string;
    readonly direction: string;
    /** The address of each of its interfaces. */
    readonly ipAddresses: readonly string[];
}

/** `aws.route53.getResolverEndpoint`, whole (route53resolver/endpoint_data_source.go: `ip_addresses` is a set of addresses). */
export function readResolverEndpoint(answer: unknown): ResolverEndpointReply {
    const e = readAnswer(TOKENS.resolverEndpoint, answer, { id: "string", name: "string", vpcId: "string", direction: "string", ipAddresses: "strings" }, ["name"]);
    return { id: e.id as string, name: (e.name as string | undefined) ?? "", vpcId: e.vpcId as string, direction: e.direction as string, ipAddresses: e.ipAddresses as string[] };
}

/**
 * The resolver endpoint id in a resolver interface's description, `Route 53 Resolver: <rslvr-in-id>:<rni-id>`
 * as far as public sources show it (no AWS document states it: the `resolver-interface-description`
 * behaviour). Read loosely, the endpoint id wherever a description that names the resolver holds it: a
 * stricter reading that missed AWS's real form would take the component's own interfaces for another's
 * and refuse every update of a stack that pins resolver addresses.
 */
export function resolverOfInterface(description: string): string | undefined {
    return /resolver/i.test(description) ? /\b(rslvr-(?:in|out)-[0-9a-f]+)\b/.exec(description)?.[1] : undefined;
}

/** The endpoint id in an endpoint interface's description, `VPC Endpoint Interface <vpce-id>`. */
export function endpointOfInterface(description: string): string | undefined {
    return /^VPC Endpoint Interface (vpce-[0-9a-f]+)$/.exec(description)?.[1];
}
