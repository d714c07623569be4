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

/**
 * How each private zone spreads devices over the endpoints (every layout uses equal-weight records).
 * A string enum in the schema other languages see; in TypeScript `RecordLayout.PerEndpoint` and
 * `"perEndpoint"` are both accepted.
 */
export const RecordLayout = {
    /**
     * One weighted A record per ENI IP (endpoints x subnets), the source document's layout. Each answer
     * is one IP; at most 100 records, so endpoints x subnets <= 100.
     */
    PerEni: "perEni",
    /**
     * One weighted A record per endpoint holding the IPs of all its ENIs: each answer spans every
     * Availability Zone. Up to 100 endpoints (10,000,000 devices).
     */
    PerEndpoint: "perEndpoint",
    /**
     * One weighted alias record per endpoint to the endpoint's regional DNS name, which AWS keeps pointing
     * at the endpoint's healthy ENIs. No ENI lookups; up to 100 endpoints.
     */
    Alias: "alias",
} as const;
export type RecordLayout = (typeof RecordLayout)[keyof typeof RecordLayout];

/** Every record layout, in the order of `RecordLayout`. */
export const RECORD_LAYOUTS: readonly RecordLayout[] = Object.freeze(Object.values(RecordLayout));

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
    /** A private hosted zone for the domain that already exists and is associated with `vpcId`: records go there. Default: the component creates it. */
    readonly existingHostedZoneId?: pulumi.Input<string>;
}

/**
 * The IoT policy the component creates from its own endpoint ids (source document, "Controlling Access
 * to AWS IoT Core over VPC endpoints").
 */
export interface DevicePolicyArgs {
    /** Actions on the device's own topics besides connecting. Default: `["publish"]` (`DEFAULTS.devicePolicy.actions`). */
    readonly actions?: DeviceAction[];
    /** Topic patterns under the thing name, IAM wildcards allowed (`telemetry`, `commands/*`). Default: `["*"]` (`DEFAULTS.devicePolicy.topics`). */
    readonly topics?: string[];
    /**
     * Condition connections on the component's endpoint ids (`endpoints`, `aws:SourceVpce`) or on its VPC
     * (`vpc`, `aws:SourceVpc`). AWS IoT policies are at most 2,048 characters, which holds about 65
     * endpoint ids; larger fleets condition on the VPC. Default: `endpoints` (`DEFAULTS.devicePolicy.restrictTo`).
     */
    readonly restrictTo?: DevicePolicyRestriction;
}

/**
 * A Route 53 Resolver inbound endpoint for devices on remote networks whose DNS forwards the IoT names
 * to the VPC (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html).
 */
export interface InboundResolverArgs {
    /**
     * One to six subnets for the resolver's addresses (a list, or one Output holding a list). AWS needs two
     * addresses and recommends two Availability Zones. One subnet takes both addresses only when
     * `ipAddresses` pins them: the AWS provider keeps the addresses as a set of subnet and address, so two
     * entries of one subnet without an address merge into one (terraform-provider-aws #28233), and a
     * one-subnet resolver without them is refused. Default: the first two of `subnetIds`
     * (`DEFAULTS.inboundResolver.subnetCount`).
     */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Fixed IPv4 addresses for the resolver, one per address in order (one per subnet; with one subnet, two
     * in it), so a corporate DNS forwards to addresses that stay the same when the resolver is replaced.
     * Each must lie in its subnet and not be one of the five addresses AWS reserves there. Default: AWS
     * picks them.
     */
    readonly ipAddresses?: string[];
    /** IPv4 CIDRs allowed to query the resolver on TCP and UDP 53. Default: the component's `allowedCidrs`. */
    readonly allowedCidrs?: pulumi.Input<string>[];
}

/**
 * Interface endpoints for the credential provider, `iot.credentials` (newer AWS documentation:
 * https://docs.aws.amazon.com/iot/latest/developerguide/IoTCore-VPC.html; not offered in China or
 * GovCloud).
 */
export interface CredentialsProviderArgs {
    /** Interface endpoints for `iot.credentials`; credential requests are short-lived. Default: `1` (`DEFAULTS.credentialsProvider.endpointCount`). */
    readonly endpointCount?: number;
    /** A private hosted zone for the credential provider's name that already exists and is associated with `vpcId`. Default: the component creates it. */
    readonly existingHostedZoneId?: pulumi.Input<string>;
}

/**
 * A spoke VPC that resolves the private zones too (hub and spoke: the endpoints live in `vpcId`, spokes
 * reach them over Transit Gateway or peering). Each private zone is associated with it through its own
 * `aws.route53.ZoneAssociation`
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs.html).
 */
export interface AdditionalVpcArgs {
    /** The spoke VPC (DNS support and hostnames on). Required. */
    readonly vpcId: pulumi.Input<string>;
    /** The spoke VPC's region. Default: the component's region. */
    readonly region?: string;
    /**
     * An IAM role in the spoke VPC's account, when it is another account: the component authorizes the
     * association in the zones' account (`aws.route53.VpcAssociationAuthorization`, which stays declared so
     * the association can be made again) and makes it through an `aws.Provider` that assumes this role.
     * The role needs, in the spoke's account: `ec2:DescribeVpcs`, `route53:ListHostedZones`,
     * `route53:GetHostedZone`, `route53:ListTagsForResource`, `route53:ListResourceRecordSets` (to find a zone
     * of the same name on the spoke before associating), `route53:AssociateVPCWithHostedZone`,
     * `route53:ListHostedZonesByVPC` (the provider reads the association back), `route53:GetChange` and
     * `route53:DisassociateVPCFromHostedZone`. A spoke the role cannot read is refused by name. A role rather
     * than a provider object, so every language can pass it. Default: the spoke is in the zones' account.
     */
    readonly roleArn?: pulumi.Input<string>;
}

/**
 * CloudWatch alarms on each data endpoint's `ActiveConnections`, namespace `AWS/PrivateLinkEndpoints`
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html).
 */
export interface CapacityAlarmArgs {
    /**
     * Alarm when an endpoint's active connections reach this percent of 100,000. Default: halfway between
     * `targetUtilizationPercent` and 100 (90 for the default 80): above the planned peak, before the limit.
     */
    readonly thresholdPercent?: number;
    /** Seconds per datapoint, a whole number of minutes (PrivateLink publishes these metrics once a minute). Default: `300` (`DEFAULTS.capacityAlarms.periodSeconds`). */
    readonly periodSeconds?: number;
    /** Consecutive datapoints at or above the threshold before the alarm fires. Default: `3` (`DEFAULTS.capacityAlarms.evaluationPeriods`). */
    readonly evaluationPeriods?: number;
    /** ARNs notified when an alarm fires (SNS topics, ...). Default: none. */
    readonly alarmActions?: pulumi.Input<string>[];
}

/**
 * An endpoint a Greengrass core device's standard components need, each an interface endpoint with the
 * private DNS AWS provides. A string enum in the schema other languages see.
 */
export const GreengrassEndpoint = {
    /** `com.amazonaws.<region>.greengrass`, the Greengrass control plane. */
    ControlPlane: "greengrass",
    /** `com.amazonaws.<region>.logs`, CloudWatch Logs, for the log manager. */
    Logs: "logs",
    /** `com.amazonaws.<region>.secretsmanager`, for the secret manager. */
    SecretsManager: "secretsmanager",
    /** `com.amazonaws.<region>.ecr.api` and `.ecr.dkr`, for components that pull container images. */
    Ecr: "ecr",
    /** `com.amazonaws.<region>.sts`, for components that assume roles. */
    Sts: "sts",
} as const;
export type GreengrassEndpoint = (typeof GreengrassEndpoint)[keyof typeof GreengrassEndpoint];

/**
 * Options for Greengrass V2 core devices with no route to the internet (Greengrass V2 developer guide,
 * "Operate an AWS IoT Greengrass core device in VPC":
 * https://docs.aws.amazon.com/greengrass/v2/developerguide/vpc-interface-endpoints.html).
 */
export interface GreengrassArgs {
    /**
     * The nucleus's data plane port (`greengrassDataPlanePort`): 8443 or 443. `devicePorts` must include it
     * (the component refuses otherwise; it does not add it). Default: `8443` (`DEFAULTS.greengrass.dataPlanePort`),
     * the nucleus's own default.
     */
    readonly dataPlanePort?: number;
    /**
     * Greengrass core devices, each holding MQTT connections to the data endpoint: added to
     * `expectedConnections` when the endpoints are sized (their client devices connect to the core, not to
     * IoT Core). Unit: devices. Default: `0` (`DEFAULTS.greengrass.coreDevices`): `expectedConnections` counts them.
     */
    readonly coreDevices?: number;
    /** More interface endpoints, each with private DNS, for the standard components that need them. Default: none. */
    readonly endpoints?: GreengrassEndpoint[];
    /**
     * Route tables of the core devices' subnets: S3 is then reached through a gateway endpoint on them
     * (no hourly charge; only for devices in this VPC, on those route tables) instead of an interface
     * endpoint with private DNS (devices in this VPC, and on remote networks that resolve through
     * `inboundResolver`; not devices in `additionalVpcs`, where its private DNS does not answer). A list, or
     * one Output holding it (such as a VPC component's `privateRouteTableIds`). Default: none, an interface endpoint.
     */
    readonly s3RouteTableIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The token exchange role alias the core devices use (`iotRoleAlias` in the nucleus configuration, and
     * the resource of `iot:AssumeRoleWithCertificate`). Default: none; the nucleus configuration then leaves it out.
     */
    readonly tokenExchangeRoleAlias?: string;
    /**
     * Create an `aws.iot.Policy` for the core devices: `devicePolicy`'s actions and topics (its defaults when
     * `devicePolicy` is left out); `iot:Connect` as the thing and its further client ids (`<thing>#2`, ...);
     * publish, receive and subscribe on the thing's `$aws/things/<thing>*` health, jobs and shadow topics;
     * the Greengrass data plane actions; and `iot:AssumeRoleWithCertificate` on `tokenExchangeRoleAlias`.
     * `iot:Connect`, the data plane actions and the role alias are conditioned on this component's
     * endpoints, or its VPC with `devicePolicy.restrictTo: "vpc"`; the topic statements are not. Not yet
     * verified against a real account: whether the thing policy variable resolves for `<thing>#2` client
     * ids, and whether AWS IoT and Greengrass put `aws:SourceVpce` in the data plane and credential
     * provider requests (docs/greengrass.md). Needs `tokenExchangeRoleAlias`. Default: `false`.
     */
    readonly coreDevicePolicy?: boolean;
}

/** The nucleus configuration a core device needs to work through the private endpoints, ready to paste. */
export interface GreengrassNucleusConfig {
    /** The region. */
    readonly awsRegion: string;
    /** The account's `iot:Data-ATS` name, which the private zone answers. */
    readonly iotDataEndpoint: string;
    /** The account's `iot:CredentialProvider` name, which the private zone answers. */
    readonly iotCredEndpoint: string;
    /** `iotdata`: data plane calls go to the data endpoint, not to the Greengrass data plane endpoint. */
    readonly greengrassDataPlaneEndpoint: string;
    /** 8443 or 443. */
    readonly greengrassDataPlanePort: number;
    /** `REGIONAL` in us-east-1 (nucleus 2.11.3 and later), so S3 is reached at its regional name; absent elsewhere. */
    readonly s3EndpointType?: string;
    /** The token exchange role alias, when `tokenExchangeRoleAlias` is given. */
    readonly iotRoleAlias?: string;
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
     * A list (each id may be an Output), or one Output holding a list (`awsx.ec2.Vpc.privateSubnetIds`, a
     * `StackReference` output); with the default `perEni` layout the latter needs `subnetCount`. A subnet
     * id given as a plain string names its records (inserting or removing another subnet leaves them
     * alone); an id that is an Output is named by its position. Required.
     */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * How many subnets `subnetIds` holds, when it is one Output of a list (from another stack or
     * component) and `recordLayout` is `perEni`, whose records (one per subnet and endpoint) must be known
     * when the program runs. Checked against the list at deploy time. Default: the length of `subnetIds`
     * when it is a list.
     */
    readonly subnetCount?: number;
    /**
     * Subnets being removed from the endpoints, in two updates: listed here (and no longer in
     * `subnetIds`) they keep their network interfaces, but no record answers with them (weight 0 with
     * `perEni`, left out of `perEndpoint` records), so devices stop resolving their addresses within one
     * TTL. In the next update, drop them from here: the interfaces go and no device is sent to them.
     * Removing a subnet that records still answer in one update is refused. Plain subnet ids. Default: none.
     */
    readonly drainingSubnetIds?: string[];
    /**
     * Peak concurrent device connections to carry. Each endpoint carries at most 100,000 (source document,
     * "Limitations" and "Scaling") and is planned for `targetUtilizationPercent` of that, so
     * `ceil(expectedConnections / (100000 x targetUtilizationPercent / 100))` endpoints are created.
     * Unit: devices. Default: `80000` (`DEFAULTS.expectedConnections`): one endpoint at the default utilization.
     */
    readonly expectedConnections?: number;
    /**
     * How full each endpoint is planned to be at `expectedConnections`, as a percent of the 100,000
     * connections AWS allows: endpoints = ceil(expectedConnections / (100,000 x percent / 100)). Weighted
     * DNS places devices at random and resolvers hand one cached answer to many devices, so endpoints need
     * headroom; the README gives the arithmetic. 100 sizes at the documented limit with no headroom.
     * Unit: percent, 1 to 100. Default: `80` (`DEFAULTS.targetUtilizationPercent`).
     */
    readonly targetUtilizationPercent?: number;
    /**
     * Number of interface endpoints, overriding the count sized from `expectedConnections`; it must still
     * carry `expectedConnections` when both are given. Default: sized from `expectedConnections`.
     */
    readonly endpointCount?: number;
    /**
     * The account's "Interface VPC endpoints per VPC" quota; raise it only after AWS raised the quota
     * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html). Default: `50` (`DEFAULTS.maxEndpointsPerVpc`).
     */
    readonly maxEndpointsPerVpc?: number;
    /**
     * IPv4 CIDR blocks devices connect from (the VPC, VPN or Direct Connect ranges); never `0.0.0.0/0`.
     * A list (each may be an Output) or one Output holding a list. Default: the VPC's IPv4 CIDR blocks.
     */
    readonly allowedCidrs?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Allow `allowedCidrs` (and `inboundResolver.allowedCidrs`) to include public address space, for device
     * networks that really use public ranges. Without it only private ranges (RFC 1918, 100.64.0.0/10) are
     * accepted; the whole internet (`0.0.0.0/0`, or `0.0.0.0/1` with `128.0.0.0/1`) is refused either way.
     * Default: `false` (`DEFAULTS.allowPublicCidrs`).
     */
    readonly allowPublicCidrs?: boolean;
    /**
     * TCP ports opened to `allowedCidrs`: 8883 (MQTT over TLS), 443 (MQTT over WebSockets, HTTPS, MQTT
     * with ALPN `x-amzn-mqtt-ca`) and 8443 (HTTPS with client certificates), or a subset
     * (https://docs.aws.amazon.com/iot/latest/developerguide/protocols.html). Default: `[8883, 443, 8443]` (`DEFAULTS.devicePorts`).
     */
    readonly devicePorts?: number[];
    /**
     * TTL of the weighted A records; alias records use the endpoint name's TTL. Unit: seconds.
     * Default: `60` (`DEFAULTS.ttl`).
     */
    readonly ttl?: number;
    /**
     * How each private zone spreads devices over the endpoints: `perEni` (the source document's layout,
     * one record per ENI IP; endpoints x subnets <= 100), `perEndpoint` (one record per endpoint with all
     * its IPs; up to 100 endpoints) or `alias` (one alias per endpoint to its regional DNS name). Route 53
     * allows 100 weighted records per name (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html).
     * Changing it on a live stack replaces the records. Default: `perEni` (`DEFAULTS.recordLayout`).
     */
    readonly recordLayout?: RecordLayout;
    /**
     * Allow AWS China Regions: the source document says VPC endpoints for IoT Core are not supported there;
     * newer AWS documentation lists `iot.data` in cn-north-1 and cn-northwest-1. Default: `false` (`DEFAULTS.allowChinaRegions`).
     */
    readonly allowChinaRegions?: boolean;
    /**
     * MQTT keep-alive the devices use. VPC endpoints cut keep-alives above 230 s to 230 s (source document,
     * "Limitations"), so a larger value is refused; reported in `connectionSettings`. Unit: seconds.
     * Default: `230` (`DEFAULTS.mqttKeepAliveSeconds`).
     */
    readonly mqttKeepAliveSeconds?: number;
    /**
     * Fixed private IPv4 addresses for the data endpoints' network interfaces, by subnet id: for each
     * subnet of `subnetIds` and `drainingSubnetIds`, one address per endpoint in endpoint order (the
     * endpoint's `subnetConfigurations`). Records are then known in previews and keep their addresses when
     * an endpoint is replaced; each address must lie in its subnet, not be one of the five AWS reserves
     * there (the first four and the last), and be free (checked at deploy time). Endpoints with fixed
     * addresses are replaced delete-first. The subnets and addresses of a live endpoint never change: AWS
     * replaces every interface whose configuration an update sends, and the provider sends them all, so
     * such a change is refused; leave `endpointIps` out first (nothing changes in AWS), then change the
     * subnets. Plain strings; every subnet needs an entry. Default: AWS picks the addresses.
     */
    readonly endpointIps?: { [subnetId: string]: string[] };
    /**
     * Spoke VPCs that resolve the private zones too: each zone is associated with each of them through its
     * own `aws.route53.ZoneAssociation` (the zones keep only `vpcId` inline and never undo these), and their
     * CIDR blocks join the default `allowedCidrs`. Adding or removing one replaces no zone. Default: none.
     */
    readonly additionalVpcs?: AdditionalVpcArgs[];
    /**
     * A private hosted zone for the account's ATS endpoint name that already exists and is associated with
     * `vpcId` (made by hand, by a central DNS team, ...): the component puts its records there instead of
     * creating a zone (Route 53 allows one private zone of a name per VPC). The component never deletes or
     * re-associates it. Default: the component creates the zone.
     */
    readonly existingHostedZoneId?: pulumi.Input<string>;
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
    /**
     * Make this a deployment where Greengrass V2 core devices need no route to the internet: the credential
     * provider endpoints and zone (as `credentialsProvider` builds them), an S3 endpoint, the data plane
     * port, and the output `greengrassNucleusConfig`. Refused in China and GovCloud regions, where AWS does
     * not support core devices in a VPC. `true` takes the defaults; `greengrassOptions` sets the rest (one
     * argument cannot be both: other languages' schemas take no unions). Default: `false`.
     */
    readonly greengrass?: boolean;
    /**
     * Options for `greengrass`; giving them turns it on (`{}` is `greengrass: true`). Default: none, no
     * Greengrass unless `greengrass: true`, which takes each option's default.
     */
    readonly greengrassOptions?: GreengrassArgs;
    /** Create a CloudWatch alarm on each data endpoint's active connections. Default: not created. */
    readonly capacityAlarms?: CapacityAlarmArgs;
    /**
     * Create a CloudWatch dashboard of the data endpoints: each endpoint's active connections against its
     * 100,000 limit and planned load, new connections, bytes processed and packets dropped, so the fleet's
     * spread over endpoints shows at a glance. Default: `false` (`DEFAULTS.dashboard`).
     */
    readonly dashboard?: boolean;
    /** Tags for every taggable child resource; each child also gets a `Name` tag. Default: none. */
    readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** One weighted record of a private zone, as the component created it. */
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
    /** The subnet of each IP, in the order of `values`; empty for alias records. */
    readonly subnetIds: string[];
    /** `a` for an A record of ENI IPs, `alias` for an alias to the endpoint's regional DNS name. */
    readonly kind: string;
    /** The record's TTL in seconds; absent for alias records, which take the target's. */
    readonly ttl?: number;
}

// ----- the arguments, resolved -----

/**
 * The component's arguments after validation (`resolveArgs`): every default filled in from `DEFAULTS`,
 * every count decided, every value that was an Output still an Output. The constructor reads only
 * these, the plan made from them, and the facts checked at deploy time.
 * @internal
 */
export interface Settings {
    /** The component's name; every child's name starts with it. */
    readonly name: string;
    readonly vpcId: pulumi.Input<string>;
    /** The subnet ids as given: a list (each id perhaps an Output), or one Output holding a list. */
    readonly subnetIds: pulumi.Input<readonly pulumi.Input<string>[]>;
    /**
     * Stable key of each subnet: its id when known when the program runs, else `subnet<n>`; `undefined`
     * when the number of subnets is known only at deploy time (one Output of a list, no `subnetCount`).
     */
    readonly subnetKeys?: readonly string[];
    /** Subnets being removed in two updates: on the endpoints, in no answered record. */
    readonly drainingSubnetIds: readonly string[];
    /** Fixed addresses of the data endpoints' interfaces, by subnet id, one per endpoint. */
    readonly endpointIps?: Readonly<Record<string, readonly string[]>>;
    /** Spoke VPCs associated with every zone the component creates. */
    readonly additionalVpcs: readonly AdditionalVpcSettings[];
    /** The existing ATS zone to put records in, instead of creating one. */
    readonly existingHostedZoneId?: pulumi.Input<string>;
    /** Concurrent devices to carry. */
    readonly expectedConnections: number;
    /** Percent of 100,000 connections each endpoint is planned for. */
    readonly targetUtilizationPercent: number;
    /** Interface endpoints for iot.data: `endpointCount`, else sized from `expectedConnections`. */
    readonly endpointCount: number;
    readonly maxEndpointsPerVpc: number;
    /** Device networks (a list, or one Output of a list); `undefined` means the VPC's CIDR blocks, read at deploy time. */
    readonly allowedCidrs?: pulumi.Input<readonly pulumi.Input<string>[]>;
    readonly devicePorts: readonly number[];
    readonly ttl: number;
    readonly recordLayout: RecordLayout;
    readonly allowChinaRegions: boolean;
    readonly allowPublicCidrs: boolean;
    readonly mqttKeepAliveSeconds: number;
    readonly customDomains: readonly CustomDomainSettings[];
    readonly devicePolicy?: DevicePolicySettings;
    readonly inboundResolver?: InboundResolverSettings;
    readonly credentialsProvider?: { readonly endpointCount: number; readonly existingHostedZoneId?: pulumi.Input<string> };
    readonly capacityAlarms?: CapacityAlarmSettings;
    readonly dashboard: boolean;
    /** Greengrass core devices in the VPC, when asked for (then `credentialsProvider` is set too). */
    readonly greengrass?: GreengrassSettings;
    readonly tags: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** @internal */
export interface CustomDomainSettings {
    /** The domain as given. */
    readonly domainName: string;
    readonly serverCertificateArns?: readonly pulumi.Input<string>[];
    readonly validationCertificateArn?: pulumi.Input<string>;
    readonly existingDomainConfigurationName?: string;
    readonly existingHostedZoneId?: pulumi.Input<string>;
}

/** @internal */
export interface DevicePolicySettings {
    readonly actions: readonly DeviceAction[];
    readonly topics: readonly string[];
    readonly restrictTo: DevicePolicyRestriction;
}

/** @internal */
export interface InboundResolverSettings {
    /** Explicit resolver subnets; `undefined`: the first `DEFAULTS.inboundResolver.subnetCount` of the component's. */
    readonly subnetIds?: pulumi.Input<readonly pulumi.Input<string>[]>;
    /** `undefined`: the component's allowed CIDRs. */
    readonly allowedCidrs?: pulumi.Input<readonly pulumi.Input<string>[]>;
    /** Fixed addresses, in the order of the resolver's addresses. */
    readonly ipAddresses?: readonly string[];
}

/** @internal */
export interface CapacityAlarmSettings {
    readonly thresholdPercent: number;
    readonly periodSeconds: number;
    readonly evaluationPeriods: number;
    readonly alarmActions: readonly pulumi.Input<string>[];
}

/** @internal */
export interface AdditionalVpcSettings {
    /** Stable key for the association's resource name: the VPC id when known when the program runs, else `vpc<n>`. */
    readonly key: string;
    readonly vpcId: pulumi.Input<string>;
    readonly region?: string;
    readonly roleArn?: pulumi.Input<string>;
}

/** @internal */
export interface GreengrassSettings {
    readonly dataPlanePort: number;
    readonly coreDevices: number;
    readonly endpoints: readonly GreengrassEndpoint[];
    /** Route tables for an S3 gateway endpoint; `undefined`: an S3 interface endpoint with private DNS. */
    readonly s3RouteTableIds?: pulumi.Input<readonly pulumi.Input<string>[]>;
    readonly tokenExchangeRoleAlias?: string;
    readonly coreDevicePolicy: boolean;
}
