/**
 * Endpoints: what an interface VPC endpoint for IoT Core must and must not be (source document,
 * "Creating VPC endpoints", "Limitations of VPC endpoints", "Availability"): private DNS off, no endpoint
 * policy (inline or attached), IPv4 only, the data service only, not in China; and Greengrass core
 * devices only where AWS supports them in a VPC.
 */
import {
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";

import { DOCUMENTED_IP_ADDRESS_TYPE, IOT_CREDENTIALS_SERVICE, IOT_DATA_SERVICE } from "../components/limits";
import { isChinaRegion, isGovCloudRegion } from "../components/rules";
import {
    DEVICE_SERVICES,
    DOC,
    IotEndpointView,
    StackIndex,
    TYPES,
    VpcEndpointSnapshot,
    configOf,
    iotEndpointOf,
    knownItems,
    providerRegion,
    isUnknown,
    readVpcEndpoint,
    snapshot,
    UNKNOWN,
    Entry,
    validateStackSafely,
    validateType,
} from "./lib";

const servicesSchema = {
    type: "array",
    items: { type: "string" },
    default: [...DEVICE_SERVICES],
    description: "IoT services (the part of the service name after the region) the rule applies to.",
} as const;

/** Validates IoT interface endpoints only: other endpoints (S3, SSM, ...) pass untouched. */
function forIotEndpoints(validate: (e: VpcEndpointSnapshot, view: IotEndpointView, args: ResourceValidationArgs, report: ReportViolation) => void): ResourceValidation {
    return validateType(TYPES.vpcEndpoint, (args, report) => {
        const e = readVpcEndpoint(snapshot(args.props));
        const view = iotEndpointOf(e);
        if (view) {
            validate(e, view, args, report);
        }
    });
}

const settings = <T extends object>(schema: PolicyConfigSchema, args: { getConfig<C extends object>(): C }) => configOf<T>(schema, args.getConfig<object>());

interface ServicesConfig { services: string[] }

const privateDnsSchema: PolicyConfigSchema = { properties: { services: servicesSchema } };

export const privateDnsOff: ResourceValidationPolicy = {
    name: "iot-endpoint-private-dns-off",
    description: "Interface endpoints for IoT Core data (and credentials) must have private DNS disabled; devices resolve the account's endpoint name through a private hosted zone.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: DOC,
    remediationSteps: "Set privateDnsEnabled: false and create a private hosted zone named after the account's ATS endpoint with records for the endpoint's ENI IPs (IotCoreVpcEndpoints does this).",
    configSchema: privateDnsSchema,
    validateResource: forIotEndpoints((e, view, args, report) => {
        const { services } = settings<ServicesConfig>(privateDnsSchema, args);
        if (services.includes(view.service) && e.privateDnsEnabled === true) {
            report(`Private DNS is enabled on the ${view.serviceName} endpoint. Set privateDnsEnabled: false: ` +
                "the document recommends against PrivateDNS for IoT Core; resolve the account's ATS endpoint name through a private hosted zone attached to the VPC.");
        }
    }),
};

const noPolicySchema: PolicyConfigSchema = { properties: { services: servicesSchema } };

export const noEndpointPolicy: ResourceValidationPolicy = {
    name: "iot-endpoint-no-policy",
    description: "IoT Core does not support VPC endpoint policies: IoT endpoints must not set a policy.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Remove the endpoint's policy and restrict devices with IoT policies conditioned on aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp instead.",
    configSchema: noPolicySchema,
    validateResource: forIotEndpoints((e, view, args, report) => {
        const { services } = settings<ServicesConfig>(noPolicySchema, args);
        if (services.includes(view.service) && typeof e.policy === "string" && e.policy.trim() !== "") {
            report(`The ${view.serviceName} endpoint sets a VPC endpoint policy, which IoT Core does not support. ` +
                "Remove policy; restrict devices with IoT policies conditioned on aws:SourceVpce (see vpcOnlyDevicePolicy).");
        }
    }),
};

const attachmentSchema: PolicyConfigSchema = { properties: { services: servicesSchema } };

export const noEndpointPolicyAttachment: StackValidationPolicy = {
    name: "iot-endpoint-no-policy-attachment",
    description: "IoT Core does not support VPC endpoint policies: no aws.ec2.VpcEndpointPolicy may target an IoT endpoint.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Delete the aws.ec2.VpcEndpointPolicy; restrict devices with IoT policies conditioned on aws:SourceVpce instead.",
    configSchema: attachmentSchema,
    validateStack: validateStackSafely((args, report) => {
        if (!args.resources.some((r) => r.type === TYPES.vpcEndpointPolicy)) {
            return;
        }
        const { services } = settings<ServicesConfig>(attachmentSchema, args);
        const index = new StackIndex(args.resources, ["vpcEndpoint", "vpcEndpointPolicy"]);
        const iot = new Map(index.iotEndpoints().filter((e) => services.includes(e.view.service)).map((e) => [e.ref.urn, e]));
        for (const p of index.of("vpcEndpointPolicy")) {
            for (const t of index.linked(p, "vpcEndpointId", p.props.vpcEndpointId, "vpcEndpoint")) {
                const target = iot.get(t.ref.urn);
                if (target) {
                    report(`VpcEndpointPolicy ${p.ref.name} targets IoT endpoint ${t.ref.name} (${target.view.serviceName}); IoT Core does not support VPC endpoint policies. Delete it.`, p.ref.urn);
                }
            }
        }
    }),
};

interface Ipv4Config { allowDualStack: boolean }

const ipv4Schema: PolicyConfigSchema = {
    properties: {
        allowDualStack: { type: "boolean", default: false, description: "Allow dualstack/IPv6 endpoints (newer AWS documentation)." },
    },
};

export const ipv4Only: ResourceValidationPolicy = {
    name: "iot-endpoint-ipv4-only",
    description: "IoT Core VPC endpoints support IPv4 traffic only (document); newer AWS docs list dual-stack, allowed by config.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Set ipAddressType: \"ipv4\", dnsOptions.dnsRecordIpType: \"ipv4\" and no IPv6 subnet configurations, or set allowDualStack: true in this policy's config.",
    configSchema: ipv4Schema,
    validateResource: forIotEndpoints((e, view, args, report) => {
        if (settings<Ipv4Config>(ipv4Schema, args).allowDualStack) {
            return;
        }
        const v4 = DOCUMENTED_IP_ADDRESS_TYPE;
        if (typeof e.ipAddressType === "string" && e.ipAddressType !== v4) {
            report(`The ${view.serviceName} endpoint has ipAddressType "${e.ipAddressType}"; VPC endpoints for IoT Core are IPv4 only. Set ipAddressType: "${v4}".`);
        }
        if (typeof e.dnsRecordIpType === "string" && e.dnsRecordIpType !== v4) {
            report(`The ${view.serviceName} endpoint has dnsOptions.dnsRecordIpType "${e.dnsRecordIpType}"; VPC endpoints for IoT Core are IPv4 only. Set it to "${v4}".`);
        }
        for (const c of knownItems(e.subnetConfigurations).values) {
            if (typeof c.ipv6 === "string" && c.ipv6 !== "") {
                report(`The ${view.serviceName} endpoint assigns IPv6 address ${c.ipv6} in subnet ${typeof c.subnetId === "string" ? c.subnetId : "(unknown)"}; ` +
                    "VPC endpoints for IoT Core are IPv4 only. Remove ipv6.");
            }
        }
    }),
};

interface ServicesAllowedConfig { allowedServices: string[] }

const dataOnlySchema: PolicyConfigSchema = {
    properties: {
        allowedServices: {
            type: "array",
            items: { type: "string" },
            default: [IOT_DATA_SERVICE],
            description: "IoT services allowed behind interface endpoints, such as iot.data and iot.credentials.",
        },
    },
};

export const dataEndpointsOnly: ResourceValidationPolicy = {
    name: "iot-endpoint-data-only",
    description: "VPC endpoints are supported for IoT data endpoints only (document); other IoT services are blocked unless allowed by config.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Use com.amazonaws.<region>.iot.data, or add the service (such as iot.credentials) to allowedServices in this policy's config.",
    configSchema: dataOnlySchema,
    validateResource: forIotEndpoints((_e, view, args, report) => {
        const { allowedServices } = settings<ServicesAllowedConfig>(dataOnlySchema, args);
        if (!allowedServices.includes(view.service)) {
            report(`The endpoint is for ${view.serviceName}; the document supports VPC endpoints for IoT data endpoints (${IOT_DATA_SERVICE}) only. ` +
                `Use ${IOT_DATA_SERVICE}, or allow "${view.service}" in this policy's allowedServices config.`);
        }
    }),
};

interface ChinaConfig { allowChinaRegions: boolean }

const chinaSchema: PolicyConfigSchema = {
    properties: {
        allowChinaRegions: { type: "boolean", default: false, description: "Allow IoT endpoints in cn-north-1 and cn-northwest-1 (newer AWS documentation)." },
    },
};

export const noChinaRegions: ResourceValidationPolicy = {
    name: "iot-endpoint-no-china",
    description: "VPC endpoints for IoT Core are not supported in AWS China Regions (document); newer AWS docs list them, allowed by config.",
    enforcementLevel: "mandatory",
    severity: "medium",
    url: DOC,
    remediationSteps: "Deploy IoT endpoints outside China, or set allowChinaRegions: true in this policy's config.",
    configSchema: chinaSchema,
    validateResource: forIotEndpoints((e, view, args, report) => {
        if (settings<ChinaConfig>(chinaSchema, args).allowChinaRegions) {
            return;
        }
        const region = [e.region, providerRegion(args.provider), view.region].find((r): r is string => typeof r === "string" && r !== "");
        if (view.china || (region !== undefined && isChinaRegion(region))) {
            // a China service name names the region, whatever a provider without one defaults to
            report(`The ${view.serviceName} endpoint is in an AWS China Region (${view.china ? view.region : region}), where VPC endpoints for IoT Core are not supported. ` +
                "Deploy it elsewhere, or set allowChinaRegions: true in this policy's config.");
        }
    }),
};

/** Greengrass V2 developer guide, "AWS IoT Greengrass and interface VPC endpoints". */
const GREENGRASS_DOC = "https://docs.aws.amazon.com/greengrass/v2/developerguide/vpc-interface-endpoints.html";

const greengrassSchema: PolicyConfigSchema = { properties: {} };

/**
 * What a core device in a VPC needs of a component that serves it ("at a minimum" the iot.data and
 * iot.credentials endpoints and an S3 endpoint whose DNS AWS creates), and where AWS supports it.
 */
export const greengrassVpc: StackValidationPolicy = {
    name: "iot-greengrass-vpc",
    description: "A component that serves Greengrass core devices has the iot.credentials endpoint and an S3 endpoint with private DNS (or an S3 gateway endpoint) among its children, outside AWS China and GovCloud (US) regions.",
    enforcementLevel: "mandatory",
    severity: "high",
    url: GREENGRASS_DOC,
    remediationSteps: "Keep the component's credential provider and S3 endpoints (do not transform them away); in China and GovCloud regions, leave greengrass out.",
    configSchema: greengrassSchema,
    validateStack: validateStackSafely((args, report) => {
        const index = new StackIndex(args.resources, ["component", "vpcEndpoint"]);
        for (const c of index.of("component")) {
            const nucleus = c.props.nucleus;
            if (nucleus === undefined || nucleus === UNKNOWN) {
                continue;
            }
            const children = index.of("vpcEndpoint").filter((e) => e.ref.parentUrn === c.ref.urn);
            if (children.some((e) => e.props.serviceName === UNKNOWN)) {
                continue; // a preview that does not know the service names yet
            }
            const region = nucleus.awsRegion;
            if (typeof region === "string" && (isChinaRegion(region) || isGovCloudRegion(region))) {
                report(`${c.ref.name} serves Greengrass core devices in ${region}, where AWS does not support them in a VPC. Leave greengrass out for this region.`, c.ref.urn);
                continue;
            }
            const service = (e: Entry<VpcEndpointSnapshot>) => (typeof e.props.serviceName === "string" ? e.props.serviceName : "");
            if (!children.some((e) => service(e).endsWith(`.${IOT_CREDENTIALS_SERVICE}`))) {
                report(`${c.ref.name} serves Greengrass core devices but has no ${IOT_CREDENTIALS_SERVICE} endpoint: core devices could not get role credentials privately.`, c.ref.urn);
            }
            const s3 = children.filter((e) => service(e).endsWith(".s3"));
            // the provider's default is false: an S3 interface endpoint serves the nucleus only with private DNS set (or not known yet)
            const usable = s3.some((e) => e.props.vpcEndpointType === "Gateway"
                || (e.props.vpcEndpointType === "Interface" && (e.props.privateDnsEnabled === true || isUnknown(e.props.privateDnsEnabled))));
            if (!usable) {
                report(`${c.ref.name} serves Greengrass core devices but has no S3 endpoint with private DNS (or gateway endpoint): the nucleus could not download component artifacts.`, c.ref.urn);
            }
        }
    }),
};

/** The endpoint policies, in the order of the README. */
export const endpointPolicies = [privateDnsOff, noEndpointPolicy, noEndpointPolicyAttachment, ipv4Only, dataEndpointsOnly, noChinaRegions, greengrassVpc];
