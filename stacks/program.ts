/**
 * The per-environment, per-region stack: reads the configuration through `parseStackConfig`, skips
 * China regions, uses an existing VPC or (sandboxes) creates one, and builds the component.
 */
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

import { DnsRecordInfo, GreengrassNucleusConfig, IotCoreVpcEndpoints } from "../components";
import { StackSettings, componentArgs, parseStackConfig } from "./config";

/** The stack's exports: what devices and operators need. */
export interface StackOutputs {
    readonly environment: string;
    readonly region: string;
    readonly skipped: boolean;
    readonly reason?: string;
    readonly vpcId?: pulumi.Input<string>;
    readonly dataEndpoint?: pulumi.Output<string>;
    readonly hostedZoneId?: pulumi.Output<string>;
    readonly endpointIds?: pulumi.Output<string[]>;
    readonly securityGroupId?: pulumi.Output<string>;
    readonly capacity?: pulumi.Output<unknown>;
    readonly connectionSettings?: pulumi.Output<unknown>;
    readonly resolverIps?: pulumi.Output<string[]>;
    readonly records?: pulumi.Output<DnsRecordInfo[]>;
    readonly customDomains?: pulumi.Output<string[]>;
    readonly credentialsEndpoint?: pulumi.Output<string | undefined>;
    readonly devicePolicyName?: pulumi.Output<string | undefined>;
    /** With `greengrass`: what core devices' nucleus configuration needs (`pulumi stack output greengrassNucleusConfig --json`). */
    readonly greengrassNucleusConfig?: pulumi.Output<GreengrassNucleusConfig | undefined>;
}

/** Reads the running stack's configuration (all problems at once, naming each key). */
export function settingsFromRuntime(): StackSettings {
    return parseStackConfig(pulumi.getStack(), pulumi.runtime.allConfig());
}

/** Declares the stack's resources for `settings` and returns its exports. */
export function iotStack(settings: StackSettings): StackOutputs {
    const { environment, region } = settings;
    if (settings.skip) {
        pulumi.log.warn(`Skipping stack ${settings.stack}: ${settings.skip.reason}`);
        return { environment, region, skipped: true, reason: settings.skip.reason };
    }
    const { vpcId, subnetIds } = network(settings);
    const iot = new IotCoreVpcEndpoints("iot", componentArgs(settings, { vpcId, subnetIds }));
    return {
        environment,
        region,
        skipped: false,
        vpcId,
        dataEndpoint: iot.dataEndpoint,
        hostedZoneId: iot.hostedZoneId,
        endpointIds: iot.endpointIds,
        securityGroupId: iot.securityGroupId,
        capacity: iot.capacity,
        connectionSettings: iot.connectionSettings,
        records: iot.records,
        customDomains: iot.customDomains,
        ...(settings.args.credentialsProvider ? { credentialsEndpoint: iot.credentialsEndpoint } : {}),
        ...(settings.args.inboundResolver ? { resolverIps: iot.resolverIps } : {}),
        ...(settings.args.devicePolicy ? { devicePolicyName: iot.devicePolicyName } : {}),
        ...(settings.args.greengrass || settings.args.greengrassOptions ? { greengrassNucleusConfig: iot.greengrassNucleusConfig } : {}),
    };
}

/** The existing VPC and subnets, or a sandbox VPC with one isolated subnet per Availability Zone. */
function network(settings: StackSettings): { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[] } {
    const n = settings.network;
    if (n.kind === "existing") {
        return { vpcId: n.vpcId, subnetIds: n.subnetIds };
    }
    const vpc = new awsx.ec2.Vpc(`iot-${settings.environment}`, {
        cidrBlock: n.cidrBlock,
        ...(n.availabilityZoneNames.length > 0
            ? { availabilityZoneNames: n.availabilityZoneNames }
            : { numberOfAvailabilityZones: n.availabilityZoneCount }),
        enableDnsHostnames: true,
        enableDnsSupport: true,
        natGateways: { strategy: "None" },
        subnetStrategy: "Auto",
        subnetSpecs: [{ type: "Isolated", name: "endpoints" }],
        tags: settings.tags,
    });
    // The count is known from config, so every record shows in a preview; the ids come later.
    const subnetIds = Array.from({ length: n.availabilityZoneCount }, (_, i) => vpc.isolatedSubnetIds.apply((ids) => ids[i]));
    return { vpcId: vpc.vpcId, subnetIds };
}
