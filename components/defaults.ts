/**
 * Every default of `IotCoreVpcEndpoints`, once. The argument docs (`args.ts`) name these entries, the
 * validation fills the resolved settings from them, and the stack configuration (`stacks/config.ts`,
 * `Pulumi.yaml`), the benchmarks and the tests read the same table. Pure data (and the one default computed
 * from another argument): imports only the documented limits.
 */
import { DEFAULT_MAX_ENDPOINTS_PER_VPC, DEVICE_PORTS, MQTT_KEEP_ALIVE_MAX_SECONDS } from "./limits";

export const DEFAULTS = Object.freeze({
    /** Peak concurrent devices: what one endpoint is planned for at the default utilization (80% of 100,000). */
    expectedConnections: 80_000,
    /**
     * Endpoints are planned 80% full at the peak: weighted DNS spreads devices at random, one cached
     * answer at a time, so the busiest endpoint runs above the average (README, "Capacity with headroom").
     */
    targetUtilizationPercent: 80,
    /** The AWS default "Interface VPC endpoints per VPC" quota. */
    maxEndpointsPerVpc: DEFAULT_MAX_ENDPOINTS_PER_VPC,
    /** Every port devices use on the IoT data plane. */
    devicePorts: DEVICE_PORTS,
    /** Seconds: short enough that a changed record reaches devices within a minute. */
    ttl: 60,
    /** The source document's layout: one weighted record per ENI IP. */
    recordLayout: "perEni",
    /** The source document: not supported in China. */
    allowChinaRegions: false,
    /** Device networks are private: a public range needs the opt-in. */
    allowPublicCidrs: false,
    /** The longest keep-alive the endpoints honour. */
    mqttKeepAliveSeconds: MQTT_KEEP_ALIVE_MAX_SECONDS,
    devicePolicy: Object.freeze({
        actions: Object.freeze(["publish"] as const),
        topics: Object.freeze(["*"]),
        restrictTo: "endpoints",
    }),
    inboundResolver: Object.freeze({
        /** Without `subnetIds`, the resolver takes this many of the component's subnets, from the first. */
        subnetCount: 2,
    }),
    credentialsProvider: Object.freeze({
        /** Credential requests are short-lived: one endpoint. */
        endpointCount: 1,
    }),
    capacityAlarms: Object.freeze({
        /** Without `thresholdPercent`, alarms fire halfway between the planned utilization and the limit (`defaultAlarmThresholdPercent`). */
        periodSeconds: 300,
        evaluationPeriods: 3,
    }),
    /** No dashboard unless asked for. */
    dashboard: false,
    greengrass: Object.freeze({
        /** The nucleus's own default `greengrassDataPlanePort`. */
        dataPlanePort: 8443,
        /** Core devices beyond `expectedConnections`: none. */
        coreDevices: 0,
    }),
} as const);

/** The capacity alarms' threshold without `thresholdPercent`: halfway from the planned utilization to the limit (80 -> 90). */
export function defaultAlarmThresholdPercent(targetUtilizationPercent: number): number {
    return (targetUtilizationPercent + 100) / 2;
}
