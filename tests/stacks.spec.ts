import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";
import * as yaml from "js-yaml";

import { CONFIG_KEYS, StackConfigError, parseStackConfig } from "../stacks/config";
import { plan, renderText } from "../simulation/plan";
import { listStacks, runStack } from "../simulation/stackRun";

const ROOT = path.resolve(__dirname, "..");

describe("stacks: project file", () => {
    const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as Record<string, any>;

    it("runs the program under stacks/ with stack files in stacks/", () => {
        expect(project.runtime.name).to.equal("nodejs");
        expect(project.main).to.equal("stacks/");
        expect(project.stackConfigDir).to.equal("stacks");
        expect(fs.existsSync(path.join(ROOT, "stacks", "index.ts"))).to.equal(true);
    });

    it("documents every key the program reads, with the parser's type and default", () => {
        expect(Object.keys(project.config).sort()).to.deep.equal(Object.keys(CONFIG_KEYS).sort());
        for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
            expect(project.config[key].type, key).to.equal(spec.type);
            expect(project.config[key].default, key).to.deep.equal(spec.default);
            expect(project.config[key].description, key).to.equal(spec.description);
        }
    });

    it("has stack files for dev and prod in us-east-1, prod in eu-west-1 and a China region", () => {
        expect(listStacks()).to.include.members(["dev-us-east-1", "prod-us-east-1", "prod-eu-west-1", "prod-cn-north-1"]);
    });
});

describe("stacks: every stack file under the mock runtime", () => {
    for (const stack of listStacks()) {
        for (const preview of [false, true]) {
            it(`${stack} runs as ${preview ? "a preview" : "an update"}`, async () => {
                const { run, account, config } = await runStack(stack, { preview });
                expect(run.error, run.error?.message).to.equal(undefined);
                expect(account.refusals).to.deep.equal([]);
                const outputs = run.registrations.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs as Record<string, unknown>;
                const region = config["aws:region"];
                expect(outputs.region).to.equal(region);
                if (region.startsWith("cn-")) {
                    expect(outputs.skipped).to.equal(true);
                    expect(String(outputs.reason)).to.contain("VPC endpoints for IoT Core are not supported there");
                    expect(run.registrations.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
                    expect(run.logs.map((l) => l.severity)).to.deep.equal(["warning"]);
                } else {
                    expect(outputs.skipped).to.equal(false);
                    expect(run.registrations.filter((r) => r.type === "iotvpc:index:IotCoreVpcEndpoints")).to.have.length(1);
                    if (!preview) {
                        expect(outputs.dataEndpoint).to.equal(`a3k7odshaiipe8-ats.iot.${region}.amazonaws.com`);
                        // the endpoints the stack file asks for, worked out by hand from its devices (80,000 per endpoint at 80%)
                        const expected: Record<string, number> = { "dev-us-east-1": 1, "prod-us-east-1": 32, "prod-eu-west-1": 10, "sandbox-us-west-2": 1 };
                        const ids = outputs.endpointIds as string[];
                        expect(ids, stack).to.have.length(expected[stack]);
                        expect(ids.every((id) => account.resourcesOfType("aws:ec2/vpcEndpoint:VpcEndpoint").some((e) => e.id === id))).to.equal(true);
                        expect(outputs.capacity).to.deep.include({ endpoints: expected[stack], maxDevices: expected[stack] * 100_000, targetUtilizationPercent: 80 });
                        // what a device in the VPC resolves the endpoint name to: exactly the records' addresses
                        const vpcId = String(outputs.vpcId);
                        const answers = account.dnsAnswers(String(outputs.dataEndpoint), vpcId).sort();
                        const recordIps = (outputs.records as { values: string[] }[]).flatMap((r) => r.values).sort();
                        expect(answers).to.deep.equal(recordIps);
                    }
                }
            });
        }
    }

    it("sizes prod-us-east-1 for 2.5 million devices at 80%: 32 endpoints, 96 records", async () => {
        const { run } = await runStack("prod-us-east-1");
        expect(run.registrations.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")).to.have.length(32);
        expect(run.registrations.filter((r) => r.type === "aws:route53/record:Record")).to.have.length(96);
        // Alarms between the planned 80% and the limit: 90,000 of 100,000 connections.
        const alarms = run.registrations.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms).to.have.length(32);
        expect(new Set(alarms.map((a) => a.inputs.threshold))).to.deep.equal(new Set([90_000]));
    });

    it("creates a sandbox VPC with awsx and puts the endpoints in its isolated subnets", async () => {
        const { run, account } = await runStack("sandbox-us-west-2");
        const vpc = run.registrations.find((r) => r.type === "awsx:ec2:Vpc")!;
        expect(vpc.inputs).to.include({ enableDnsHostnames: true, enableDnsSupport: true, numberOfAvailabilityZones: 2 });
        const endpoint = run.registrations.find((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")!;
        expect(endpoint.inputs.subnetIds).to.deep.equal((vpc.outputs as any).isolatedSubnetIds);
        expect(account.refusals).to.deep.equal([]);
    });
});

describe("stacks: configuration parser", () => {
    const base = {
        "aws:region": "us-east-1",
        "iotvpc:vpcId": "vpc-0d3f5a1b2c4e6f789",
        "iotvpc:subnetIds": JSON.stringify(["subnet-0a1b2c3d4e5f60718"]),
    };

    it("applies the defaults of every key left out", () => {
        const s = parseStackConfig("dev-us-east-1", base);
        expect(s.environment).to.equal("dev");
        expect(s.region).to.equal("us-east-1");
        // every key at its default leaves its argument out: the component's own defaults apply
        expect(s.args).to.deep.equal({});
        expect(CONFIG_KEYS.expectedConnections.default).to.equal(80_000);
        expect(CONFIG_KEYS.ttl.default).to.equal(60);
        expect(s.tags).to.deep.equal({ Environment: "dev", Stack: "dev-us-east-1", ManagedBy: "pulumi-iotvpc" });
        expect(s.network).to.deep.equal({ kind: "existing", vpcId: base["iotvpc:vpcId"], subnetIds: ["subnet-0a1b2c3d4e5f60718"] });
    });

    const errors: [string, string, Record<string, string>, string][] = [
        ["a non-integer", "dev-us-east-1", { "iotvpc:expectedConnections": "lots" }, 'iotvpc:expectedConnections = "lots": must be a whole number.'],
        ["a typo", "dev-us-east-1", { "iotvpc:subnetId": "[]" }, "iotvpc:subnetId = \"[]\": is not a key this program reads; did you mean iotvpc:subnetIds?"],
        ["a list that is not one", "dev-us-east-1", { "iotvpc:subnetIds": "subnet-0a1b2c3d4e5f60718" }, "iotvpc:subnetIds = \"subnet-0a1b2c3d4e5f60718\": must be a list of strings."],
        ["a region that does not match the stack name", "dev-eu-west-1", {}, 'aws:region = "us-east-1": does not match the stack name dev-eu-west-1; set it to eu-west-1 or rename the stack.'],
        ["a stack name without a region", "dev", {}, 'stack name = "dev": must be <environment>-<region>'],
        ["a sandbox VPC next to an existing one", "dev-us-east-1", { "iotvpc:createVpc": "true" }, "iotvpc:createVpc = true: cannot be combined with iotvpc:vpcId or iotvpc:subnetIds"],
        ["a tag without a value", "dev-us-east-1", { "iotvpc:tags": JSON.stringify(["Team"]) }, 'iotvpc:tags = "Team": must be Key=Value.'],
        ["a boolean that is not one", "dev-us-east-1", { "iotvpc:createVpc": "yes" }, 'iotvpc:createVpc = "yes": must be true or false.'],
    ];
    for (const [what, stack, change, message] of errors) {
        it(`refuses ${what}, naming the key`, () => {
            expect(() => parseStackConfig(stack, { ...base, ...change })).to.throw(StackConfigError, message);
        });
    }

    it("requires a VPC and subnets unless it creates one, and lists every problem at once", () => {
        let err: unknown;
        try {
            parseStackConfig("prod-us-east-1", { "aws:region": "us-east-1", "iotvpc:ttl": "soon" });
        } catch (e) {
            err = e;
        }
        expect(err).to.be.instanceOf(StackConfigError);
        expect((err as StackConfigError).problems.map((p) => p.key)).to.deep.equal(["iotvpc:vpcId", "iotvpc:subnetIds", "iotvpc:ttl"]);
        expect((err as Error).message).to.contain("stack prod-us-east-1: 3 configuration problems");
    });

    for (const [key, value] of [["iotvpc:devicePolicy", "yes"], ["iotvpc:devicePolicy", "1"], ["iotvpc:inboundResolver", "on"], ["iotvpc:createVpc", "True"]]) {
        it(`refuses ${key}: ${value} instead of silently switching the opt-in off`, () => {
            expect(() => parseStackConfig("dev-us-east-1", { ...base, [key]: value })).to.throw(StackConfigError, `${key} = "${value}": must be true or false.`);
        });
    }

    it("turns the opt-in keys into the component's opt-in arguments", () => {
        const s = parseStackConfig("dev-us-east-1", { ...base, "iotvpc:devicePolicy": "true", "iotvpc:inboundResolver": "false", "iotvpc:capacityAlarmPercent": "75", "iotvpc:ttl": "30" });
        expect(s.args).to.deep.equal({ devicePolicy: {}, capacityAlarms: { thresholdPercent: 75 }, ttl: 30 });
    });

    it("reports in one run what the parser and the component would refuse, each named by its stack key", () => {
        let err: unknown;
        try {
            parseStackConfig("dev-us-east-1", {
                ...base,
                "iotvpc:recordLayout": "roundRobin",
                "iotvpc:mqttKeepAliveSeconds": "300",
                "iotvpc:ttl": "soon",
                "iotvpc:allowedCidrs": JSON.stringify(["0.0.0.0/0"]),
                "iotvpc:capacityAlarmPercent": "120",
            });
        } catch (e) {
            err = e;
        }
        expect(err).to.be.instanceOf(StackConfigError);
        const problems = (err as StackConfigError).problems;
        expect(problems.map((p) => p.key)).to.deep.equal([
            "iotvpc:allowedCidrs", "iotvpc:ttl", "iotvpc:mqttKeepAliveSeconds", "iotvpc:recordLayout", "iotvpc:capacityAlarmPercent",
        ]);
        expect((err as Error).message).to.contain('iotvpc:recordLayout = "roundRobin": is not a record layout. Fix: pick one of perEni, perEndpoint, alias.');
        expect((err as Error).message).to.contain("iotvpc:mqttKeepAliveSeconds = 300: exceeds the 230 s limit");
        expect((err as Error).message).to.contain('iotvpc:ttl = "soon": must be a whole number.');
    });

    it("skips China regions without asking for a VPC", () => {
        const s = parseStackConfig("prod-cn-northwest-1", { "aws:region": "cn-northwest-1" });
        expect(s.skip?.reason).to.contain("cn-northwest-1 is an AWS China Region");
    });
});

describe("stacks: offline plan", () => {
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iotvpc-stacks-"));
        fs.writeFileSync(path.join(tmp, "Pulumi.staging-ap-south-1.yaml"), yaml.dump({ config: {
            "aws:region": "ap-south-1",
            "iotvpc:vpcId": "vpc-0123456789abcdef0",
            "iotvpc:subnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            "iotvpc:expectedConnections": 150000,
        } }));
        fs.writeFileSync(path.join(tmp, "Pulumi.broken-us-east-1.yaml"), yaml.dump({ config: {
            "aws:region": "us-east-1",
            "iotvpc:vpcId": "vpc-0123456789abcdef0",
            "iotvpc:expectedConnection": 5,
        } }));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("plans every stack, skips China, and passes the policy pack", async () => {
        const p = await plan({ stacks: listStacks(), preview: false, policyConfig: {} });
        expect(p.ok).to.equal(true);
        expect(p.simulation).to.contain("OFFLINE SIMULATION");
        const byName = Object.fromEntries(p.stacks.map((s) => [s.stack, s]));
        expect(byName["prod-cn-north-1"].skipped).to.equal(true);
        expect(byName["prod-cn-north-1"].resources).to.deep.equal([]);
        const prod = byName["prod-us-east-1"];
        expect(prod.capacity).to.include({ endpoints: 32, enis: 96, maxDevices: 3_200_000, targetUtilizationPercent: 80 });
        expect(prod.counts["aws:route53/record:Record"]).to.equal(96);
        expect(prod.dns.every((d) => d.weight === 1 && d.values.length === 1)).to.equal(true);
        expect(prod.policy).to.deep.include({ mandatory: 0, advisory: 0 });
        expect(renderText(p)).to.contain("SKIPPED: cn-north-1 is an AWS China Region");
    });

    it("prints the same plan for the same input", async () => {
        const a = await plan({ stacks: ["prod-eu-west-1", "sandbox-us-west-2"], preview: false, policyConfig: {} });
        const b = await plan({ stacks: ["prod-eu-west-1", "sandbox-us-west-2"], preview: false, policyConfig: {} });
        expect(renderText(b)).to.equal(renderText(a));
    });

    it("plans a stack file a user added, in a region the simulation has no table for", async () => {
        const p = await plan({ stacks: ["staging-ap-south-1"], dir: tmp, preview: false, policyConfig: {} });
        expect(p.ok).to.equal(true);
        expect(p.stacks[0].capacity).to.include({ endpoints: 2, enis: 4 });
    });

    it("fails a stack with bad configuration, naming every key in one run, with the environment from its name", async () => {
        const p = await plan({ stacks: ["broken-us-east-1"], dir: tmp, preview: true, policyConfig: {} });
        expect(p.ok).to.equal(false);
        expect(p.stacks[0].error).to.contain("iotvpc:expectedConnection");
        expect(p.stacks[0].error).to.contain("did you mean iotvpc:expectedConnections?");
        expect(p.stacks[0].error).to.contain("iotvpc:subnetIds");
        expect(p.stacks[0].problems.map((line) => line.split(" = ")[0])).to.deep.equal(["iotvpc:expectedConnection", "iotvpc:subnetIds"]);
        const text = renderText(p);
        expect(text).to.contain("=== broken-us-east-1 (environment broken, region us-east-1) ===");
        expect(text).to.contain("\n  - iotvpc:expectedConnection = \"5\": is not a key this program reads");
        expect(text).to.contain("\n  - iotvpc:subnetIds = []: needs one subnet id per Availability Zone");
    });

    it("runs from the command line: --json for machines, the shipped policy config, exit 1 on a mandatory violation", function () {
        this.timeout(120_000);
        const cli = (args: string[]) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "simulation/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
        const ok = cli(["--all", "--json", "--policy-config", "policy-config.json"]);
        expect(ok.status, ok.stderr).to.equal(0);
        const parsed = JSON.parse(ok.stdout);
        expect(parsed.stacks.map((s: { stack: string }) => s.stack)).to.deep.equal(listStacks());

        const strict = path.join(tmp, "policy-config.json");
        fs.writeFileSync(strict, JSON.stringify({ "iot-endpoint-capacity": { maxUtilizationPercent: 10 } }));
        const failed = cli(["--stack", "dev-us-east-1", "--policy-config", strict]);
        expect(failed.status).to.equal(1);
        expect(failed.stdout).to.contain("[mandatory] iot-endpoint-capacity (iot): Component iot declares 20000 devices but has 1 IoT data endpoint(s)");
        expect(failed.stdout).to.contain("Result: FAILED");

        const usage = cli([]);
        expect(usage.status).to.equal(2);
        expect(usage.stderr).to.contain("name a stack with --stack <name>, or use --all");
    });
});
