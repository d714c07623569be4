/**
 * Greengrass V2 core devices with no route to the internet: the nucleus configuration that points them at
 * the private endpoints, and the IoT policy that lets them work only through those endpoints. Pure:
 * imports nothing from `@pulumi/*`.
 *
 * Sources: Greengrass V2 developer guide, "Operate an AWS IoT Greengrass core device in VPC" (the nucleus
 * settings), "Configure the AWS IoT Greengrass Core software" (`iotDataEndpoint`, `iotCredEndpoint`,
 * `greengrassDataPlaneEndpoint`, `greengrassDataPlanePort`, `s3EndpointType`, `iotRoleAlias`) and
 * "Minimal AWS IoT policy for AWS IoT Greengrass V2 core devices".
 */
import { GreengrassNucleusConfig } from "./args";
import { GREENGRASS_REGIONAL_S3_REGION } from "./limits";
import { PolicyDocument, PolicyStatement } from "./devicePolicy";

export interface NucleusConfigArgs {
    readonly region: string;
    /** The account's `iot:Data-ATS` name. */
    readonly dataEndpoint: string;
    /** The account's `iot:CredentialProvider` name. */
    readonly credentialsEndpoint: string;
    /** 8443 or 443. */
    readonly dataPlanePort: number;
    readonly tokenExchangeRoleAlias?: string;
}

/**
 * The `aws.greengrass.Nucleus` configuration a core device needs: data plane calls through the data
 * endpoint (`greengrassDataPlaneEndpoint: "iotdata"`) on the chosen port, the account's names (which the
 * private zones answer), and in us-east-1 the regional S3 name (`s3EndpointType: "REGIONAL"`), the one the
 * S3 interface endpoint's private DNS covers.
 */
export function nucleusConfig(a: NucleusConfigArgs): GreengrassNucleusConfig {
    return {
        awsRegion: a.region,
        iotDataEndpoint: a.dataEndpoint,
        iotCredEndpoint: a.credentialsEndpoint,
        greengrassDataPlaneEndpoint: "iotdata",
        greengrassDataPlanePort: a.dataPlanePort,
        ...(a.region === GREENGRASS_REGIONAL_S3_REGION ? { s3EndpointType: "REGIONAL" } : {}),
        ...(a.tokenExchangeRoleAlias !== undefined ? { iotRoleAlias: a.tokenExchangeRoleAlias } : {}),
    };
}

export interface CoreDevicePolicyArgs {
    readonly region: string;
    readonly accountId: string;
    /** @default "aws" */
    readonly partition?: string;
    readonly tokenExchangeRoleAlias: string;
    /** The data endpoints' ids: connections and data plane calls only through them (`aws:SourceVpce`). */
    readonly dataSourceVpce?: readonly string[];
    /** The credential provider endpoints' ids: role credentials only through them (`aws:SourceVpce`). */
    readonly credentialsSourceVpce?: readonly string[];
    /** Or the VPC, for every statement (`aws:SourceVpc`). */
    readonly sourceVpc?: readonly string[];
}

const CORE = "${iot:Connection.Thing.ThingName}";
/** The Greengrass data plane actions a core device calls (the minimal policy of the developer guide). */
export const GREENGRASS_DATA_PLANE_ACTIONS: readonly string[] = Object.freeze([
    "greengrass:GetComponentVersionArtifact",
    "greengrass:ResolveComponentCandidates",
    "greengrass:GetDeploymentConfiguration",
    "greengrass:ListThingGroupsForCoreDevice",
]);

/**
 * The core devices' IoT policy, kept VPC-only: connecting (client ids of the thing name and the
 * `<thing>#2`... the nucleus opens), its health, jobs and shadow topics, the Greengrass data plane actions
 * and `iot:AssumeRoleWithCertificate` on the token exchange role alias. Connecting, the data plane and the
 * role each need their endpoints' ids (or the VPC) in the request, so none of them works from the internet.
 */
export function coreDevicePolicy(a: CoreDevicePolicyArgs): PolicyDocument {
    const arn = (resource: string) => `arn:${a.partition ?? "aws"}:iot:${a.region}:${a.accountId}:${resource}`;
    const only = (ids: readonly string[] | undefined): PolicyStatement["Condition"] => a.sourceVpc?.length
        ? { StringEquals: { "aws:SourceVpc": a.sourceVpc.length === 1 ? a.sourceVpc[0] : [...a.sourceVpc] } }
        : { StringEquals: { "aws:SourceVpce": ids && ids.length === 1 ? ids[0] : [...(ids ?? [])] } };
    const things = (kind: string, suffixes: readonly string[]) => suffixes.map((s) => arn(`${kind}/$aws/things/${CORE}*/${s}`));
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["iot:Connect"], Resource: [arn(`client/${CORE}*`)], Condition: only(a.dataSourceVpce) },
            { Effect: "Allow", Action: ["iot:Publish", "iot:Receive"], Resource: things("topic", ["greengrass/health/json", "greengrassv2/health/json", "jobs/*", "shadow/*"]) },
            { Effect: "Allow", Action: ["iot:Subscribe"], Resource: things("topicfilter", ["jobs/*", "shadow/*"]) },
            { Effect: "Allow", Action: [...GREENGRASS_DATA_PLANE_ACTIONS], Resource: ["*"], Condition: only(a.dataSourceVpce) },
            { Effect: "Allow", Action: ["iot:AssumeRoleWithCertificate"], Resource: [arn(`rolealias/${a.tokenExchangeRoleAlias}`)], Condition: only(a.credentialsSourceVpce) },
        ],
    };
}
