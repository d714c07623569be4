/** Shared fixtures: a standard fake account and helpers to read what a run registered. */
import * as pulumi from "@pulumi/pulumi";

import { IotCoreVpcEndpointsArgs } from "../../components/args";
import { DeploymentPlan, planDeployment } from "../../components/planning";
import { RESOURCE_TYPES } from "../../components/resourceTypes";
import { resolveArgs } from "../../components/validation";
import { FakeAwsAccount, FakeSubnet, FakeVpc } from "../../simulation/aws/account";
import { ProgramRun, Registration } from "../../simulation/harness";

/** Every resource type the tests look for: the package's one table. */
export const T = RESOURCE_TYPES;

export interface StandardAccount {
    readonly account: FakeAwsAccount;
    readonly vpc: FakeVpc;
    /** One subnet per zone where iot.data is offered (us-east-1: a, b, c, d, f). */
    readonly subnets: FakeSubnet[];
    readonly subnetIds: string[];
}

/** An account in `region` with one VPC (10.20.0.0/16) and a subnet in each zone offering iot.data. */
export function standardAccount(region = "us-east-1", options: { endpointsPerVpcQuota?: number } = {}): StandardAccount {
    const account = new FakeAwsAccount({ region, ...options });
    const { vpc, subnets } = account.addVpc("main");
    return { account, vpc, subnets, subnetIds: subnets.map((s) => s.id) };
}

/**
 * True when `ip` lies inside the subnet's CIDR block. Written here on purpose, apart from the product's
 * and the fake's address arithmetic, so a test of either does not check it with itself.
 */
export function ipInSubnet(ip: string, subnet: { readonly cidrBlock: string }): boolean {
    const toBits = (a: string) => a.split(".").map((o) => Number(o).toString(2).padStart(8, "0")).join("");
    const [network, length] = subnet.cidrBlock.split("/");
    const octets = ip.split(".");
    if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) {
        return false;
    }
    const n = Number(length);
    return toBits(ip).slice(0, n) === toBits(network).slice(0, n);
}

/** Registrations that are AWS resources (custom, not providers). */
export function awsResources(run: ProgramRun): Registration[] {
    return run.registrations.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
}

export function countByType(run: ProgramRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of run.registrations) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}

/** Resolves an Output in a test; unknown values resolve to `undefined` instead of hanging. */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T | undefined> {
    const withUnknowns = (o as unknown as { promise(withUnknowns: boolean): Promise<unknown> }).promise(true);
    return withUnknowns.then((v) => (pulumi.isUnknown(v) ? undefined : (v as T)));
}

/**
 * The plan the component makes for these arguments (through its own validation). A subnet id given as
 * `undefined` stands for an Output not known when the program runs.
 */
export function planOf(args: Omit<Partial<IotCoreVpcEndpointsArgs>, "subnetIds"> & { subnetIds: (string | undefined)[]; name?: string }): DeploymentPlan {
    const { name = "iot", ...rest } = args;
    const subnetIds = rest.subnetIds.map((id) => id ?? pulumi.output("subnet-0pending"));
    const { problems, settings } = resolveArgs(name, { vpcId: "vpc-0123456789abcdef0", ...rest, subnetIds });
    if (!settings) {
        throw new Error(`planOf: ${problems.map((p) => `${p.argument}: ${p.problem}`).join("; ")}`);
    }
    return planDeployment(settings);
}
