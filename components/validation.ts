/**
 * Input validation for `IotCoreVpcEndpoints`: pure functions that return every problem at once.
 *
 * `resolveArgs` judges what is known when the program runs and resolves the arguments into the
 * component's `Settings`: every default filled in from `DEFAULTS`, every Output kept as such. It takes
 * the arguments as `unknown`, because other languages and JavaScript callers hand over whatever they
 * have: a wrong type is a named problem, never a crash.
 *
 * `validateDeployFacts` judges what AWS tells at deploy time (subnet zones, the service's zones, the
 * region) and runs inside `apply`, gating every resource that depends on it.
 */
import {
    AdditionalVpcSettings,
    CustomDomainSettings,
    DevicePolicySettings,
    GreengrassEndpoint,
    GreengrassSettings,
    InboundResolverSettings,
    RECORD_LAYOUTS,
    RecordLayout,
    Settings,
} from "./args";
import { DEFAULTS, defaultAlarmThresholdPercent } from "./defaults";
import { DeviceAction, DevicePolicyRestriction, devicePolicyProblems, policyCharactersForEndpoints } from "./devicePolicy";
import {
    CONNECTIONS_PER_ENDPOINT,
    DEVICE_PORTS,
    GREENGRASS_DATA_PLANE_PORTS,
    GREENGRASS_OPTIONAL_SERVICES,
    IOT_POLICY_MAX_CHARACTERS,
    MAX_TAGS_PER_RESOURCE,
    MAX_WEIGHTED_RECORDS_PER_NAME,
    MQTT_KEEP_ALIVE_MAX_SECONDS,
    PRIVATELINK_METRIC_PERIOD_SECONDS,
    RESERVED_TAG_PREFIX,
    SECURITY_GROUP_INBOUND_RULES,
    TAG_KEY_MAX_LENGTH,
    TAG_VALUE_MAX_LENGTH,
} from "./limits";
import { domainKey, recordsPerName, subnetKeys } from "./planning";
import { Problem, show } from "./problems";
import {
    capacityShortfall,
    carriesDevices,
    coversPublicSpace,
    coversWholeInternet,
    devicesCarried,
    endpointsNeeded,
    greengrassInterfaceEndpoints,
    isAtsDataEndpointName,
    isAwsIotName,
    isChinaRegion,
    isCredentialProviderName,
    isDevicePort,
    isDnsName,
    isGovCloudRegion,
    isOpenToWorld,
    isPositiveInteger,
    keepAliveWithinLimit,
    normalizeDnsName,
    parseIpv4,
    parseIpv4Cidr,
    quotaExcess,
    subnetAddressProblem,
} from "./rules";

const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const VPC_ID = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** What `resolveArgs` returns: every problem, and the settings when there is none. */
export interface Resolution {
    readonly problems: Problem[];
    readonly settings?: Settings;
}

/**
 * True for a value the program does not know yet: a Pulumi Output or a Promise. Recognised by shape
 * (Pulumi marks its Outputs with `__pulumiOutput`), so this module needs nothing from `@pulumi/*`.
 */
export function isPending(v: unknown): boolean {
    if (v === null || typeof v !== "object") {
        return false;
    }
    const o = v as { __pulumiOutput?: unknown; then?: unknown };
    return o.__pulumiOutput === true || typeof o.then === "function";
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !isPending(v);
}

/**
 * The core devices' policy when AWS IoT would refuse it as too large: the device policy's actions, topics
 * and restriction (`DEFAULT_DEVICE_POLICY` when none is asked for) with the core device statements, whose
 * data plane statement lists the data endpoint ids again. With `region`, its exact size there (the gate);
 * without, its size in the shortest region name (9 characters, such as us-east-1): a policy that is too
 * large there is too large everywhere. Only endpoint-restricted policies grow with the endpoints.
 */
export function corePolicyProblem(o: {
    readonly policy: DevicePolicySettings; readonly tokenExchangeRoleAlias: string; readonly dataEndpoints: number; readonly credentialEndpoints: number; readonly region?: string;
}): Problem | undefined {
    if (o.policy.restrictTo !== DevicePolicyRestriction.Endpoints) {
        return undefined;
    }
    const ids = (n: number) => Array.from({ length: n }, () => "vpce-0123456789abcdef0");
    const size = policyCharactersForEndpoints({
        region: o.region ?? "us-east-1", accountId: "123456789012", actions: o.policy.actions, topics: o.policy.topics,
        greengrassCoreDevice: { tokenExchangeRoleAlias: o.tokenExchangeRoleAlias, credentialsSourceVpce: ids(o.credentialEndpoints) },
    }, o.dataEndpoints);
    if (size <= IOT_POLICY_MAX_CHARACTERS) {
        return undefined;
    }
    return {
        argument: "greengrassOptions.coreDevicePolicy", value: "true",
        problem: `makes a ${o.region === undefined ? "policy of at least " : ""}${size}${o.region === undefined ? " characters" : `-character policy in ${o.region}`} ` +
            `(${o.dataEndpoints} data endpoint ids, listed for connections and again for the Greengrass data plane); ` +
            `AWS IoT allows ${IOT_POLICY_MAX_CHARACTERS} (not counting whitespace), and would refuse it part-way through the update.`,
        fix: `set devicePolicy.restrictTo: "${DevicePolicyRestriction.Vpc}" (one VPC id in both policies), or use fewer endpoints.`,
    };
}

/** The device policy's defaults, for the core devices' policy when no device policy is asked for. */
export const DEFAULT_DEVICE_POLICY: DevicePolicySettings = Object.freeze({
    actions: DEFAULTS.devicePolicy.actions as readonly DeviceAction[],
    topics: DEFAULTS.devicePolicy.topics,
    restrictTo: DEFAULTS.devicePolicy.restrictTo as DevicePolicyRestriction,
});

/**
 * Resolves the arguments of the component named `name`: every problem that can be judged when the
 * program runs, each naming the argument, its value and the fix; and, when there is none, the settings.
 * Cheap checks come first, so a huge count is refused before anything is sized from it.
 */
export function resolveArgs(name: string, raw: unknown): Resolution {
    const problems: Problem[] = [];
    const add = (argument: string, value: unknown, problem: string, fix: string) =>
        problems.push({ argument, value: show(value), problem, fix });

    if (!isRecord(raw)) {
        add("args", raw, "must be an object of arguments.", "pass { vpcId, subnetIds, ... }.");
        return { problems };
    }
    const a = raw;

    /** An optional list argument: its items, or `undefined` when absent; a problem when it is not a list. */
    const list = (argument: string, v: unknown, fix: string): unknown[] | undefined => {
        if (v === undefined) {
            return undefined;
        }
        if (!Array.isArray(v)) {
            add(argument, isPending(v) ? "an Output of a list" : v, "must be a list.", fix);
            return undefined;
        }
        return v;
    };
    /** The string items of a list; a problem for each item that is neither a string nor pending. */
    const strings = (argument: string, items: readonly unknown[], what: string, fix: string): (string | undefined)[] =>
        items.map((item, i) => {
            if (typeof item === "string") {
                return item;
            }
            if (!isPending(item)) {
                add(`${argument}[${i}]`, item, `is not ${what}.`, fix);
            }
            return undefined;
        });
    /** An optional object argument: the object, `undefined` when absent; a problem for null or other types. */
    const object = (argument: string, v: unknown, fix: string): Record<string, unknown> | undefined => {
        if (v === undefined) {
            return undefined;
        }
        if (!isRecord(v)) {
            add(argument, v, "must be an object or left out.", fix);
            return undefined;
        }
        return v;
    };
    const positiveInteger = (argument: string, v: unknown, problem: string, fix: string): number | undefined => {
        if (v === undefined) {
            return undefined;
        }
        if (!isPositiveInteger(v)) {
            add(argument, v, problem, fix);
            return undefined;
        }
        return v;
    };

    // The VPC.
    if (a.vpcId === undefined || a.vpcId === null) {
        add("vpcId", a.vpcId, "is required.", "pass the id of an existing VPC, such as vpc-0123456789abcdef0.");
    } else if (typeof a.vpcId === "string" ? !VPC_ID.test(a.vpcId) : !isPending(a.vpcId)) {
        add("vpcId", a.vpcId, "is not a VPC id.", "pass the id of an existing VPC, such as vpc-0123456789abcdef0.");
    }

    // Subnets: one per Availability Zone, no repeats. A list whose ids may be Outputs, or one Output of a list.
    let subnetIds: (string | undefined)[] = [];
    const subnetsPending = isPending(a.subnetIds);
    if (!subnetsPending && (!Array.isArray(a.subnetIds) || a.subnetIds.length === 0)) {
        add("subnetIds", a.subnetIds === undefined ? [] : a.subnetIds, Array.isArray(a.subnetIds) || a.subnetIds === undefined ? "at least one subnet is required." : "must be a list of subnet ids.",
            "pass one private subnet id per Availability Zone where iot.data is offered (two or more for availability).");
    } else if (!subnetsPending) {
        subnetIds = strings("subnetIds", a.subnetIds as unknown[], "a subnet id", "pass subnet ids such as subnet-0123456789abcdef0 (strings or Outputs).");
        const seen = new Set<string>();
        for (const id of subnetIds) {
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
    const subnetCount = positiveInteger("subnetCount", a.subnetCount, "must be a positive whole number (the number of subnets in subnetIds).",
        "pass how many subnet ids the subnetIds Output holds, such as 3, or omit it when subnetIds is a list.");
    if (subnetCount !== undefined && !subnetsPending && Array.isArray(a.subnetIds) && subnetCount !== a.subnetIds.length) {
        add("subnetCount", subnetCount, `differs from the ${a.subnetIds.length} subnets listed in subnetIds.`, "omit subnetCount when subnetIds is a list.");
    }
    // How many subnets there are when the program runs: `undefined` until deploy time for an Output of a list without subnetCount.
    const knownSubnetCount = subnetsPending ? subnetCount : subnetIds.length;

    // Subnets being removed in two updates: plain ids, so their records keep their names.
    const draining = list("drainingSubnetIds", a.drainingSubnetIds, "pass a list of subnet ids, such as [\"subnet-0123456789abcdef0\"].") ?? [];
    const drainingSubnetIds: string[] = [];
    draining.forEach((id, i) => {
        if (typeof id !== "string" || !SUBNET_ID.test(id)) {
            add(`drainingSubnetIds[${i}]`, id, "is not a subnet id (a plain string).", "list the ids of the subnets being removed, such as subnet-0123456789abcdef0.");
        } else if (subnetIds.includes(id)) {
            add("drainingSubnetIds", id, "is also in subnetIds.", "a subnet being removed is listed in drainingSubnetIds only; take it out of subnetIds.");
        } else if (drainingSubnetIds.includes(id)) {
            add("drainingSubnetIds", id, "is listed more than once.", "list each subnet once.");
        } else {
            drainingSubnetIds.push(id);
        }
    });
    if (draining.length > 0 && (subnetsPending || subnetIds.some((id) => id === undefined))) {
        add("drainingSubnetIds", draining, "needs subnetIds as plain ids: subnets given as Outputs are named by position, and removing one renames the others.",
            "pass subnetIds as a list of plain ids while subnets are drained.");
    }
    const existingZone = (argument: string, v: unknown): unknown => {
        if (v !== undefined && !(typeof v === "string" ? /^Z[0-9A-Z]{1,32}$/.test(v) : isPending(v))) {
            add(argument, v, "is not a hosted zone id.", "pass the id of the private zone, such as Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones-by-vpc).");
        }
        return v;
    };
    const existingHostedZoneId = existingZone("existingHostedZoneId", a.existingHostedZoneId);

    // Greengrass core devices: their connections size the endpoints, and they need the credential provider.
    const greengrassResolution = resolveGreengrass(a);
    problems.push(...greengrassResolution.problems);
    const greengrass = greengrassResolution.settings;

    // Capacity, before anything is sized from it. Core devices hold connections too.
    const expectedConnections = (positiveInteger("expectedConnections", a.expectedConnections, "must be a positive finite integer (concurrent devices).",
        `pass the peak number of concurrently connected devices, such as ${CONNECTIONS_PER_ENDPOINT}.`) ?? DEFAULTS.expectedConnections) + (greengrass?.coreDevices ?? 0);
    const explicitEndpoints = positiveInteger("endpointCount", a.endpointCount, "must be a positive finite integer.",
        "omit it to size from expectedConnections, or pass the number of interface endpoints, such as 2.");
    const utilization = a.targetUtilizationPercent;
    if (utilization !== undefined && !(isPositiveInteger(utilization) && utilization <= 100)) {
        add("targetUtilizationPercent", utilization, "must be a whole percent from 1 to 100.",
            `omit it for ${DEFAULTS.targetUtilizationPercent} (headroom for DNS spreading devices at random), or pass 100 to plan at the documented limit.`);
    }
    const targetUtilizationPercent = typeof utilization === "number" && isPositiveInteger(utilization) && utilization <= 100 ? utilization : DEFAULTS.targetUtilizationPercent;
    const maxEndpointsPerVpc = positiveInteger("maxEndpointsPerVpc", a.maxEndpointsPerVpc, "must be a positive finite integer.",
        `omit it for the default quota of ${DEFAULTS.maxEndpointsPerVpc}, or pass the quota your account was granted.`) ?? DEFAULTS.maxEndpointsPerVpc;
    const countsKnown = (a.expectedConnections === undefined || isPositiveInteger(a.expectedConnections))
        && (a.endpointCount === undefined || isPositiveInteger(a.endpointCount));
    const endpointCount = explicitEndpoints ?? endpointsNeeded(expectedConnections, targetUtilizationPercent);
    if (countsKnown && explicitEndpoints !== undefined && capacityShortfall(explicitEndpoints, expectedConnections, targetUtilizationPercent) > 0) {
        const perEndpoint = devicesCarried(1, targetUtilizationPercent);
        add("endpointCount", explicitEndpoints,
            `carries ${show(devicesCarried(explicitEndpoints, targetUtilizationPercent))} devices at ${show(perEndpoint)} per endpoint ` +
            `(${targetUtilizationPercent}% of ${show(CONNECTIONS_PER_ENDPOINT)}, targetUtilizationPercent), fewer than expectedConnections = ${show(expectedConnections)}.`,
            `raise endpointCount to at least ${endpointsNeeded(expectedConnections, targetUtilizationPercent)}, omit it to size from expectedConnections` +
            (targetUtilizationPercent < 100 && carriesDevices(explicitEndpoints, expectedConnections) ? ", or set targetUtilizationPercent: 100 to plan without headroom." : "."));
    }
    // Greengrass needs the credential provider: asked for, or as `{}` would build it.
    const credentials = object("credentialsProvider", a.credentialsProvider, "pass {} to opt in with one endpoint, or omit it.") ?? (greengrass ? {} : undefined);
    const credentialEndpoints = credentials === undefined ? 0
        : positiveInteger("credentialsProvider.endpointCount", credentials.endpointCount, "must be a positive finite integer.",
            "omit it for one endpoint (credential requests are short-lived).") ?? DEFAULTS.credentialsProvider.endpointCount;
    // Counts that passed the capacity checks: only these size anything else (records, the device policy).
    const serviceEndpoints = greengrass ? greengrassInterfaceEndpoints({ endpoints: greengrass.endpoints, s3Gateway: greengrass.s3RouteTableIds !== undefined }) : 0;
    const withinQuota = quotaExcess(endpointCount + credentialEndpoints + serviceEndpoints, maxEndpointsPerVpc) === 0;
    const countsOk = countsKnown && withinQuota;
    if (countsKnown && !withinQuota) {
        const argument = explicitEndpoints !== undefined ? "endpointCount" : "expectedConnections";
        const parts = [
            `${endpointCount} ${credentialEndpoints || serviceEndpoints ? "data" : "interface"}`,
            ...(credentialEndpoints ? [`${credentialEndpoints} credential provider`] : []),
            ...(serviceEndpoints ? [`${serviceEndpoints} Greengrass service`] : []),
        ];
        const what = `${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0]} endpoints`;
        add(argument, explicitEndpoints ?? expectedConnections,
            `needs ${what}, more than the ${maxEndpointsPerVpc} per VPC allowed by maxEndpointsPerVpc.`,
            "request a higher \"Interface VPC endpoints per VPC\" quota and set maxEndpointsPerVpc to it, or spread devices over more VPCs.");
    }

    // Fixed addresses: per subnet (active and draining), one per endpoint, all different.
    let endpointIps: Record<string, string[]> | undefined;
    if (a.endpointIps !== undefined) {
        if (!isRecord(a.endpointIps)) {
            add("endpointIps", a.endpointIps, "must be a map of subnet id to addresses.", "pass { \"subnet-...\": [\"10.0.1.10\", ...], ... }: one address per endpoint for each subnet.");
        } else if (subnetsPending || subnetIds.some((id) => id === undefined)) {
            add("endpointIps", "by subnet id", "needs subnetIds as plain ids, to know which addresses go in which subnet.", "pass subnetIds as a list of plain ids.");
        } else {
            endpointIps = {};
            const all = [...subnetIds as string[], ...drainingSubnetIds];
            const seen = new Set<string>();
            for (const [subnet, ips] of Object.entries(a.endpointIps)) {
                if (!all.includes(subnet)) {
                    add(`endpointIps.${subnet}`, ips, "is not a subnet of subnetIds or drainingSubnetIds.", "key the addresses by the endpoints' subnet ids.");
                    continue;
                }
                if (!Array.isArray(ips) || (countsOk && ips.length !== endpointCount)) {
                    add(`endpointIps.${subnet}`, ips, `must list one address per endpoint (${endpointCount}).`, `pass ${endpointCount} addresses of ${subnet}, in endpoint order.`);
                    continue;
                }
                for (const ip of ips) {
                    if (typeof ip !== "string" || parseIpv4(ip) === undefined) {
                        add(`endpointIps.${subnet}`, ip, "is not an IPv4 address.", "write each as a.b.c.d, inside its subnet.");
                    } else if (seen.has(ip)) {
                        add(`endpointIps.${subnet}`, ip, "is given to more than one network interface.", "give each endpoint its own address.");
                    }
                    seen.add(String(ip));
                }
                endpointIps[subnet] = ips as string[];
            }
            const missing = all.filter((id) => !(id in (a.endpointIps as object)));
            if (missing.length > 0) {
                add("endpointIps", missing, "has no addresses for these subnets; fixed addresses go on every interface or on none.", "add an entry for each subnet, or leave endpointIps out.");
            }
        }
    }

    // DNS layout: Route 53 allows 100 weighted records per name and type.
    const layoutGiven = a.recordLayout !== undefined;
    if (layoutGiven && !(RECORD_LAYOUTS as readonly unknown[]).includes(a.recordLayout)) {
        add("recordLayout", a.recordLayout, "is not a record layout.", `pick one of ${RECORD_LAYOUTS.join(", ")}.`);
    }
    const recordLayout: RecordLayout = layoutGiven && (RECORD_LAYOUTS as readonly unknown[]).includes(a.recordLayout)
        ? a.recordLayout as RecordLayout : DEFAULTS.recordLayout;
    if (subnetsPending && knownSubnetCount === undefined && recordLayout === RecordLayout.PerEni) {
        add("subnetIds", "an Output of a list",
            `makes one ${RecordLayout.PerEni} record per subnet and endpoint, so the number of subnets must be known when the program runs (previews show every record).`,
            `pass subnetCount: <how many ids the Output holds>, or set recordLayout: "${RecordLayout.PerEndpoint}" or "${RecordLayout.Alias}", whose records do not depend on the subnets.`);
    }
    const records = countsOk ? recordsPerName(recordLayout, endpointCount, knownSubnetCount ?? 0) : 0;
    if (records > MAX_WEIGHTED_RECORDS_PER_NAME) {
        if (recordLayout === RecordLayout.PerEni) {
            add(layoutGiven ? "recordLayout" : "subnetIds", `${endpointCount} endpoints x ${knownSubnetCount} subnets`,
                `would need ${records} weighted records on one name (one per network interface); Route 53 allows ${MAX_WEIGHTED_RECORDS_PER_NAME}.`,
                `set recordLayout: "${RecordLayout.PerEndpoint}" (one record per endpoint holding all its IPs) or "${RecordLayout.Alias}" (one alias per endpoint), ` +
                `or use fewer subnets or endpoints so that endpoints x subnets <= ${MAX_WEIGHTED_RECORDS_PER_NAME}.`);
        } else {
            add("recordLayout", recordLayout, `would need ${records} weighted records on one name (one per endpoint); Route 53 allows ${MAX_WEIGHTED_RECORDS_PER_NAME}.`,
                `spread devices over more VPCs, at most ${MAX_WEIGHTED_RECORDS_PER_NAME} endpoints (${devicesCarried(MAX_WEIGHTED_RECORDS_PER_NAME)} devices) each.`);
        }
    }

    // Who may connect, and on which ports.
    if (a.allowPublicCidrs !== undefined && typeof a.allowPublicCidrs !== "boolean") {
        add("allowPublicCidrs", a.allowPublicCidrs, "must be true or false.", "omit it (false) unless devices really connect from public address ranges.");
    }
    const allowPublicCidrs = a.allowPublicCidrs === true;
    let devicePorts: readonly number[] = DEFAULTS.devicePorts;
    if (a.devicePorts !== undefined) {
        if (!Array.isArray(a.devicePorts) || a.devicePorts.length === 0) {
            add("devicePorts", a.devicePorts, "must be a non-empty list of ports.", `omit it for ${DEVICE_PORTS.join(", ")}, or pick from those.`);
        } else {
            const seen = new Set<unknown>();
            for (const p of a.devicePorts) {
                if (typeof p !== "number" || !isDevicePort(p)) {
                    add("devicePorts", p, "is not a port devices use on the IoT data plane.", `pick from ${DEVICE_PORTS.join(", ")}.`);
                } else if (seen.has(p)) {
                    add("devicePorts", p, "is listed more than once.", "list each port once.");
                }
                seen.add(p);
            }
            devicePorts = (a.devicePorts as unknown[]).filter((p): p is number => typeof p === "number" && isDevicePort(p));
        }
    }
    /** A list of CIDRs (or one Output of a list): items kept as given; every known item judged, and the set once all are known. */
    const cidrList = (argument: string, v: unknown, portsPerCidr: number): Settings["allowedCidrs"] => {
        if (isPending(v)) {
            return v as Settings["allowedCidrs"]; // one Output of a list: judged at deploy time
        }
        const items = list(argument, v, "pass a list of IPv4 CIDR blocks, such as [\"10.0.0.0/16\"].");
        if (items === undefined) {
            return undefined;
        }
        if (items.length === 0) {
            add(argument, [], "is empty, so no device could connect.", "omit it to allow the VPC's CIDR blocks, or list the device networks.");
        }
        const known = strings(argument, items, "an IPv4 CIDR block", "write each as a string a.b.c.d/n, such as 10.0.0.0/16.");
        if (known.every((c) => c !== undefined)) {
            problems.push(...cidrSetProblems(argument, known as string[], allowPublicCidrs, portsPerCidr));
        } else {
            for (const c of known) {
                if (c !== undefined) {
                    problems.push(...cidrProblems(argument, c));
                }
            }
        }
        return items as Settings["allowedCidrs"];
    };
    const allowedCidrs = cidrList("allowedCidrs", a.allowedCidrs, devicePorts.length);

    // DNS.
    if (a.ttl !== undefined && !(typeof a.ttl === "number" && Number.isInteger(a.ttl) && a.ttl >= 0 && a.ttl <= 2147483647)) {
        add("ttl", a.ttl, "must be a whole number of seconds from 0 to 2147483647.", `omit it for ${DEFAULTS.ttl} seconds, or pass a short TTL such as 30.`);
    }
    const ttl = typeof a.ttl === "number" ? a.ttl : DEFAULTS.ttl;

    // MQTT keep-alive.
    const keepAlive = a.mqttKeepAliveSeconds;
    if (keepAlive !== undefined) {
        if (!isPositiveInteger(keepAlive)) {
            add("mqttKeepAliveSeconds", keepAlive, "must be a positive whole number of seconds.", `pass at most ${MQTT_KEEP_ALIVE_MAX_SECONDS}.`);
        } else if (!keepAliveWithinLimit(keepAlive)) {
            add("mqttKeepAliveSeconds", keepAlive,
                `exceeds the ${MQTT_KEEP_ALIVE_MAX_SECONDS} s limit of VPC endpoints: the endpoint would cut it to ${MQTT_KEEP_ALIVE_MAX_SECONDS} s.`,
                `pass ${MQTT_KEEP_ALIVE_MAX_SECONDS} or less so devices and the broker agree.`);
        }
    }

    if (a.allowChinaRegions !== undefined && typeof a.allowChinaRegions !== "boolean") {
        add("allowChinaRegions", a.allowChinaRegions, "must be true or false.", "omit it (false) unless you rely on newer AWS documentation for China.");
    }

    // Custom domains.
    const customDomains: CustomDomainSettings[] = [];
    const domains = new Set<string>();
    const domainKeys = new Map<string, string>();
    (list("customDomains", a.customDomains, "pass a list such as [{ domainName: \"devices.example.com\", serverCertificateArns: [certArn] }].") ?? []).forEach((d, i) => {
        const arg = `customDomains[${i}]`;
        if (!isRecord(d)) {
            add(arg, d, "must be an object with a domainName.", "pass { domainName, serverCertificateArns } or { domainName, existingDomainConfigurationName }.");
            return;
        }
        const domainName = d.domainName;
        if (typeof domainName !== "string" || !isDnsName(domainName)) {
            add(`${arg}.domainName`, domainName, "is not a DNS name.", "pass the domain devices connect to, such as devices.example.com.");
        } else if (isAwsIotName(domainName) || /amazonaws\.com(\.cn)?\.?$/.test(domainName)) {
            add(`${arg}.domainName`, domainName, "is an AWS name, not a custom domain.", "pass your own domain; the ATS endpoint's zone is created anyway.");
        } else if (domains.has(normalizeDnsName(domainName))) {
            add(`${arg}.domainName`, domainName, "is listed more than once.", "list each custom domain once.");
        } else if (domainKeys.has(domainKey(domainName))) {
            add(`${arg}.domainName`, domainName, `would name its resources like ${domainKeys.get(domainKey(domainName))} (${domainKey(domainName)}).`,
                "custom domains whose names differ only in dots and hyphens cannot share a component; use two components.");
        } else {
            domains.add(normalizeDnsName(domainName));
            domainKeys.set(domainKey(domainName), domainName);
        }
        const certificates = list(`${arg}.serverCertificateArns`, d.serverCertificateArns, "pass a list of ACM certificate ARNs.");
        if (certificates !== undefined) {
            if (certificates.length === 0) {
                add(`${arg}.serverCertificateArns`, [], "is empty; a domain configuration needs a server certificate.", "pass the ACM certificate ARN of the domain's certificate.");
            }
            strings(`${arg}.serverCertificateArns`, certificates, "an ACM certificate ARN", "pass ARNs such as arn:aws:acm:us-east-1:123456789012:certificate/...");
        }
        const validation = d.validationCertificateArn;
        if (validation !== undefined && typeof validation !== "string" && !isPending(validation)) {
            add(`${arg}.validationCertificateArn`, validation, "is not an ACM certificate ARN.", "pass an ARN string, or omit it.");
        }
        const existing = d.existingDomainConfigurationName;
        if (existing !== undefined && typeof existing !== "string") {
            add(`${arg}.existingDomainConfigurationName`, existing, "is not a domain configuration name.", "pass the name of the aws.iot.DomainConfiguration that serves the domain.");
        }
        if ((certificates !== undefined) === (existing !== undefined)) {
            add(arg, domainName, "needs exactly one of serverCertificateArns (a new domain configuration) or existingDomainConfigurationName.",
                "pass the ACM certificate ARNs for the domain, or the name of the aws.iot.DomainConfiguration that already serves it.");
        }
        const adopt = existingZone(`${arg}.existingHostedZoneId`, d.existingHostedZoneId);
        if (typeof domainName === "string") {
            customDomains.push({
                domainName,
                existingHostedZoneId: adopt as CustomDomainSettings["existingHostedZoneId"],
                serverCertificateArns: certificates as readonly string[] | undefined,
                validationCertificateArn: validation as string | undefined,
                existingDomainConfigurationName: typeof existing === "string" ? existing : undefined,
            });
        }
    });

    // Credential provider (newer AWS docs): it speaks HTTPS.
    const credentialsZone = credentials === undefined ? undefined
        : existingZone("credentialsProvider.existingHostedZoneId", credentials.existingHostedZoneId) as string | undefined;
    if (greengrass) {
        const needed = [...new Set([8883, 443, greengrass.dataPlanePort])].filter((p) => !devicePorts.includes(p));
        if (needed.length > 0) {
            add("devicePorts", devicePorts, `leaves out ${needed.join(" and ")}, which Greengrass core devices use on the IoT endpoints (MQTT on 8883, as greengrassNucleusConfig sets the nucleus up; the credential provider on 443; ` +
                `the data plane on ${greengrass.dataPlanePort}).`, `add ${needed.join(" and ")} to devicePorts, or leave devicePorts out.`);
        }
    } else if (credentials !== undefined && !devicePorts.includes(443)) {
        add("devicePorts", devicePorts, "leaves out 443, which the credential provider (HTTPS) needs.", "add 443 to devicePorts, or drop credentialsProvider.");
    }

    // Inbound resolver.
    let inboundResolver: InboundResolverSettings | undefined;
    const resolver = object("inboundResolver", a.inboundResolver, "pass {} to create a resolver in the first two subnets, or omit it.");
    if (resolver !== undefined) {
        const pendingList = isPending(resolver.subnetIds);
        const explicit = pendingList ? undefined : list("inboundResolver.subnetIds", resolver.subnetIds, "pass a list of one to six subnet ids.");
        const ids = explicit !== undefined
            ? strings("inboundResolver.subnetIds", explicit, "a subnet id", "pass subnet ids such as subnet-0123456789abcdef0.")
            : subnetIds.slice(0, DEFAULTS.inboundResolver.subnetCount);
        const count = pendingList ? undefined : explicit !== undefined ? explicit.length
            : knownSubnetCount === undefined ? undefined : Math.min(knownSubnetCount, DEFAULTS.inboundResolver.subnetCount);
        if (count !== undefined && (count < 1 || count > 6)) {
            add("inboundResolver.subnetIds", explicit ?? ids, `has ${count} subnets; a Route 53 Resolver endpoint takes one to six (two addresses at least; two Availability Zones recommended).`,
                "pass one to six subnets of the VPC, in different Availability Zones.");
        }
        const known = ids.filter((x): x is string => x !== undefined);
        if (new Set(known).size !== known.length) {
            add("inboundResolver.subnetIds", explicit ?? ids, "lists a subnet more than once.", "list each subnet once.");
        }
        const pinned = list("inboundResolver.ipAddresses", resolver.ipAddresses, "pass a list of IPv4 addresses, one per resolver address.");
        const pinnedIps = pinned === undefined ? undefined : pinned.filter((ip, i) => {
            if (typeof ip !== "string" || parseIpv4(ip) === undefined) {
                add(`inboundResolver.ipAddresses[${i}]`, ip, "is not an IPv4 address.", "write each as a.b.c.d, inside its subnet.");
                return false;
            }
            return true;
        }) as string[];
        if (pinnedIps !== undefined && new Set(pinnedIps).size !== pinnedIps.length) {
            add("inboundResolver.ipAddresses", pinnedIps, "lists an address more than once.", "give each resolver address its own IP.");
        }
        // One address holds one network interface: an endpoint's fixed address cannot also be the resolver's.
        const endpointAddresses = new Map(Object.entries(endpointIps ?? {}).flatMap(([subnet, ips]) => ips.map((ip) => [ip, subnet] as const)));
        for (const ip of pinnedIps ?? []) {
            if (endpointAddresses.has(ip)) {
                add("inboundResolver.ipAddresses", ip, `is also endpointIps.${endpointAddresses.get(ip)}'s address for an endpoint; EC2 gives an address to one network interface (InvalidIPAddress.InUse).`,
                    "pick resolver addresses that no endpoint uses.");
            }
        }
        const addressCount = count === undefined ? undefined : Math.max(2, count);
        if (count === 1 && pinned === undefined) {
            problems.push(oneSubnetResolverProblem(explicit ?? ids));
        }
        if (pinned !== undefined && addressCount !== undefined && pinned.length !== addressCount) {
            add("inboundResolver.ipAddresses", pinned, `has ${pinned.length} addresses; the resolver has ${addressCount} (one per subnet, two when there is one subnet).`,
                `pass ${addressCount} addresses, in the order of the resolver's subnets.`);
        }
        const resolverCidrs = cidrList("inboundResolver.allowedCidrs", resolver.allowedCidrs, RESOLVER_PORTS_PER_CIDR);
        inboundResolver = {
            subnetIds: (pendingList ? resolver.subnetIds : explicit) as InboundResolverSettings["subnetIds"],
            allowedCidrs: resolverCidrs,
            ipAddresses: pinnedIps,
        };
    }

    // Hub and spoke: more VPCs that resolve the zones.
    const additionalVpcs: AdditionalVpcSettings[] = [];
    (list("additionalVpcs", a.additionalVpcs, "pass a list such as [{ vpcId: \"vpc-0123456789abcdef0\" }].") ?? []).forEach((v, i) => {
        const arg = `additionalVpcs[${i}]`;
        if (!isRecord(v)) {
            add(arg, v, "must be an object with a vpcId.", "pass { vpcId, region?, roleArn? }.");
            return;
        }
        if (typeof v.vpcId === "string" ? !VPC_ID.test(v.vpcId) : !isPending(v.vpcId)) {
            add(`${arg}.vpcId`, v.vpcId, "is not a VPC id.", "pass the spoke VPC's id, such as vpc-0123456789abcdef0.");
        } else if (typeof v.vpcId === "string" && (v.vpcId === a.vpcId || additionalVpcs.some((x) => x.vpcId === v.vpcId))) {
            add(`${arg}.vpcId`, v.vpcId, v.vpcId === a.vpcId ? "is the endpoints' own VPC, which every zone is attached to already." : "is listed more than once.",
                "list each spoke VPC once, and not vpcId.");
        }
        if (v.region !== undefined && !(typeof v.region === "string" && /^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(v.region))) {
            add(`${arg}.region`, v.region, "is not an AWS region code.", "pass the spoke VPC's region, such as eu-west-1, or omit it for the component's.");
        }
        if (v.roleArn !== undefined && (typeof v.roleArn === "string" ? !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(v.roleArn) : !isPending(v.roleArn))) {
            add(`${arg}.roleArn`, v.roleArn, "is not an IAM role ARN.", "pass the ARN of a role in the spoke VPC's account, such as arn:aws:iam::210987654321:role/iot-dns, or omit it for the same account.");
        }
        additionalVpcs.push({
            key: typeof v.vpcId === "string" ? v.vpcId : `vpc${i + 1}`,
            vpcId: v.vpcId as AdditionalVpcSettings["vpcId"],
            region: typeof v.region === "string" ? v.region : undefined,
            roleArn: v.roleArn as AdditionalVpcSettings["roleArn"],
        });
    });

    // Capacity alarms.
    let capacityAlarms: Settings["capacityAlarms"];
    const alarms = object("capacityAlarms", a.capacityAlarms, "pass {} for alarms halfway between targetUtilizationPercent and each endpoint's 100,000 connections, or omit it.");
    if (alarms !== undefined) {
        const pct = alarms.thresholdPercent;
        if (pct !== undefined && !(typeof pct === "number" && pct > 0 && pct <= 100)) {
            add("capacityAlarms.thresholdPercent", pct, "must be a percentage above 0 and at most 100.", "pass the share of 100,000 connections at which to alarm, such as 90, or omit it for halfway between targetUtilizationPercent and 100.");
        }
        const evaluationPeriods = positiveInteger("capacityAlarms.evaluationPeriods", alarms.evaluationPeriods, "must be a positive whole number.",
            `omit it for ${DEFAULTS.capacityAlarms.evaluationPeriods}.`);
        const period = alarms.periodSeconds;
        if (period !== undefined && !(isPositiveInteger(period) && period % PRIVATELINK_METRIC_PERIOD_SECONDS === 0)) {
            add("capacityAlarms.periodSeconds", period,
                `must be a whole number of minutes in seconds: PrivateLink publishes endpoint metrics every ${PRIVATELINK_METRIC_PERIOD_SECONDS} s, so a shorter period never gets data.`,
                `omit it for ${DEFAULTS.capacityAlarms.periodSeconds}, or pass 60, 120, ...`);
        }
        const actions = list("capacityAlarms.alarmActions", alarms.alarmActions, "pass a list of ARNs (SNS topics, ...).");
        if (actions !== undefined) {
            strings("capacityAlarms.alarmActions", actions, "an ARN", "pass ARNs such as arn:aws:sns:us-east-1:123456789012:oncall.");
        }
        capacityAlarms = {
            thresholdPercent: typeof pct === "number" ? pct : defaultAlarmThresholdPercent(targetUtilizationPercent),
            periodSeconds: typeof period === "number" ? period : DEFAULTS.capacityAlarms.periodSeconds,
            evaluationPeriods: evaluationPeriods ?? DEFAULTS.capacityAlarms.evaluationPeriods,
            alarmActions: (actions ?? []) as string[],
        };
    }

    if (a.dashboard !== undefined && typeof a.dashboard !== "boolean") {
        add("dashboard", a.dashboard, "must be true or false.", "pass true to create the CloudWatch dashboard, or omit it.");
    }

    // Tags: a map of strings (values may be Outputs); the whole map may be an Output, judged at deploy time.
    if (a.tags !== undefined && !isPending(a.tags)) {
        if (!isRecord(a.tags)) {
            add("tags", a.tags, "must be a map of tag keys to values.", "pass an object such as { team: \"iot-platform\" }.");
        } else {
            problems.push(...tagProblems(a.tags));
        }
    }

    // Device policy: the document the component would create, with the longest ids it could hold. Last,
    // and only once the endpoint count is settled: its size grows with every endpoint id.
    let devicePolicy: DevicePolicySettings | undefined;
    const policy = object("devicePolicy", a.devicePolicy, "pass {} to create the VPC-only device policy, or omit it.");
    if (policy !== undefined) {
        const restrictTo = policy.restrictTo ?? DEFAULTS.devicePolicy.restrictTo;
        if (!(Object.values(DevicePolicyRestriction) as unknown[]).includes(restrictTo)) {
            add("devicePolicy.restrictTo", restrictTo, "is not a restriction.", `pick ${Object.values(DevicePolicyRestriction).join(" or ")}.`);
        } else {
            const settings = {
                actions: (policy.actions ?? DEFAULTS.devicePolicy.actions) as readonly DeviceAction[],
                topics: (policy.topics ?? DEFAULTS.devicePolicy.topics) as readonly string[],
                restrictTo: restrictTo as DevicePolicyRestriction,
            };
            const example = { region: "ap-southeast-2", accountId: "123456789012", partition: "aws-us-gov", actions: settings.actions, topics: settings.topics };
            const byVpc = settings.restrictTo === DevicePolicyRestriction.Vpc;
            const shapeProblems = devicePolicyProblems({ ...example, ...(byVpc ? { sourceVpc: ["vpc-0123456789abcdef0"] } : { sourceVpce: ["vpce-0123456789abcdef0"] }) });
            problems.push(...shapeProblems.map((x) => ({ ...x, argument: `devicePolicy.${x.argument}` })));
            if (shapeProblems.length === 0 && !byVpc && countsOk) {
                const size = policyCharactersForEndpoints(example, endpointCount);
                if (size > IOT_POLICY_MAX_CHARACTERS) {
                    add("devicePolicy.restrictTo", restrictTo,
                        `make a ${size}-character policy; AWS IoT allows ${IOT_POLICY_MAX_CHARACTERS} (not counting whitespace), about 65 endpoint ids, and the component has ${endpointCount}.`,
                        `set devicePolicy.restrictTo: "${DevicePolicyRestriction.Vpc}" (one VPC id), or use fewer endpoints.`);
                }
            }
            devicePolicy = settings;
        }
    }
    // The core devices' policy, at its smallest (the shortest region name): the gate checks it again with the region.
    const corePolicy = policy === undefined ? DEFAULT_DEVICE_POLICY : devicePolicy;
    if (greengrass?.coreDevicePolicy && greengrass.tokenExchangeRoleAlias !== undefined && corePolicy !== undefined && countsOk) {
        const tooLarge = corePolicyProblem({ policy: corePolicy, tokenExchangeRoleAlias: greengrass.tokenExchangeRoleAlias, dataEndpoints: endpointCount, credentialEndpoints });
        if (tooLarge) {
            problems.push(tooLarge);
        }
    }

    if (problems.length > 0) {
        return { problems };
    }
    return {
        problems,
        settings: {
            name,
            vpcId: a.vpcId as Settings["vpcId"],
            subnetIds: a.subnetIds as Settings["subnetIds"],
            subnetKeys: subnetsPending
                ? (subnetCount === undefined ? undefined : subnetKeys(Array.from({ length: subnetCount }, () => undefined)))
                : subnetKeys(subnetIds),
            drainingSubnetIds,
            endpointIps,
            additionalVpcs,
            existingHostedZoneId: existingHostedZoneId as Settings["existingHostedZoneId"],
            expectedConnections,
            targetUtilizationPercent,
            endpointCount,
            maxEndpointsPerVpc,
            allowedCidrs,
            devicePorts,
            ttl,
            recordLayout,
            allowChinaRegions: a.allowChinaRegions === true,
            allowPublicCidrs,
            mqttKeepAliveSeconds: typeof keepAlive === "number" ? keepAlive : DEFAULTS.mqttKeepAliveSeconds,
            customDomains,
            devicePolicy,
            inboundResolver,
            credentialsProvider: credentials === undefined ? undefined : {
                endpointCount: credentialEndpoints,
                existingHostedZoneId: credentialsZone,
            },
            capacityAlarms,
            dashboard: a.dashboard === true,
            greengrass,
            tags: (a.tags ?? {}) as Settings["tags"],
        },
    };
}

/**
 * `greengrass` and `greengrassOptions`: whether core devices are served, and how. `greengrass: true`
 * takes the defaults; options alone turn it on; `greengrass: false` with options is a contradiction.
 */
export function resolveGreengrass(a: Readonly<Record<string, unknown>>): { problems: Problem[]; settings?: GreengrassSettings } {
    const problems: Problem[] = [];
    const add = (argument: string, value: unknown, problem: string, fix: string) => problems.push({ argument, value: show(value), problem, fix });
    const on = a.greengrass;
    const raw = a.greengrassOptions;
    if (on !== undefined && typeof on !== "boolean") {
        add("greengrass", on, "must be true or false.", "pass true to serve Greengrass core devices, and their options in greengrassOptions.");
        return { problems };
    }
    if (raw !== undefined && !isRecord(raw)) {
        add("greengrassOptions", raw, "must be an object or left out.", "pass { dataPlanePort, coreDevices, endpoints, ... }, or omit it for the defaults.");
        return { problems };
    }
    if (on === false && raw !== undefined) {
        add("greengrassOptions", raw, "is given while greengrass is false.", "set greengrass: true (or leave it out), or drop greengrassOptions.");
        return { problems };
    }
    if (on !== true && raw === undefined) {
        return { problems };
    }
    const o = raw ?? {};
    const port = o.dataPlanePort ?? DEFAULTS.greengrass.dataPlanePort;
    if (!(typeof port === "number" && GREENGRASS_DATA_PLANE_PORTS.includes(port))) {
        add("greengrassOptions.dataPlanePort", port, "is not a port the nucleus's data plane uses.", `pass ${GREENGRASS_DATA_PLANE_PORTS.join(" or ")}, or omit it for ${DEFAULTS.greengrass.dataPlanePort}.`);
    }
    const cores = o.coreDevices ?? DEFAULTS.greengrass.coreDevices;
    if (!(typeof cores === "number" && Number.isInteger(cores) && cores >= 0)) {
        add("greengrassOptions.coreDevices", cores, "must be a whole number of devices, 0 or more.", "pass how many core devices connect at the peak, or omit it when expectedConnections counts them.");
    }
    const endpoints: GreengrassEndpoint[] = [];
    if (o.endpoints !== undefined && !Array.isArray(o.endpoints)) {
        add("greengrassOptions.endpoints", o.endpoints, "must be a list.", `pass a list of ${Object.keys(GREENGRASS_OPTIONAL_SERVICES).join(", ")}.`);
    }
    for (const e of Array.isArray(o.endpoints) ? o.endpoints : []) {
        if (typeof e !== "string" || GREENGRASS_OPTIONAL_SERVICES[e] === undefined) {
            add("greengrassOptions.endpoints", e, "is not an endpoint Greengrass components use.", `pick from ${Object.keys(GREENGRASS_OPTIONAL_SERVICES).join(", ")}.`);
        } else if (endpoints.includes(e as GreengrassEndpoint)) {
            add("greengrassOptions.endpoints", e, "is listed more than once.", "list each endpoint once.");
        } else {
            endpoints.push(e as GreengrassEndpoint);
        }
    }
    const tables = o.s3RouteTableIds;
    if (tables !== undefined && !isPending(tables)) {
        if (!Array.isArray(tables) || tables.length === 0) {
            add("greengrassOptions.s3RouteTableIds", tables, "must be a non-empty list of route table ids.", "pass the core devices' route tables, such as [\"rtb-0123456789abcdef0\"], or omit it for an S3 interface endpoint.");
        } else {
            tables.forEach((t, i) => {
                if (typeof t === "string" ? !/^rtb-[0-9a-f]{8}(?:[0-9a-f]{9})?$/.test(t) : !isPending(t)) {
                    add(`greengrassOptions.s3RouteTableIds[${i}]`, t, "is not a route table id.", "pass ids such as rtb-0123456789abcdef0.");
                }
            });
        }
    }
    const alias = o.tokenExchangeRoleAlias;
    if (alias !== undefined && !(typeof alias === "string" && /^[\w=,@-]{1,128}$/.test(alias))) {
        add("greengrassOptions.tokenExchangeRoleAlias", alias, "is not an IoT role alias name (1 to 128 letters, digits and _=,@-).", "pass the role alias's name, such as GreengrassCoreTokenExchangeRoleAlias.");
    }
    const policy = o.coreDevicePolicy ?? false;
    if (typeof policy !== "boolean") {
        add("greengrassOptions.coreDevicePolicy", policy, "must be true or false.", "pass true to create the core devices' policy, or omit it.");
    } else if (policy && alias === undefined) {
        add("greengrassOptions.coreDevicePolicy", policy, "needs greengrassOptions.tokenExchangeRoleAlias: the policy lets core devices assume that role alias.",
            "pass tokenExchangeRoleAlias, or leave coreDevicePolicy out.");
    }
    if (problems.length > 0) {
        return { problems };
    }
    return {
        problems,
        settings: {
            dataPlanePort: port as number,
            coreDevices: cores as number,
            endpoints,
            s3RouteTableIds: tables as GreengrassSettings["s3RouteTableIds"],
            tokenExchangeRoleAlias: alias as string | undefined,
            coreDevicePolicy: policy as boolean,
        },
    };
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

/** Inbound rules one CIDR costs the resolver's security group: TCP and UDP 53. */
const RESOLVER_PORTS_PER_CIDR = 2;

/** The tag that marks the component's private zones with their owner (`project/stack/name`). */
export const OWNER_TAG = "iotvpc:owner";

/** Tags the component sets itself: `Name` on every child, `iotvpc:owner` on its zones. */
export const COMPONENT_TAG_KEYS: readonly string[] = Object.freeze(["Name", OWNER_TAG]);

/**
 * Problems with a set of CIDRs a security group admits: each one's form, then the set as a whole:
 * never the whole internet however it is split, public address space only with the opt-in, and no more
 * inbound rules (ports x CIDRs) than a security group holds.
 */
export function cidrSetProblems(argument: string, cidrs: readonly unknown[], allowPublicCidrs: boolean, portsPerCidr: number): Problem[] {
    const problems: Problem[] = [];
    const valid: string[] = [];
    for (const c of cidrs) {
        if (typeof c !== "string") {
            problems.push({ argument, value: show(c), problem: "is not an IPv4 CIDR block.", fix: "write each as a string a.b.c.d/n, such as 10.0.0.0/16." });
            continue;
        }
        const own = cidrProblems(argument, c);
        problems.push(...own);
        if (own.length === 0) {
            valid.push(c);
        }
    }
    const literalWorld = cidrs.some((c) => typeof c === "string" && isOpenToWorld(c));
    if (!literalWorld && coversWholeInternet(valid)) {
        problems.push({ argument, value: show(valid), problem: "together admit every public IPv4 address: the whole internet could reach the endpoints.",
            fix: "list the device networks (VPC, VPN or Direct Connect ranges); the whole internet is never allowed, however it is split." });
    } else if (!literalWorld && !allowPublicCidrs && coversPublicSpace(valid)) {
        problems.push({ argument, value: show(valid.filter((c) => coversPublicSpace([c]))),
            problem: "admit public address space; devices reach interface endpoints from private networks (RFC 1918 or 100.64.0.0/10).",
            fix: "list the private device networks, or set allowPublicCidrs: true if devices really connect from these public ranges." });
    }
    const rules = cidrs.length * portsPerCidr;
    if (rules > SECURITY_GROUP_INBOUND_RULES) {
        problems.push({ argument, value: `${cidrs.length} CIDR blocks x ${portsPerCidr} ports`,
            problem: `would need ${rules} inbound rules; a security group holds ${SECURITY_GROUP_INBOUND_RULES} by default.`,
            fix: `summarise the device networks into at most ${Math.floor(SECURITY_GROUP_INBOUND_RULES / portsPerCidr)} CIDR blocks (or use a managed prefix list).` });
    }
    return problems;
}

/**
 * Problems with the tags every child gets: AWS allows 50 per resource, counting the component's own
 * (`Name`), keys of 1 to 128 characters without the reserved `aws:` prefix, values of at most 256
 * characters. Values still pending are judged when known.
 */
export function tagProblems(tags: Readonly<Record<string, unknown>>): Problem[] {
    const problems: Problem[] = [];
    const keys = Object.keys(tags);
    const room = MAX_TAGS_PER_RESOURCE - COMPONENT_TAG_KEYS.length;
    if (keys.length > room) {
        problems.push({ argument: "tags", value: `${keys.length} tags`,
            problem: `leave no room for the component's own ${COMPONENT_TAG_KEYS.join(" and ")} tags: AWS allows ${MAX_TAGS_PER_RESOURCE} tags per resource.`,
            fix: `pass at most ${room} tags.` });
    }
    for (const key of keys) {
        const value = tags[key];
        if (key.length === 0 || key.length > TAG_KEY_MAX_LENGTH) {
            problems.push({ argument: "tags", value: show(key), problem: `is a tag key of ${key.length} characters; AWS allows 1 to ${TAG_KEY_MAX_LENGTH}.`, fix: "use a shorter, non-empty key." });
        } else if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
            problems.push({ argument: "tags", value: show(key), problem: `starts with the prefix ${RESERVED_TAG_PREFIX} that AWS reserves for its own tags.`, fix: "use another key." });
        } else if (COMPONENT_TAG_KEYS.includes(key)) {
            problems.push({ argument: "tags", value: show(key), problem: "is set by the component itself (Name: each child's resource name; iotvpc:owner: the project, stack and component that own its zones and endpoints).", fix: "use another key, such as Team or Service." });
        }
        if (typeof value === "string") {
            if (value.length > TAG_VALUE_MAX_LENGTH) {
                problems.push({ argument: `tags.${key}`, value: `${value.length} characters`, problem: `is longer than the ${TAG_VALUE_MAX_LENGTH} characters AWS allows for a tag value.`, fix: "shorten it." });
            }
        } else if (!isPending(value)) {
            problems.push({ argument: `tags.${key}`, value: show(value), problem: "is not a string.", fix: "pass tag values as strings." });
        }
    }
    return problems;
}

/** Problems with the region the endpoints would be created in. */
export function regionProblems(region: string, allowChinaRegions: boolean, credentialsProvider = false, greengrass = false): Problem[] {
    const problems: Problem[] = [];
    if (isChinaRegion(region) && !allowChinaRegions) {
        problems.push({ argument: "region", value: show(region),
            problem: "is an AWS China Region, where VPC endpoints for IoT Core are not supported (source document: Availability).",
            fix: "deploy to another region, or set allowChinaRegions: true if you rely on newer AWS documentation that lists iot.data there." });
    }
    if (greengrass && (isChinaRegion(region) || isGovCloudRegion(region))) {
        problems.push({ argument: "greengrass", value: show(region),
            problem: "Greengrass core devices in a VPC are not supported in China or AWS GovCloud (US) regions (Greengrass V2 developer guide, " +
                "\"Operate an AWS IoT Greengrass core device in VPC\"), nor is the credential provider's endpoint they need.",
            fix: "leave greengrass and greengrassOptions out for this region; core devices there reach AWS IoT Greengrass through the internet." });
    } else if (credentialsProvider && (isChinaRegion(region) || isGovCloudRegion(region))) {
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
    readonly cidrBlock: string;
}

/** A lookup AWS could not answer: the value asked for and AWS's message. */
export interface MissingFact {
    readonly id: string;
    readonly message: string;
}

/** What AWS says at deploy time about the region, the services and the subnets. */
export interface DeployFacts {
    readonly region: string;
    readonly vpcId: string;
    /** Set when the VPC could not be read (it does not exist in this region and account, or access is denied). */
    readonly vpcMissing?: MissingFact;
    /** The endpoint services (iot.data first) and the Availability Zones where each is offered. */
    readonly services: readonly ServiceFacts[];
    readonly subnets: readonly SubnetFacts[];
    /** Subnet ids AWS could not find. */
    readonly missingSubnets?: readonly MissingFact[];
    /** Allowed CIDRs as resolved (explicit or the VPC's). */
    readonly allowedCidrs: readonly unknown[];
    /** True when the allowed CIDRs are the VPC's own blocks (the default). */
    readonly allowedCidrsFromVpc?: boolean;
    readonly allowPublicCidrs?: boolean;
    /** TCP ports opened to each allowed CIDR. */
    readonly devicePortCount?: number;
    readonly allowChinaRegions: boolean;
    readonly credentialsProvider: boolean;
    /** The Greengrass services the component gives an interface endpoint with private DNS (`s3`, `logs`, ...). */
    readonly greengrassPrivateDns?: readonly string[];
    /** The VPCs of `additionalVpcs`, as looked up. */
    readonly spokeVpcIds?: readonly string[];
    /** Greengrass core devices are served (their region rules apply). */
    readonly greengrass?: boolean;
    /** The VPC's DNS attributes: private hosted zones resolve only with both enabled. */
    readonly vpcDns: { readonly enableDnsSupport: boolean; readonly enableDnsHostnames: boolean };
    /** The account's data endpoint name from `iot:Data-ATS`. */
    readonly dataEndpoint: string;
    /** The account's credential provider name from `iot:CredentialProvider`, when it is asked for. */
    readonly credentialsEndpoint?: string;
    /** The inbound resolver's subnets, when one is asked for. */
    readonly resolverSubnets?: readonly SubnetFacts[];
    /** The inbound resolver's allowed CIDRs as resolved, when one is asked for. */
    readonly resolverCidrs?: readonly unknown[];
    /** The resolver's pinned addresses, when given. */
    readonly resolverIps?: readonly string[];
    /** `subnetCount`, when `subnetIds` is one Output of a list: the list must hold that many. */
    readonly expectedSubnetCount?: number;
    /** Fixed addresses of the data endpoints' interfaces, by subnet id. */
    readonly endpointIps?: Readonly<Record<string, readonly string[]>>;
    /** The tags as resolved (they may have been Outputs). */
    readonly tags?: Readonly<Record<string, unknown>>;
}

/**
 * The inbound resolver's addresses: one per subnet, or two in the one subnet given (AWS needs two; two
 * Availability Zones are recommended, not required), each with its pinned IP when given.
 */
export function resolverAddresses(subnets: readonly SubnetFacts[], ips?: readonly string[]): { subnet: SubnetFacts; ip?: string }[] {
    const slots = subnets.length === 1 ? [subnets[0], subnets[0]] : [...subnets];
    return slots.map((subnet, i) => ({ subnet, ip: ips?.[i] }));
}

/**
 * A resolver in one subnet needs its two addresses pinned: the AWS provider keeps `ipAddresses` as a set
 * keyed by subnet and address, so two entries of one subnet without an address merge into one, and Route
 * 53 Resolver refuses an endpoint with fewer than two (terraform-provider-aws #28233, #43724).
 */
function oneSubnetResolverProblem(subnets: readonly unknown[]): Problem {
    return { argument: "inboundResolver.subnetIds", value: show(subnets),
        problem: "is one subnet without inboundResolver.ipAddresses: the resolver needs two addresses, and the AWS provider merges two entries of one subnet " +
            "without an address into one (terraform-provider-aws #28233), so Route 53 Resolver would refuse the endpoint.",
        fix: "pass inboundResolver.ipAddresses with two free addresses of that subnet, or a second subnet in another Availability Zone (as AWS recommends)." };
}

/** What is allowed but worth saying at deploy time: a resolver in one Availability Zone. */
export function deployWarnings(f: DeployFacts): string[] {
    const warnings: string[] = [];
    const zones = new Set((f.resolverSubnets ?? []).map((s) => s.availabilityZone));
    if (f.resolverSubnets && f.resolverSubnets.length > 0 && zones.size < 2) {
        warnings.push(`inboundResolver: every resolver address is in ${[...zones].join(", ")}; an outage of that Availability Zone stops DNS for devices on remote networks. ` +
            "Pass inboundResolver.subnetIds in two Availability Zones (AWS recommends it; it does not require it).");
    }
    const services = f.greengrassPrivateDns ?? [];
    if (services.length > 0 && (f.spokeVpcIds ?? []).length > 0) {
        warnings.push(`additionalVpcs: core devices in ${f.spokeVpcIds!.join(", ")} resolve ${services.join(", ")} to public addresses: an interface endpoint's private DNS ` +
            `answers in its own VPC (${f.vpcId}), and only the component's own zones are associated with additionalVpcs. ` +
            "Run core devices in the endpoints' VPC, or forward those names from the other VPCs to this VPC's inbound resolver (inboundResolver, and a Route 53 Resolver forwarding rule in each).");
    }
    return warnings;
}

/** Every problem AWS would refuse at deploy time, judged before any resource is created. */
export function validateDeployFacts(f: DeployFacts): Problem[] {
    const problems: Problem[] = [...regionProblems(f.region, f.allowChinaRegions, f.credentialsProvider, f.greengrass)];
    if (f.vpcMissing) {
        problems.push({ argument: "vpcId", value: show(f.vpcMissing.id), problem: `was not found in ${f.region}: ${f.vpcMissing.message}`,
            fix: "pass the id of an existing VPC in the provider's region and account (aws ec2 describe-vpcs --vpc-ids <id>)." });
        return problems; // everything else is read from the VPC
    }
    for (const m of f.missingSubnets ?? []) {
        problems.push({ argument: "subnetIds", value: show(m.id), problem: `was not found in ${f.region}: ${m.message}`,
            fix: `pass subnets of ${f.vpcId} that exist in the provider's region and account (aws ec2 describe-subnets --filters Name=vpc-id,Values=${f.vpcId}).` });
    }
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
    const allowedProblems = cidrSetProblems("allowedCidrs", f.allowedCidrs, f.allowPublicCidrs === true, f.devicePortCount ?? DEVICE_PORTS.length);
    problems.push(...(f.allowedCidrsFromVpc
        ? allowedProblems.map((p) => ({ ...p, problem: `(the VPC's CIDR blocks, the default) ${p.problem}`, fix: `pass allowedCidrs with the device networks. ${p.fix}` }))
        : allowedProblems));
    if (f.resolverCidrs !== undefined) {
        problems.push(...cidrSetProblems("inboundResolver.allowedCidrs", f.resolverCidrs, f.allowPublicCidrs === true, RESOLVER_PORTS_PER_CIDR));
    }
    if (f.tags !== undefined) {
        problems.push(...tagProblems(f.tags));
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
    if (f.expectedSubnetCount !== undefined && f.subnets.length + (f.missingSubnets?.length ?? 0) !== f.expectedSubnetCount) {
        problems.push({ argument: "subnetCount", value: show(f.expectedSubnetCount), problem: `differs from the ${f.subnets.length} subnets the subnetIds Output holds.`,
            fix: `set subnetCount to ${f.subnets.length}.` });
    }
    for (const s of f.subnets) {
        for (const ip of f.endpointIps?.[s.id] ?? []) {
            const why = subnetAddressProblem(s.cidrBlock, ip);
            if (why) {
                problems.push({ argument: `endpointIps.${s.id}`, value: show(ip), problem: `${why}.`, fix: `pick free addresses of ${s.cidrBlock} past its first four.` });
            }
        }
    }
    if (f.resolverSubnets) {
        const addresses = resolverAddresses(f.resolverSubnets, f.resolverIps);
        if (f.resolverSubnets.length === 1 && f.resolverIps === undefined) {
            problems.push(oneSubnetResolverProblem(f.resolverSubnets.map((x) => x.id)));
        }
        if (f.resolverSubnets.length === 0 || f.resolverSubnets.length > 6) {
            problems.push({ argument: "inboundResolver.subnetIds", value: show(f.resolverSubnets.map((s) => s.id)),
                problem: `has ${f.resolverSubnets.length} subnets; a Route 53 Resolver endpoint takes one to six.`, fix: "pass one to six subnets of the VPC, in different Availability Zones." });
        }
        if (f.resolverIps !== undefined && f.resolverIps.length !== addresses.length) {
            problems.push({ argument: "inboundResolver.ipAddresses", value: show(f.resolverIps),
                problem: `has ${f.resolverIps.length} addresses; the resolver has ${addresses.length} (one per subnet, two when there is one subnet).`,
                fix: `pass ${addresses.length} addresses, in the order of the resolver's subnets.` });
        } else {
            for (const a of addresses) {
                const why = a.ip === undefined ? undefined : subnetAddressProblem(a.subnet.cidrBlock, a.ip);
                if (why) {
                    problems.push({ argument: "inboundResolver.ipAddresses", value: show(a.ip), problem: `${why} (subnet ${a.subnet.id}).`,
                        fix: `pick a free address of ${a.subnet.cidrBlock} past its first four.` });
                }
            }
        }
        for (const s of f.resolverSubnets.filter((x) => x.vpcId !== f.vpcId)) {
            problems.push({ argument: "inboundResolver.subnetIds", value: show(s.id), problem: `belongs to ${s.vpcId}, not to vpcId ${f.vpcId}.`, fix: `pass subnets of ${f.vpcId}.` });
        }
    }
    return problems;
}
