/**
 * The CrossGuard policies: the documented limitations of AWS IoT Core interface VPC endpoints
 * (`../components/limits.ts`, the same definition the component validates with) and the Route 53 rules
 * the private-DNS design depends on. Each policy is one small object; each judges only the resources
 * it is shown and never calls AWS. Unknown values (previews) are never a violation.
 */
import * as aws from "@pulumi/aws";
import {
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
    validateResourceOfType,
} from "@pulumi/policy";

import {
    CONNECTIONS_PER_ENDPOINT,
    DEFAULT_MAX_ENDPOINTS_PER_VPC,
    DEVICE_PORTS,
    DOCUMENTED_IP_ADDRESS_TYPE,
    IOT_CORE_VPC_ENDPOINTS_TYPE,
    IOT_DATA_SERVICE,
    MAX_WEIGHTED_RECORDS_PER_NAME,
    MQTT_KEEP_ALIVE_MAX_SECONDS,
    VPC_CONDITION_KEYS,
} from "../components/limits";
import {
    endpointsNeeded,
    interfaceEndpointsRequested,
    isAwsIotName,
    isChinaRegion,
    isLegacyDataEndpointName,
    isOpenToWorld,
    isRegionWideIotZone,
    normalizeDnsName,
    ruleOpensNonDevicePorts,
} from "../components/rules";
import {
    DEVICE_SERVICES,
    StackIndex,
    StackResource,
    TYPES,
    UNKNOWN,
    configWithDefaults,
    containsUnknown,
    iotEndpointOf,
    snapshot,
} from "./lib";

const DOC = "https://docs.aws.amazon.com/iot/latest/developerguide/IoTCore-VPC.html";

/**
 * The component as a resource class for `validateResourceOfType`: the policy SDK matches a class by its
 * `__pulumiType`, as on every generated resource class, so the policy runs only for the component.
 */
const IotCoreVpcEndpointsClass = {
    __pulumiType: IOT_CORE_VPC_ENDPOINTS_TYPE,
    isInstance: (o: unknown) => (o as { __pulumiType?: string } | undefined)?.__pulumiType === IOT_CORE_VPC_ENDPOINTS_TYPE,
} as unknown as typeof aws.ec2.VpcEndpoint;

const servicesSchema = {
    type: "array",
    items: { type: "string" },
    default: DEVICE_SERVICES,
    description: "IoT services (the part of the service name after the region) the rule applies to.",
} as const;

function config<T extends object>(policy: { configSchema?: PolicyConfigSchema }, args: { getConfig<C extends object>(): C }): T {
    return configWithDefaults<T>(policy.configSchema ?? { properties: {} }, args.getConfig<Partial<T>>());
}

/** Validates IoT interface endpoints only: other endpoints (S3, ...) pass untouched. */
function forIotEndpoints(
    validate: (e: any, view: NonNullable<ReturnType<typeof iotEndpointOf>>, args: ResourceValidationArgs, report: ReportViolation) => void,
) {
    return validateResourceOfType(aws.ec2.VpcEndpoint, (_endpoint, args, report) => {
        const e = snapshot(args.props);
        const view = iotEndpointOf(e);
        if (view) {
            validate(e, view, args, report);
        }
    });
}

// 1. Private DNS off --------------------------------------------------------------------------------

interface ServicesConfig { services: string[] }

export const privateDnsOff: ResourceValidationPolicy = {
    name: "iot-endpoint-private-dns-off",
    description: "Interface endpoints for IoT Core data (and credentials) must have private DNS disabled; devices resolve the account's endpoint name through a private hosted zone.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Set privateDnsEnabled: false and create a private hosted zone named after the account's ATS endpoint with records for the endpoint's ENI IPs (IotCoreVpcEndpoints does this).",
    configSchema: { properties: { services: servicesSchema } },
    validateResource: forIotEndpoints((e, view, args, report) => {
        const { services } = config<ServicesConfig>(privateDnsOff, args);
        if (services.includes(view.service) && e.privateDnsEnabled === true) {
            report(`Private DNS is enabled on the ${view.serviceName} endpoint. Set privateDnsEnabled: false: ` +
                "the document recommends against PrivateDNS for IoT Core; resolve the account's ATS endpoint name through a private hosted zone attached to the VPC.");
        }
    }),
};

// 2. No VPC endpoint policy ---------------------------------------------------------------------------

export const noEndpointPolicy: ResourceValidationPolicy = {
    name: "iot-endpoint-no-policy",
    description: "IoT Core does not support VPC endpoint policies: IoT endpoints must not set a policy.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Remove the endpoint's policy and restrict devices with IoT policies conditioned on aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp instead.",
    configSchema: { properties: { services: servicesSchema } },
    validateResource: forIotEndpoints((e, view, args, report) => {
        const { services } = config<ServicesConfig>(noEndpointPolicy, args);
        if (services.includes(view.service) && typeof e.policy === "string" && e.policy.trim() !== "") {
            report(`The ${view.serviceName} endpoint sets a VPC endpoint policy, which IoT Core does not support. ` +
                "Remove policy; restrict devices with IoT policies conditioned on aws:SourceVpce (see vpcOnlyDevicePolicy).");
        }
    }),
};

export const noEndpointPolicyAttachment: StackValidationPolicy = {
    name: "iot-endpoint-no-policy-attachment",
    description: "IoT Core does not support VPC endpoint policies: no aws.ec2.VpcEndpointPolicy may target an IoT endpoint.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Delete the aws.ec2.VpcEndpointPolicy; restrict devices with IoT policies conditioned on aws:SourceVpce instead.",
    configSchema: { properties: { services: servicesSchema } },
    validateStack: (args, report) => {
        const { services } = config<ServicesConfig>(noEndpointPolicyAttachment, args);
        if (!args.resources.some((r) => r.type === TYPES.vpcEndpointPolicy)) {
            return;
        }
        const index = new StackIndex(args.resources, [TYPES.vpcEndpoint, TYPES.vpcEndpointPolicy]);
        const iot = new Set(index.iotEndpoints().filter((e) => services.includes(e.view.service)).map((e) => e.resource.urn));
        for (const p of index.ofType(TYPES.vpcEndpointPolicy)) {
            const targets = index.referenced(p, "vpcEndpointId", TYPES.vpcEndpoint).filter((t) => iot.has(t.resource.urn));
            for (const t of targets) {
                report(`VpcEndpointPolicy ${p.resource.name} targets IoT endpoint ${t.resource.name} (${t.props.serviceName}); IoT Core does not support VPC endpoint policies. Delete it.`, p.resource.urn);
            }
        }
    },
};

// 3. IPv4 only ----------------------------------------------------------------------------------------

interface Ipv4Config { allowDualStack: boolean }

export const ipv4Only: ResourceValidationPolicy = {
    name: "iot-endpoint-ipv4-only",
    description: "IoT Core VPC endpoints support IPv4 traffic only (document); newer AWS docs list dual-stack, allowed by config.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Set ipAddressType: \"ipv4\", dnsOptions.dnsRecordIpType: \"ipv4\" and no IPv6 subnet configurations, or set allowDualStack: true in this policy's config.",
    configSchema: {
        properties: {
            allowDualStack: { type: "boolean", default: false, description: "Allow dualstack/IPv6 endpoints (newer AWS documentation)." },
        },
    },
    validateResource: forIotEndpoints((e, view, args, report) => {
        if (config<Ipv4Config>(ipv4Only, args).allowDualStack) {
            return;
        }
        const v4 = DOCUMENTED_IP_ADDRESS_TYPE;
        if (typeof e.ipAddressType === "string" && e.ipAddressType !== v4) {
            report(`The ${view.serviceName} endpoint has ipAddressType "${e.ipAddressType}"; VPC endpoints for IoT Core are IPv4 only. Set ipAddressType: "${v4}".`);
        }
        const dnsType = e.dnsOptions?.dnsRecordIpType;
        if (typeof dnsType === "string" && dnsType !== v4) {
            report(`The ${view.serviceName} endpoint has dnsOptions.dnsRecordIpType "${dnsType}"; VPC endpoints for IoT Core are IPv4 only. Set it to "${v4}".`);
        }
        for (const c of Array.isArray(e.subnetConfigurations) ? e.subnetConfigurations : []) {
            if (c && typeof c === "object" && typeof c.ipv6 === "string" && c.ipv6 !== "") {
                report(`The ${view.serviceName} endpoint assigns IPv6 address ${c.ipv6} in subnet ${String(c.subnetId)}; VPC endpoints for IoT Core are IPv4 only. Remove ipv6.`);
            }
        }
    }),
};

// 4. Data endpoints only ------------------------------------------------------------------------------

interface ServicesAllowedConfig { allowedServices: string[] }

export const dataEndpointsOnly: ResourceValidationPolicy = {
    name: "iot-endpoint-data-only",
    description: "VPC endpoints are supported for IoT data endpoints only (document); other IoT services are blocked unless allowed by config.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Use com.amazonaws.<region>.iot.data, or add the service (such as iot.credentials) to allowedServices in this policy's config.",
    configSchema: {
        properties: {
            allowedServices: {
                type: "array",
                items: { type: "string" },
                default: [IOT_DATA_SERVICE],
                description: "IoT services allowed behind interface endpoints, such as iot.data and iot.credentials.",
            },
        },
    },
    validateResource: forIotEndpoints((_e, view, args, report) => {
        const { allowedServices } = config<ServicesAllowedConfig>(dataEndpointsOnly, args);
        if (!allowedServices.includes(view.service)) {
            report(`The endpoint is for ${view.serviceName}; the document supports VPC endpoints for IoT data endpoints (${IOT_DATA_SERVICE}) only. ` +
                `Use ${IOT_DATA_SERVICE}, or allow "${view.service}" in this policy's allowedServices config.`);
        }
    }),
};

// 5. No China regions ---------------------------------------------------------------------------------

interface ChinaConfig { allowChinaRegions: boolean }

export const noChinaRegions: ResourceValidationPolicy = {
    name: "iot-endpoint-no-china",
    description: "VPC endpoints for IoT Core are not supported in AWS China Regions (document); newer AWS docs list them, allowed by config.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Deploy IoT endpoints outside China, or set allowChinaRegions: true in this policy's config.",
    configSchema: {
        properties: {
            allowChinaRegions: { type: "boolean", default: false, description: "Allow IoT endpoints in cn-north-1 and cn-northwest-1 (newer AWS documentation)." },
        },
    },
    validateResource: forIotEndpoints((e, view, args, report) => {
        if (config<ChinaConfig>(noChinaRegions, args).allowChinaRegions) {
            return;
        }
        const providerRegion = snapshot(args.provider?.props)?.region;
        const region = [e.region, providerRegion, view.region].find((r) => typeof r === "string" && r !== "");
        if (view.china || (typeof region === "string" && isChinaRegion(region))) {
            report(`The ${view.serviceName} endpoint is in an AWS China Region (${String(region)}), where VPC endpoints for IoT Core are not supported. ` +
                "Deploy it elsewhere, or set allowChinaRegions: true in this policy's config.");
        }
    }),
};

// 6. Weighted DNS records -----------------------------------------------------------------------------

interface DnsConfig { maxWeightedRecords: number }

/**
 * The DNS names devices use for IoT Core in this stack: AWS IoT names, the domains of domain
 * configurations, and the custom domains of components (including ones served by an existing
 * domain configuration).
 */
function iotNames(index: StackIndex): (name: string) => boolean {
    const names = [
        ...index.ofType(TYPES.domainConfiguration).map((d) => d.props.domainName),
        ...index.ofType(IOT_CORE_VPC_ENDPOINTS_TYPE).flatMap((c) => (Array.isArray(c.props.customDomains) ? c.props.customDomains : [])),
    ];
    const custom = new Set(names.filter((n): n is string => typeof n === "string").map(normalizeDnsName));
    return (name) => isAwsIotName(name) || custom.has(normalizeDnsName(name));
}

export const weightedRecords: StackValidationPolicy = {
    name: "iot-dns-weighted-records",
    description: "Weighted records for IoT endpoint names carry equal weights and unique set identifiers, number at most 100 per name and type, and live in a private zone attached to the endpoints' VPC.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Give every weighted record of the name the same weight and its own set identifier, keep at most 100 per name (use one record per endpoint beyond that), and put them in a private hosted zone attached to the endpoints' VPC.",
    configSchema: {
        properties: {
            maxWeightedRecords: {
                type: "integer", minimum: 1, maximum: MAX_WEIGHTED_RECORDS_PER_NAME, default: MAX_WEIGHTED_RECORDS_PER_NAME,
                description: "Most weighted records allowed per name and type (Route 53 allows 100).",
            },
        },
    },
    validateStack: (args, report) => {
        const { maxWeightedRecords } = config<DnsConfig>(weightedRecords, args);
        const index = new StackIndex(args.resources, [TYPES.record, TYPES.zone, TYPES.zoneAssociation, TYPES.vpcEndpoint, TYPES.domainConfiguration, IOT_CORE_VPC_ENDPOINTS_TYPE]);
        const isIotName = iotNames(index);
        interface Group { zone?: StackResource; name: string; type: string; records: StackResource[] }
        const groups = new Map<string, Group>();
        for (const r of index.ofType(TYPES.record)) {
            const p = r.props;
            if (typeof p.name !== "string" || !isIotName(p.name) || !Array.isArray(p.weightedRoutingPolicies) || p.weightedRoutingPolicies.length === 0) {
                continue;
            }
            const zone = index.referenced(r, "zoneId", TYPES.zone, "zoneId")[0];
            const zoneKey = zone ? zone.resource.urn : typeof p.zoneId === "string" ? p.zoneId : undefined;
            if (zoneKey === undefined || typeof p.type !== "string") {
                continue;
            }
            const key = `${zoneKey}|${normalizeDnsName(p.name)}|${p.type}`;
            const g: Group = groups.get(key) ?? { zone, name: normalizeDnsName(p.name), type: p.type, records: [] };
            g.records.push(r);
            groups.set(key, g);
        }
        const endpointVpcs = new Set(index.iotEndpoints().map((e) => e.props.vpcId).filter((v): v is string => typeof v === "string"));
        for (const g of groups.values()) {
            const label = `${g.name} ${g.type}`;
            if (g.records.length > maxWeightedRecords) {
                report(`${g.records.length} weighted records for ${label}; Route 53 allows ${maxWeightedRecords} per name and type. ` +
                    `Use fewer endpoints x subnets, or one record per endpoint (recordLayout "perEndpoint").`, g.records[maxWeightedRecords].resource.urn);
            }
            const weights = g.records.map((r) => {
                const policy = r.props.weightedRoutingPolicies[0];
                return policy === UNKNOWN ? UNKNOWN : policy?.weight;
            });
            if (!weights.some((w) => w === UNKNOWN) && new Set(weights).size > 1) {
                report(`Weighted records for ${label} have unequal weights (${[...new Set(weights)].join(", ")}); the document asks for equal weights across all weighted records. Give every record the same weight.`, g.records[0].resource.urn);
            }
            const seen = new Map<string, string>();
            for (const r of g.records) {
                const id = r.props.setIdentifier;
                if (typeof id !== "string") {
                    if (id !== UNKNOWN) {
                        report(`Weighted record ${r.resource.name} for ${label} has no set identifier; Route 53 requires one. Set setIdentifier.`, r.resource.urn);
                    }
                    continue;
                }
                if (seen.has(id)) {
                    report(`Weighted records ${seen.get(id)} and ${r.resource.name} for ${label} share set identifier "${id}"; each needs its own.`, r.resource.urn);
                }
                seen.set(id, r.resource.name);
            }
            if (!g.zone) {
                continue; // a zone outside this stack: nothing to judge
            }
            const vpcs = g.zone.props.vpcs;
            if (vpcs === UNKNOWN || containsUnknown(vpcs)) {
                continue;
            }
            const associated = index.ofType(TYPES.zoneAssociation).filter((a) => index.referenced(a, "zoneId", TYPES.zone, "zoneId").includes(g.zone!));
            if (associated.some((a) => a.props.vpcId === UNKNOWN)) {
                continue;
            }
            const zoneVpcs: string[] = [
                ...(Array.isArray(vpcs) ? vpcs.map((v: { vpcId?: string }) => v.vpcId) : []),
                ...associated.map((a) => a.props.vpcId),
            ].filter((v): v is string => typeof v === "string");
            if (zoneVpcs.length === 0) {
                report(`Zone ${g.zone.resource.name} holding ${label} is public; IoT endpoint records belong in a private hosted zone attached to the VPC. Add vpcs: [{ vpcId }].`, g.zone.resource.urn);
            } else if (endpointVpcs.size > 0 && !zoneVpcs.some((v) => endpointVpcs.has(v))) {
                report(`Zone ${g.zone.resource.name} holding ${label} is attached to ${zoneVpcs.join(", ")}, not to the IoT endpoints' VPC (${[...endpointVpcs].join(", ")}). Attach it to that VPC.`, g.zone.resource.urn);
            }
        }
    },
};

// 7. ATS only -----------------------------------------------------------------------------------------

interface AtsConfig { exemptNames: string[] }

export const atsOnly: ResourceValidationPolicy = {
    name: "iot-dns-ats-only",
    description: "VPC endpoints serve ATS certificates only: no zone or record for the legacy (non -ats) data endpoint, and no zone for all of iot.<region>.amazonaws.com. Custom domains are exempt.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Name the zone and records after the account's iot:Data-ATS endpoint (<prefix>-ats.iot.<region>.amazonaws.com).",
    configSchema: {
        properties: {
            exemptNames: { type: "array", items: { type: "string" }, default: [], description: "DNS names this rule does not apply to." },
        },
    },
    validateResource: [
        validateResourceOfType(aws.route53.Zone, (_zone, args, report) => checkAtsName(snapshot(args.props).name, "zone", args, report)),
        validateResourceOfType(aws.route53.Record, (_record, args, report) => checkAtsName(snapshot(args.props).name, "record", args, report)),
    ],
};

function checkAtsName(name: unknown, kind: string, args: ResourceValidationArgs, report: ReportViolation) {
    if (typeof name !== "string" || config<AtsConfig>(atsOnly, args).exemptNames.map(normalizeDnsName).includes(normalizeDnsName(name))) {
        return;
    }
    if (isLegacyDataEndpointName(name)) {
        report(`The ${kind} ${name} is the legacy (VeriSign) data endpoint; VPC endpoints serve ATS certificates only. ` +
            "Use the iot:Data-ATS endpoint name (<prefix>-ats.iot.<region>.amazonaws.com).");
    } else if (kind === "zone" && isRegionWideIotZone(name)) {
        report(`The zone ${name} covers every IoT Core name in the region and would shadow them all inside the VPC. ` +
            "Name the private zone exactly after the account's ATS data endpoint instead.");
    }
}

// 8. Capacity and quota -------------------------------------------------------------------------------

interface CapacityConfig { connectionsPerEndpoint: number; declaredConnections: Record<string, number> }

export const endpointCapacity: StackValidationPolicy = {
    name: "iot-endpoint-capacity",
    description: "IoT data endpoints cover the declared devices at 100,000 concurrent connections each, per component and per VPC.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Add IoT data endpoints (expectedConnections or endpointCount on IotCoreVpcEndpoints) until endpoints x 100,000 covers the devices.",
    configSchema: {
        properties: {
            connectionsPerEndpoint: {
                type: "integer", minimum: 1, maximum: CONNECTIONS_PER_ENDPOINT, default: CONNECTIONS_PER_ENDPOINT,
                description: "Devices one endpoint is planned for; lower it to keep headroom below AWS's 100,000.",
            },
            declaredConnections: {
                type: "object", additionalProperties: { type: "integer", minimum: 0 }, default: {},
                description: "Concurrent devices each VPC must carry, by VPC id, for stacks that create endpoints without the component.",
            },
        },
    },
    validateStack: (args, report) => {
        const { connectionsPerEndpoint, declaredConnections } = config<CapacityConfig>(endpointCapacity, args);
        const index = new StackIndex(args.resources, [TYPES.vpcEndpoint]);
        const data = index.iotEndpoints().filter((e) => e.view.service === IOT_DATA_SERVICE);
        // An endpoint whose service name is unknown (a preview) may be a data endpoint: never count against it.
        const undecided = index.ofType(TYPES.vpcEndpoint).filter((e) => e.props.serviceName === UNKNOWN);
        const childEndpoints = new Map<string, number>();
        for (const e of [...data, ...undecided]) {
            const parent = e.resource.parent?.urn;
            if (parent) {
                childEndpoints.set(parent, (childEndpoints.get(parent) ?? 0) + 1);
            }
        }
        for (const c of args.resources.filter((r) => r.type === IOT_CORE_VPC_ENDPOINTS_TYPE)) {
            const capacity = snapshot(c.props).capacity;
            const devices = capacity?.expectedConnections;
            if (typeof devices !== "number") {
                continue;
            }
            const endpoints = childEndpoints.get(c.urn) ?? 0;
            if (endpoints * connectionsPerEndpoint < devices) {
                report(`Component ${c.name} declares ${devices} devices but has ${endpoints} IoT data endpoint(s), which carry ${endpoints * connectionsPerEndpoint} at ${connectionsPerEndpoint} each. ` +
                    `Use at least ${Math.ceil(devices / connectionsPerEndpoint)} endpoints (expectedConnections or endpointCount).`, c.urn);
            }
        }
        for (const [vpcId, devices] of Object.entries(declaredConnections)) {
            const endpoints = data.filter((e) => e.props.vpcId === vpcId).length;
            const undecidedHere = undecided.length > 0 || data.some((e) => e.props.vpcId === UNKNOWN);
            if (!undecidedHere && endpoints * connectionsPerEndpoint < devices) {
                report(`${vpcId} must carry ${devices} devices (declaredConnections) but has ${endpoints} IoT data endpoint(s), which carry ${endpoints * connectionsPerEndpoint}. ` +
                    `Use at least ${Math.ceil(devices / connectionsPerEndpoint)} endpoints.`);
            }
        }
    },
};

interface QuotaConfig { maxEndpointsPerVpc: number }

export const endpointsPerVpc: StackValidationPolicy = {
    name: "iot-endpoints-per-vpc",
    description: "Interface endpoints per VPC stay within the account's quota (50 by default) in VPCs with IoT endpoints.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html",
    remediationSteps: "Spread devices over more VPCs, or raise the \"Interface VPC endpoints per VPC\" quota and set maxEndpointsPerVpc in this policy's config.",
    configSchema: {
        properties: {
            maxEndpointsPerVpc: { type: "integer", minimum: 1, default: DEFAULT_MAX_ENDPOINTS_PER_VPC, description: "The account's interface-endpoints-per-VPC quota." },
        },
    },
    validateStack: (args, report) => {
        const { maxEndpointsPerVpc } = config<QuotaConfig>(endpointsPerVpc, args);
        const index = new StackIndex(args.resources, [TYPES.vpcEndpoint]);
        const iotVpcs = new Set(index.iotEndpoints().map((e) => e.props.vpcId).filter((v): v is string => typeof v === "string"));
        const perVpc = new Map<string, number>();
        for (const e of index.ofType(TYPES.vpcEndpoint)) {
            if (e.props.vpcEndpointType === "Interface" && typeof e.props.vpcId === "string" && iotVpcs.has(e.props.vpcId)) {
                perVpc.set(e.props.vpcId, (perVpc.get(e.props.vpcId) ?? 0) + 1);
            }
        }
        for (const [vpcId, count] of perVpc) {
            if (count > maxEndpointsPerVpc) {
                report(`${vpcId} has ${count} interface endpoints; the quota is ${maxEndpointsPerVpc}. ` +
                    "Spread devices over more VPCs, or raise the quota and set maxEndpointsPerVpc in this policy's config.");
            }
        }
    },
};

/** A capacity check on the component's own arguments, so a preview stops before any child is planned. */
export const componentCapacityArgs: ResourceValidationPolicy = {
    name: "iot-component-capacity-args",
    description: "IotCoreVpcEndpoints arguments: endpointCount carries expectedConnections, and the endpoints fit the per-VPC quota.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Raise endpointCount (or omit it), or raise maxEndpointsPerVpc after AWS raised the quota.",
    configSchema: {
        properties: {
            maxEndpointsPerVpc: { type: "integer", minimum: 1, default: DEFAULT_MAX_ENDPOINTS_PER_VPC, description: "The account's interface-endpoints-per-VPC quota, unless the component sets maxEndpointsPerVpc." },
        },
    },
    validateResource: validateResourceOfType(IotCoreVpcEndpointsClass, (_c, args, report) => {
        const p = snapshot(args.props);
        const devices = typeof p.expectedConnections === "number" ? p.expectedConnections : CONNECTIONS_PER_ENDPOINT;
        const endpoints = typeof p.endpointCount === "number" ? p.endpointCount : endpointsNeeded(devices);
        if (endpoints * CONNECTIONS_PER_ENDPOINT < devices) {
            report(`endpointCount ${endpoints} carries ${endpoints * CONNECTIONS_PER_ENDPOINT} devices, fewer than expectedConnections ${devices}. Raise it to at least ${endpointsNeeded(devices)} or omit it.`);
        }
        const credentials = p.credentialsProvider && typeof p.credentialsProvider === "object" ? p.credentialsProvider.endpointCount ?? 1 : 0;
        const total = interfaceEndpointsRequested({ expectedConnections: p.expectedConnections, endpointCount: p.endpointCount, credentialEndpoints: credentials });
        const quota = typeof p.maxEndpointsPerVpc === "number" ? p.maxEndpointsPerVpc : config<QuotaConfig>(componentCapacityArgs, args).maxEndpointsPerVpc;
        if (total !== undefined && total > quota) {
            report(`${total} interface endpoints exceed the ${quota} per VPC quota. Spread devices over more VPCs, or raise the quota and maxEndpointsPerVpc.`);
        }
    }),
};

// 9. MQTT keep-alive ----------------------------------------------------------------------------------

interface KeepAliveConfig { maxKeepAliveSeconds: number }

export const mqttKeepAlive: ResourceValidationPolicy = {
    name: "iot-mqtt-keep-alive",
    description: "MQTT keep-alive through VPC endpoints is limited to 230 seconds; longer values are cut to 230.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Set mqttKeepAliveSeconds to 230 or less so devices and the broker agree.",
    configSchema: {
        properties: {
            maxKeepAliveSeconds: {
                type: "integer", minimum: 1, maximum: MQTT_KEEP_ALIVE_MAX_SECONDS, default: MQTT_KEEP_ALIVE_MAX_SECONDS,
                description: "Longest MQTT keep-alive allowed, in seconds (the endpoint cuts above 230).",
            },
        },
    },
    validateResource: validateResourceOfType(IotCoreVpcEndpointsClass, (_c, args, report) => {
        const k = snapshot(args.props).mqttKeepAliveSeconds;
        const { maxKeepAliveSeconds } = config<KeepAliveConfig>(mqttKeepAlive, args);
        if (typeof k === "number" && k > maxKeepAliveSeconds) {
            report(`mqttKeepAliveSeconds is ${k}; VPC endpoints cut MQTT keep-alives above ${MQTT_KEEP_ALIVE_MAX_SECONDS} s to ${MQTT_KEEP_ALIVE_MAX_SECONDS} s. Set it to ${maxKeepAliveSeconds} or less.`);
        }
    }),
};

// 10. Access ------------------------------------------------------------------------------------------

interface PortsConfig { allowedPorts: number[] }

export const endpointSecurityGroup: StackValidationPolicy = {
    name: "iot-endpoint-security-group",
    description: "Security groups on IoT endpoints open only the device ports (8883, 443, 8443) over TCP, and never to 0.0.0.0/0 or ::/0.",
    enforcementLevel: "mandatory",
    severity: "critical",
    url: DOC,
    remediationSteps: "Keep one TCP rule per device port, from the device networks' CIDRs only.",
    configSchema: {
        properties: {
            allowedPorts: { type: "array", items: { type: "integer" }, default: DEVICE_PORTS, description: "TCP ports allowed on IoT endpoints (a subset of 8883, 443, 8443)." },
        },
    },
    validateStack: (args, report) => {
        const { allowedPorts } = config<PortsConfig>(endpointSecurityGroup, args);
        const index = new StackIndex(args.resources, [TYPES.vpcEndpoint, TYPES.securityGroup, TYPES.securityGroupRule, TYPES.securityGroupIngressRule]);
        const groups = new Map<string, StackResource>();
        for (const e of index.iotEndpoints()) {
            for (const sg of index.referenced(e, "securityGroupIds", TYPES.securityGroup)) {
                groups.set(sg.resource.urn, sg);
            }
        }
        const check = (where: StackResource, sgName: string, protocol: unknown, from: unknown, to: unknown, cidrs: unknown[]) => {
            if ([protocol, from, to].some((v) => v === UNKNOWN)) {
                return;
            }
            const p = String(protocol).toLowerCase();
            if (ruleOpensNonDevicePorts(p, Number(from), Number(to), allowedPorts)) {
                report(`Security group ${sgName} on an IoT endpoint opens ${p} ${String(from)}-${String(to)}; open only TCP ${allowedPorts.join(", ")}, one port per rule.`, where.resource.urn);
            }
            for (const c of cidrs) {
                if (typeof c === "string" && isOpenToWorld(c)) {
                    report(`Security group ${sgName} on an IoT endpoint allows ${c}; allow only the device networks' CIDRs, never the whole internet.`, where.resource.urn);
                }
            }
        };
        for (const sg of groups.values()) {
            const ingress = sg.props.ingress;
            for (const rule of Array.isArray(ingress) ? ingress : []) {
                if (rule === UNKNOWN) {
                    continue;
                }
                check(sg, sg.resource.name, rule.protocol, rule.fromPort, rule.toPort, [...asArray(rule.cidrBlocks), ...asArray(rule.ipv6CidrBlocks)]);
            }
        }
        for (const rule of index.ofType(TYPES.securityGroupRule)) {
            if (rule.props.type !== "ingress") {
                continue;
            }
            for (const sg of index.referenced(rule, "securityGroupId", TYPES.securityGroup).filter((s) => groups.has(s.resource.urn))) {
                check(rule, sg.resource.name, rule.props.protocol, rule.props.fromPort, rule.props.toPort, [...asArray(rule.props.cidrBlocks), ...asArray(rule.props.ipv6CidrBlocks)]);
            }
        }
        for (const rule of index.ofType(TYPES.securityGroupIngressRule)) {
            for (const sg of index.referenced(rule, "securityGroupId", TYPES.securityGroup).filter((s) => groups.has(s.resource.urn))) {
                check(rule, sg.resource.name, rule.props.ipProtocol, rule.props.fromPort, rule.props.toPort, [rule.props.cidrIpv4, rule.props.cidrIpv6]);
            }
        }
    },
};

function asArray(v: unknown): unknown[] {
    return Array.isArray(v) ? v : [];
}

interface ConditionConfig { conditionKeys: string[] }

export const iotPolicyVpcCondition: ResourceValidationPolicy = {
    name: "iot-policy-vpc-condition",
    description: "IoT policies that allow iot:Connect carry an aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp condition, so devices cannot connect through the public endpoint.",
    enforcementLevel: "advisory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Add a Condition such as { StringEquals: { \"aws:SourceVpce\": \"vpce-...\" } } to each statement that allows iot:Connect (see vpcOnlyDevicePolicy).",
    configSchema: {
        properties: {
            conditionKeys: { type: "array", items: { type: "string" }, default: VPC_CONDITION_KEYS, description: "Condition keys that count as restricting connections to the VPC." },
        },
    },
    validateResource: validateResourceOfType(aws.iot.Policy, (_p, args, report) => {
        const document = snapshot(args.props).policy;
        if (typeof document !== "string") {
            return;
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(document);
        } catch {
            return; // AWS validates the JSON itself
        }
        const keys = config<ConditionConfig>(iotPolicyVpcCondition, args).conditionKeys.map((k) => k.toLowerCase());
        const statements = asStatements(parsed);
        statements.forEach((s, i) => {
            if (s.Effect !== "Allow" || !actions(s.Action).some(allowsConnect)) {
                return;
            }
            const condition = s.Condition && typeof s.Condition === "object" ? s.Condition as Record<string, Record<string, unknown>> : {};
            const restricted = Object.entries(condition).some(([operator, block]) => restrictsTo(operator) &&
                block && typeof block === "object" && Object.keys(block).some((k) => keys.includes(k.toLowerCase())));
            if (!restricted) {
                report(`Statement ${i + 1} of IoT policy ${args.name} allows iot:Connect without a VPC condition, so devices can also connect through the public endpoint. ` +
                    "Add a Condition on aws:SourceVpce (or aws:SourceVpc, aws:VpcSourceIp).");
            }
        });
    }),
};

function asStatements(doc: unknown): { Effect?: string; Action?: unknown; Condition?: unknown }[] {
    const s = (doc as { Statement?: unknown } | undefined)?.Statement;
    return (Array.isArray(s) ? s : s ? [s] : []).filter((x) => x && typeof x === "object");
}

function actions(a: unknown): string[] {
    return (Array.isArray(a) ? a : [a]).filter((x): x is string => typeof x === "string");
}

/**
 * True for condition operators that require the key to match: not negated (`StringNotEquals`,
 * `NotIpAddress`), not `Null`, and not `...IfExists`, which lets requests without the key through
 * (connections through the public endpoint carry no aws:SourceVpce).
 */
function restrictsTo(operator: string): boolean {
    const op = operator.replace(/^For(All|Any)Values:/i, "");
    return !/not/i.test(op) && !/^null$/i.test(op) && !/ifexists$/i.test(op);
}

/** True when an IAM-style action pattern (with `*` and `?` wildcards) matches iot:Connect. */
function allowsConnect(action: string): boolean {
    const pattern = action.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${pattern}$`).test("iot:connect");
}

/** Every policy of the pack, in the order of the README. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    privateDnsOff,
    noEndpointPolicy,
    noEndpointPolicyAttachment,
    ipv4Only,
    dataEndpointsOnly,
    noChinaRegions,
    weightedRecords,
    atsOnly,
    endpointCapacity,
    endpointsPerVpc,
    componentCapacityArgs,
    mqttKeepAlive,
    endpointSecurityGroup,
    iotPolicyVpcCondition,
];
