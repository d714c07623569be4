/**
 * Input validation for `IotCoreVpcEndpoints`: pure functions that return every problem at once.
 *
 * `validatePlainArgs` judges what is known when the program runs (construction time);
 * `validateDeployFacts` judges what AWS tells us at deploy time (subnet zones, the service's zones,
 * the region) and runs inside `apply`, gating every resource that depends on it.
 */
import {
    CONNECTIONS_PER_ENDPOINT,
    DEFAULT_MAX_ENDPOINTS_PER_VPC,
    DEVICE_PORTS,
    MAX_WEIGHTED_RECORDS_PER_NAME,
    MQTT_KEEP_ALIVE_MAX_SECONDS,
    PRIVATELINK_METRIC_PERIOD_SECONDS,
} from "./limits";
import { DeviceAction, DevicePolicyRestriction, devicePolicyProblems } from "./devicePolicy";
import { Problem, show } from "./problems";
import { RECORD_LAYOUTS, RecordLayout, domainKey, recordsPerName } from "./planning";
import {
    devicesCarried,
    endpointsNeeded,
    interfaceEndpointsRequested,
    isPositiveInteger,
    isAtsDataEndpointName,
    isAwsIotName,
    isChinaRegion,
    isCredentialProviderName,
    isDevicePort,
    isDnsName,
    isGovCloudRegion,
    isOpenToWorld,
    keepAliveWithinLimit,
    normalizeDnsName,
    parseIpv4Cidr,
} from "./rules";


/** What the component knows about its arguments when the program runs. */
export interface PlainArgs {
    /** The VPC id when it is a plain string. */
    readonly vpcId?: string;
    /** Subnet ids; `undefined` where a subnet id is an Output not known yet. */
    readonly subnetIds: readonly (string | undefined)[] | undefined;
    /** True when `subnetIds` is one Output (or Promise) of a list rather than a list. */
    readonly subnetIdsIsOutput?: boolean;
    readonly expectedConnections?: unknown;
    readonly endpointCount?: unknown;
    readonly maxEndpointsPerVpc?: unknown;
    /** Allowed CIDRs; `undefined` entries are Outputs not known yet. Absent: the VPC's CIDR blocks. */
    readonly allowedCidrs?: readonly (string | undefined)[];
    readonly devicePorts?: unknown;
    readonly ttl?: unknown;
    readonly allowChinaRegions?: unknown;
    readonly mqttKeepAliveSeconds?: unknown;
    readonly recordLayout?: unknown;
    /** Custom domains: the domain name when known, whether certificates or an existing configuration were given. */
    readonly customDomains?: readonly { readonly domainName?: unknown; readonly certificates: boolean; readonly existingName?: unknown }[];
    readonly credentialsProvider?: unknown;
    readonly credentialEndpointCount?: unknown;
    /** Resolver subnets (known ids or `undefined`), or `undefined` for no inbound resolver. */
    readonly inboundResolverSubnetIds?: readonly (string | undefined)[];
    readonly inboundResolverAllowedCidrs?: readonly (string | undefined)[];
    readonly alarmThresholdPercent?: unknown;
    readonly alarmEvaluationPeriods?: unknown;
    readonly alarmPeriodSeconds?: unknown;
    /** The device policy opt-in, when given. */
    readonly devicePolicy?: { readonly actions?: unknown; readonly topics?: unknown; readonly restrictTo?: unknown };
}

const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const VPC_ID = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** Every problem with the arguments that can be judged when the program runs. */
export function validatePlainArgs(a: PlainArgs): Problem[] {
    const problems: Problem[] = [];
    const add = (argument: string, value: unknown, problem: string, fix: string) =>
        problems.push({ argument, value: show(value), problem, fix });

    if (a.vpcId !== undefined && !VPC_ID.test(a.vpcId)) {
        add("vpcId", a.vpcId, "is not a VPC id.", "pass the id of an existing VPC, such as vpc-0123456789abcdef0.");
    }

    // Subnets: one per Availability Zone, no repeats.
    const subnets = a.subnetIds;
    if (a.subnetIdsIsOutput) {
        add("subnetIds", "an Output of a list", "must be a list whose length is known when the program runs, so previews show every record.",
            "pass a list of ids (each may be an Output), such as [subnetA.id, subnetB.id], or index into the Output: [0, 1, 2].map(i => ids.apply(x => x[i])).");
    } else if (!Array.isArray(subnets) || subnets.length === 0) {
        add("subnetIds", subnets ?? [], "at least one subnet is required.",
            "pass one private subnet id per Availability Zone where iot.data is offered (two or more for availability).");
    } else {
        const seen = new Set<string>();
        for (const id of subnets) {
            if (id === undefined) {
                continue;
            }
            if (!SUBNET_ID.test(id)) {
                add("subnetIds", id, "is not a subnet id.", "pass subnet ids such as subnet-0123456789abcdef0.");
            } else if (seen.has(id)) {
                add("subnetIds", id, "is listed more than once.", "list each subnet once; an endpoint has one network interface per subnet.");
            }
            seen.add(id);
        }
    }

    // Capacity.
    if (a.expectedConnections !== undefined && !isPositiveInteger(a.expectedConnections)) {
        add("expectedConnections", a.expectedConnections, "must be a positive finite integer (concurrent devices).",
            `pass the peak number of concurrently connected devices, such as ${CONNECTIONS_PER_ENDPOINT}.`);
    }
    if (a.endpointCount !== undefined && !isPositiveInteger(a.endpointCount)) {
        add("endpointCount", a.endpointCount, "must be a positive finite integer.",
            "omit it to size from expectedConnections, or pass the number of interface endpoints, such as 2.");
    }
    const maxEndpoints = a.maxEndpointsPerVpc ?? DEFAULT_MAX_ENDPOINTS_PER_VPC;
    if (!isPositiveInteger(maxEndpoints)) {
        add("maxEndpointsPerVpc", maxEndpoints, "must be a positive finite integer.",
            `omit it for the default quota of ${DEFAULT_MAX_ENDPOINTS_PER_VPC}, or pass the quota your account was granted.`);
    }
    const endpoints = interfaceEndpointsRequested({ expectedConnections: a.expectedConnections, endpointCount: a.endpointCount });
    if (endpoints !== undefined && isPositiveInteger(a.endpointCount) && isPositiveInteger(a.expectedConnections)
        && devicesCarried(a.endpointCount) < a.expectedConnections) {
        add("endpointCount", a.endpointCount,
            `carries ${show(devicesCarried(a.endpointCount))} devices at ${show(CONNECTIONS_PER_ENDPOINT)} per endpoint, fewer than expectedConnections = ${show(a.expectedConnections)}.`,
            `raise endpointCount to at least ${endpointsNeeded(a.expectedConnections)}, or omit it to size from expectedConnections.`);
    }
    if (a.credentialEndpointCount !== undefined && !isPositiveInteger(a.credentialEndpointCount)) {
        add("credentialsProvider.endpointCount", a.credentialEndpointCount, "must be a positive finite integer.", "omit it for one endpoint (credential requests are short-lived).");
    }
    const credentialsOn = a.credentialsProvider !== undefined && a.credentialsProvider !== null && typeof a.credentialsProvider === "object";
    const credentialEndpoints = !credentialsOn ? 0 : a.credentialEndpointCount ?? 1;
    const totalEndpoints = interfaceEndpointsRequested({ expectedConnections: a.expectedConnections, endpointCount: a.endpointCount, credentialEndpoints });
    if (totalEndpoints !== undefined && isPositiveInteger(maxEndpoints) && totalEndpoints > maxEndpoints) {
        const arg = a.endpointCount !== undefined ? "endpointCount" : "expectedConnections";
        const what = credentialEndpoints ? `${endpoints} data and ${credentialEndpoints} credential provider endpoints` : `${endpoints} interface endpoints`;
        add(arg, a.endpointCount ?? a.expectedConnections,
            `needs ${what}, more than the ${maxEndpoints} per VPC allowed by maxEndpointsPerVpc.`,
            `request a higher "Interface VPC endpoints per VPC" quota and set maxEndpointsPerVpc to it, or spread devices over more VPCs.`);
    }

    // DNS layout: Route 53 allows 100 weighted records per name and type.
    const layoutGiven = a.recordLayout !== undefined;
    if (layoutGiven && !RECORD_LAYOUTS.includes(a.recordLayout as string)) {
        add("recordLayout", a.recordLayout, "is not a record layout.", `pick one of ${RECORD_LAYOUTS.join(", ")}.`);
    }
    const layout = (layoutGiven && RECORD_LAYOUTS.includes(a.recordLayout as string) ? a.recordLayout : RecordLayout.PerEni) as RecordLayout;
    const subnetCount = Array.isArray(subnets) ? subnets.length : 0;
    const records = endpoints !== undefined ? recordsPerName(layout, endpoints, subnetCount) : 0;
    if (records > MAX_WEIGHTED_RECORDS_PER_NAME) {
        if (layout === RecordLayout.PerEni) {
            add(layoutGiven ? "recordLayout" : "subnetIds", `${endpoints} endpoints x ${subnetCount} subnets`,
                `would need ${records} weighted records on one name (one per network interface); Route 53 allows ${MAX_WEIGHTED_RECORDS_PER_NAME}.`,
                `set recordLayout: "${RecordLayout.PerEndpoint}" (one record per endpoint holding all its IPs) or "${RecordLayout.Alias}" (one alias per endpoint), ` +
                `or use fewer subnets or endpoints so that endpoints x subnets <= ${MAX_WEIGHTED_RECORDS_PER_NAME}.`);
        } else {
            add("recordLayout", layout, `would need ${records} weighted records on one name (one per endpoint); Route 53 allows ${MAX_WEIGHTED_RECORDS_PER_NAME}.`,
                `spread devices over more VPCs, at most ${MAX_WEIGHTED_RECORDS_PER_NAME} endpoints (${devicesCarried(MAX_WEIGHTED_RECORDS_PER_NAME)} devices) each.`);
        }
    }

    // Who may connect, and on which ports.
    if (a.allowedCidrs !== undefined) {
        if (a.allowedCidrs.length === 0) {
            add("allowedCidrs", [], "is empty, so no device could connect.",
                "omit it to allow the VPC's CIDR blocks, or list the device networks.");
        }
        for (const c of a.allowedCidrs) {
            if (c !== undefined) {
                problems.push(...cidrProblems("allowedCidrs", c));
            }
        }
    }
    const ports = a.devicePorts ?? DEVICE_PORTS;
    if (a.devicePorts !== undefined) {
        if (!Array.isArray(ports) || ports.length === 0) {
            add("devicePorts", ports, "must be a non-empty list of ports.", `omit it for ${DEVICE_PORTS.join(", ")}, or pick from those.`);
        } else {
            for (const p of ports) {
                if (typeof p !== "number" || !isDevicePort(p)) {
                    add("devicePorts", p, "is not a port devices use on the IoT data plane.", `pick from ${DEVICE_PORTS.join(", ")}.`);
                }
            }
        }
    }

    // DNS.
    if (a.ttl !== undefined && !(typeof a.ttl === "number" && Number.isInteger(a.ttl) && a.ttl >= 0 && a.ttl <= 2147483647)) {
        add("ttl", a.ttl, "must be a whole number of seconds from 0 to 2147483647.", "omit it for 60 seconds, or pass a short TTL such as 30.");
    }

    // MQTT keep-alive.
    if (a.mqttKeepAliveSeconds !== undefined) {
        const k = a.mqttKeepAliveSeconds;
        if (!isPositiveInteger(k)) {
            add("mqttKeepAliveSeconds", k, "must be a positive whole number of seconds.", `pass at most ${MQTT_KEEP_ALIVE_MAX_SECONDS}.`);
        } else if (!keepAliveWithinLimit(k)) {
            add("mqttKeepAliveSeconds", k,
                `exceeds the ${MQTT_KEEP_ALIVE_MAX_SECONDS} s limit of VPC endpoints: the endpoint would cut it to ${MQTT_KEEP_ALIVE_MAX_SECONDS} s.`,
                `pass ${MQTT_KEEP_ALIVE_MAX_SECONDS} or less so devices and the broker agree.`);
        }
    }

    if (a.allowChinaRegions !== undefined && typeof a.allowChinaRegions !== "boolean") {
        add("allowChinaRegions", a.allowChinaRegions, "must be true or false.", "omit it (false) unless you rely on newer AWS documentation for China.");
    }

    // Custom domains.
    const domains = new Set<string>();
    const domainKeys = new Map<string, string>();
    (a.customDomains ?? []).forEach((d, i) => {
        const arg = `customDomains[${i}]`;
        if (typeof d.domainName !== "string" || !isDnsName(d.domainName)) {
            add(`${arg}.domainName`, d.domainName, "is not a DNS name.", "pass the domain devices connect to, such as devices.example.com.");
        } else if (isAwsIotName(d.domainName) || /amazonaws\.com(\.cn)?\.?$/.test(d.domainName)) {
            add(`${arg}.domainName`, d.domainName, "is an AWS name, not a custom domain.", "pass your own domain; the ATS endpoint's zone is created anyway.");
        } else if (domains.has(normalizeDnsName(d.domainName))) {
            add(`${arg}.domainName`, d.domainName, "is listed more than once.", "list each custom domain once.");
        } else if (domainKeys.has(domainKey(d.domainName))) {
            add(`${arg}.domainName`, d.domainName, `would name its resources like ${domainKeys.get(domainKey(d.domainName))} (${domainKey(d.domainName)}).`,
                "custom domains whose names differ only in dots and hyphens cannot share a component; use two components.");
        } else {
            domains.add(normalizeDnsName(d.domainName));
            domainKeys.set(domainKey(d.domainName), d.domainName);
        }
        if (d.certificates === (d.existingName !== undefined)) {
            add(arg, d.domainName, "needs exactly one of serverCertificateArns (a new domain configuration) or existingDomainConfigurationName.",
                "pass the ACM certificate ARNs for the domain, or the name of the aws.iot.DomainConfiguration that already serves it.");
        }
    });

    // Credential provider (newer AWS docs).
    if (a.credentialsProvider !== undefined && !credentialsOn) {
        add("credentialsProvider", a.credentialsProvider, "must be an object (the credential provider's settings) or left out.", "pass {} to opt in with one endpoint, or omit it.");
    }
    if (credentialsOn && Array.isArray(ports) && !ports.includes(443)) {
        add("devicePorts", ports, "leaves out 443, which the credential provider (HTTPS) needs.", "add 443 to devicePorts, or drop credentialsProvider.");
    }

    // Inbound resolver.
    if (a.inboundResolverSubnetIds !== undefined) {
        const ids = a.inboundResolverSubnetIds;
        if (ids.length < 2 || ids.length > 6) {
            add("inboundResolver.subnetIds", ids, `has ${ids.length} subnets; a Route 53 Resolver endpoint needs 2 to 6, in different Availability Zones.`,
                "pass two subnets in different Availability Zones, or give the component at least two subnets.");
        }
        const known = ids.filter((x): x is string => x !== undefined);
        if (new Set(known).size !== known.length) {
            add("inboundResolver.subnetIds", ids, "lists a subnet more than once.", "list two or more different subnets.");
        }
        for (const c of a.inboundResolverAllowedCidrs ?? []) {
            if (c !== undefined) {
                problems.push(...cidrProblems("inboundResolver.allowedCidrs", c));
            }
        }
    }

    // Capacity alarms.
    const pct = a.alarmThresholdPercent;
    if (pct !== undefined && !(typeof pct === "number" && pct > 0 && pct <= 100)) {
        add("capacityAlarms.thresholdPercent", pct, "must be a percentage above 0 and at most 100.", "pass the share of 100,000 connections at which to alarm, such as 80.");
    }
    if (a.alarmEvaluationPeriods !== undefined && !isPositiveInteger(a.alarmEvaluationPeriods)) {
        add("capacityAlarms.evaluationPeriods", a.alarmEvaluationPeriods, "must be a positive whole number.", "omit it for 3.");
    }
    const period = a.alarmPeriodSeconds;
    if (period !== undefined && !(isPositiveInteger(period) && period % PRIVATELINK_METRIC_PERIOD_SECONDS === 0)) {
        add("capacityAlarms.periodSeconds", period,
            `must be a whole number of minutes in seconds: PrivateLink publishes endpoint metrics every ${PRIVATELINK_METRIC_PERIOD_SECONDS} s, so a shorter period never gets data.`,
            "omit it for 300, or pass 60, 120, ...");
    }

    // Device policy: the document the component would create, with the longest ids it could hold.
    if (a.devicePolicy !== undefined) {
        const restrictTo = a.devicePolicy.restrictTo ?? DevicePolicyRestriction.Endpoints;
        if (!(Object.values(DevicePolicyRestriction) as unknown[]).includes(restrictTo)) {
            add("devicePolicy.restrictTo", restrictTo, "is not a restriction.", `pick ${Object.values(DevicePolicyRestriction).join(" or ")}.`);
        } else {
            const p = devicePolicyProblems({
                region: "ap-southeast-2",
                accountId: "123456789012",
                partition: "aws-us-gov",
                ...(restrictTo === DevicePolicyRestriction.Vpc
                    ? { sourceVpc: ["vpc-0123456789abcdef0"] }
                    : { sourceVpce: Array.from({ length: endpoints ?? 1 }, () => "vpce-0123456789abcdef0") }),
                actions: a.devicePolicy.actions as DeviceAction[] | undefined,
                topics: a.devicePolicy.topics as string[] | undefined,
            });
            problems.push(...p.map((x) => x.argument === "sourceVpce"
                ? { ...x, argument: "devicePolicy.restrictTo", value: show(restrictTo), fix: `set devicePolicy.restrictTo: "${DevicePolicyRestriction.Vpc}" (one VPC id), or use fewer endpoints.` }
                : { ...x, argument: `devicePolicy.${x.argument}` }));
        }
    }
    return problems;
}

/** Problems with one allowed CIDR. */
export function cidrProblems(argument: string, cidr: string): Problem[] {
    if (isOpenToWorld(cidr)) {
        return [{ argument, value: show(cidr), problem: "would let the whole internet reach the endpoints.",
            fix: "list the device networks (VPC, VPN or Direct Connect ranges); never 0.0.0.0/0." }];
    }
    if (!parseIpv4Cidr(cidr)) {
        return [{ argument, value: show(cidr), problem: "is not an IPv4 CIDR block with its host bits clear.",
            fix: "write it as a.b.c.d/n, such as 10.0.0.0/16 (VPC endpoints for IoT Core are IPv4 only)." }];
    }
    return [];
}

/** Problems with the region the endpoints would be created in. */
export function regionProblems(region: string, allowChinaRegions: boolean, credentialsProvider = false): Problem[] {
    const problems: Problem[] = [];
    if (isChinaRegion(region) && !allowChinaRegions) {
        problems.push({ argument: "region", value: show(region),
            problem: "is an AWS China Region, where VPC endpoints for IoT Core are not supported (source document: Availability).",
            fix: "deploy to another region, or set allowChinaRegions: true if you rely on newer AWS documentation that lists iot.data there." });
    }
    if (credentialsProvider && (isChinaRegion(region) || isGovCloudRegion(region))) {
        problems.push({ argument: "credentialsProvider", value: show(region),
            problem: "the credential provider endpoint (iot.credentials) is not offered through VPC endpoints in China or GovCloud regions.",
            fix: "drop credentialsProvider for this region; devices there get credentials through the public endpoint." });
    }
    return problems;
}

/** An endpoint service as `DescribeVpcEndpointServices` returns it. */
export interface ServiceFacts {
    readonly serviceName: string;
    readonly availabilityZones: readonly string[];
}

export interface SubnetFacts {
    readonly id: string;
    readonly availabilityZone: string;
    readonly vpcId: string;
}

/** What AWS says at deploy time about the region, the services and the subnets. */
export interface DeployFacts {
    readonly region: string;
    readonly vpcId: string;
    /** The endpoint services (iot.data first) and the Availability Zones where each is offered. */
    readonly services: readonly ServiceFacts[];
    readonly subnets: readonly SubnetFacts[];
    /** Allowed CIDRs as resolved (explicit or the VPC's). */
    readonly allowedCidrs: readonly string[];
    readonly allowChinaRegions: boolean;
    readonly credentialsProvider: boolean;
    /** The VPC's DNS attributes: private hosted zones resolve only with both enabled. */
    readonly vpcDns: { readonly enableDnsSupport: boolean; readonly enableDnsHostnames: boolean };
    /** The account's data endpoint name from `iot:Data-ATS`. */
    readonly dataEndpoint: string;
    /** The account's credential provider name from `iot:CredentialProvider`, when it is asked for. */
    readonly credentialsEndpoint?: string;
    /** The inbound resolver's subnets, when one is asked for. */
    readonly resolverSubnets?: readonly SubnetFacts[];
}

/** Every problem AWS would refuse at deploy time, judged before any resource is created. */
export function validateDeployFacts(f: DeployFacts): Problem[] {
    const problems: Problem[] = [...regionProblems(f.region, f.allowChinaRegions, f.credentialsProvider)];
    const byZone = new Map<string, string[]>();
    const seen = new Set<string>();
    for (const s of f.subnets) {
        if (seen.has(s.id)) {
            problems.push({ argument: "subnetIds", value: show(s.id), problem: "is listed more than once.",
                fix: "list each subnet once; an endpoint has one network interface per subnet." });
            continue;
        }
        seen.add(s.id);
        if (s.vpcId !== f.vpcId) {
            problems.push({ argument: "subnetIds", value: show(s.id), problem: `belongs to ${s.vpcId}, not to vpcId ${f.vpcId}.`,
                fix: `pass subnets of ${f.vpcId}.` });
        }
        for (const service of f.services) {
            if (!service.availabilityZones.includes(s.availabilityZone)) {
                problems.push({ argument: "subnetIds", value: show(s.id),
                    problem: `is in ${s.availabilityZone}, where ${service.serviceName} is not offered.`,
                    fix: `use subnets in the zones where it is offered: ${[...service.availabilityZones].sort().join(", ")}.` });
            }
        }
        byZone.set(s.availabilityZone, [...(byZone.get(s.availabilityZone) ?? []), s.id]);
    }
    for (const [zone, ids] of byZone) {
        if (ids.length > 1) {
            problems.push({ argument: "subnetIds", value: show(ids),
                problem: `are in the same Availability Zone ${zone}; an endpoint takes at most one subnet per zone.`,
                fix: "keep one subnet per Availability Zone." });
        }
    }
    for (const c of f.allowedCidrs) {
        problems.push(...cidrProblems("allowedCidrs", c));
    }
    if (!f.vpcDns.enableDnsSupport || !f.vpcDns.enableDnsHostnames) {
        problems.push({ argument: "vpcId", value: show(f.vpcId),
            problem: `has enableDnsSupport=${f.vpcDns.enableDnsSupport} and enableDnsHostnames=${f.vpcDns.enableDnsHostnames}; private hosted zones resolve only with both true.`,
            fix: "enable DNS resolution and DNS hostnames on the VPC (aws.ec2.Vpc enableDnsSupport and enableDnsHostnames)." });
    }
    if (!isAtsDataEndpointName(f.dataEndpoint)) {
        problems.push({ argument: "dataEndpoint", value: show(f.dataEndpoint),
            problem: "is not an ATS data endpoint name (<prefix>-ats.iot.<region>.amazonaws.com); VPC endpoints serve ATS certificates only.",
            fix: "check the provider's credentials and region: aws iot describe-endpoint --endpoint-type iot:Data-ATS must return the -ats name." });
    }
    if (f.credentialsProvider && f.credentialsEndpoint !== undefined && !isCredentialProviderName(f.credentialsEndpoint)) {
        problems.push({ argument: "credentialsEndpoint", value: show(f.credentialsEndpoint),
            problem: "is not a credential provider endpoint name (<prefix>.credentials.iot.<region>.amazonaws.com).",
            fix: "check the provider's credentials and region: aws iot describe-endpoint --endpoint-type iot:CredentialProvider." });
    }
    if (f.resolverSubnets) {
        const zones = new Set(f.resolverSubnets.map((s) => s.availabilityZone));
        if (zones.size < 2) {
            problems.push({ argument: "inboundResolver.subnetIds", value: show(f.resolverSubnets.map((s) => s.id)),
                problem: `are all in ${[...zones].join(", ")}; a Route 53 Resolver endpoint needs subnets in at least two Availability Zones.`,
                fix: "pass subnets in two different Availability Zones." });
        }
        for (const s of f.resolverSubnets.filter((x) => x.vpcId !== f.vpcId)) {
            problems.push({ argument: "inboundResolver.subnetIds", value: show(s.id), problem: `belongs to ${s.vpcId}, not to vpcId ${f.vpcId}.`, fix: `pass subnets of ${f.vpcId}.` });
        }
    }
    return problems;
}
