/**
 * Capacity: "Each VPC endpoint supports 100,000 total concurrent connected devices" (source document,
 * "Limitations", "Scaling"), at a utilization teams may lower for headroom; the interface-endpoints-per-VPC
 * quota; and the MQTT keep-alive the endpoints honour. Every number is judged by the verdicts in
 * `components/rules.ts`, the same ones the component validates with.
 */
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { DEFAULTS } from "../components/defaults";
import { CONNECTIONS_PER_ENDPOINT, DEFAULT_MAX_ENDPOINTS_PER_VPC, IOT_DATA_SERVICE, MQTT_KEEP_ALIVE_MAX_SECONDS } from "../components/limits";
import {
    carriesDevices,
    devicesCarried,
    effectiveUtilizationPercent,
    endpointsNeeded,
    interfaceEndpointsRequested,
    isPositiveInteger,
    isUtilizationPercent,
    keepAliveWithinLimit,
    plannedDevicesPerEndpoint,
    quotaExcess,
    utilizationPercentOf,
} from "../components/rules";
import { DOC, StackIndex, TYPES, UNKNOWN, configOf, readComponent, snapshot, validateStackSafely, validateType } from "./lib";

const settings = <T extends object>(schema: PolicyConfigSchema, args: { getConfig<C extends object>(): C }) => configOf<T>(schema, args.getConfig<object>());

/** The document's connections per endpoint, as prose writes it. */
const PER_ENDPOINT = CONNECTIONS_PER_ENDPOINT.toLocaleString("en-US");

const utilizationSchema = {
    type: "integer", minimum: 1, maximum: 100, default: 100,
    description: `Most of the ${PER_ENDPOINT} concurrent connections per endpoint (percent) a plan may count on; 100 is the documented limit, lower it to keep headroom. A component's own targetUtilizationPercent counts when it is lower.`,
} as const;

const quotaSchema = {
    type: "integer", minimum: 1, default: DEFAULT_MAX_ENDPOINTS_PER_VPC,
    description: "The account's \"Interface VPC endpoints per VPC\" quota (50 unless AWS raised it). The component's own maxEndpointsPerVpc does not change it.",
} as const;

/** "1 endpoint(s), which carry 80000 devices at 80% utilization (80000 each)". */
function carrying(endpoints: number, utilization: number): string {
    return `${endpoints} IoT data endpoint(s), which carry ${devicesCarried(endpoints, utilization)} at ${utilization}% utilization (${plannedDevicesPerEndpoint(utilization)} each)`;
}

interface CapacityConfig { maxUtilizationPercent: number; connectionsPerEndpoint: number; declaredConnections: Record<string, number> }

const capacitySchema: PolicyConfigSchema = {
    properties: {
        maxUtilizationPercent: utilizationSchema,
        declaredConnections: {
            type: "object", additionalProperties: { type: "integer", minimum: 0 }, default: {},
            description: "Concurrent devices each VPC must carry, by VPC id, for stacks that create endpoints without the component (judged at maxUtilizationPercent).",
        },
        connectionsPerEndpoint: {
            type: "integer", minimum: 1, maximum: CONNECTIONS_PER_ENDPOINT, default: CONNECTIONS_PER_ENDPOINT,
            description: "Deprecated: use maxUtilizationPercent. Devices one endpoint is planned for; still honoured when it is the stricter of the two.",
        },
    },
};

export const endpointCapacity: StackValidationPolicy = {
    name: "iot-endpoint-capacity",
    description: `IoT data endpoints cover the declared devices at ${PER_ENDPOINT} concurrent connections each (times the allowed utilization), per component and per VPC.`,
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Add IoT data endpoints (expectedConnections or endpointCount on IotCoreVpcEndpoints) until they carry the devices at the allowed utilization.",
    configSchema: capacitySchema,
    validateStack: validateStackSafely((args, report) => {
        const config = settings<CapacityConfig>(capacitySchema, args);
        const ceiling = Math.min(config.maxUtilizationPercent, utilizationPercentOf(config.connectionsPerEndpoint));
        const index = new StackIndex(args.resources, ["vpcEndpoint", "component"]);
        const data = index.iotEndpoints().filter((e) => e.view.service === IOT_DATA_SERVICE);
        // An endpoint whose service name is unknown (a preview) may be a data endpoint: never count against it.
        const undecided = index.undecidedEndpoints();
        const children = new Map<string, number>();
        for (const e of [...data, ...undecided]) {
            if (e.ref.parentUrn !== undefined) {
                children.set(e.ref.parentUrn, (children.get(e.ref.parentUrn) ?? 0) + 1);
            }
        }
        for (const c of index.of("component")) {
            const capacity = c.props.capacity;
            if (capacity === UNKNOWN || capacity === undefined || typeof capacity.expectedConnections !== "number") {
                continue;
            }
            const devices = capacity.expectedConnections;
            const utilization = effectiveUtilizationPercent(capacity.targetUtilizationPercent, ceiling);
            const endpoints = children.get(c.ref.urn) ?? 0;
            if (!carriesDevices(endpoints, devices, utilization)) {
                report(`Component ${c.ref.name} declares ${devices} devices but has ${carrying(endpoints, utilization)}. ` +
                    `Use at least ${endpointsNeeded(devices, utilization)} endpoints (expectedConnections or endpointCount).`, c.ref.urn);
            }
        }
        const vpcUnknown = undecided.length > 0 || data.some((e) => e.props.vpcId === UNKNOWN);
        for (const [vpcId, devices] of Object.entries(config.declaredConnections)) {
            const endpoints = data.filter((e) => e.props.vpcId === vpcId).length;
            if (!vpcUnknown && !carriesDevices(endpoints, devices, ceiling)) {
                report(`${vpcId} must carry ${devices} devices (declaredConnections) but has ${carrying(endpoints, ceiling)}. ` +
                    `Use at least ${endpointsNeeded(devices, ceiling)} endpoints.`);
            }
        }
    }),
};

/** Endpoint types that count against the "Interface and Gateway Load Balancer endpoints per VPC" quota. */
const QUOTA_ENDPOINT_TYPES = new Set(["interface", "gatewayloadbalancer"]);

interface PerVpcConfig { maxEndpointsPerVpc: number; existingEndpointsPerVpc: Record<string, number> }

const perVpcSchema: PolicyConfigSchema = {
    properties: {
        maxEndpointsPerVpc: quotaSchema,
        existingEndpointsPerVpc: {
            type: "object", additionalProperties: { type: "integer", minimum: 0 }, default: {},
            description: "Interface endpoints already in each VPC that this stack does not create (other stacks, the console), by VPC id.",
        },
    },
};

export const endpointsPerVpc: StackValidationPolicy = {
    name: "iot-endpoints-per-vpc",
    description: "Interface endpoints in a VPC with IoT endpoints stay within the account's per-VPC quota (50 by default): this stack's endpoints plus those declared in existingEndpointsPerVpc.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html",
    remediationSteps: "Spread devices over more VPCs, or raise the \"Interface VPC endpoints per VPC\" quota and set maxEndpointsPerVpc in this policy's config; declare endpoints other stacks created in existingEndpointsPerVpc.",
    configSchema: perVpcSchema,
    validateStack: validateStackSafely((args, report) => {
        const { maxEndpointsPerVpc, existingEndpointsPerVpc } = settings<PerVpcConfig>(perVpcSchema, args);
        const index = new StackIndex(args.resources, ["vpcEndpoint"]);
        const iotVpcs = new Set(index.iotEndpoints().map((e) => e.props.vpcId).filter((v): v is string => typeof v === "string"));
        const inStack = new Map<string, number>();
        for (const e of index.of("vpcEndpoint")) {
            const { vpcId, vpcEndpointType } = e.props;
            if (typeof vpcId === "string" && iotVpcs.has(vpcId) && typeof vpcEndpointType === "string" && QUOTA_ENDPOINT_TYPES.has(vpcEndpointType.toLowerCase())) {
                inStack.set(vpcId, (inStack.get(vpcId) ?? 0) + 1);
            }
        }
        for (const [vpcId, count] of inStack) {
            const existing = existingEndpointsPerVpc[vpcId] ?? 0;
            const excess = quotaExcess(count + existing, maxEndpointsPerVpc);
            if (excess > 0) {
                const where = existing > 0 ? `${count} in this stack and ${existing} already there (existingEndpointsPerVpc)` : `${count} in this stack`;
                report(`${vpcId} would have ${count + existing} interface endpoints (${where}), ${excess} over the quota of ${maxEndpointsPerVpc}. ` +
                    "This rule counts only this stack's endpoints and those declared in existingEndpointsPerVpc. " +
                    "Spread devices over more VPCs, or raise the quota and set maxEndpointsPerVpc in this policy's config.");
            }
        }
    }),
};

interface ComponentCapacityConfig { maxEndpointsPerVpc: number; maxUtilizationPercent: number }

const componentSchema: PolicyConfigSchema = {
    properties: {
        maxEndpointsPerVpc: quotaSchema,
        maxUtilizationPercent: utilizationSchema,
    },
};

/** A capacity check on the component's own arguments, so a preview stops before any child is planned. */
export const componentCapacityArgs: ResourceValidationPolicy = {
    name: "iot-component-capacity-args",
    description: "IotCoreVpcEndpoints arguments: its endpoints carry expectedConnections at the allowed utilization, and fit this pack's per-VPC quota (the component's own maxEndpointsPerVpc is not trusted).",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Raise endpointCount (or omit it), lower targetUtilizationPercent to the pack's maxUtilizationPercent, or raise this policy's maxEndpointsPerVpc after AWS raised the quota.",
    configSchema: componentSchema,
    validateResource: validateType(TYPES.component, (args, report) => {
        const { maxEndpointsPerVpc, maxUtilizationPercent } = settings<ComponentCapacityConfig>(componentSchema, args);
        const c = readComponent(snapshot(args.props));
        if (c.endpointCount === UNKNOWN) {
            return;
        }
        // What the component does with arguments left out: its own defaults (components/defaults.ts).
        // Greengrass core devices hold connections too.
        const cores = c.greengrass === undefined ? 0 : c.greengrass === UNKNOWN ? UNKNOWN : c.greengrass.coreDevices;
        const given = c.expectedConnections ?? DEFAULTS.expectedConnections; // UNKNOWN stays UNKNOWN
        const devices = given === UNKNOWN || cores === UNKNOWN ? UNKNOWN : typeof given === "number" && typeof cores === "number" ? given + cores : given;
        const wanted = typeof cores === "number" && cores > 0 ? `expectedConnections with greengrassOptions.coreDevices (${String(devices)})` : `expectedConnections ${String(devices)}`;
        const target = c.targetUtilizationPercent ?? DEFAULTS.targetUtilizationPercent;
        // The capacity needs every count; the quota of a fixed endpointCount needs none of the others.
        const sized = c.endpointCount === undefined;
        const countsKnown = devices !== UNKNOWN && target !== UNKNOWN;
        if (!countsKnown && sized) {
            return;
        }
        if (countsKnown && isPositiveInteger(devices)) {
            const utilization = effectiveUtilizationPercent(target, maxUtilizationPercent);
            if (isPositiveInteger(c.endpointCount)) {
                if (!carriesDevices(c.endpointCount, devices, utilization)) {
                    report(`endpointCount ${c.endpointCount} carries ${devicesCarried(c.endpointCount, utilization)} devices at ${utilization}% utilization, fewer than ${wanted}. ` +
                        `Raise it to at least ${endpointsNeeded(devices, utilization)} or omit it.`);
                }
            } else if (sized && isUtilizationPercent(target)) {
                const planned = endpointsNeeded(devices, target);
                if (!carriesDevices(planned, devices, utilization)) {
                    report(`targetUtilizationPercent ${target} sizes ${carrying(planned, utilization)} under this pack's maxUtilizationPercent, fewer than ${wanted}. ` +
                        `Lower targetUtilizationPercent to ${maxUtilizationPercent} or less.`);
                }
            }
        }
        const credentials = c.credentialEndpoints === UNKNOWN ? 0 : c.credentialEndpoints; // unknown: count the data endpoints alone
        const services = c.greengrass === undefined || c.greengrass === UNKNOWN || typeof c.greengrass.serviceEndpoints !== "number" ? 0 : c.greengrass.serviceEndpoints;
        // the endpoints the component creates: sized at its own target when endpointCount is left out
        const requested = interfaceEndpointsRequested({ expectedConnections: devices, endpointCount: c.endpointCount, credentialEndpoints: credentials, utilizationPercent: target });
        const total = requested === undefined ? undefined : requested + services;
        if (total !== undefined && quotaExcess(total, maxEndpointsPerVpc) > 0) {
            const own = typeof c.maxEndpointsPerVpc === "number" && c.maxEndpointsPerVpc !== maxEndpointsPerVpc
                ? ` The component's own maxEndpointsPerVpc (${c.maxEndpointsPerVpc}) does not raise it: this policy's config is the quota the pack enforces.`
                : "";
            report(`${total} interface endpoints exceed the ${maxEndpointsPerVpc} per VPC quota.${own} ` +
                "Spread devices over more VPCs, or raise the quota with AWS and then maxEndpointsPerVpc in this policy's config.");
        }
    }),
};

interface KeepAliveConfig { maxKeepAliveSeconds: number }

const keepAliveSchema: PolicyConfigSchema = {
    properties: {
        maxKeepAliveSeconds: {
            type: "integer", minimum: 1, maximum: MQTT_KEEP_ALIVE_MAX_SECONDS, default: MQTT_KEEP_ALIVE_MAX_SECONDS,
            description: "Longest MQTT keep-alive allowed, in seconds (the endpoint cuts above 230).",
        },
    },
};

export const mqttKeepAlive: ResourceValidationPolicy = {
    name: "iot-mqtt-keep-alive",
    description: "MQTT keep-alive through VPC endpoints is limited to 230 seconds; longer values are cut to 230.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Set mqttKeepAliveSeconds to 230 or less so devices and the broker agree.",
    configSchema: keepAliveSchema,
    validateResource: validateType(TYPES.component, (args, report) => {
        const k = readComponent(snapshot(args.props)).mqttKeepAliveSeconds;
        const { maxKeepAliveSeconds } = settings<KeepAliveConfig>(keepAliveSchema, args);
        if (typeof k === "number" && (k > maxKeepAliveSeconds || !keepAliveWithinLimit(k))) {
            report(`mqttKeepAliveSeconds is ${k}; VPC endpoints cut MQTT keep-alives above ${MQTT_KEEP_ALIVE_MAX_SECONDS} s to ${MQTT_KEEP_ALIVE_MAX_SECONDS} s. Set it to ${maxKeepAliveSeconds} or less.`);
        }
    }),
};

/** The capacity policies, in the order of the README. */
export const capacityPolicies = [endpointCapacity, endpointsPerVpc, componentCapacityArgs, mqttKeepAlive];
