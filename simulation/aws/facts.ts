/**
 * Fixed AWS facts the fake account is built on, as literal tables: partitions, regions with their
 * Availability Zones and the endpoint services offered in each, the account's IoT endpoint name formats,
 * the inputs for which the AWS provider replaces a resource, and the quotas the fake enforces.
 *
 * Nothing here is computed from the product (`components/`): the fake must not inherit a wrong rule
 * from the code it checks. Only the resource type tokens come from `components/resourceTypes.ts`, which
 * a test checks against the installed `@pulumi/aws`.
 */
import { RESOURCE_TYPES as T } from "../../components/resourceTypes";

/** An AWS partition. */
export type Partition = "aws" | "aws-cn" | "aws-us-gov";

/** What a partition fixes: DNS suffix, the prefix of endpoint service names, the IoT endpoint name formats. */
export interface PartitionFacts {
    readonly partition: Partition;
    readonly dnsSuffix: string;
    /** `aws iot describe-endpoint` name formats by endpoint type; `{prefix}`, `{credentialsPrefix}`, `{region}`, `{dnsSuffix}` are filled in. */
    readonly iotEndpointNames: Readonly<Record<string, string>>;
}

/** The three partitions the fake knows. China separates `ats` with a dot: `<prefix>.ats.iot.cn-north-1.amazonaws.com.cn`. */
export const PARTITIONS: Readonly<Record<Partition, PartitionFacts>> = {
    "aws": {
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        iotEndpointNames: {
            "iot:Data": "{prefix}.iot.{region}.{dnsSuffix}",
            "iot:Data-ATS": "{prefix}-ats.iot.{region}.{dnsSuffix}",
            "iot:CredentialProvider": "{credentialsPrefix}.credentials.iot.{region}.{dnsSuffix}",
            "iot:Jobs": "{prefix}.jobs.iot.{region}.{dnsSuffix}",
        },
    },
    "aws-cn": {
        partition: "aws-cn",
        dnsSuffix: "amazonaws.com.cn",
        iotEndpointNames: {
            "iot:Data": "{prefix}.iot.{region}.{dnsSuffix}",
            "iot:Data-ATS": "{prefix}.ats.iot.{region}.{dnsSuffix}",
            "iot:CredentialProvider": "{credentialsPrefix}.credentials.iot.{region}.{dnsSuffix}",
            "iot:Jobs": "{prefix}.jobs.iot.{region}.{dnsSuffix}",
        },
    },
    "aws-us-gov": {
        partition: "aws-us-gov",
        dnsSuffix: "amazonaws.com",
        iotEndpointNames: {
            "iot:Data": "{prefix}.iot.{region}.{dnsSuffix}",
            "iot:Data-ATS": "{prefix}-ats.iot.{region}.{dnsSuffix}",
            "iot:CredentialProvider": "{credentialsPrefix}.credentials.iot.{region}.{dnsSuffix}",
            "iot:Jobs": "{prefix}.jobs.iot.{region}.{dnsSuffix}",
        },
    },
};

/** A region: its partition, its zones, and the zones where each endpoint service is offered. */
export interface RegionFacts {
    readonly name: string;
    readonly partition: Partition;
    readonly dnsSuffix: string;
    /** Every Availability Zone name. */
    readonly zones: readonly string[];
    /** Zones where `iot.data` is offered. */
    readonly iotDataZones: readonly string[];
    /** Zones where `iot.credentials` is offered (none in China and GovCloud). */
    readonly iotCredentialsZones: readonly string[];
    /** Endpoint service name, written out → the zones where it is offered. */
    readonly services: Readonly<Record<string, readonly string[]>>;
    /** The service name of `iot.data` in this region. */
    readonly iotDataService: string;
    /** The service name of `iot.credentials` in this region (also for regions that do not offer it). */
    readonly iotCredentialsService: string;
    /** Endpoint service name → the endpoint types it offers (IoT services: Interface only). */
    readonly serviceTypes: Readonly<Record<string, readonly ("Interface" | "Gateway")[]>>;
    /**
     * Endpoint service name → the names its private DNS answers in the VPC (a `*.` name covers every name
     * below it). IoT's data and credential services have none: "Neither AWS IoT Core data plane nor AWS
     * IoT Core credential provider supports private DNS names yet" (Greengrass V2 developer guide).
     */
    readonly privateDnsNames: Readonly<Record<string, readonly string[]>>;
}

/**
 * The AWS services Greengrass core devices reach through endpoints, as commercial regions offer them in
 * every zone: S3 (Interface and Gateway; private DNS `s3.<region>.amazonaws.com` and `*.s3.<region>...`,
 * Amazon S3 User Guide, "AWS PrivateLink for Amazon S3"), and the Greengrass control plane, CloudWatch
 * Logs, Secrets Manager, ECR (api, dkr) and STS, each with private DNS at its regional name. China and
 * GovCloud rows offer none of them here (core devices in a VPC are not supported there).
 */
const GREENGRASS_SERVICES: readonly { readonly service: string; readonly types: readonly ("Interface" | "Gateway")[]; readonly names: (region: string) => string[] }[] = [
    { service: "s3", types: ["Interface", "Gateway"], names: (r) => [`s3.${r}.amazonaws.com`, `*.s3.${r}.amazonaws.com`] },
    { service: "greengrass", types: ["Interface"], names: (r) => [`greengrass.${r}.amazonaws.com`] },
    { service: "logs", types: ["Interface"], names: (r) => [`logs.${r}.amazonaws.com`] },
    { service: "secretsmanager", types: ["Interface"], names: (r) => [`secretsmanager.${r}.amazonaws.com`] },
    { service: "ecr.api", types: ["Interface"], names: (r) => [`api.ecr.${r}.amazonaws.com`] },
    { service: "ecr.dkr", types: ["Interface"], names: (r) => [`*.dkr.ecr.${r}.amazonaws.com`] },
    { service: "sts", types: ["Interface"], names: (r) => [`sts.${r}.amazonaws.com`] },
];

/** One row of the region table, in a compact form: zone suffixes as a string (`"abc"`). */
interface RegionRow {
    readonly name: string;
    readonly partition: Partition;
    readonly zones: string;
    readonly iotData: readonly [serviceName: string, zones: string];
    readonly iotCredentials: readonly [serviceName: string, zones: string];
}

const ROWS: readonly RegionRow[] = [
    // us-east-1e does not offer iot.data
    { name: "us-east-1", partition: "aws", zones: "abcdef", iotData: ["com.amazonaws.us-east-1.iot.data", "abcdf"], iotCredentials: ["com.amazonaws.us-east-1.iot.credentials", "abcdf"] },
    { name: "us-east-2", partition: "aws", zones: "abc", iotData: ["com.amazonaws.us-east-2.iot.data", "abc"], iotCredentials: ["com.amazonaws.us-east-2.iot.credentials", "abc"] },
    { name: "us-west-1", partition: "aws", zones: "ab", iotData: ["com.amazonaws.us-west-1.iot.data", "ab"], iotCredentials: ["com.amazonaws.us-west-1.iot.credentials", "ab"] },
    { name: "us-west-2", partition: "aws", zones: "abcd", iotData: ["com.amazonaws.us-west-2.iot.data", "abcd"], iotCredentials: ["com.amazonaws.us-west-2.iot.credentials", "abcd"] },
    { name: "ca-central-1", partition: "aws", zones: "abd", iotData: ["com.amazonaws.ca-central-1.iot.data", "abd"], iotCredentials: ["com.amazonaws.ca-central-1.iot.credentials", "abd"] },
    { name: "eu-west-1", partition: "aws", zones: "abc", iotData: ["com.amazonaws.eu-west-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.eu-west-1.iot.credentials", "abc"] },
    { name: "eu-west-2", partition: "aws", zones: "abc", iotData: ["com.amazonaws.eu-west-2.iot.data", "abc"], iotCredentials: ["com.amazonaws.eu-west-2.iot.credentials", "abc"] },
    { name: "eu-central-1", partition: "aws", zones: "abc", iotData: ["com.amazonaws.eu-central-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.eu-central-1.iot.credentials", "abc"] },
    { name: "eu-north-1", partition: "aws", zones: "abc", iotData: ["com.amazonaws.eu-north-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.eu-north-1.iot.credentials", "abc"] },
    { name: "ap-northeast-1", partition: "aws", zones: "acd", iotData: ["com.amazonaws.ap-northeast-1.iot.data", "acd"], iotCredentials: ["com.amazonaws.ap-northeast-1.iot.credentials", "acd"] },
    { name: "ap-southeast-1", partition: "aws", zones: "abc", iotData: ["com.amazonaws.ap-southeast-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.ap-southeast-1.iot.credentials", "abc"] },
    { name: "ap-southeast-2", partition: "aws", zones: "abc", iotData: ["com.amazonaws.ap-southeast-2.iot.data", "abc"], iotCredentials: ["com.amazonaws.ap-southeast-2.iot.credentials", "abc"] },
    { name: "ap-south-1", partition: "aws", zones: "abc", iotData: ["com.amazonaws.ap-south-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.ap-south-1.iot.credentials", "abc"] },
    { name: "sa-east-1", partition: "aws", zones: "abc", iotData: ["com.amazonaws.sa-east-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.sa-east-1.iot.credentials", "abc"] },
    { name: "us-gov-west-1", partition: "aws-us-gov", zones: "abc", iotData: ["com.amazonaws.us-gov-west-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.us-gov-west-1.iot.credentials", ""] },
    { name: "us-gov-east-1", partition: "aws-us-gov", zones: "abc", iotData: ["com.amazonaws.us-gov-east-1.iot.data", "abc"], iotCredentials: ["com.amazonaws.us-gov-east-1.iot.credentials", ""] },
    { name: "cn-north-1", partition: "aws-cn", zones: "ab", iotData: ["cn.com.amazonaws.cn-north-1.iot.data", "ab"], iotCredentials: ["cn.com.amazonaws.cn-north-1.iot.credentials", ""] },
    { name: "cn-northwest-1", partition: "aws-cn", zones: "abc", iotData: ["cn.com.amazonaws.cn-northwest-1.iot.data", "abc"], iotCredentials: ["cn.com.amazonaws.cn-northwest-1.iot.credentials", ""] },
];

function buildRegion(row: RegionRow): RegionFacts {
    const full = (suffixes: string) => [...suffixes].map((c) => `${row.name}${c}`);
    const dataZones = full(row.iotData[1]);
    const credentialZones = full(row.iotCredentials[1]);
    const services: Record<string, readonly string[]> = {};
    const serviceTypes: Record<string, readonly ("Interface" | "Gateway")[]> = {};
    const privateDnsNames: Record<string, readonly string[]> = {};
    if (dataZones.length > 0) {
        services[row.iotData[0]] = dataZones;
        serviceTypes[row.iotData[0]] = ["Interface"];
    }
    if (credentialZones.length > 0) {
        services[row.iotCredentials[0]] = credentialZones;
        serviceTypes[row.iotCredentials[0]] = ["Interface"];
    }
    if (row.partition === "aws") {
        for (const g of GREENGRASS_SERVICES) {
            const name = `com.amazonaws.${row.name}.${g.service}`;
            services[name] = full(row.zones);
            serviceTypes[name] = g.types;
            privateDnsNames[name] = g.names(row.name);
        }
    }
    return Object.freeze({
        name: row.name,
        partition: row.partition,
        dnsSuffix: PARTITIONS[row.partition].dnsSuffix,
        zones: full(row.zones),
        iotDataZones: dataZones,
        iotCredentialsZones: credentialZones,
        services,
        iotDataService: row.iotData[0],
        iotCredentialsService: row.iotCredentials[0],
        serviceTypes,
        privateDnsNames,
    });
}

/** Regions the fake knows, with realistic zone lists. */
export const REGIONS: Readonly<Record<string, RegionFacts>> = Object.freeze(Object.fromEntries(ROWS.map((r) => [r.name, buildRegion(r)])));

/** The shape of a region code (`us-east-1`, `cn-north-1`, `us-gov-west-1`), checked by the fake on its own. */
const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

/**
 * The facts of `name`. A commercial region code missing from the table gets zones a, b and c, all
 * offering `iot.data` and `iot.credentials`; an unknown China or GovCloud code, or anything that is not
 * a region code, fails loudly.
 */
export function regionOf(name: string): RegionFacts {
    const known = REGIONS[name];
    if (known) {
        return known;
    }
    if (!REGION_CODE.test(name)) {
        throw new Error(`FakeAwsAccount: ${JSON.stringify(name)} is not an AWS region code`);
    }
    if (name.startsWith("cn-") || name.startsWith("us-gov-")) {
        throw new Error(`FakeAwsAccount: region ${name} is not in the fake's table (simulation/aws/facts.ts); add it`);
    }
    return buildRegion({
        name,
        partition: "aws",
        zones: "abc",
        iotData: [`com.amazonaws.${name}.iot.data`, "abc"],
        iotCredentials: [`com.amazonaws.${name}.iot.credentials`, "abc"],
    });
}

/** Fills a name format from `PARTITIONS[...].iotEndpointNames`. */
export function fillName(format: string, values: Readonly<Record<string, string>>): string {
    return format.replace(/\{([a-zA-Z]+)\}/g, (_, k: string) => {
        const v = values[k];
        if (v === undefined) {
            throw new Error(`FakeAwsAccount: no value for {${k}} in ${format}`);
        }
        return v;
    });
}

/**
 * The inputs for which the AWS provider replaces (deletes and recreates) each resource type the fake
 * implements; changing any other input updates the resource in place. From the provider's schema
 * (ForceNew attributes). The README's "What replaces what" section lists the component's part of it.
 */
export const REPLACE_ON: Readonly<Record<string, readonly string[]>> = {
    [T.vpcEndpoint]: ["vpcId", "serviceName", "vpcEndpointType"],
    [T.vpcEndpointPolicy]: ["vpcEndpointId"],
    [T.securityGroup]: ["vpcId", "description", "name", "namePrefix"],
    [T.securityGroupRule]: ["securityGroupId", "type", "protocol", "fromPort", "toPort", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "self", "sourceSecurityGroupId"],
    [T.securityGroupIngressRule]: ["securityGroupId"],
    [T.zone]: ["name", "delegationSetId"],
    [T.zoneAssociation]: ["zoneId", "vpcId", "vpcRegion"],
    [T.vpcAssociationAuthorization]: ["zoneId", "vpcId", "vpcRegion"],
    [T.record]: ["zoneId", "name", "type", "setIdentifier"],
    [T.domainConfiguration]: ["domainName", "name", "serverCertificateArns", "serviceType", "validationCertificateArn"],
    [T.resolverEndpoint]: ["direction", "securityGroupIds"],
    [T.iotPolicy]: ["name"],
    [T.metricAlarm]: ["name"],
    [T.dashboard]: ["dashboardName"],
};

/**
 * How the provider tells one element of a set-typed input from another (a set's hash, terraform-provider-aws
 * `schema.TypeSet`): the fields that make up the hash, or `value` for a set of strings. Order never
 * matters, and elements that hash alike merge into one: two resolver `ipAddresses` entries of one subnet
 * without an address become one (the hash is subnet id + address: terraform-provider-aws
 * internal/service/route53resolver/endpoint.go `endpointHashIPAddress`; issues #28233, #43724). An
 * element field left empty hashes as the empty string, as the provider reads it back. Rows "set inputs"
 * of `behaviours.ts`.
 */
export const SET_INPUTS: Readonly<Record<string, Readonly<Record<string, readonly string[] | "value">>>> = {
    [T.vpcEndpoint]: {
        subnetIds: "value",
        securityGroupIds: "value",
        routeTableIds: "value",
        subnetConfigurations: ["subnetId", "ipv4", "ipv6"],
    },
    [T.resolverEndpoint]: { ipAddresses: ["subnetId", "ip"], securityGroupIds: "value" },
    [T.zone]: { vpcs: ["vpcId", "vpcRegion"] },
    [T.record]: { records: "value" },
};

/**
 * Inputs the provider declares Optional and Computed: left out of the program, they keep the value the
 * provider read back, so leaving one out changes nothing and sends nothing to AWS (terraform-provider-aws
 * vpc_endpoint.go: `subnet_configuration` and `subnet_ids` are `Optional: true, Computed: true`;
 * security_group.go `ingress`/`egress`; record.go `allow_overwrite`). Row "optional computed inputs".
 */
export const OPTIONAL_COMPUTED_INPUTS: Readonly<Record<string, readonly string[]>> = {
    [T.vpcEndpoint]: ["subnetConfigurations", "subnetIds"],
    [T.securityGroup]: ["ingress", "egress"],
    [T.record]: ["allowOverwrite"],
};

/** Quotas and hard limits the fake enforces. Adjustable ones can be set per account (`FakeAwsOptions`). */
export const QUOTAS = {
    /** Route 53: weighted records with the same name and type in a zone (hard limit). */
    weightedRecordsPerName: 100,
    /** Route 53: weights are integers 0..255. */
    minWeight: 0,
    maxWeight: 255,
    /** Route 53: a set identifier is 1..128 characters. */
    setIdentifierMaxLength: 128,
    /** EC2: interface VPC endpoints per VPC (adjustable). */
    interfaceEndpointsPerVpc: 50,
    /** EC2: inbound (and, separately, outbound) rules per security group (adjustable); each source of a rule counts. */
    rulesPerSecurityGroup: 60,
    /** Route 53 Resolver: endpoints per account and region (adjustable). */
    resolverEndpointsPerRegion: 4,
    /** Route 53 Resolver: IP addresses per endpoint. */
    resolverMinIps: 2,
    resolverMaxIps: 6,
    /** AWS IoT: a policy document, not counting whitespace. */
    iotPolicyMaxCharacters: 2048,
    /** CloudWatch: a dashboard name. */
    dashboardNameMaxLength: 255,
    /** CloudWatch: a dashboard body, 1 MB. */
    dashboardBodyMaxBytes: 1024 * 1024,
    /** Tags per resource, key and value lengths. */
    tagsPerResource: 50,
    tagKeyMaxLength: 128,
    tagValueMaxLength: 256,
} as const;

/** The hosted zone Route 53 uses for alias targets that are interface endpoint DNS names. */
export const VPCE_ALIAS_ZONE_ID = "Z7HUB22UULQXV";
