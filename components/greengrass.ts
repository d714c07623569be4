/**
 * Greengrass V2 core devices with no route to the internet: the nucleus configuration that points them at
 * the private endpoints (their IoT policy is `vpcOnlyDevicePolicy` with `greengrassCoreDevice`). Pure:
 * imports nothing from `@pulumi/*`.
 *
 * Sources: Greengrass V2 developer guide, "Operate an AWS IoT Greengrass core device in VPC" (the nucleus
 * settings), "Configure the AWS IoT Greengrass Core software" (`iotDataEndpoint`, `iotCredEndpoint`,
 * `greengrassDataPlaneEndpoint`, `greengrassDataPlanePort`, `s3EndpointType`, `iotRoleAlias`).
 */
import { GreengrassNucleusConfig } from "./args";
import { GREENGRASS_REGIONAL_S3_REGION } from "./limits";

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
