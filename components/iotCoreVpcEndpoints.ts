import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { DevicePolicyArgs, DnsRecordInfo, InboundResolverArgs, IotCoreVpcEndpointsArgs } from "./args";
import { ConnectionSettings, connectionSettings } from "./connectionSettings";
import { DevicePolicyRestriction, vpcOnlyDevicePolicy } from "./devicePolicy";
import {
    ATS_DATA_ENDPOINT_TYPE,
    CREDENTIAL_PROVIDER_ENDPOINT_TYPE,
    DEVICE_PORTS,
    IOT_CORE_VPC_ENDPOINTS_TYPE,
    IOT_CREDENTIALS_SERVICE,
    IOT_DATA_SERVICE,
} from "./limits";
import { CapacityPlan, DeploymentPlan, EndpointPlan, RecordLayout, ZonePlan, planDeployment } from "./planning";
import { throwIfProblems } from "./problems";
import { serviceNameFor } from "./rules";
import { DeployFacts, PlainArgs, regionProblems, validateDeployFacts, validatePlainArgs } from "./validation";

const PORT_DESCRIPTIONS: Record<number, string> = {
    8883: "MQTT over TLS",
    443: "MQTT over WebSockets, HTTPS, MQTT with ALPN x-amzn-mqtt-ca",
    8443: "HTTPS with client certificates",
};

/**
 * Private AWS IoT Core data endpoints: interface VPC endpoints for `iot.data` sized from the device
 * count, their security group, a private hosted zone named after the account's ATS data endpoint and
 * attached to the VPC, and equal-weight records computed from the endpoints' network interfaces, so
 * devices in the VPC resolve the account's normal IoT endpoint name to private IPs. Opt-ins add custom
 * domains, a VPC-only device policy, a resolver for remote networks, the credential provider and
 * capacity alarms.
 */
export class IotCoreVpcEndpoints extends pulumi.ComponentResource {
    /** The host name devices connect to: the account's ATS data endpoint, resolved privately in the VPC. */
    public readonly dataEndpoint!: pulumi.Output<string>;
    /** The ATS zone's id. */
    public readonly hostedZoneId!: pulumi.Output<string>;
    /** The iot.data interface endpoints' ids, in endpoint order. */
    public readonly endpointIds!: pulumi.Output<string[]>;
    /** The endpoints' security group id. */
    public readonly securityGroupId!: pulumi.Output<string>;
    /** The weighted records of every zone. */
    public readonly records!: pulumi.Output<DnsRecordInfo[]>;
    /** Endpoints, network interfaces and the devices they carry. */
    public readonly capacity!: pulumi.Output<CapacityPlan>;
    /** What devices need to connect: host, ports, ALPN, root CA and keep-alive, per host name. */
    public readonly connectionSettings!: pulumi.Output<ConnectionSettings[]>;
    /** The custom domain names (known in previews too; the policy pack judges their records like the ATS name's). */
    public readonly customDomains!: pulumi.Output<string[]>;
    /** Private zone id of each custom domain, by domain name. */
    public readonly customDomainZoneIds!: pulumi.Output<{ [domain: string]: string }>;
    /** Name of the VPC-only device policy, when `devicePolicy` is set. */
    public readonly devicePolicyName!: pulumi.Output<string | undefined>;
    /** IPs of the inbound resolver, which a corporate DNS forwards the endpoint names to. */
    public readonly resolverIps!: pulumi.Output<string[]>;
    /** The credential provider's host name, when `credentialsProvider` is set. */
    public readonly credentialsEndpoint!: pulumi.Output<string | undefined>;
    /** Names of the capacity alarms. */
    public readonly alarmNames!: pulumi.Output<string[]>;
    /** The plan's notes: record layout trade-offs and any imbalance between endpoints. */
    public readonly notes!: pulumi.Output<string[]>;

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
        const plan = planDeployment({
            name,
            expectedConnections: args.expectedConnections,
            endpointCount: args.endpointCount,
            subnetIds: plain.subnetIds ?? [],
            recordLayout: args.recordLayout,
            customDomains: args.customDomains?.map((d) => d.domainName),
            credentialEndpoints: args.credentialsProvider ? args.credentialsProvider.endpointCount ?? 1 : 0,
            alarmShare: args.capacityAlarms ? (args.capacityAlarms.thresholdPercent ?? 80) / 100 : undefined,
        });
        const facts = this.deployFacts(label, args);
        const tags = pulumi.output(args.tags ?? {});
        const nameTag = (n: string): pulumi.Output<Record<string, string>> => tags.apply((t): Record<string, string> => ({ ...t, Name: n }));
        const ports = args.devicePorts ?? [...DEVICE_PORTS];
        const childOpts = { parent: this };

        const securityGroup = new aws.ec2.SecurityGroup(plan.names.securityGroup, {
            vpcId: facts.vpcId,
            description: "AWS IoT Core interface VPC endpoints: device ports from the allowed networks",
            ingress: facts.allowedCidrs.apply((cidrs) => ports.map((port) => ({
                protocol: "tcp",
                fromPort: port,
                toPort: port,
                cidrBlocks: [...cidrs],
                description: PORT_DESCRIPTIONS[port],
            }))),
            tags: nameTag(plan.names.securityGroup),
        }, childOpts);

        const interfaceEndpoint = (e: EndpointPlan, serviceName: pulumi.Output<string>) => new aws.ec2.VpcEndpoint(e.resourceName, {
            vpcId: facts.vpcId,
            serviceName,
            vpcEndpointType: "Interface",
            privateDnsEnabled: false,
            ipAddressType: "ipv4",
            dnsOptions: { dnsRecordIpType: "ipv4" },
            subnetIds: facts.subnets.apply((s) => s.map((x) => x.id)),
            securityGroupIds: [securityGroup.id],
            tags: nameTag(e.resourceName),
        }, childOpts);
        const dataService = facts.services.apply((s) => s[0].serviceName);
        const endpoints = {
            data: plan.endpoints.map((e) => interfaceEndpoint(e, dataService)),
            credentials: plan.credentialEndpoints.map((e) => interfaceEndpoint(e, facts.services.apply((s) => s[1].serviceName))),
        };
        // ENI IPs are read only for the layouts whose records hold them.
        const ips = plan.layout === RecordLayout.Alias ? { data: [], credentials: [] } : {
            data: endpoints.data.map((ep) => this.eniIpsBySubnet(ep)),
            credentials: endpoints.credentials.map((ep) => this.eniIpsBySubnet(ep)),
        };

        const zoneName = (z: ZonePlan): pulumi.Output<string> =>
            z.kind === "ats" ? facts.dataEndpoint : z.kind === "credentials" ? facts.credentialsEndpoint : facts.vpcId.apply(() => z.domainName!);
        const zoneNames = plan.zones.map(zoneName);
        const zones = plan.zones.map((z, i) => new aws.route53.Zone(z.resourceName, {
            name: zoneNames[i],
            comment: z.kind === "custom" ? "Private AWS IoT Core custom domain (interface VPC endpoints)"
                : z.kind === "credentials" ? "Private AWS IoT Core credential provider endpoint (interface VPC endpoints)"
                : "Private AWS IoT Core data endpoint (interface VPC endpoints)",
            vpcs: [{ vpcId: facts.vpcId, vpcRegion: facts.region }],
            tags: nameTag(z.resourceName),
        }, childOpts));
        const ttl = args.ttl ?? 60;
        const records = plan.zones.flatMap((z, i) => z.records.map((r) => {
            const ep = endpoints[z.endpoints][r.endpointIndex];
            const target = r.alias ? regionalDnsName(ep) : undefined;
            const values: pulumi.Output<string[]> = target
                ? target.apply((d) => [d.dnsName])
                : pulumi.all([ips[z.endpoints][r.endpointIndex], ep.id, pulumi.all(r.subnetIndices.map((s) => args.subnetIds[s]))])
                    .apply(([byZone, endpointId, subnetIds]) => subnetIds.map((s) => ipFor(byZone, endpointId, s)));
            new aws.route53.Record(r.resourceName, {
                zoneId: zones[i].zoneId,
                name: zoneNames[i],
                type: "A",
                setIdentifier: r.setIdentifier,
                weightedRoutingPolicies: [{ weight: r.weight }],
                ...(target
                    ? { aliases: [{ name: target.dnsName, zoneId: target.hostedZoneId, evaluateTargetHealth: true }] }
                    : { ttl, records: values }),
            }, childOpts);
            const subnetIds = pulumi.all(r.subnetIndices.map((s) => args.subnetIds[s]));
            return pulumi.all([zoneNames[i], ep.id, values, subnetIds]).apply(([recordName, endpointId, v, subnets]): DnsRecordInfo => ({
                name: recordName, setIdentifier: r.setIdentifier, weight: r.weight, endpointId, values: v, subnetIds: subnets,
                ...(target ? { kind: "alias" } : { kind: "a", ttl }),
            }));
        }));

        this.createDomainConfigurations(args, plan, facts.vpcId, nameTag);
        const devicePolicy = args.devicePolicy ? this.createDevicePolicy(plan, args.devicePolicy, facts, endpoints.data, nameTag) : undefined;
        const resolver = args.inboundResolver ? this.createInboundResolver(plan, args.inboundResolver, facts, nameTag) : undefined;
        const alarms = plan.alarms.map((a) => {
            const ep = endpoints.data[a.endpointIndex];
            const settings = args.capacityAlarms!;
            return new aws.cloudwatch.MetricAlarm(a.resourceName, {
                namespace: "AWS/PrivateLinkEndpoints",
                metricName: "ActiveConnections",
                dimensions: {
                    "Endpoint Type": "Interface",
                    "Service Name": dataService,
                    "VPC Endpoint Id": ep.id,
                    "VPC Id": facts.vpcId,
                },
                statistic: "Maximum",
                period: settings.periodSeconds ?? 300,
                evaluationPeriods: settings.evaluationPeriods ?? 3,
                threshold: a.threshold,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: settings.alarmActions ?? [],
                alarmDescription: `IoT Core VPC endpoint ${plan.endpoints[a.endpointIndex].key} reached ${a.threshold} of its 100,000 concurrent connections: add endpoints (raise expectedConnections).`,
                tags: nameTag(a.resourceName),
            }, childOpts);
        });

        const customZones = plan.zones.map((z, i) => [z, zones[i]] as const).filter(([z]) => z.kind === "custom");
        const outputs = {
            dataEndpoint: facts.dataEndpoint,
            hostedZoneId: zones[0].zoneId,
            endpointIds: pulumi.all(endpoints.data.map((e) => e.id)),
            securityGroupId: securityGroup.id,
            records: pulumi.all(records),
            capacity: pulumi.output<CapacityPlan>(plan.capacity),
            connectionSettings: facts.dataEndpoint.apply((host) =>
                connectionSettings(host, args.customDomains?.map((d) => d.domainName) ?? [], ports, args.mqttKeepAliveSeconds)),
            customDomains: pulumi.output(customZones.map(([z]) => z.domainName!)),
            customDomainZoneIds: pulumi.all(customZones.map(([z, zone]) => zone.zoneId.apply((id) => [z.domainName!, id] as const)))
                .apply((pairs) => Object.fromEntries(pairs)),
            devicePolicyName: devicePolicy ? devicePolicy.name : pulumi.output<string | undefined>(undefined),
            resolverIps: resolver ? resolver.ipAddresses.apply((a) => a.map((x) => x.ip ?? "")) : pulumi.output<string[]>([]),
            credentialsEndpoint: args.credentialsProvider ? facts.credentialsEndpoint : pulumi.output<string | undefined>(undefined),
            alarmNames: pulumi.all(alarms.map((a) => a.name)),
            notes: pulumi.output([...plan.notes]),
        };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }

    /**
     * Everything AWS must confirm before anything is created: the region, the endpoint services and the
     * zones they are offered in, each subnet's zone and VPC, the VPC's DNS settings and CIDRs, and the
     * endpoint names. Every resource reads its inputs from this Output, so a problem found here stops
     * them all, with one error that lists every problem.
     */
    private deployFacts(label: string, args: IotCoreVpcEndpointsArgs) {
        const invokeOpts = { parent: this };
        const credentials = args.credentialsProvider !== undefined;
        const region = aws.getRegionOutput({}, invokeOpts).region.apply((r) => {
            throwIfProblems(label, regionProblems(r, args.allowChinaRegions === true, credentials));
            return r;
        });
        const vpc = aws.ec2.getVpcOutput({ id: args.vpcId }, invokeOpts);
        const service = (s: string) => aws.ec2.getVpcEndpointServiceOutput({
            serviceName: region.apply((r) => serviceNameFor(r, s)),
            serviceType: "Interface",
        }, invokeOpts);
        const services = pulumi.all([service(IOT_DATA_SERVICE), ...(credentials ? [service(IOT_CREDENTIALS_SERVICE)] : [])]);
        const subnet = (id: pulumi.Input<string>) => aws.ec2.getSubnetOutput({ id }, invokeOpts);
        const subnets = pulumi.all(args.subnetIds.map(subnet));
        const explicitResolverSubnets = args.inboundResolver?.subnetIds;
        const resolverSubnets = args.inboundResolver === undefined ? pulumi.output(undefined)
            : explicitResolverSubnets ? pulumi.all(explicitResolverSubnets.map(subnet))
            : subnets.apply((s) => s.slice(0, 2));
        const endpointName = (type: string) => aws.iot.getEndpointOutput({ endpointType: type }, invokeOpts).endpointAddress;
        const dataEndpoint = endpointName(ATS_DATA_ENDPOINT_TYPE);
        const credentialsEndpoint = credentials ? endpointName(CREDENTIAL_PROVIDER_ENDPOINT_TYPE) : pulumi.output("");
        const allowedCidrs = args.allowedCidrs !== undefined
            ? pulumi.all(args.allowedCidrs)
            : vpc.cidrBlockAssociations.apply((a) => a.filter((x) => x.state === "associated").map((x) => x.cidrBlock));

        const asSubnet = (s: aws.ec2.GetSubnetResult) => ({ id: s.id, availabilityZone: s.availabilityZone, vpcId: s.vpcId });
        const checked = pulumi.all([region, vpc, services, subnets, allowedCidrs, dataEndpoint, credentialsEndpoint, resolverSubnets])
            .apply(([r, v, svcs, subs, cidrs, data, creds, resolverSubs]) => {
                const deploy: DeployFacts = {
                    region: r,
                    vpcId: v.id,
                    services: svcs.map((s) => ({ serviceName: s.serviceName, availabilityZones: s.availabilityZones })),
                    subnets: subs.map(asSubnet),
                    allowedCidrs: cidrs,
                    allowChinaRegions: args.allowChinaRegions === true,
                    credentialsProvider: credentials,
                    vpcDns: { enableDnsSupport: v.enableDnsSupport, enableDnsHostnames: v.enableDnsHostnames },
                    dataEndpoint: data,
                    credentialsEndpoint: credentials ? creds : undefined,
                    resolverSubnets: resolverSubs?.map(asSubnet),
                };
                throwIfProblems(label, validateDeployFacts(deploy));
                return deploy;
            });
        return {
            region: checked.region,
            vpcId: checked.vpcId,
            services: checked.services,
            subnets: checked.subnets,
            allowedCidrs: checked.allowedCidrs,
            dataEndpoint: checked.dataEndpoint,
            credentialsEndpoint: checked.apply((c) => c.credentialsEndpoint ?? ""),
            resolverSubnets: checked.apply((c) => c.resolverSubnets ?? []),
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

    /** An `aws.iot.DomainConfiguration` for each custom domain given certificates. */
    private createDomainConfigurations(
        args: IotCoreVpcEndpointsArgs,
        plan: DeploymentPlan,
        gate: pulumi.Output<unknown>,
        nameTag: (n: string) => pulumi.Output<Record<string, string>>,
    ): void {
        for (const d of args.customDomains ?? []) {
            if (!d.serverCertificateArns) {
                continue; // an existing domain configuration serves it
            }
            const zone = plan.zones.find((z) => z.domainName === d.domainName)!;
            const resourceName = zone.resourceName.replace(/-zone$/, "");
            new aws.iot.DomainConfiguration(resourceName, {
                domainName: gate.apply(() => d.domainName), // created only once the deploy-time checks passed
                serviceType: "DATA",
                serverCertificateArns: d.serverCertificateArns,
                validationCertificateArn: d.validationCertificateArn,
                tags: nameTag(resourceName),
            }, { parent: this });
        }
    }

    /** The VPC-only device policy for the data endpoints ("Controlling Access"). */
    private createDevicePolicy(
        plan: DeploymentPlan,
        options: DevicePolicyArgs,
        facts: ReturnType<IotCoreVpcEndpoints["deployFacts"]>,
        endpoints: aws.ec2.VpcEndpoint[],
        nameTag: (n: string) => pulumi.Output<Record<string, string>>,
    ): aws.iot.Policy {
        const invokeOpts = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, invokeOpts).accountId;
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;
        const byVpc = options.restrictTo === DevicePolicyRestriction.Vpc;
        const restriction: pulumi.Output<{ sourceVpc?: string[]; sourceVpce?: string[] }> = byVpc
            ? facts.vpcId.apply((id) => ({ sourceVpc: [id] }))
            : pulumi.all(endpoints.map((e) => e.id)).apply((ids) => ({ sourceVpce: ids }));
        return new aws.iot.Policy(plan.names.devicePolicy, {
            policy: pulumi.all([facts.region, accountId, partition, restriction]).apply(([region, account, p, r]) =>
                JSON.stringify(vpcOnlyDevicePolicy({ region, accountId: account, partition: p, ...r, actions: options.actions, topics: options.topics }))),
            tags: nameTag(plan.names.devicePolicy),
        }, { parent: this });
    }

    /** A Route 53 Resolver inbound endpoint and its security group (DNS, TCP and UDP 53). */
    private createInboundResolver(
        plan: DeploymentPlan,
        options: InboundResolverArgs,
        facts: ReturnType<IotCoreVpcEndpoints["deployFacts"]>,
        nameTag: (n: string) => pulumi.Output<Record<string, string>>,
    ): aws.route53.ResolverEndpoint {
        const cidrs = options.allowedCidrs ? pulumi.all(options.allowedCidrs) : facts.allowedCidrs;
        const sg = new aws.ec2.SecurityGroup(plan.names.resolverSecurityGroup, {
            vpcId: facts.vpcId,
            description: "Route 53 Resolver inbound endpoint for AWS IoT Core names: DNS from the allowed networks",
            ingress: cidrs.apply((c) => ["tcp", "udp"].map((protocol) => ({ protocol, fromPort: 53, toPort: 53, cidrBlocks: [...c], description: `DNS over ${protocol.toUpperCase()}` }))),
            tags: nameTag(plan.names.resolverSecurityGroup),
        }, { parent: this });
        return new aws.route53.ResolverEndpoint(plan.names.resolver, {
            direction: "INBOUND",
            securityGroupIds: [sg.id],
            ipAddresses: facts.resolverSubnets.apply((subnets) => subnets.map((s) => ({ subnetId: s.id }))),
            tags: nameTag(plan.names.resolver),
        }, { parent: this });
    }
}

/** What is known of the arguments when the program runs. */
function plainArgs(args: IotCoreVpcEndpointsArgs): PlainArgs {
    const resolver = args.inboundResolver;
    return {
        vpcId: typeof args.vpcId === "string" ? args.vpcId : undefined,
        subnetIds: Array.isArray(args.subnetIds) ? args.subnetIds.map(known) : undefined,
        subnetIdsIsOutput: pulumi.Output.isInstance(args.subnetIds) || args.subnetIds instanceof Promise,
        expectedConnections: args.expectedConnections,
        endpointCount: args.endpointCount,
        maxEndpointsPerVpc: args.maxEndpointsPerVpc,
        allowedCidrs: args.allowedCidrs?.map(known),
        devicePorts: args.devicePorts,
        ttl: args.ttl,
        allowChinaRegions: args.allowChinaRegions,
        mqttKeepAliveSeconds: args.mqttKeepAliveSeconds,
        recordLayout: args.recordLayout,
        customDomains: args.customDomains?.map((d) => ({
            domainName: d.domainName,
            certificates: d.serverCertificateArns !== undefined,
            existingName: d.existingDomainConfigurationName,
        })),
        credentialsProvider: args.credentialsProvider,
        credentialEndpointCount: args.credentialsProvider?.endpointCount,
        inboundResolverSubnetIds: resolver === undefined ? undefined
            : (resolver.subnetIds ?? (Array.isArray(args.subnetIds) ? args.subnetIds.slice(0, 2) : [])).map(known),
        inboundResolverAllowedCidrs: resolver?.allowedCidrs?.map(known),
        alarmThresholdPercent: args.capacityAlarms?.thresholdPercent,
        alarmEvaluationPeriods: args.capacityAlarms?.evaluationPeriods,
        alarmPeriodSeconds: args.capacityAlarms?.periodSeconds,
        devicePolicy: args.devicePolicy,
    };
}

/** A plain string input as such; anything else (Output, Promise) as `undefined`. */
function known(v: pulumi.Input<string>): string | undefined {
    return typeof v === "string" ? v : undefined;
}

/** The endpoint's regional DNS entry: the shortest name (zonal names add the zone). */
function regionalDnsName(endpoint: aws.ec2.VpcEndpoint): pulumi.Output<{ dnsName: string; hostedZoneId: string }> {
    return endpoint.dnsEntries.apply((entries) => {
        const sorted = [...entries].sort((a, b) => (a.dnsName ?? "").length - (b.dnsName ?? "").length);
        return { dnsName: sorted[0]?.dnsName ?? "", hostedZoneId: sorted[0]?.hostedZoneId ?? "" };
    });
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
        "check the endpoint in the VPC console (its subnet list) and run the update again.");
}
