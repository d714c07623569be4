/**
 * The CloudWatch dashboard of the data endpoints (`dashboard: true`): each endpoint's active connections
 * against the 100,000 AWS allows and the load it is planned for, new connections, bytes processed and
 * packets dropped, one line per endpoint, so the fleet's spread over the endpoints shows at a glance.
 * Pure: builds the dashboard body (the JSON CloudWatch takes) from plain data.
 *
 * Metrics: namespace `AWS/PrivateLinkEndpoints`, published once a minute per endpoint with the
 * dimensions VPC Id, VPC Endpoint Id, Endpoint Type and Service Name
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html).
 */
import { CONNECTIONS_PER_ENDPOINT, PRIVATELINK_METRIC_PERIOD_SECONDS } from "./limits";

export const PRIVATELINK_NAMESPACE = "AWS/PrivateLinkEndpoints";

export interface DashboardInput {
    readonly region: string;
    readonly vpcId: string;
    readonly serviceName: string;
    /** The data endpoints in plan order: stable key (`ep1`) and id. */
    readonly endpoints: readonly { readonly key: string; readonly id: string }[];
    /** Devices each endpoint is planned for (100,000 x targetUtilizationPercent / 100). */
    readonly plannedDevicesPerEndpoint: number;
    /** Active connections at which the capacity alarms fire, when there are alarms. */
    readonly alarmThreshold?: number;
}

interface MetricWidget {
    readonly type: "metric";
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly properties: Record<string, unknown>;
}

/** A dashboard name CloudWatch accepts: letters, digits, `-` and `_`, at most 255 characters. */
export function dashboardName(parts: readonly string[]): string {
    return parts.join("-").replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 255);
}

/** The dashboard body: four metric widgets, one line per endpoint in each. */
export function dashboardBody(d: DashboardInput): { widgets: MetricWidget[] } {
    const metric = (name: string) => d.endpoints.map((e) => [
        PRIVATELINK_NAMESPACE, name,
        "Endpoint Type", "Interface",
        "Service Name", d.serviceName,
        "VPC Endpoint Id", e.id,
        "VPC Id", d.vpcId,
        { label: e.key },
    ]);
    const widget = (y: number, title: string, name: string, stat: string, extra: Record<string, unknown> = {}): MetricWidget => ({
        type: "metric",
        x: 0,
        y,
        width: 24,
        height: 6,
        properties: {
            title,
            view: "timeSeries",
            region: d.region,
            stat,
            period: PRIVATELINK_METRIC_PERIOD_SECONDS,
            metrics: metric(name),
            yAxis: { left: { min: 0 } },
            ...extra,
        },
    });
    const lines = [
        { label: `AWS limit per endpoint (${CONNECTIONS_PER_ENDPOINT})`, value: CONNECTIONS_PER_ENDPOINT, color: "#d62728" },
        { label: `planned per endpoint (${d.plannedDevicesPerEndpoint})`, value: d.plannedDevicesPerEndpoint, color: "#2ca02c" },
        ...(d.alarmThreshold === undefined ? [] : [{ label: `alarm (${d.alarmThreshold})`, value: d.alarmThreshold, color: "#ff7f0e" }]),
    ];
    return {
        widgets: [
            widget(0, "Active connections per endpoint", "ActiveConnections", "Maximum", { annotations: { horizontal: lines } }),
            widget(6, "New connections per endpoint", "NewConnections", "Sum"),
            widget(12, "Bytes processed per endpoint", "BytesProcessed", "Sum"),
            widget(18, "Packets dropped per endpoint", "PacketsDropped", "Sum"),
        ],
    };
}
