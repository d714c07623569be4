/**
 * The documented limitations of AWS IoT Core interface VPC endpoints, and the AWS quotas the design
 * depends on, defined once.
 *
 * The component's input validation (`validation.ts`) and the CrossGuard policy pack
 * (`policy-pack/`) both read these values; `tests/limits-agreement.spec.ts` proves they agree.
 *
 * Source: "Using AWS IoT Core with interface VPC endpoints" (the project's source document), sections
 * "Limitations of VPC endpoints", "Scaling VPC endpoints with IoT Core", "Creating VPC endpoints" and
 * "Controlling Access", plus the Route 53 and VPC quotas listed in `aws-facts.md`.
 *
 * This module imports nothing from `@pulumi/*`: the policy pack is built from it without the
 * component's dependencies.
 */

/**
 * "Each VPC endpoint supports 100,000 total concurrent connected devices."
 * (Limitations of VPC endpoints; Scaling VPC endpoints with IoT Core)
 */
export const CONNECTIONS_PER_ENDPOINT = 100_000;

/**
 * "MQTT keep alive periods are limited to 230 seconds. Keep alives longer than that period will be
 * automatically reduced to 230 seconds." (Limitations of VPC endpoints)
 */
export const MQTT_KEEP_ALIVE_MAX_SECONDS = 230;

/** Interface VPC endpoints per VPC: 50 by default, adjustable through Service Quotas. */
export const DEFAULT_MAX_ENDPOINTS_PER_VPC = 50;

/** Route 53: at most 100 weighted records with the same name and type. */
export const MAX_WEIGHTED_RECORDS_PER_NAME = 100;

/** AWS IoT Core: a policy document is at most 2,048 characters, not counting whitespace. */
export const IOT_POLICY_MAX_CHARACTERS = 2048;

/** CloudWatch: PrivateLink endpoint metrics are published once a minute, so alarm periods are whole minutes. */
export const PRIVATELINK_METRIC_PERIOD_SECONDS = 60;

/** Route 53 weighted routing: weights are integers from 0 to 255. */
export const ROUTE53_MIN_WEIGHT = 0;
/** Route 53 weighted routing: weights are integers from 0 to 255. */
export const ROUTE53_MAX_WEIGHT = 255;

/** Route 53: a weighted record's set identifier is 1 to 128 characters. */
export const SET_IDENTIFIER_MAX_LENGTH = 128;

/**
 * Ports devices use on the IoT data plane: MQTT over TLS (8883); MQTT over WebSockets, HTTPS and MQTT
 * with ALPN `x-amzn-mqtt-ca` (443); HTTPS with client certificates (8443). A security group on an IoT
 * endpoint opens these and nothing else.
 */
export const DEVICE_PORTS: readonly number[] = Object.freeze([8883, 443, 8443]);

/** ALPN protocol name devices send to speak MQTT with X.509 client certificates on port 443. */
export const MQTT_ALPN_PROTOCOL = "x-amzn-mqtt-ca";

/** "VPC endpoints support IPv4 traffic only." (Limitations of VPC endpoints) */
export const DOCUMENTED_IP_ADDRESS_TYPE = "ipv4";

/**
 * "VPC endpoints are currently supported for IoT data endpoints only." (Limitations of VPC endpoints)
 * The suffix of the endpoint service name, `com.amazonaws.<region>.iot.data`.
 */
export const IOT_DATA_SERVICE = "iot.data";
/** The credential provider's endpoint service (newer AWS docs; opt-in; not in China or GovCloud). */
export const IOT_CREDENTIALS_SERVICE = "iot.credentials";

/** `aws.iot.getEndpoint` type of the ATS data endpoint devices use ("VPC endpoints will serve ATS certificates only"). */
export const ATS_DATA_ENDPOINT_TYPE = "iot:Data-ATS";
/** `aws.iot.getEndpoint` type of the credential provider endpoint. */
export const CREDENTIAL_PROVIDER_ENDPOINT_TYPE = "iot:CredentialProvider";

/**
 * Condition keys AWS IoT Core supports for restricting devices to VPC endpoints.
 * (Controlling Access to AWS IoT Core over VPC endpoints)
 */
export const VPC_CONDITION_KEYS: readonly string[] = Object.freeze(["aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp"]);

/** "VPC endpoints for IoT Core are currently not supported in AWS China Regions." */
export const CHINA_REGION_PREFIX = "cn-";
/** GovCloud regions: the credential provider endpoint is not offered there. */
export const GOVCLOUD_REGION_PREFIX = "us-gov-";

/** Pulumi type token of the `IotCoreVpcEndpoints` component (the policy pack recognizes it by this). */
export const IOT_CORE_VPC_ENDPOINTS_TYPE = "iotvpc:index:IotCoreVpcEndpoints";

/**
 * AWS tags: at most 50 per resource, counting the tags the component adds itself (`Name`); keys of 1 to
 * 128 characters that do not start with the reserved `aws:`; values of at most 256 characters.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
export const TAG_KEY_MAX_LENGTH = 128;
export const TAG_VALUE_MAX_LENGTH = 256;
export const RESERVED_TAG_PREFIX = "aws:";

/** EC2: inbound rules per security group by default (each port of each CIDR block is one rule). */
export const SECURITY_GROUP_INBOUND_RULES = 60;

/**
 * Greengrass V2 core devices in a VPC (Greengrass V2 developer guide, "AWS IoT Greengrass and interface VPC
 * endpoints", section "Operate an AWS IoT Greengrass core device in VPC"): "at a minimum" the iot.data
 * and iot.credentials endpoints with private records, and an s3 interface endpoint whose DNS record AWS
 * creates. "Operating a Greengrass core device in VPC is not supported in China Regions and AWS GovCloud
 * (US) Regions."
 */
export const GREENGRASS_S3_SERVICE = "s3";

/**
 * The endpoints standard Greengrass components need besides those (each with private DNS): the control
 * plane `greengrass`, CloudWatch Logs for the log manager, Secrets Manager, ECR (its API and Docker
 * registry endpoints) and STS. By the `GreengrassEndpoint` value that asks for them.
 */
export const GREENGRASS_OPTIONAL_SERVICES: Readonly<Record<string, readonly string[]>> = Object.freeze({
    greengrass: Object.freeze(["greengrass"]),
    logs: Object.freeze(["logs"]),
    secretsmanager: Object.freeze(["secretsmanager"]),
    ecr: Object.freeze(["ecr.api", "ecr.dkr"]),
    sts: Object.freeze(["sts"]),
});

/** The nucleus's data plane port, `greengrassDataPlanePort`: 8443 (its default) or 443. */
export const GREENGRASS_DATA_PLANE_PORTS: readonly number[] = Object.freeze([8443, 443]);

/** The region where the nucleus needs `s3EndpointType: "REGIONAL"` (nucleus 2.11.3 and later) to use the regional S3 name. */
export const GREENGRASS_REGIONAL_S3_REGION = "us-east-1";
