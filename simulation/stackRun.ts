/**
 * Runs a stack file (`stacks/Pulumi.<stack>.yaml`) through the real stack program under Pulumi's mock
 * runtime, against a simulated account built from the stack's own configuration (parsed by the
 * program's parser): its VPC and subnets exist, one subnet per Availability Zone where iot.data is
 * offered. Any stack file works.
 */
import * as fs from "fs";
import * as path from "path";

import * as yaml from "js-yaml";

import { StackConfigError, StackSettings, parseStackConfig } from "../stacks/config";
import { iotStack, settingsFromRuntime } from "../stacks/program";
import { FakeAwsAccount } from "./aws/account";
import { ProgramRun, runProgram } from "./harness";

export const STACKS_DIR = path.resolve(__dirname, "..", "stacks");
export const PROJECT = "iotvpc";

/** Stack names with a `Pulumi.<stack>.yaml` in `dir`, sorted. */
export function listStacks(dir = STACKS_DIR): string[] {
    return fs.readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * The stack's configuration as the CLI hands it to a program: `namespace:key` → string, with lists and
 * objects as JSON. Keys without a namespace belong to the project.
 */
export function loadStackConfig(stack: string, dir = STACKS_DIR): Record<string, string> {
    const file = ["yaml", "yml"].map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
    if (!file) {
        throw new Error(`no stack file stacks/Pulumi.${stack}.yaml (stacks: ${listStacks(dir).join(", ")})`);
    }
    const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(doc.config ?? {})) {
        const key = k.includes(":") ? k : `${PROJECT}:${k}`;
        if (v !== null && typeof v === "object" && "secure" in (v as object)) {
            config[key] = "[secret]";
        } else {
            config[key] = typeof v === "string" ? v : JSON.stringify(v);
        }
    }
    return config;
}

/**
 * A fake account that holds what the stack's configuration says exists: in the stack's region, its
 * VPC (10.64.0.0/14) with its subnets, one per Availability Zone where iot.data is offered, and the
 * configured endpoints-per-VPC quota. The configuration is read by the program's own parser; when it
 * refuses the configuration, the account is bare, so the run reports the configuration error.
 */
export function simulatedAccount(config: Record<string, string>, stack = `sim-${config["aws:region"] || "us-east-1"}`): FakeAwsAccount {
    let settings: StackSettings;
    try {
        settings = parseStackConfig(stack, config);
    } catch (e) {
        if (e instanceof StackConfigError) {
            return new FakeAwsAccount({ region: bareRegion(config["aws:region"]) });
        }
        throw e;
    }
    const account = new FakeAwsAccount({ region: settings.region, endpointsPerVpcQuota: settings.args.maxEndpointsPerVpc });
    if (settings.network.kind === "existing" && settings.network.vpcId !== "") {
        account.addVpc(settings.network.vpcId, { vpcId: settings.network.vpcId, subnetIds: settings.network.subnetIds, cidr: "10.64.0.0/14" });
    }
    return account;
}

/** The configured region when the fake knows it, else its default. */
function bareRegion(region: string | undefined): string | undefined {
    try {
        return region ? new FakeAwsAccount({ region }).region : undefined;
    } catch {
        return undefined;
    }
}

export interface StackRun {
    readonly stack: string;
    readonly account: FakeAwsAccount;
    readonly run: ProgramRun;
    readonly config: Record<string, string>;
}

/** Runs the stack program for `stack` as an update (or a preview) against its simulated account. */
export async function runStack(stack: string, options: { preview?: boolean; dir?: string } = {}): Promise<StackRun> {
    const config = loadStackConfig(stack, options.dir);
    const account = simulatedAccount(config, stack);
    const run = await runProgram(account, () => iotStack(settingsFromRuntime()), {
        preview: options.preview,
        project: PROJECT,
        stack,
        config,
    });
    return { stack, account, run, config };
}
