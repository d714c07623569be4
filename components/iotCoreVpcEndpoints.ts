import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { DevicePolicySettings, DnsRecordInfo, IotCoreVpcEndpointsArgs, RecordLayout, Settings } from "./args";
import { ConnectionSettings, connectionSettings } from "./connectionSettings";
import { dashboardBody, dashboardName } from "./dashboard";
import { DEFAULTS } from "./defaults";
import { DevicePolicyRestriction, vpcOnlyDevicePolicy } from "./devicePolicy";
import {
    ATS_DATA_ENDPOINT_TYPE,
    CONNECTIONS_PER_ENDPOINT,
    CREDENTIAL_PROVIDER_ENDPOINT_TYPE,
    IOT_CORE_VPC_ENDPOINTS_TYPE,
    IOT_CREDENTIALS_SERVICE,
    IOT_DATA_SERVICE,
} from "./limits";
import { CapacityPlan, DeploymentPlan, EndpointPlan, ZonePlan, planDeployment } from "./planning";
import { throwIfProblems } from "./problems";
import { serviceNameFor } from "./rules";
import {
    DeployFacts, MissingFact, SubnetFacts, deployWarnings, isPending, regionProblems, resolveArgs, resolverAddresses, validateDeployFacts,
} from "./validation";

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
    /** Name of the CloudWatch dashboard, when `dashboard` is set. */
    public readonly dashboardName!: pulumi.Output<string | undefined>;
    /** The plan's notes: record layout trade-offs and any imbalance between endpoints. */
    public readonly notes!: pulumi.Output<string[]>;

    constructor(name: string, args: IotCoreVpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `IotCoreVpcEndpoints "${name}"`;
        // Before `super`: invalid arguments register nothing at all. Rehydrating a reference (`urn`) takes
        // its outputs from the engine and needs no arguments.
        const resolved = opts?.urn ? undefined : resolveArgs(name, args);
        if (resolved) {
            throwIfProblems(label, resolved.problems);
        }
        super(IOT_CORE_VPC_ENDPOINTS_TYPE, name, args, opts);
        if (!resolved?.settings) {
            return;
        }
        // From here on, only the resolved settings, the plan made from them and the checked facts.
        const settings = resolved.settings;
        const plan = planDeployment(settings);
        const facts = this.deployFacts(label, settings);
        const tags = pulumi.output(settings.tags);
        const nameTag = (n: string): pulumi.Output<Record<string, string>> => tags.apply((t): Record<string, string> => ({ ...t, Name: n }));
        const ports = settings.devicePorts;
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

        const subnetIds = facts.subnets.apply((s) => s.map((x) => x.id));
        const interfaceEndpoint = (e: EndpointPlan, serviceName: pulumi.Output<string>) => new aws.ec2.VpcEndpoint(e.resourceName, {
            vpcId: facts.vpcId,
            serviceName,
            vpcEndpointType: "Interface",
            privateDnsEnabled: false,
            ipAddressType: "ipv4",
            dnsOptions: { dnsRecordIpType: "ipv4" },
            subnetIds,
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
        const ttl = settings.ttl;
        const records = plan.zones.flatMap((z, i) => z.records.map((r) => {
            const ep = endpoints[z.endpoints][r.endpointIndex];
            const target = r.alias ? regionalDnsName(ep) : undefined;
            // The subnets come from the checked facts, in the order of the plan's subnet indices.
            const recordSubnets = facts.subnets.apply((s) => (r.subnetIndices === "all" ? s : r.subnetIndices.map((k) => s[k])).map((x) => x.id));
            const values: pulumi.Output<string[]> = target
                ? target.apply((d) => [d.dnsName])
                : pulumi.all([ips[z.endpoints][r.endpointIndex], ep.id, recordSubnets])
                    .apply(([byZone, endpointId, ids]) => ids.map((s) => ipFor(byZone, endpointId, s)));
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
            return pulumi.all([zoneNames[i], ep.id, values, recordSubnets]).apply(([recordName, endpointId, v, ids]): DnsRecordInfo => ({
                name: recordName,
                setIdentifier: r.setIdentifier,
                weight: r.weight,
                endpointId,
                values: v,
                subnetIds: target ? [] : ids,
                kind: target ? "alias" : "a",
                ...(target ? {} : { ttl }),
            }));
        }));

        this.createDomainConfigurations(settings, plan, facts.vpcId, nameTag);
        const devicePolicy = settings.devicePolicy ? this.createDevicePolicy(plan, settings.devicePolicy, facts, endpoints.data, nameTag) : undefined;
        const resolver = settings.inboundResolver ? this.createInboundResolver(plan, settings.inboundResolver.ipAddresses, facts, nameTag) : undefined;
        const alarms = plan.alarms.map((a) => {
            const ep = endpoints.data[a.endpointIndex];
            const alarmSettings = settings.capacityAlarms!;
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
                period: alarmSettings.periodSeconds,
                evaluationPeriods: alarmSettings.evaluationPeriods,
                threshold: a.threshold,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [...alarmSettings.alarmActions],
                alarmDescription: `IoT Core VPC endpoint ${plan.endpoints[a.endpointIndex].key} reached ${a.threshold} of its ` +
                    `${CONNECTIONS_PER_ENDPOINT.toLocaleString("en-US")} concurrent connections: add endpoints (raise expectedConnections).`,
                tags: nameTag(a.resourceName),
            }, childOpts);
        });

        const dashboard = settings.dashboard ? new aws.cloudwatch.Dashboard(plan.names.dashboard, {
            dashboardName: dashboardName([pulumi.getProject(), pulumi.getStack(), plan.names.dashboard]),
            dashboardBody: pulumi.all([facts.region, facts.vpcId, dataService, pulumi.all(endpoints.data.map((e) => e.id))])
                .apply(([region, vpcId, serviceName, ids]) => JSON.stringify(dashboardBody({
                    region,
                    vpcId,
                    serviceName,
                    endpoints: plan.endpoints.map((e, i) => ({ key: e.key, id: ids[i] })),
                    plannedDevicesPerEndpoint: plan.capacity.plannedDevicesPerEndpoint,
                    alarmThreshold: plan.alarms[0]?.threshold,
                }))),
        }, childOpts) : undefined;

        const customZones = plan.zones.map((z, i) => [z, zones[i]] as const).filter(([z]) => z.kind === "custom");
        const outputs = {
            dataEndpoint: facts.dataEndpoint,
            hostedZoneId: zones[0].zoneId,
            endpointIds: pulumi.all(endpoints.data.map((e) => e.id)),
            securityGroupId: securityGroup.id,
            records: pulumi.all(records),
            capacity: settings.subnetKeys !== undefined ? pulumi.output<CapacityPlan>(plan.capacity)
                : facts.subnets.apply((s): CapacityPlan => ({ ...plan.capacity, enisPerEndpoint: s.length, enis: plan.capacity.endpoints * s.length })),
            connectionSettings: facts.dataEndpoint.apply((host) =>
                connectionSettings(host, settings.customDomains.map((d) => d.domainName), ports, settings.mqttKeepAliveSeconds)),
            customDomains: pulumi.output(customZones.map(([z]) => z.domainName!)),
            customDomainZoneIds: pulumi.all(customZones.map(([z, zone]) => zone.zoneId.apply((id) => [z.domainName!, id] as const)))
                .apply((pairs) => Object.fromEntries(pairs)),
            devicePolicyName: devicePolicy ? devicePolicy.name : pulumi.output<string | undefined>(undefined),
            resolverIps: resolver ? resolver.ipAddresses.apply((a) => a.map((x) => x.ip ?? "")) : pulumi.output<string[]>([]),
            credentialsEndpoint: settings.credentialsProvider ? facts.credentialsEndpoint : pulumi.output<string | undefined>(undefined),
            alarmNames: pulumi.all(alarms.map((a) => a.name)),
            dashboardName: dashboard ? dashboard.dashboardName : pulumi.output<string | undefined>(undefined),
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
    private deployFacts(label: string, settings: Settings) {
        const invokeOpts = { parent: this };
        const credentials = settings.credentialsProvider !== undefined;
        const region = aws.getRegionOutput({}, invokeOpts).region.apply((r) => {
            throwIfProblems(label, regionProblems(r, settings.allowChinaRegions, credentials));
            return r;
        });
        // Lookups AWS may answer with "not found": read as a problem that names the argument, not a raw error.
        const vpc = pulumi.output(settings.vpcId).apply((id) => found(aws.ec2.getVpc({ id }, invokeOpts), id));
        const service = (s: string) => aws.ec2.getVpcEndpointServiceOutput({
            serviceName: region.apply((r) => serviceNameFor(r, s)),
            serviceType: "Interface",
        }, invokeOpts);
        const services = pulumi.all([service(IOT_DATA_SERVICE), ...(credentials ? [service(IOT_CREDENTIALS_SERVICE)] : [])]);
        const subnet = (id: pulumi.Input<string>) => pulumi.output(id).apply((i) => found(aws.ec2.getSubnet({ id: i }, invokeOpts), i));
        const subnets = pulumi.output(settings.subnetIds).apply((ids) => pulumi.all(ids.map(subnet)));
        const resolver = settings.inboundResolver;
        const resolverSubnets = resolver === undefined ? pulumi.output(undefined)
            : resolver.subnetIds ? pulumi.output(resolver.subnetIds).apply((ids) => pulumi.all(ids.map(subnet)))
            : subnets.apply((s) => s.slice(0, DEFAULTS.inboundResolver.subnetCount));
        const endpointName = (type: string) => aws.iot.getEndpointOutput({ endpointType: type }, invokeOpts).endpointAddress;
        const dataEndpoint = endpointName(ATS_DATA_ENDPOINT_TYPE);
        const credentialsEndpoint = credentials ? endpointName(CREDENTIAL_PROVIDER_ENDPOINT_TYPE) : pulumi.output("");
        const list = (v: pulumi.Input<readonly pulumi.Input<string>[]> | undefined): pulumi.Output<unknown[] | undefined> =>
            v === undefined ? pulumi.output(undefined) : pulumi.output(v).apply((items) => [...items] as unknown[]);
        const explicitCidrs = list(settings.allowedCidrs);
        const resolverCidrs = list(resolver?.allowedCidrs);
        const tags = pulumi.output(settings.tags);

        const checked = pulumi.all([region, vpc, services, subnets, pulumi.all([explicitCidrs, resolverCidrs, tags]), dataEndpoint, credentialsEndpoint, resolverSubnets])
            .apply(([r, v, svcs, subs, [cidrs, resolverCidrList, resolvedTags], data, creds, resolverSubs]) => {
                const vpcCidrs = "missing" in v ? [] : v.cidrBlockAssociations.filter((x) => x.state === "associated").map((x) => x.cidrBlock);
                const allowed: unknown[] = cidrs ?? vpcCidrs;
                const deploy: DeployFacts = {
                    region: r,
                    vpcId: "missing" in v ? v.missing.id : v.id,
                    vpcMissing: "missing" in v ? v.missing : undefined,
                    services: svcs.map((s) => ({ serviceName: s.serviceName, availabilityZones: s.availabilityZones })),
                    subnets: subs.filter(isFound).map(asSubnet),
                    missingSubnets: subs.filter((x): x is Missing => "missing" in x).map((x) => x.missing),
                    allowedCidrs: allowed,
                    allowedCidrsFromVpc: cidrs === undefined,
                    allowPublicCidrs: settings.allowPublicCidrs,
                    devicePortCount: settings.devicePorts.length,
                    allowChinaRegions: settings.allowChinaRegions,
                    credentialsProvider: credentials,
                    vpcDns: "missing" in v ? { enableDnsSupport: true, enableDnsHostnames: true } : { enableDnsSupport: v.enableDnsSupport, enableDnsHostnames: v.enableDnsHostnames },
                    dataEndpoint: data,
                    credentialsEndpoint: credentials ? creds : undefined,
                    resolverSubnets: resolverSubs?.filter(isFound).map(asSubnet),
                    resolverCidrs: resolver === undefined ? undefined : resolverCidrList ?? allowed,
                    resolverIps: resolver?.ipAddresses,
                    expectedSubnetCount: isPending(settings.subnetIds) ? settings.subnetKeys?.length : undefined,
                    tags: resolvedTags,
                };
                throwIfProblems(label, validateDeployFacts(deploy));
                for (const warning of deployWarnings(deploy)) {
                    void pulumi.log.warn(warning, this);
                }
                return { ...deploy, allowedCidrs: allowed as string[], resolverCidrs: (deploy.resolverCidrs ?? []) as string[] };
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
            resolverCidrs: checked.resolverCidrs,
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
        settings: Settings,
        plan: DeploymentPlan,
        gate: pulumi.Output<unknown>,
        nameTag: (n: string) => pulumi.Output<Record<string, string>>,
    ): void {
        for (const d of settings.customDomains) {
            if (!d.serverCertificateArns) {
                continue; // an existing domain configuration serves it
            }
            const zone = plan.zones.find((z) => z.domainName === d.domainName)!;
            const resourceName = zone.resourceName.replace(/-zone$/, "");
            new aws.iot.DomainConfiguration(resourceName, {
                domainName: gate.apply(() => d.domainName), // created only once the deploy-time checks passed
                serviceType: "DATA",
                serverCertificateArns: [...d.serverCertificateArns],
                validationCertificateArn: d.validationCertificateArn,
                tags: nameTag(resourceName),
            }, { parent: this });
        }
    }

    /** The VPC-only device policy for the data endpoints ("Controlling Access"). */
    private createDevicePolicy(
        plan: DeploymentPlan,
        options: DevicePolicySettings,
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
        resolverIps: readonly string[] | undefined,
        facts: ReturnType<IotCoreVpcEndpoints["deployFacts"]>,
        nameTag: (n: string) => pulumi.Output<Record<string, string>>,
    ): aws.route53.ResolverEndpoint {
        const sg = new aws.ec2.SecurityGroup(plan.names.resolverSecurityGroup, {
            vpcId: facts.vpcId,
            description: "Route 53 Resolver inbound endpoint for AWS IoT Core names: DNS from the allowed networks",
            ingress: facts.resolverCidrs.apply((c) => ["tcp", "udp"].map((protocol) => ({ protocol, fromPort: 53, toPort: 53, cidrBlocks: [...c], description: `DNS over ${protocol.toUpperCase()}` }))),
            tags: nameTag(plan.names.resolverSecurityGroup),
        }, { parent: this });
        return new aws.route53.ResolverEndpoint(plan.names.resolver, {
            direction: "INBOUND",
            securityGroupIds: [sg.id],
            ipAddresses: facts.resolverSubnets.apply((subnets) => resolverAddresses(subnets, resolverIps).map((a) => ({ subnetId: a.subnet.id, ...(a.ip ? { ip: a.ip } : {}) }))),
            tags: nameTag(plan.names.resolver),
        }, { parent: this });
    }
}

/** A lookup that AWS answered with "not found" (or refused): the id asked for and AWS's message. */
interface Missing {
    readonly missing: MissingFact;
}

/** The lookup's result, or what AWS said instead: the caller turns it into a problem that names the argument. */
function found<T>(lookup: Promise<T>, id: string): Promise<T | Missing> {
    return lookup.catch((e: unknown) => ({ missing: { id, message: firstLine(e instanceof Error ? e.message : String(e)) } }));
}

function isFound<T extends object>(x: T | Missing): x is T {
    return !("missing" in x);
}

function firstLine(message: string): string {
    return message.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? message;
}

function asSubnet(s: aws.ec2.GetSubnetResult): SubnetFacts {
    return { id: s.id, availabilityZone: s.availabilityZone, vpcId: s.vpcId, cidrBlock: s.cidrBlock };
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
