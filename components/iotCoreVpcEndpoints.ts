import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { DevicePolicySettings, DnsRecordInfo, GreengrassNucleusConfig, GreengrassSettings, IotCoreVpcEndpointsArgs, Settings } from "./args";
import { ConnectionSettings, connectionSettings } from "./connectionSettings";
import { PRIVATELINK_NAMESPACE, dashboardBody, dashboardName } from "./dashboard";
import { DevicePolicyRestriction, vpcOnlyDevicePolicy } from "./devicePolicy";
import { nucleusConfig } from "./greengrass";
import { CONNECTIONS_PER_ENDPOINT, GREENGRASS_S3_SERVICE, IOT_CORE_VPC_ENDPOINTS_TYPE } from "./limits";
import { serviceNameFor } from "./rules";
import { CapacityPlan, DeploymentPlan, EndpointPlan, ZonePlan, planDeployment } from "./planning";
import { throwIfProblems } from "./problems";
import { readAccountId, readPartition } from "./replies";
import { adoptedZoneIdOf, deployFacts, ownerTagValue, providerRegion, resolverEndpointName, zoneComment } from "./lookups";
import { DEFAULT_DEVICE_POLICY, OWNER_TAG, resolveArgs, resolverAddresses } from "./validation";

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
    /**
     * With `greengrass`: the `aws.greengrass.Nucleus` configuration core devices need to work through the
     * private endpoints (README, "Greengrass core devices"); once every endpoint they use exists.
     */
    public readonly greengrassNucleusConfig!: pulumi.Output<GreengrassNucleusConfig | undefined>;
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
        for (const warning of plan.warnings) {
            void pulumi.log.warn(warning, this);
        }
        const owner = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
        // Spokes of other accounts or regions are read (and, for another account, associated) through a
        // provider in their region that assumes the role given for them.
        const region = providerRegion(this, label);
        const spokeProviders = settings.additionalVpcs.map((spoke) => spoke.roleArn === undefined && spoke.region === undefined ? undefined : new aws.Provider(`${name}-${spoke.key}`, {
            region: spoke.region ?? region,
            ...(spoke.roleArn === undefined ? {} : { assumeRoles: [{ roleArn: spoke.roleArn }] }),
        }, { parent: this }));
        const facts = deployFacts(this, label, owner, settings, plan, region, spokeProviders);
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

        // Every endpoint spans every subnet, draining ones included (their interfaces stay until they go).
        const subnetIds = facts.subnets.apply((s) => s.map((x) => x.id));
        const fixedIps = settings.endpointIps;
        const ownerTags = (n: string) => tags.apply((t): Record<string, string> => ({ ...t, Name: n, [OWNER_TAG]: ownerTagValue(owner) }));
        const interfaceEndpoint = (e: EndpointPlan, serviceName: pulumi.Output<string>, fixed: boolean, after: pulumi.Input<pulumi.Resource>[]) =>
            this.registerAfter(facts.adoptions.apply((a) => a.endpoints[e.resourceName]), (importId) => new aws.ec2.VpcEndpoint(e.resourceName, {
                vpcId: facts.vpcId,
                serviceName,
                vpcEndpointType: "Interface",
                privateDnsEnabled: false,
                ipAddressType: "ipv4",
                dnsOptions: { dnsRecordIpType: "ipv4" },
                subnetIds,
                ...(fixed && fixedIps ? { subnetConfigurations: facts.subnets.apply((s) => s.map((x) => ({ subnetId: x.id, ipv4: fixedIps[x.id][e.index] }))) } : {}),
                securityGroupIds: [securityGroup.id],
                tags: ownerTags(e.resourceName),
            }, {
                parent: this,
                dependsOn: after,
                ...(importId ? { import: importId } : {}),
                ...(fixed && fixedIps ? { deleteBeforeReplace: true } : {}), // fixed addresses cannot exist twice
            }));
        const dataService = facts.services.apply((s) => s[0].serviceName);
        const serviceName = (service: string) => facts.region.apply((r) => serviceNameFor(r, service));
        // Interfaces at addresses AWS picks are created only once the pinned ones hold theirs, so that none
        // of them can take a pinned address first (InvalidIPAddress.InUse part-way through the update).
        const resolverPinned = settings.inboundResolver?.ipAddresses !== undefined;
        const pinnedResolver = resolverPinned ? this.createInboundResolver(plan, owner, settings.inboundResolver!.ipAddresses, facts, nameTag, []) : undefined;
        const data = plan.endpoints.map((e) => interfaceEndpoint(e, dataService, true, pinnedResolver ? [pinnedResolver] : []));
        const pinnedInterfaces: pulumi.Input<pulumi.Resource>[] = [...(fixedIps ? data : []), ...(pinnedResolver ? [pinnedResolver] : [])];
        const resolver = pinnedResolver ?? (settings.inboundResolver ? this.createInboundResolver(plan, owner, undefined, facts, nameTag, pinnedInterfaces) : undefined);
        const endpoints = {
            data,
            credentials: plan.credentialEndpoints.map((e) => interfaceEndpoint(e, facts.services.apply((s) => s[1].serviceName), false, pinnedInterfaces)),
        };
        const serviceEndpoints = settings.greengrass ? this.createServiceEndpoints(plan, settings.greengrass, facts, subnetIds, serviceName, ownerTags, pinnedInterfaces) : [];
        const endpointOutputs = {
            data: endpoints.data.map((p) => pulumi.output(p)),
            credentials: endpoints.credentials.map((p) => pulumi.output(p)),
        };

        // The private zones: created (inline VPC for the endpoints' VPC only, and changes to it ignored, so
        // associations made by ZoneAssociation or by hand are never undone; the gate refuses a new vpcId), or adopted.
        const zoneNames = plan.zones.map((_, i) => facts.zones.apply((z) => z[i].name));
        const zoneIds = plan.zones.map((z, i) => {
            const adopted = facts.zones.apply((f) => f[i].adoptedZoneId);
            if (adoptedZoneIdOf(settings, z) !== undefined) {
                return adopted.apply((id) => id ?? "");
            }
            const zone = this.registerAfter(facts.adoptions.apply((a) => a.zones[i]), (importId) => new aws.route53.Zone(z.resourceName, {
                name: zoneNames[i],
                comment: zoneComment(z, owner),
                vpcs: [{ vpcId: facts.vpcId, vpcRegion: facts.region }],
                tags: ownerTags(z.resourceName),
            }, { parent: this, ignoreChanges: ["vpcs"], ...(importId ? { import: importId } : {}) }));
            // the records do not wait for the spokes: a spoke that cannot be associated never holds back the VPC's own names
            this.associateSpokes(settings, z, zone, facts, spokeProviders);
            return pulumi.output(zone).apply((x) => x.zoneId);
        });
        const ttl = settings.ttl;
        const records = plan.zones.flatMap((z, i) => z.records.map((r) => {
            const ep = endpointOutputs[z.endpoints][r.endpointIndex];
            const endpointId = ep.apply((x) => x.id);
            const target = r.alias ? regionalDnsName(ep) : undefined;
            // The subnets come from the checked facts: one by position, or every active one.
            const recordSubnets = pulumi.all([facts.subnets, facts.activeSubnets])
                .apply(([s, active]) => (r.subnetIndices === "all" ? s.slice(0, active) : r.subnetIndices.map((k) => s[k])).map((x) => x.id));
            const fixed = z.endpoints === "data" && fixedIps !== undefined;
            const values: pulumi.Output<string[]> = target
                ? target.apply((d) => [d.dnsName])
                : fixed
                    ? recordSubnets.apply((ids) => ids.map((s) => fixedIps[s][r.endpointIndex]))
                    : pulumi.all([eniIpsBySubnet(ep), endpointId, recordSubnets]).apply(([bySubnet, id, ids]) => ids.map((s) => ipFor(bySubnet, id, s)));
            new aws.route53.Record(r.resourceName, {
                zoneId: zoneIds[i],
                name: zoneNames[i],
                type: "A",
                setIdentifier: r.setIdentifier,
                weightedRoutingPolicies: [{ weight: r.weight }],
                // An UPSERT: a record an interrupted update created but did not record is taken over, not refused
                // ("already exists"). Set identifiers are this component's own (`ep1-subnet-...`).
                allowOverwrite: true,
                // Route 53's procedure for an alias to an interface endpoint: Evaluate Target Health = No.
                ...(target
                    ? { aliases: [{ name: target.dnsName, zoneId: target.hostedZoneId, evaluateTargetHealth: false }] }
                    : { ttl, records: values }),
            }, { parent: this, dependsOn: [endpoints[z.endpoints][r.endpointIndex]] }); // never answer an address before its interface exists
            return pulumi.all([zoneNames[i], endpointId, values, recordSubnets]).apply(([recordName, id, v, ids]): DnsRecordInfo => ({
                name: recordName,
                setIdentifier: r.setIdentifier,
                weight: r.weight,
                endpointId: id,
                values: v,
                subnetIds: target ? [] : ids,
                kind: target ? "alias" : "a",
                ...(target ? {} : { ttl }),
            }));
        }));

        this.createDomainConfigurations(settings, plan, facts.vpcId, nameTag);
        const devicePolicy = settings.devicePolicy ? this.createDevicePolicy(plan.names.devicePolicy, settings.devicePolicy, facts, endpointOutputs, nameTag) : undefined;
        if (settings.greengrass?.coreDevicePolicy) {
            this.createDevicePolicy(plan.names.coreDevicePolicy, settings.devicePolicy ?? DEFAULT_DEVICE_POLICY, facts, endpointOutputs, nameTag, settings.greengrass.tokenExchangeRoleAlias);
        }
        const alarms = plan.alarms.map((a) => {
            const ep = endpointOutputs.data[a.endpointIndex];
            const alarmSettings = settings.capacityAlarms!;
            return new aws.cloudwatch.MetricAlarm(a.resourceName, {
                namespace: PRIVATELINK_NAMESPACE,
                metricName: "ActiveConnections",
                dimensions: {
                    "Endpoint Type": "Interface",
                    "Service Name": dataService,
                    "VPC Endpoint Id": ep.apply((x) => x.id),
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
                    `${CONNECTIONS_PER_ENDPOINT.toLocaleString("en-US")} concurrent connections (planned ${plan.capacity.plannedDevicesPerEndpoint}): ` +
                    "add endpoints (raise expectedConnections).",
                tags: nameTag(a.resourceName),
            }, childOpts);
        });

        const dashboard = settings.dashboard ? new aws.cloudwatch.Dashboard(plan.names.dashboard, {
            dashboardName: dashboardName([pulumi.getProject(), pulumi.getStack(), plan.names.dashboard]),
            dashboardBody: pulumi.all([facts.region, facts.vpcId, dataService, pulumi.all(endpointOutputs.data.map((e) => e.apply((x) => x.id)))])
                .apply(([region, vpcId, serviceName, ids]) => JSON.stringify(dashboardBody({
                    region,
                    vpcId,
                    serviceName,
                    endpoints: plan.endpoints.map((e, i) => ({ key: e.key, id: ids[i] })),
                    plannedDevicesPerEndpoint: plan.capacity.plannedDevicesPerEndpoint,
                    alarmThreshold: plan.alarms[0]?.threshold,
                }))),
        }, childOpts) : undefined;

        const custom = plan.zones.map((z, i) => [z, zoneIds[i]] as const).filter(([z]) => z.kind === "custom");
        const outputs = {
            dataEndpoint: facts.dataEndpoint,
            hostedZoneId: zoneIds[0],
            endpointIds: pulumi.all(endpointOutputs.data.map((e) => e.apply((x) => x.id))),
            securityGroupId: securityGroup.id,
            records: pulumi.all(records),
            capacity: settings.subnetKeys !== undefined ? pulumi.output<CapacityPlan>(plan.capacity)
                : facts.subnets.apply((s): CapacityPlan => ({ ...plan.capacity, enisPerEndpoint: s.length, enis: plan.capacity.endpoints * s.length })),
            connectionSettings: pulumi.all([facts.dataEndpoint, facts.credentialsEndpoint]).apply(([host, credentialsHost]) =>
                connectionSettings(host, settings.customDomains.map((d) => d.domainName), ports, settings.mqttKeepAliveSeconds, credentialsHost || undefined)),
            customDomains: pulumi.output(custom.map(([z]) => z.domainName!)),
            customDomainZoneIds: pulumi.all(custom.map(([z, id]) => id.apply((zoneId) => [z.domainName!, zoneId] as const)))
                .apply((pairs) => Object.fromEntries(pairs)),
            devicePolicyName: devicePolicy ? devicePolicy.name : pulumi.output<string | undefined>(undefined),
            resolverIps: resolver ? pulumi.output(resolver).apply((r) => r.ipAddresses).apply((a) => a.map((x) => x.ip ?? "")) : pulumi.output<string[]>([]),
            credentialsEndpoint: settings.credentialsProvider ? facts.credentialsEndpoint : pulumi.output<string | undefined>(undefined),
            alarmNames: pulumi.all(alarms.map((a) => a.name)),
            dashboardName: dashboard ? dashboard.dashboardName : pulumi.output<string | undefined>(undefined),
            // once every child registered after the gate is registered: the outputs, which the engine waits
            // for, then keep the program alive until the last of them (registerAfter)
            notes: pulumi.output(Promise.allSettled(LATE.get(this) ?? [])).apply(() => [...plan.notes]),
            greengrassNucleusConfig: settings.greengrass
                ? pulumi.all([facts.region, facts.dataEndpoint, facts.credentialsEndpoint, ...serviceEndpoints.map((e) => pulumi.output(e).apply((x) => x.id))])
                    .apply(([region, data, credentials]) => nucleusConfig({
                        region, dataEndpoint: data, credentialsEndpoint: credentials, dataPlanePort: settings.greengrass!.dataPlanePort, tokenExchangeRoleAlias: settings.greengrass!.tokenExchangeRoleAlias,
                    }))
                : pulumi.output<GreengrassNucleusConfig | undefined>(undefined),
        };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }

    /**
     * Hub and spoke: associates a zone with each spoke VPC through its own `ZoneAssociation` (the zone
     * ignores changes to its inline `vpcs`, so it never undoes them). For a spoke of another account, the
     * zone's account first authorizes it and the association is made with the spoke account's provider.
     * The authorization stays declared after the association: AWS calls deleting it "optional but
     * recommended" (it only stops the spoke's account from associating the VPC again), and keeping it lets
     * the association be made again (a replacement, an association removed by hand) in one update.
     */
    /** `registerAfter`, remembered in `LATE` (`notes` waits for them). */
    private registerAfter<R>(adoptId: pulumi.Output<string | undefined>, make: (importId: string | undefined) => R): Promise<R> {
        const made = registerAfter(adoptId, make);
        LATE.set(this, [...(LATE.get(this) ?? []), made]);
        return made;
    }

    private associateSpokes(
        settings: Settings, z: ZonePlan, zone: Promise<aws.route53.Zone>, facts: ReturnType<typeof deployFacts>, providers: readonly (aws.Provider | undefined)[],
    ): Promise<aws.route53.ZoneAssociation>[] {
        return settings.additionalVpcs.map((spoke, i) => {
            const name = `${z.resourceName}-${spoke.key}`;
            const vpc = { zoneId: pulumi.output(zone).apply((x) => x.zoneId), vpcId: facts.spokes.apply((s) => s[i].vpcId), vpcRegion: facts.spokes.apply((s) => s[i].region) };
            // Another account associates its VPC itself, once the zones' account authorized it; Route 53 is
            // global, so the same account associates a VPC of any region with the default provider.
            const provider = spoke.roleArn === undefined ? undefined : providers[i];
            const authorization = provider ? new aws.route53.VpcAssociationAuthorization(`${name}-auth`, vpc, { parent: this }) : undefined;
            return this.registerAfter(facts.adoptions.apply((a) => a.associations[name]), (importId) => new aws.route53.ZoneAssociation(name, vpc, {
                parent: this, provider, dependsOn: authorization ? [authorization] : [], ...(importId ? { import: importId } : {}),
            }));
        });
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
            }, {
                parent: this,
                // A domain name belongs to one configuration at a time: new certificates replace it delete-first.
                deleteBeforeReplace: true,
            });
        }
    }

    /**
     * The VPC-only device policy for the data endpoints ("Controlling Access"); with a token exchange role
     * alias, the Greengrass core devices' policy, whose role credentials come through the credential
     * provider's endpoints only.
     */
    private createDevicePolicy(
        name: string,
        options: DevicePolicySettings,
        facts: ReturnType<typeof deployFacts>,
        endpoints: { readonly data: pulumi.Output<aws.ec2.VpcEndpoint>[]; readonly credentials: pulumi.Output<aws.ec2.VpcEndpoint>[] },
        nameTag: (n: string) => pulumi.Output<Record<string, string>>,
        tokenExchangeRoleAlias?: string,
    ): aws.iot.Policy {
        const invokeOpts = { parent: this };
        // read as every lookup is: an answer without the field is a named problem, not "undefined" in the policy
        const accountId = pulumi.output(aws.getCallerIdentity({}, invokeOpts).then(readAccountId));
        const partition = pulumi.output(aws.getPartition({}, invokeOpts).then(readPartition));
        const byVpc = options.restrictTo === DevicePolicyRestriction.Vpc;
        const ids = (list: pulumi.Output<aws.ec2.VpcEndpoint>[]) => pulumi.all(list.map((e) => e.apply((x) => x.id)));
        const restriction: pulumi.Output<{ sourceVpc?: string[]; sourceVpce?: string[]; credentialsSourceVpce?: string[] }> = byVpc
            ? facts.vpcId.apply((id) => ({ sourceVpc: [id] }))
            : pulumi.all([ids(endpoints.data), ids(endpoints.credentials)]).apply(([data, credentials]) => ({ sourceVpce: data, credentialsSourceVpce: credentials }));
        return new aws.iot.Policy(name, {
            policy: pulumi.all([facts.region, accountId, partition, restriction]).apply(([region, account, p, { credentialsSourceVpce, ...r }]) =>
                JSON.stringify(vpcOnlyDevicePolicy({
                    region, accountId: account, partition: p, ...r, actions: options.actions, topics: options.topics,
                    ...(tokenExchangeRoleAlias !== undefined ? { greengrassCoreDevice: { tokenExchangeRoleAlias, credentialsSourceVpce } } : {}),
                }))),
            tags: nameTag(name),
        }, {
            parent: this,
            // AWS refuses to delete a policy attached to certificates: switching the opt-in off leaves it in place.
            retainOnDelete: true,
        });
    }

    /**
     * Greengrass: the S3 endpoint (an interface endpoint with the private DNS AWS provides, or a gateway
     * endpoint on the given route tables) and each optional service's interface endpoint with private DNS,
     * behind a security group that opens HTTPS (443) to the allowed networks.
     */
    private createServiceEndpoints(
        plan: DeploymentPlan,
        greengrass: GreengrassSettings,
        facts: ReturnType<typeof deployFacts>,
        subnetIds: pulumi.Output<string[]>,
        serviceName: (service: string) => pulumi.Output<string>,
        ownerTags: (n: string) => pulumi.Output<Record<string, string>>,
        after: pulumi.Input<pulumi.Resource>[],
    ): Promise<aws.ec2.VpcEndpoint>[] {
        const interfaces = plan.serviceEndpoints.some((e) => e.type === "Interface");
        const sg = interfaces ? new aws.ec2.SecurityGroup(plan.names.servicesSecurityGroup, {
            vpcId: facts.vpcId,
            description: "Greengrass core devices: HTTPS to AWS service endpoints from the allowed networks",
            ingress: facts.allowedCidrs.apply((cidrs) => [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [...cidrs], description: "HTTPS" }]),
            tags: ownerTags(plan.names.servicesSecurityGroup),
        }, { parent: this }) : undefined;
        return plan.serviceEndpoints.map((e) => this.registerAfter(facts.adoptions.apply((a) => a.endpoints[e.resourceName]), (importId) => new aws.ec2.VpcEndpoint(e.resourceName, {
            vpcId: facts.vpcId,
            serviceName: serviceName(e.service),
            vpcEndpointType: e.type,
            ...(e.type === "Gateway"
                ? { routeTableIds: pulumi.output(greengrass.s3RouteTableIds!).apply((ids) => [...ids]) }
                : {
                    subnetIds,
                    securityGroupIds: [sg!.id],
                    ipAddressType: "ipv4",
                    privateDnsEnabled: true,
                    // S3's private DNS answers inside the VPC too only when this is false (AWS's default is true,
                    // which needs an S3 gateway endpoint in the VPC): Amazon S3 User Guide, "AWS PrivateLink for Amazon S3"
                    dnsOptions: e.service === GREENGRASS_S3_SERVICE ? { dnsRecordIpType: "ipv4", privateDnsOnlyForInboundResolverEndpoint: false } : { dnsRecordIpType: "ipv4" },
                }),
            tags: ownerTags(e.resourceName),
        }, { parent: this, dependsOn: after, ...(importId ? { import: importId } : {}) })));
    }

    /**
     * A Route 53 Resolver inbound endpoint and its security group: DNS (TCP and UDP 53) in from the allowed
     * networks, and all traffic out, as AWS recommends for inbound endpoints (Route 53 Developer Guide,
     * "Resolver endpoint scaling": the endpoint answers to the queries' source ports; the AWS provider
     * removes the default egress rule of a group it creates).
     */
    private createInboundResolver(
        plan: DeploymentPlan,
        owner: string,
        resolverIps: readonly string[] | undefined,
        facts: ReturnType<typeof deployFacts>,
        nameTag: (n: string) => pulumi.Output<Record<string, string>>,
        after: pulumi.Input<pulumi.Resource>[],
    ): Promise<aws.route53.ResolverEndpoint> {
        const sg = new aws.ec2.SecurityGroup(plan.names.resolverSecurityGroup, {
            vpcId: facts.vpcId,
            description: "Route 53 Resolver inbound endpoint for AWS IoT Core names: DNS from the allowed networks",
            ingress: facts.resolverCidrs.apply((c) => ["tcp", "udp"].map((protocol) => ({ protocol, fromPort: 53, toPort: 53, cidrBlocks: [...c], description: `DNS over ${protocol.toUpperCase()}` }))),
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "DNS answers and the resolver's own queries" }],
            tags: nameTag(plan.names.resolverSecurityGroup),
        }, { parent: this });
        return this.registerAfter(facts.adoptions.apply((a) => a.resolver), (importId) => new aws.route53.ResolverEndpoint(plan.names.resolver, {
            name: resolverEndpointName(plan.names.resolver, owner),
            direction: "INBOUND",
            securityGroupIds: [sg.id],
            ipAddresses: facts.resolverSubnets.apply((subnets) => resolverAddresses(subnets, resolverIps).map((a) => ({ subnetId: a.subnet.id, ...(a.ip ? { ip: a.ip } : {}) }))),
            tags: nameTag(plan.names.resolver),
        }, { parent: this, dependsOn: after, ...(importId ? { import: importId } : {}) }));
    }
}

/**
 * Each component's children registered after the gate (`registerAfter`). Not a field: every field of the
 * class is an output of the component package's schema.
 */
const LATE = new WeakMap<pulumi.ComponentResource, Promise<unknown>[]>();

/**
 * Registers a child once the gate says whether AWS holds it already (`Adoptions`): with the `import`
 * option naming it when it does (the engine treats an id its stack records as any other registration, and
 * takes over one an interrupted update left behind), without when it does not. When the gate's facts are
 * unknown in a preview (a VPC that the same update creates), nothing can exist yet: registered without.
 * The child is registered once the promise settles, after the constructor returned: the component's
 * `notes` output waits for every such promise, so the engine (which waits for the outputs) and a
 * component provider (which waits for outstanding RPCs) never finish before the last child is registered.
 */
function registerAfter<R>(adoptId: pulumi.Output<string | undefined>, make: (importId: string | undefined) => R): Promise<R> {
    // `promise(true)` settles with the unknown sentinel instead of never, in a preview (an SDK internal that
    // `Output` has had since 2.x; the public `apply` would not run at all).
    const settled = (adoptId as unknown as { promise(withUnknowns: boolean): Promise<unknown> }).promise(true);
    const made = settled.then((id) => make(typeof id === "string" && id !== "" && !pulumi.isUnknown(id) ? id : undefined));
    made.catch(() => undefined); // the gate's problems reach the user through every child that reads it
    return made;
}

/**
 * The private IPv4 address of each of an endpoint's network interfaces, by subnet, from the endpoint's
 * `subnetConfigurations`, which the provider fills from DescribeNetworkInterfaces when it reads the
 * endpoint: no lookup per interface.
 */
function eniIpsBySubnet(endpoint: pulumi.Output<aws.ec2.VpcEndpoint>): pulumi.Output<Record<string, string>> {
    return endpoint.apply((e) => e.subnetConfigurations).apply((configs) => Object.fromEntries((configs ?? []).map((c) => [c.subnetId ?? "", c.ipv4 ?? ""])));
}

/** The endpoint's regional DNS entry: the shortest name (zonal names add the zone). */
function regionalDnsName(endpoint: pulumi.Output<aws.ec2.VpcEndpoint>): pulumi.Output<{ dnsName: string; hostedZoneId: string }> {
    return endpoint.apply((e) => e.dnsEntries).apply((entries) => {
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
        "the provider's record of the endpoint is stale or the interface was removed outside Pulumi: run `pulumi up --refresh`, " +
        "and check the endpoint's subnets in the VPC console.");
}
