import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { ATS_DATA_ENDPOINT_TYPE, DEVICE_PORTS, IOT_CORE_VPC_ENDPOINTS_TYPE, IOT_DATA_SERVICE } from "./limits";
import { DeploymentPlan, planDeployment } from "./planning";
import { serviceNameFor } from "./rules";
import { DeployFacts, PlainArgs, regionProblems, throwIfProblems, validateDeployFacts, validatePlainArgs } from "./validation";

const PORT_DESCRIPTIONS: Record<number, string> = {
    8883: "MQTT over TLS",
    443: "MQTT over WebSockets, HTTPS, MQTT with ALPN x-amzn-mqtt-ca",
    8443: "HTTPS with client certificates",
};

/**
 * Arguments of {@link IotCoreVpcEndpoints}.
 *
 * See "Using AWS IoT Core with interface VPC endpoints":
 * https://docs.aws.amazon.com/iot/latest/developerguide/IoTCore-VPC.html
 */
export interface IotCoreVpcEndpointsArgs {
    /**
     * The VPC that gets the interface endpoints and to which the private hosted zone is attached.
     * The VPC must have DNS support and DNS hostnames enabled for private hosted zones to resolve.
     */
    readonly vpcId: pulumi.Input<string>;
    /**
     * Private subnets for the endpoints' network interfaces: one per Availability Zone, each in a zone
     * where `com.amazonaws.<region>.iot.data` is offered (`aws ec2 describe-vpc-endpoint-services`).
     * Every endpoint gets one network interface, and the zone one weighted record, per subnet.
     *
     * The list's length must be known when the program runs so previews show every record; the ids
     * themselves may be Outputs. A subnet id given as a plain string names its records (so inserting or
     * removing another subnet leaves them alone); an Output id is named by its position.
     */
    readonly subnetIds: pulumi.Input<string>[];
    /**
     * Peak concurrent device connections to carry. Each endpoint carries 100,000 (source document,
     * "Limitations"), so `ceil(expectedConnections / 100000)` endpoints are created.
     * @default 100000
     */
    readonly expectedConnections?: number;
    /**
     * Number of interface endpoints, overriding the count sized from `expectedConnections`. Must carry
     * at least `expectedConnections` when both are given.
     */
    readonly endpointCount?: number;
    /**
     * The account's "Interface VPC endpoints per VPC" quota. Raise it only after AWS raised the quota.
     * @default 50
     */
    readonly maxEndpointsPerVpc?: number;
    /**
     * IPv4 CIDR blocks devices connect from (the VPC, VPN or Direct Connect ranges). Never `0.0.0.0/0`.
     * @default the VPC's IPv4 CIDR blocks
     */
    readonly allowedCidrs?: pulumi.Input<string>[];
    /**
     * TCP ports opened to `allowedCidrs`: 8883 (MQTT over TLS), 443 (MQTT over WebSockets, HTTPS, MQTT
     * with ALPN `x-amzn-mqtt-ca`) and 8443 (HTTPS with client certificates), or a subset of them.
     * @default [8883, 443, 8443]
     */
    readonly devicePorts?: number[];
    /**
     * TTL of the weighted records, in seconds. Short TTLs spread reconnecting devices sooner.
     * @default 60
     */
    readonly ttl?: number;
    /**
     * Allow AWS China Regions. The source document says VPC endpoints for IoT Core are not supported
     * there; newer AWS documentation lists `iot.data` in cn-north-1 and cn-northwest-1. Opt-in.
     * @default false
     */
    readonly allowChinaRegions?: boolean;
    /**
     * MQTT keep-alive the devices use, in seconds. VPC endpoints cut keep-alives above 230 s to 230 s
     * (source document, "Limitations"), so a larger value is refused.
     * @default 230
     */
    readonly mqttKeepAliveSeconds?: number;
    /** Tags for every taggable child resource. */
    readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** One weighted A record at the zone apex. */
export interface DnsRecordInfo {
    /** Route 53 set identifier, `<endpoint key>-<subnet key>`. */
    readonly setIdentifier: string;
    /** The ENI's private IPv4 address. */
    readonly ip: string;
    /** Route 53 weight. */
    readonly weight: number;
    /** The interface endpoint's id. */
    readonly endpointId: string;
    /** The subnet of the ENI. */
    readonly subnetId: string;
}

/** What the endpoints carry. */
export interface CapacityInfo {
    /** Interface endpoints. */
    readonly endpoints: number;
    /** Network interfaces per endpoint (one per subnet). */
    readonly enisPerEndpoint: number;
    /** Network interfaces in all. */
    readonly enis: number;
    /** Concurrent devices the endpoints carry, at 100,000 each. */
    readonly maxDevices: number;
    /** Concurrent devices asked for. */
    readonly expectedConnections: number;
    /** Weighted records on the data endpoint name. */
    readonly records: number;
}

/**
 * Private AWS IoT Core data endpoints: interface VPC endpoints for `iot.data` sized from the device
 * count, their security group, a private hosted zone named after the account's ATS data endpoint and
 * attached to the VPC, and one equal-weight A record per endpoint network interface, so devices in the
 * VPC resolve the account's normal IoT endpoint name to private IPs.
 */
export class IotCoreVpcEndpoints extends pulumi.ComponentResource {
    /** The host name devices connect to: the account's ATS data endpoint, resolved privately in the VPC. */
    public readonly dataEndpoint!: pulumi.Output<string>;
    /** The private hosted zone's id. */
    public readonly hostedZoneId!: pulumi.Output<string>;
    /** The interface endpoints' ids, in endpoint order. */
    public readonly endpointIds!: pulumi.Output<string[]>;
    /** The endpoints' security group id. */
    public readonly securityGroupId!: pulumi.Output<string>;
    /** The weighted records. */
    public readonly records!: pulumi.Output<DnsRecordInfo[]>;
    /** Endpoints, network interfaces and the devices they carry. */
    public readonly capacity!: pulumi.Output<CapacityInfo>;

    constructor(name: string, args: IotCoreVpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `IotCoreVpcEndpoints "${name}"`;
        const plain = opts?.urn ? undefined : plainArgs(args);
        if (plain) {
            // Before `super`: invalid arguments register nothing at all.
            throwIfProblems(label, validatePlainArgs(plain));
        }
        super(IOT_CORE_VPC_ENDPOINTS_TYPE, name, args, opts);
        if (!plain) {
            return; // rehydrating a reference: the outputs come from the engine
        }
        const subnetIds: pulumi.Input<string>[] = args.subnetIds;

        const plan = planDeployment({
            name,
            expectedConnections: args.expectedConnections,
            endpointCount: args.endpointCount,
            subnetIds: plain.subnetIds ?? [],
        });
        const facts = this.deployFacts(label, args, subnetIds);
        const tags = pulumi.output(args.tags ?? {});
        const ports = args.devicePorts ?? [...DEVICE_PORTS];
        const childOpts = { parent: this };

        const securityGroup = new aws.ec2.SecurityGroup(plan.names.securityGroup, {
            vpcId: facts.vpcId,
            description: "AWS IoT Core interface VPC endpoints: device ports from the allowed networks",
            ingress: facts.allowedCidrs.apply((cidrs) =>
                ports.map((port) => ({
                    protocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrBlocks: [...cidrs],
                    description: PORT_DESCRIPTIONS[port],
                })),
            ),
            tags: tags.apply((t) => ({ ...t, Name: plan.names.securityGroup })),
        }, childOpts);

        const endpoints = plan.endpoints.map((e) => new aws.ec2.VpcEndpoint(e.resourceName, {
            vpcId: facts.vpcId,
            serviceName: facts.service.serviceName,
            vpcEndpointType: "Interface",
            privateDnsEnabled: false,
            ipAddressType: "ipv4",
            dnsOptions: { dnsRecordIpType: "ipv4" },
            subnetIds: facts.subnets.apply((s) => s.map((x) => x.id)),
            securityGroupIds: [securityGroup.id],
            tags: tags.apply((t) => ({ ...t, Name: e.resourceName })),
        }, childOpts));

        const zone = new aws.route53.Zone(plan.names.zone, {
            name: facts.dataEndpoint,
            comment: "Private AWS IoT Core data endpoint (interface VPC endpoints)",
            vpcs: [{ vpcId: facts.vpcId, vpcRegion: facts.region }],
            tags: tags.apply((t) => ({ ...t, Name: plan.names.zone })),
        }, childOpts);

        const ipsBySubnet = endpoints.map((ep) => this.eniIpsBySubnet(ep));
        const ttl = args.ttl ?? 60;
        const recordIps = plan.records.map((r) =>
            pulumi.all([ipsBySubnet[r.endpointIndex], endpoints[r.endpointIndex].id, subnetIds[r.subnetIndex]])
                .apply(([ips, endpointId, subnetId]) => ipFor(ips, endpointId, subnetId)));
        plan.records.forEach((r, i) => new aws.route53.Record(r.resourceName, {
            zoneId: zone.zoneId,
            name: facts.dataEndpoint,
            type: "A",
            ttl,
            setIdentifier: r.setIdentifier,
            weightedRoutingPolicies: [{ weight: r.weight }],
            records: [recordIps[i]],
        }, childOpts));

        const outputs = {
            dataEndpoint: facts.dataEndpoint,
            hostedZoneId: zone.zoneId,
            endpointIds: pulumi.all(endpoints.map((e) => e.id)),
            securityGroupId: securityGroup.id,
            records: recordInfos(plan, recordIps, endpoints.map((e) => e.id), subnetIds),
            capacity: pulumi.output<CapacityInfo>(plan.capacity),
        };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }

    /**
     * Everything AWS must confirm before anything is created: the region, the endpoint service and the
     * zones it is offered in, each subnet's zone and VPC, the VPC's DNS settings and CIDRs, and the ATS
     * data endpoint name. Every resource reads its inputs from this Output, so a problem found here stops
     * them all, with one error that lists every problem.
     */
    private deployFacts(label: string, args: IotCoreVpcEndpointsArgs, subnetIds: pulumi.Input<string>[]) {
        const invokeOpts = { parent: this };
        const region = aws.getRegionOutput({}, invokeOpts).region.apply((r) => {
            throwIfProblems(label, regionProblems(r, args.allowChinaRegions === true));
            return r;
        });
        const vpc = aws.ec2.getVpcOutput({ id: args.vpcId }, invokeOpts);
        const service = aws.ec2.getVpcEndpointServiceOutput({
            serviceName: region.apply((r) => serviceNameFor(r, IOT_DATA_SERVICE)),
            serviceType: "Interface",
        }, invokeOpts);
        const subnets = pulumi.all(subnetIds.map((id) => aws.ec2.getSubnetOutput({ id }, invokeOpts)));
        const dataEndpoint = aws.iot.getEndpointOutput({ endpointType: ATS_DATA_ENDPOINT_TYPE }, invokeOpts).endpointAddress;
        const allowedCidrs = args.allowedCidrs !== undefined
            ? pulumi.all(args.allowedCidrs)
            : vpc.cidrBlockAssociations.apply((a) => a.filter((x) => x.state === "associated").map((x) => x.cidrBlock));

        const checked = pulumi.all([region, vpc, service, subnets, allowedCidrs, dataEndpoint]).apply(([r, v, svc, subs, cidrs, name]) => {
            const deploy: DeployFacts = {
                region: r,
                vpcId: v.id,
                service: { serviceName: svc.serviceName, availabilityZones: svc.availabilityZones },
                subnets: subs.map((s) => ({ id: s.id, availabilityZone: s.availabilityZone, vpcId: s.vpcId })),
                allowedCidrs: cidrs,
                allowChinaRegions: args.allowChinaRegions === true,
                vpcDns: { enableDnsSupport: v.enableDnsSupport, enableDnsHostnames: v.enableDnsHostnames },
                dataEndpoint: name,
            };
            throwIfProblems(label, validateDeployFacts(deploy));
            return deploy;
        });
        return {
            region: checked.region,
            vpcId: checked.vpcId,
            service: checked.service,
            subnets: checked.subnets,
            allowedCidrs: checked.allowedCidrs,
            dataEndpoint: checked.dataEndpoint,
        };
    }

    /**
     * The private IPv4 address of each of an endpoint's network interfaces, by subnet, read from
     * DescribeNetworkInterfaces for the endpoint's ENI ids (the ENIs carry the description
     * `VPC Endpoint Interface <vpce-id>`).
     */
    private eniIpsBySubnet(endpoint: aws.ec2.VpcEndpoint): pulumi.Output<Record<string, string>> {
        return endpoint.networkInterfaceIds.apply((ids) =>
            pulumi.all([...ids].sort().map((id) => aws.ec2.getNetworkInterfaceOutput({ id }, { parent: this })))
                .apply((enis) => Object.fromEntries(enis.map((eni) => [eni.subnetId, eni.privateIp]))));
    }
}

/** What is known of the arguments when the program runs. */
function plainArgs(args: IotCoreVpcEndpointsArgs): PlainArgs {
    return {
        vpcId: typeof args.vpcId === "string" ? args.vpcId : undefined,
        subnetIds: Array.isArray(args.subnetIds) ? args.subnetIds.map(known) : undefined,
        expectedConnections: args.expectedConnections,
        endpointCount: args.endpointCount,
        maxEndpointsPerVpc: args.maxEndpointsPerVpc,
        allowedCidrs: args.allowedCidrs?.map(known),
        devicePorts: args.devicePorts,
        ttl: args.ttl,
        allowChinaRegions: args.allowChinaRegions,
        mqttKeepAliveSeconds: args.mqttKeepAliveSeconds,
    };
}

/** A plain string input as such; anything else (Output, Promise) as `undefined`. */
function known(v: pulumi.Input<string>): string | undefined {
    return typeof v === "string" ? v : undefined;
}

/**
 * The IP of `endpointId`'s network interface in `subnetId`. During a preview of a change that adds a
 * subnet to an existing endpoint the interface does not exist yet: the IP is then unknown, as it is for
 * a new endpoint. After the endpoint was created or updated, a missing interface is an error.
 */
function ipFor(ips: Record<string, string>, endpointId: string, subnetId: string): string {
    const ip = ips[subnetId];
    if (ip !== undefined) {
        return ip;
    }
    if (pulumi.runtime.isDryRun()) {
        return pulumi.unknown as unknown as string;
    }
    throw new Error(`VPC endpoint ${endpointId} has no network interface in ${subnetId}; ` +
        `check the endpoint in the VPC console (its subnet list) and run the update again.`);
}

function recordInfos(
    plan: DeploymentPlan,
    ips: pulumi.Output<string>[],
    endpointIds: pulumi.Output<string>[],
    subnetIds: pulumi.Input<string>[],
): pulumi.Output<DnsRecordInfo[]> {
    return pulumi.all(plan.records.map((r, i) => pulumi.all([ips[i], endpointIds[r.endpointIndex], subnetIds[r.subnetIndex]])
        .apply(([ip, endpointId, subnetId]): DnsRecordInfo => ({
            setIdentifier: r.setIdentifier,
            ip,
            weight: r.weight,
            endpointId,
            subnetId,
        }))));
}
