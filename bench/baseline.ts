/**
 * The hand-written baseline for the program benchmark: the resources `IotCoreVpcEndpoints` creates
 * (security group, interface endpoints, private zone, weighted records), with the same types, names,
 * counts and inputs, and the same invokes, written as a user would with plain `@pulumi/aws` calls:
 * no component, no validation gate, no planning module, no registered outputs.
 *
 * What the component costs beyond this (validation, the deploy-facts gate every child waits on, the
 * `records` and `capacity` outputs, the component registration) is what the benchmark's ratio shows.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { RecordLayout } from "../components";

export interface BaselineArgs {
    readonly vpcId: string;
    readonly subnetIds: readonly string[];
    readonly endpointCount: number;
    /** The component's record layout, which the baseline writes by hand. */
    readonly layout: RecordLayout;
    /** Default 60, as the component's. */
    readonly ttl?: number;
    readonly ports?: readonly number[];
}

const PORT_DESCRIPTIONS: Record<number, string> = {
    8883: "MQTT over TLS",
    443: "MQTT over WebSockets, HTTPS, MQTT with ALPN x-amzn-mqtt-ca",
    8443: "HTTPS with client certificates",
};

/**
 * Registers the baseline resources named like the component's children of the same `name`, and
 * returns the same kind of exports the stacks return.
 */
export function baselineProgram(name: string, args: BaselineArgs): Record<string, pulumi.Output<unknown>> {
    const ports = args.ports ?? [8883, 443, 8443];
    const ttl = args.ttl ?? 60;
    const subnetIds = [...args.subnetIds];

    // The same invokes as the component: region, VPC, endpoint service, each subnet, the ATS endpoint, the
    // private zone of that name on the VPC (none on a new stack, so no records to read) and then the
    // stack's own zone by its owner tag (none either: the VPC did not change).
    const region = aws.getRegionOutput({}).region;
    const vpc = aws.ec2.getVpcOutput({ id: args.vpcId });
    const service = aws.ec2.getVpcEndpointServiceOutput({
        serviceName: pulumi.interpolate`com.amazonaws.${region}.iot.data`,
        serviceType: "Interface",
    });
    const subnets = pulumi.all(subnetIds.map((id) => aws.ec2.getSubnetOutput({ id })));
    const dataEndpoint = aws.iot.getEndpointOutput({ endpointType: "iot:Data-ATS" }).endpointAddress;
    const owner = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    const existingZone = pulumi.all([dataEndpoint, vpc.id]).apply(([zoneName, vpcId]) =>
        aws.route53.getZone({ name: zoneName, privateZone: true, vpcId }).then((z) => z.zoneId, () =>
            aws.route53.getZone({ name: zoneName, privateZone: true, tags: { "iotvpc:owner": owner } }).then((z) => z.zoneId, () => undefined)));
    const cidrs = vpc.cidrBlockAssociations.apply((a) => a.filter((x) => x.state === "associated").map((x) => x.cidrBlock));
    // and each endpoint by its tags, as an interrupted update may have created it (none on a new stack);
    // the endpoints are registered once these answered, as the component's are
    const endpointNames = Array.from({ length: args.endpointCount }, (_, i) => `${name}-ep${i + 1}`);
    const looked = pulumi.all([vpc.id, existingZone]).apply(([vpcId]) => Promise.all(endpointNames.map((n) => aws.ec2.getVpcEndpoint({
        vpcId, filters: [{ name: "tag:Name", values: [n] }, { name: "tag:iotvpc:owner", values: [owner] }],
    }).then((e) => e.id, () => undefined))));

    const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
        vpcId: vpc.id,
        description: "AWS IoT Core interface VPC endpoints: device ports from the allowed networks",
        ingress: cidrs.apply((c) => ports.map((port) => ({
            protocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrBlocks: c,
            description: PORT_DESCRIPTIONS[port],
        }))),
        tags: { Name: `${name}-sg` },
    });

    const endpoints = Array.from({ length: args.endpointCount }, (_, i) => new aws.ec2.VpcEndpoint(`${name}-ep${i + 1}`, {
        vpcId: looked.apply(() => vpc.id),
        serviceName: service.serviceName,
        vpcEndpointType: "Interface",
        privateDnsEnabled: false,
        ipAddressType: "ipv4",
        dnsOptions: { dnsRecordIpType: "ipv4" },
        subnetIds: subnets.apply((s) => s.map((x) => x.id)),
        securityGroupIds: [securityGroup.id],
        tags: { Name: `${name}-ep${i + 1}`, "iotvpc:owner": owner },
    }));

    const zone = new aws.route53.Zone(`${name}-zone`, {
        name: existingZone.apply(() => dataEndpoint),
        comment: `Private AWS IoT Core data endpoint (interface VPC endpoints); managed by iotvpc ${owner}`,
        vpcs: [{ vpcId: vpc.id, vpcRegion: region }],
        tags: { Name: `${name}-zone`, "iotvpc:owner": owner },
    }, { ignoreChanges: ["vpcs"] });

    const common = { zoneId: zone.zoneId, name: dataEndpoint, weightedRoutingPolicies: [{ weight: 1 }], allowOverwrite: true };
    if (args.layout === RecordLayout.Alias) {
        // The endpoint's regional DNS name: the shortest of its DNS entries (the others are per zone).
        const regional = (ep: aws.ec2.VpcEndpoint) => ep.dnsEntries.apply((d) => [...d].sort((a, b) => a.dnsName.length - b.dnsName.length)[0]);
        endpoints.forEach((ep, i) => new aws.route53.Record(`${name}-ep${i + 1}-alias`, {
            ...common,
            type: "A",
            setIdentifier: `ep${i + 1}-alias`,
            aliases: [{
                name: regional(ep).apply((d) => d.dnsName),
                zoneId: regional(ep).apply((d) => d.hostedZoneId),
                evaluateTargetHealth: false,
            }],
        }, { dependsOn: [ep] }));
    } else {
        // Each ENI's IP, by subnet, from the endpoint's own subnetConfigurations (no lookup).
        const ipsBySubnet = endpoints.map((ep) => ep.subnetConfigurations.apply((c) =>
            Object.fromEntries(c.map((x) => [x.subnetId ?? "", x.ipv4 ?? ""])) as Record<string, string>));
        if (args.layout === RecordLayout.PerEndpoint) {
            endpoints.forEach((_, i) => new aws.route53.Record(`${name}-ep${i + 1}-enis`, {
                ...common,
                type: "A",
                ttl,
                setIdentifier: `ep${i + 1}-enis`,
                records: ipsBySubnet[i].apply((ips) => subnetIds.map((s) => ips[s])),
            }, { dependsOn: [endpoints[i]] }));
        } else {
            endpoints.forEach((_, i) => subnetIds.forEach((s) => new aws.route53.Record(`${name}-ep${i + 1}-${s}`, {
                ...common,
                type: "A",
                ttl,
                setIdentifier: `ep${i + 1}-${s}`,
                records: [ipsBySubnet[i].apply((ips) => ips[s])],
            }, { dependsOn: [endpoints[i]] })));
        }
    }

    return {
        dataEndpoint,
        hostedZoneId: zone.zoneId,
        endpointIds: pulumi.all(endpoints.map((e) => e.id)),
        securityGroupId: securityGroup.id,
    };
}
