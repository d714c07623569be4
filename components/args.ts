/**
 * The arguments and output shapes of `IotCoreVpcEndpoints`. Every field says its unit, its default and
 * where AWS documents it; other languages see the same text in the generated SDKs (the schema is
 * inferred from these interfaces, so they use no general unions and enums are string enums).
 *
 * Source document: "Using AWS IoT Core with interface VPC endpoints",
 * https://docs.aws.amazon.com/iot/latest/developerguide/IoTCore-VPC.html
 */
import * as pulumi from "@pulumi/pulumi";

import { DeviceAction, DevicePolicyRestriction } from "./devicePolicy";
import { RecordLayout } from "./planning";

/**
 * A custom domain served through the same endpoints (source document, "Using custom domains with VPC
 * endpoints"; https://docs.aws.amazon.com/iot/latest/developerguide/iot-custom-endpoints-configurable-custom.html).
 */
export interface CustomDomainArgs {
    /** The domain devices connect to, such as `devices.example.com`. Names its private hosted zone. Required. */
    readonly domainName: string;
    /**
     * ACM certificate ARNs of the domain's server certificate; the component creates an
     * `aws.iot.DomainConfiguration` (service type DATA) with them. Give this or
     * `existingDomainConfigurationName`, not both. Default: none.
     */
    readonly serverCertificateArns?: pulumi.Input<string>[];
    /** ACM certificate ARN that proves you own the domain, when the server certificate is not public. Default: none. */
    readonly validationCertificateArn?: pulumi.Input<string>;
    /**
     * Name of an `aws.iot.DomainConfiguration` that already serves `domainName`: only the private zone and
     * its records are created. Give this or `serverCertificateArns`, not both. Default: none.
     */
    readonly existingDomainConfigurationName?: string;
}

/**
 * The IoT policy the component creates from its own endpoint ids (source document, "Controlling Access
 * to AWS IoT Core over VPC endpoints").
 */
export interface DevicePolicyArgs {
    /** Actions on the device's own topics besides connecting. Default: `["publish"]`. */
    readonly actions?: DeviceAction[];
    /** Topic patterns under the thing name, IAM wildcards allowed (`telemetry`, `commands/*`). Default: `["*"]`. */
    readonly topics?: string[];
    /**
     * Condition connections on the component's endpoint ids (`endpoints`, `aws:SourceVpce`) or on its VPC
     * (`vpc`, `aws:SourceVpc`). AWS IoT policies are at most 2,048 characters, which holds about 65
     * endpoint ids; larger fleets condition on the VPC. Default: `endpoints`.
     */
    readonly restrictTo?: DevicePolicyRestriction;
}

/**
 * A Route 53 Resolver inbound endpoint for devices on remote networks whose DNS forwards the IoT names
 * to the VPC (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html).
 */
export interface InboundResolverArgs {
    /** Two to six subnets in different Availability Zones. Default: the first two of `subnetIds`. */
    readonly subnetIds?: pulumi.Input<string>[];
    /** IPv4 CIDRs allowed to query the resolver on TCP and UDP 53. Default: the component's `allowedCidrs`. */
    readonly allowedCidrs?: pulumi.Input<string>[];
}

/**
 * Interface endpoints for the credential provider, `iot.credentials` (newer AWS documentation:
 * https://docs.aws.amazon.com/iot/latest/developerguide/IoTCore-VPC.html; not offered in China or
 * GovCloud).
 */
export interface CredentialsProviderArgs {
    /** Interface endpoints for `iot.credentials`; credential requests are short-lived. Default: `1`. */
    readonly endpointCount?: number;
}

/**
 * CloudWatch alarms on each data endpoint's `ActiveConnections`, namespace `AWS/PrivateLinkEndpoints`
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html).
 */
export interface CapacityAlarmArgs {
    /** Alarm when an endpoint's active connections reach this percent of 100,000. Default: `80`. */
    readonly thresholdPercent?: number;
    /** Seconds per datapoint: 10, 30 or a multiple of 60. Default: `300`. */
    readonly periodSeconds?: number;
    /** Consecutive datapoints at or above the threshold before the alarm fires. Default: `3`. */
    readonly evaluationPeriods?: number;
    /** ARNs notified when an alarm fires (SNS topics, ...). Default: none. */
    readonly alarmActions?: pulumi.Input<string>[];
}

/** Arguments of `IotCoreVpcEndpoints`. */
export interface IotCoreVpcEndpointsArgs {
    /**
     * The VPC that gets the interface endpoints and to which the private hosted zones are attached; it
     * must have DNS support and DNS hostnames enabled for private zones to resolve
     * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html).
     * Required.
     */
    readonly vpcId: pulumi.Input<string>;
    /**
     * Private subnets for the endpoints' network interfaces: one per Availability Zone, each in a zone
     * where `com.amazonaws.<region>.iot.data` is offered (`aws ec2 describe-vpc-endpoint-services`;
     * source document, "Creating VPC endpoints"). Every endpoint gets one network interface per subnet.
     * The list's length must be known when the program runs so previews show every record; the ids may
     * be Outputs. A subnet id given as a plain string names its records (inserting or removing another
     * subnet leaves them alone); an Output id is named by its position. Required.
     */
    readonly subnetIds: pulumi.Input<string>[];
    /**
     * Peak concurrent device connections to carry. Each endpoint carries 100,000 (source document,
     * "Limitations" and "Scaling"), so `ceil(expectedConnections / 100000)` endpoints are created.
     * Unit: devices. Default: `100000`.
     */
    readonly expectedConnections?: number;
    /**
     * Number of interface endpoints, overriding the count sized from `expectedConnections`; it must still
     * carry `expectedConnections` when both are given. Default: sized from `expectedConnections`.
     */
    readonly endpointCount?: number;
    /**
     * The account's "Interface VPC endpoints per VPC" quota; raise it only after AWS raised the quota
     * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html). Default: `50`.
     */
    readonly maxEndpointsPerVpc?: number;
    /**
     * IPv4 CIDR blocks devices connect from (the VPC, VPN or Direct Connect ranges); never `0.0.0.0/0`.
     * Default: the VPC's IPv4 CIDR blocks.
     */
    readonly allowedCidrs?: pulumi.Input<string>[];
    /**
     * TCP ports opened to `allowedCidrs`: 8883 (MQTT over TLS), 443 (MQTT over WebSockets, HTTPS, MQTT
     * with ALPN `x-amzn-mqtt-ca`) and 8443 (HTTPS with client certificates), or a subset
     * (https://docs.aws.amazon.com/iot/latest/developerguide/protocols.html). Default: `[8883, 443, 8443]`.
     */
    readonly devicePorts?: number[];
    /**
     * TTL of the weighted A records; alias records use the endpoint name's TTL. Unit: seconds.
     * Default: `60`.
     */
    readonly ttl?: number;
    /**
     * How each private zone spreads devices over the endpoints: `perEni` (the source document's layout,
     * one record per ENI IP; endpoints x subnets <= 100), `perEndpoint` (one record per endpoint with all
     * its IPs; up to 100 endpoints) or `alias` (one alias per endpoint to its regional DNS name). Route 53
     * allows 100 weighted records per name (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html).
     * Changing it on a live stack replaces the records. Default: `perEni`.
     */
    readonly recordLayout?: RecordLayout;
    /**
     * Allow AWS China Regions: the source document says VPC endpoints for IoT Core are not supported there;
     * newer AWS documentation lists `iot.data` in cn-north-1 and cn-northwest-1. Default: `false`.
     */
    readonly allowChinaRegions?: boolean;
    /**
     * MQTT keep-alive the devices use. VPC endpoints cut keep-alives above 230 s to 230 s (source document,
     * "Limitations"), so a larger value is refused; reported in `connectionSettings`. Unit: seconds.
     * Default: `230`.
     */
    readonly mqttKeepAliveSeconds?: number;
    /** Custom domains served through the same endpoints, each with its own private zone. Default: none. */
    readonly customDomains?: CustomDomainArgs[];
    /**
     * Create an `aws.iot.Policy` that lets devices connect only through these endpoints (`aws:SourceVpce`),
     * so connections through the public endpoint are denied. Default: not created.
     */
    readonly devicePolicy?: DevicePolicyArgs;
    /** Create a Route 53 Resolver inbound endpoint for devices on remote networks. Default: not created. */
    readonly inboundResolver?: InboundResolverArgs;
    /**
     * Also create interface endpoints for the credential provider (`iot.credentials`) with a private zone
     * for the account's `iot:CredentialProvider` name. Refused in China and GovCloud; the policy pack
     * blocks it unless its `iot-endpoint-data-only` config allows it. Default: not created.
     */
    readonly credentialsProvider?: CredentialsProviderArgs;
    /** Create a CloudWatch alarm on each data endpoint's active connections. Default: not created. */
    readonly capacityAlarms?: CapacityAlarmArgs;
    /** Tags for every taggable child resource; each child also gets a `Name` tag. Default: none. */
    readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** One weighted record of a private zone. */
export interface DnsRecordInfo {
    /** The record's DNS name (the zone apex). */
    readonly name: string;
    /** Route 53 set identifier. */
    readonly setIdentifier: string;
    /** Route 53 weight (0..255). */
    readonly weight: number;
    /** The interface endpoint the record points at. */
    readonly endpointId: string;
    /** The ENI IPs the record answers with, or the alias target's DNS name. */
    readonly values: string[];
    /** The subnet of each ENI IP, in the order of `values`; empty for alias records. */
    readonly subnetIds: string[];
    /**
     * `a` for a weighted A record of ENI IPs, `alias` for an alias to the endpoint's regional DNS name.
     * A plain string: the schema other languages get from these types has no string-literal unions.
     */
    readonly kind: string;
    /** The A record's TTL in seconds; absent for alias records, which use the target's TTL. */
    readonly ttl?: number;
}
