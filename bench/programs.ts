/**
 * The programs the benchmarks run under the mock runtime, and one measured run of each: the component
 * with a given size and record layout, and the hand-written baseline with the same resources and
 * invokes. Every run gets a fresh fake account (one VPC with one subnet per zone asked for), so no run
 * sees what an earlier one created.
 */
import { createHash } from "crypto";

import { DEFAULTS, IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout } from "../components";
import { recordsPerName } from "../components/planning";
import { FakeAwsAccount } from "../simulation/aws/account";
import { runProgram } from "../simulation/harness";
import { baselineProgram } from "./baseline";
import { now } from "./stats";

/** us-east-1 offers iot.data in a, b, c, d and f. */
const ZONES = ["a", "b", "c", "d", "f"];

export interface Scenario {
    readonly endpoints: number;
    readonly subnets: number;
    /** `undefined`: the component's default (per ENI), and no `recordLayout` argument at all. */
    readonly layout?: RecordLayout;
}

export type ProgramKind = "component" | "baseline";

export interface RunFigures {
    readonly ms: number;
    /** Every registration: stack, default provider, component (if any) and AWS resources. */
    readonly registrations: number;
    /** Registrations of AWS resources (SG, endpoints, zone, records). */
    readonly awsResources: number;
    readonly records: number;
    readonly invokes: number;
    readonly invokesByToken: Record<string, number>;
    readonly refusals: number;
    /**
     * Digest of every AWS resource's type, name and inputs, and of every invoke's token and inputs:
     * equal digests mean two programs asked AWS for exactly the same things.
     */
    readonly workDigest: string;
    readonly error?: string;
}

/** The layout a scenario actually uses. */
export function layoutOf(s: Scenario): RecordLayout {
    return s.layout ?? DEFAULTS.recordLayout;
}

/** Records the layout should create: one per ENI, or one per endpoint. */
export function expectedRecords(s: Scenario): number {
    return recordsPerName(layoutOf(s), s.endpoints, s.subnets);
}

function componentArgs(vpcId: string, subnetIds: string[], s: Scenario): IotCoreVpcEndpointsArgs {
    const args: IotCoreVpcEndpointsArgs = {
        vpcId,
        subnetIds,
        expectedConnections: s.endpoints * 100_000,
        targetUtilizationPercent: 100, // the baseline has exactly s.endpoints endpoints
        ...(s.endpoints > 50 ? { maxEndpointsPerVpc: 100 } : {}),
    };
    return s.layout === undefined ? args : { ...args, recordLayout: s.layout };
}

/** Runs one program of `kind` for `s` as an update against a fresh account, and measures it. */
export async function measureRun(kind: ProgramKind, s: Scenario): Promise<RunFigures> {
    const account = new FakeAwsAccount({ endpointsPerVpcQuota: 100 });
    const { vpc, subnets } = account.addVpc("bench", { zones: ZONES.slice(0, s.subnets) });
    const subnetIds = subnets.map((x) => x.id);
    const program = kind === "component"
        ? () => {
            const c = new IotCoreVpcEndpoints("iot", componentArgs(vpc.id, subnetIds, s));
            return {
                dataEndpoint: c.dataEndpoint,
                hostedZoneId: c.hostedZoneId,
                endpointIds: c.endpointIds,
                securityGroupId: c.securityGroupId,
            };
        }
        : () => baselineProgram("iot", { vpcId: vpc.id, subnetIds, endpointCount: s.endpoints, layout: layoutOf(s) });
    const start = now();
    const run = await runProgram(account, program);
    const ms = now() - start;
    const aws = run.registrations.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    const invokesByToken: Record<string, number> = {};
    for (const i of account.invokes) {
        const short = i.token.split(":").pop()!;
        invokesByToken[short] = (invokesByToken[short] ?? 0) + 1;
    }
    return {
        ms,
        registrations: run.registrations.length,
        awsResources: aws.length,
        records: aws.filter((r) => r.type === "aws:route53/record:Record").length,
        invokes: account.invokes.length,
        invokesByToken,
        refusals: account.refusals.length,
        workDigest: digest({
            resources: aws.map((r) => [r.type, r.name, r.inputs]).sort(byJson),
            invokes: account.invokes.map((i) => [i.token, i.inputs]).sort(byJson),
        }),
        error: run.error ? firstLine(run.error.message) : undefined,
    };
}

function byJson(a: unknown, b: unknown): number {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
}

function digest(v: unknown): string {
    return createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 16);
}

function firstLine(s: string): string {
    const lines = s.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    return lines.slice(0, 2).join(" ").slice(0, 240);
}
