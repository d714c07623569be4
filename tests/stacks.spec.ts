/**
 * The stack files and the offline plan over them. Every test here plans fixture stacks
 * (tests/fixtures/stacks, tests/fixtures/stacks-with-problems) but one, "the files shipped in stacks/":
 * a stack file a user is writing in stacks/ fails that test, naming the file, and no other.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";
import * as yaml from "js-yaml";

import { CONFIG_KEYS, StackConfigError, parseStackConfig, stackKeyOf } from "../stacks/config";
import { plan, problemText, readPolicyConfig, renderText } from "../simulation/plan";
import type { PackConfig } from "../simulation/policyPack";
import { listStacks, readStackFile, runStack } from "../simulation/stackRun";
import { FIXTURE_STACKS, PROBLEM_STACK_FIXTURES, STACK_FIXTURES } from "./support/stacks";

const ROOT = path.resolve(__dirname, "..");

/** Runs a fixture stack that has no problem in its file: its run, account and configuration. */
async function runFixture(stack: string, options: { preview?: boolean } = {}) {
    const s = await runStack(stack, { ...options, dir: STACK_FIXTURES });
    expect(s.fileProblems, stack).to.deep.equal([]);
    return { ...s, run: s.run! };
}

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

});

describe("stacks: the files shipped in stacks/", () => {
    // The one test of stacks/ itself, tolerant of nothing: a file there that does not plan cleanly fails it, named.
    it("are the documented environments, and every file there plans cleanly with the shipped policy config", async function () {
        this.timeout(120_000);
        const stacks = listStacks();
        expect(stacks).to.include.members(["dev-us-east-1", "plant-eu-west-1", "prod-us-east-1", "prod-eu-west-1", "prod-cn-north-1", "sandbox-us-west-2"]);
        const policyConfig = readPolicyConfig(path.join(ROOT, "policy-config.json")) as PackConfig;
        const p = await plan({ stacks, preview: false, policyConfig, policyConfigSource: "policy-config.json" });
        const failures = p.stacks.flatMap((s) => [
            ...s.problems.map((x) => `${s.file}: ${problemText(x)}`),
            ...(s.error !== null && s.problems.length === 0 ? [`${s.file}: ${s.error}`] : []),
            ...s.refusals.map((r) => `${s.file}: AWS would refuse: ${r}`),
            ...(s.policy?.diagnostics ?? []).filter((d) => d.level === "mandatory").map((d) => `${s.file}: [mandatory] ${d.policy}: ${d.message}`),
        ]);
        expect(failures, "stack files in stacks/ that do not plan cleanly").to.deep.equal([]);
        expect(p.ok).to.equal(true);
    });
});

describe("stacks: every fixture stack under the mock runtime", () => {
    it("the fixture folder holds exactly the stacks these tests plan", () => {
        expect(listStacks(STACK_FIXTURES)).to.deep.equal(FIXTURE_STACKS);
    });

    for (const stack of FIXTURE_STACKS) {
        for (const preview of [false, true]) {
            it(`${stack} runs as ${preview ? "a preview" : "an update"}`, async () => {
                const { run, account, config } = await runFixture(stack, { preview });
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
                        const expected: Record<string, number> = { "dev-us-east-1": 1, "plant-eu-west-1": 1, "prod-us-east-1": 32, "prod-eu-west-1": 10, "sandbox-us-west-2": 1, "staging-ap-south-1": 2 };
                        const ids = outputs.endpointIds as string[];
                        expect(ids, stack).to.have.length(expected[stack]);
                        expect(ids.every((id) => account.resourcesOfType("aws:ec2/vpcEndpoint:VpcEndpoint").some((e) => e.id === id))).to.equal(true);
                        expect(outputs.capacity).to.deep.include({ endpoints: expected[stack], maxDevices: expected[stack] * 100_000, targetUtilizationPercent: 80 });
                        // what a device in the VPC resolves the endpoint name to: exactly the records' addresses
                        const vpcId = String(outputs.vpcId);
                        const answers = account.dnsAnswers(String(outputs.dataEndpoint), vpcId).sort();
                        const recordIps = (outputs.records as { name: string; values: string[] }[]).filter((r) => r.name === outputs.dataEndpoint).flatMap((r) => r.values).sort();
                        expect(answers).to.deep.equal(recordIps);
                    }
                }
            });
        }
    }

    it("sizes prod-us-east-1 for 2.5 million devices at 80%: 32 endpoints, 96 records", async () => {
        const { run } = await runFixture("prod-us-east-1");
        expect(run.registrations.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")).to.have.length(32);
        expect(run.registrations.filter((r) => r.type === "aws:route53/record:Record")).to.have.length(96);
        // Alarms between the planned 80% and the limit: 90,000 of 100,000 connections.
        const alarms = run.registrations.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms).to.have.length(32);
        expect(new Set(alarms.map((a) => a.inputs.threshold))).to.deep.equal(new Set([90_000]));
    });

    it("serves the plant's Greengrass core devices: the credential provider, S3 and logs endpoints, the core devices' policy, and the nucleus configuration to paste", async () => {
        const { run, account } = await runFixture("plant-eu-west-1");
        expect(run.error, run.error?.message).to.equal(undefined);
        expect(run.registrations.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => String(r.inputs.serviceName)).sort()).to.deep.equal([
            "com.amazonaws.eu-west-1.iot.credentials", "com.amazonaws.eu-west-1.iot.data", "com.amazonaws.eu-west-1.logs", "com.amazonaws.eu-west-1.s3",
        ]);
        const outputs = run.registrations.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs as Record<string, unknown>;
        expect(outputs.greengrassNucleusConfig).to.deep.equal({
            awsRegion: "eu-west-1",
            iotDataEndpoint: "a3k7odshaiipe8-ats.iot.eu-west-1.amazonaws.com",
            iotCredEndpoint: "cd9319166ba2d6.credentials.iot.eu-west-1.amazonaws.com",
            greengrassDataPlaneEndpoint: "iotdata",
            greengrassDataPlanePort: 8443,
            iotRoleAlias: "PlantCoreTokenExchangeRoleAlias",
        });
        // 40,000 devices and 1,500 core devices: one endpoint at 80,000
        expect(outputs.capacity).to.deep.include({ endpoints: 1, expectedConnections: 41_500 });
        expect(run.registrations.filter((r) => r.type === "aws:iot/policy:Policy").map((r) => r.name)).to.deep.equal(["iot-core-device-policy"]);
        expect(account.dnsAnswers("logs.eu-west-1.amazonaws.com", "vpc-0a7c3e9f1b5d2e468")).to.have.length(2);
    });

    it("creates a sandbox VPC with awsx and puts the endpoints in its isolated subnets", async () => {
        const { run, account } = await runFixture("sandbox-us-west-2");
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
        ["Greengrass off while its options turn it on", "dev-eu-west-1",
            { "aws:region": "eu-west-1", "iotvpc:greengrass": "false", "iotvpc:greengrassEndpoints": JSON.stringify(["logs"]), "iotvpc:greengrassCoreDevices": "20" },
            "iotvpc:greengrass = false: contradicts iotvpc:greengrassEndpoints, iotvpc:greengrassCoreDevices, which turn Greengrass on; remove iotvpc:greengrass: false, or those keys."],
    ];
    for (const [what, stack, change, message] of errors) {
        it(`refuses ${what}, naming the key`, () => {
            expect(() => parseStackConfig(stack, { ...base, ...change })).to.throw(StackConfigError, message);
        });
    }

    it("takes iotvpc:greengrass: false alone, or with its options at their defaults, as Greengrass off", () => {
        const eu = { ...base, "aws:region": "eu-west-1" };
        expect(parseStackConfig("dev-eu-west-1", { ...eu, "iotvpc:greengrass": "false" }).args).to.deep.equal({});
        expect(parseStackConfig("dev-eu-west-1", { ...eu, "iotvpc:greengrass": "false", "iotvpc:greengrassDataPlanePort": "8443" }).args).to.deep.equal({});
    });

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

    it("names the stack key each component argument comes from, from the table of keys", () => {
        const keys = ["subnetIds[2]", "drainingSubnetIds", "capacityAlarms.thresholdPercent", "capacityAlarms.alarmActions", "additionalVpcs[0].vpcId",
            "inboundResolver.subnetIds", "tags.Team", "vpcId", "region", "dataEndpoint", "endpointIps.subnet-0a"].map((a) => [a, stackKeyOf(a)]);
        expect(keys).to.deep.equal([
            ["subnetIds[2]", "iotvpc:subnetIds"], ["drainingSubnetIds", "iotvpc:drainingSubnetIds"], ["capacityAlarms.thresholdPercent", "iotvpc:capacityAlarmPercent"],
            ["capacityAlarms.alarmActions", "iotvpc:alarmTopicArns"], ["additionalVpcs[0].vpcId", "iotvpc:additionalVpcIds"], ["inboundResolver.subnetIds", "iotvpc:inboundResolver"],
            ["tags.Team", "iotvpc:tags"], ["vpcId", "iotvpc:vpcId"], ["region", "aws:region"], ["dataEndpoint", undefined], ["endpointIps.subnet-0a", undefined],
        ]);
    });

    it("reads a stack file as the CLI hands it over, and says what is wrong with the file itself", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iotvpc-stackfile-"));
        try {
            fs.writeFileSync(path.join(tmp, "Pulumi.qa-us-east-1.yml"), "config:\n  aws:region: us-east-1\n  ttl: 30\n  iotvpc:subnetIds: [subnet-0a]\n  iotvpc:tags:\n  iotvpc:vpcId:\n    secure: AAABAxyz\n");
            fs.writeFileSync(path.join(tmp, "Pulumi.list-us-east-1.yaml"), "config:\n  - aws:region: us-east-1\n");
            const qa = readStackFile("qa-us-east-1", tmp);
            expect(qa.path).to.equal(path.join(tmp, "Pulumi.qa-us-east-1.yml"));
            expect(qa.config).to.deep.equal({ "aws:region": "us-east-1", "iotvpc:ttl": "30", "iotvpc:subnetIds": '["subnet-0a"]', "iotvpc:vpcId": "[secret]" });
            expect(qa.problems).to.deep.equal([{ key: "iotvpc:tags", value: "(nothing)", problem: "has no value.", fix: "give it a value, or delete the line." }]);
            expect(readStackFile("list-us-east-1", tmp).problems).to.deep.equal([{ key: "config", value: '[{"aws:region":"us-east-1"}]', problem: "must be a mapping of keys to values.",
                fix: "write each key on its own line two spaces under config:, such as aws:region: us-east-1." }]);
            expect(() => readStackFile("prod-us-east-1", tmp)).to.throw(`no stack file Pulumi.prod-us-east-1.yaml in ${tmp} (stacks: list-us-east-1, qa-us-east-1)`);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("skips China regions without asking for a VPC", () => {
        const s = parseStackConfig("prod-cn-northwest-1", { "aws:region": "cn-northwest-1" });
        expect(s.skip?.reason).to.contain("cn-northwest-1 is an AWS China Region");
    });
});

describe("stacks: offline plan", () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "simulation/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
    const PROBLEMS_DIR = path.relative(ROOT, PROBLEM_STACK_FIXTURES);
    const NOTICE = "OFFLINE SIMULATION: the stack program ran under Pulumi's mock runtime against a simulated AWS account. " +
        "Nothing was read from or sent to AWS; ids and IP addresses are invented. Deploy with: pulumi up -s <stack>";
    const SAME_ZONE = 'iotvpc:subnetIds = ["subnet-0123456789abcdef0","subnet-0123456789abcdef3"]: are in the same Availability Zone ap-south-1a; ' +
        "an endpoint takes at most one subnet per zone. Fix: keep one subnet per Availability Zone.";
    const WHOLE_STACK = "what AWS would refuse when the resources are created, and the policy pack's verdicts: they judge the resources the whole file declares.";
    const EVERY_CHECK = "the deploy-time checks (region, VPC, subnets, allowed CIDRs, private zones), what AWS would refuse when the resources are created, and the policy pack's verdicts";
    /** The lines of one stack's section of the plan's text, from its heading to the blank line after it. */
    const section = (text: string, stack: string) => {
        const lines = text.split("\n");
        const start = lines.findIndex((l) => l.startsWith(`=== ${stack} `));
        return lines.slice(start, lines.indexOf("", start));
    };

    it("plans every fixture stack, skips China, and passes the policy pack (the Greengrass site needs iot.credentials allowed, the document's default refuses it)", async () => {
        const p = await plan({ stacks: FIXTURE_STACKS, dir: STACK_FIXTURES, preview: false, policyConfig: { "iot-endpoint-data-only": { allowedServices: ["iot.data", "iot.credentials"] } } });
        expect(p.ok).to.equal(true);
        const strict = await plan({ stacks: ["plant-eu-west-1"], dir: STACK_FIXTURES, preview: false, policyConfig: {} });
        expect(strict.ok).to.equal(false);
        expect(strict.stacks[0].policy!.diagnostics.map((d) => `${d.level} ${d.policy}`)).to.deep.equal(["mandatory iot-endpoint-data-only"]);
        expect(p.simulation).to.contain("OFFLINE SIMULATION");
        const byName = Object.fromEntries(p.stacks.map((s) => [s.stack, s]));
        expect(byName["prod-cn-north-1"].skipped).to.equal(true);
        expect(byName["prod-cn-north-1"].resources).to.deep.equal([]);
        const prod = byName["prod-us-east-1"];
        expect(prod.file).to.equal("tests/fixtures/stacks/Pulumi.prod-us-east-1.yaml");
        expect(prod.capacity).to.include({ endpoints: 32, enis: 96, maxDevices: 3_200_000, targetUtilizationPercent: 80 });
        expect(prod.counts["aws:route53/record:Record"]).to.equal(96);
        expect(prod.dns.every((d) => d.weight === 1 && d.values.length === 1)).to.equal(true);
        expect(prod.policy).to.deep.include({ mandatory: 0, advisory: 0 });
        expect(prod.problems).to.deep.equal([]);
        expect(prod.unchecked).to.deep.equal([]);
        expect(renderText(p)).to.contain("SKIPPED: cn-north-1 is an AWS China Region");
    });

    it("prints the same plan for the same input", async () => {
        const options = { stacks: ["prod-eu-west-1", "sandbox-us-west-2"], dir: STACK_FIXTURES, preview: false, policyConfig: {} };
        const a = await plan(options);
        const b = await plan(options);
        expect(renderText(b)).to.equal(renderText(a));
    });

    it("plans a stack file a user added, in a region the simulation has no table for", async () => {
        const p = await plan({ stacks: ["staging-ap-south-1"], dir: STACK_FIXTURES, preview: false, policyConfig: {} });
        expect(p.ok).to.equal(true);
        expect(p.stacks[0].capacity).to.include({ endpoints: 2, enis: 4 });
    });

    it("a stack with problems in its file and at deploy time: every one in one run, named by stack key, and what could not be checked", () => {
        const r = cli(["--stack", "mixed-ap-south-1", "--dir", PROBLEMS_DIR]);
        expect(r.stderr).to.equal("");
        expect(r.status).to.equal(1);
        expect(r.stdout).to.equal([
            NOTICE,
            "Mode: pulumi up (new stack). Policy pack: iot-core-vpc-endpoints@0.1.0.",
            "Policy config: none; every policy runs at its own enforcement level.",
            "",
            "=== mixed-ap-south-1 (environment mixed, region ap-south-1) ===",
            "FAILED: 3 problems: 2 in the stack file, 1 found by the deploy-time checks.",
            "In the stack file:",
            '  - iotvpc:ttl = "soon": must be a whole number.',
            "  - iotvpc:mqttKeepAliveSeconds = 300: exceeds the 230 s limit of VPC endpoints: the endpoint would cut it to 230 s. Fix: pass 230 or less so devices and the broker agree.",
            "Deploy-time checks against the simulated account, run without iotvpc:ttl and iotvpc:mqttKeepAliveSeconds:",
            `  - ${SAME_ZONE}`,
            "Not checked until the stack file's problems are fixed:",
            "  - what is deployed now: the private zone on the VPC and its records, against the planned ones: it reads iotvpc:ttl.",
            `  - ${WHOLE_STACK}`,
            "",
            "Result: FAILED (a configuration error, something AWS would refuse, or a mandatory policy violation above).",
            "",
        ].join("\n"));

        const json = cli(["--stack", "mixed-ap-south-1", "--dir", PROBLEMS_DIR, "--json"]);
        expect(json.status).to.equal(1);
        const [stack] = JSON.parse(json.stdout).stacks;
        expect(stack).to.deep.include({
            stack: "mixed-ap-south-1",
            file: "tests/fixtures/stacks-with-problems/Pulumi.mixed-ap-south-1.yaml",
            error: "3 problems: 2 in the stack file, 1 found by the deploy-time checks.",
            deployChecksRan: true,
            leftOut: ["iotvpc:ttl", "iotvpc:mqttKeepAliveSeconds"],
            resources: [],
            policy: null,
        });
        expect(stack.problems).to.deep.equal([
            { key: "iotvpc:ttl", value: '"soon"', problem: "must be a whole number.", fix: null, foundBy: "stack file" },
            { key: "iotvpc:mqttKeepAliveSeconds", value: "300", problem: "exceeds the 230 s limit of VPC endpoints: the endpoint would cut it to 230 s.",
                fix: "pass 230 or less so devices and the broker agree.", foundBy: "stack file" },
            { key: "iotvpc:subnetIds", value: '["subnet-0123456789abcdef0","subnet-0123456789abcdef3"]',
                problem: "are in the same Availability Zone ap-south-1a; an endpoint takes at most one subnet per zone.", fix: "keep one subnet per Availability Zone.", foundBy: "deploy-time checks" },
        ]);
        expect(stack.unchecked).to.deep.equal([
            { check: "what is deployed now: the private zone on the VPC and its records, against the planned ones", keys: ["iotvpc:ttl"], reason: "it reads iotvpc:ttl" },
            { check: "what AWS would refuse when the resources are created, and the policy pack's verdicts", keys: ["iotvpc:ttl", "iotvpc:mqttKeepAliveSeconds"],
                reason: "they judge the resources the whole file declares" },
        ]);
    });

    it("every stack file with problems is reported on its own, by key or by file and line; none stops the others", async () => {
        const stacks = ["broken-us-east-1", "draft-eu-central-1", "half-eu-central-1", "public-ap-south-1", "zones-ap-south-1"];
        expect(listStacks(PROBLEM_STACK_FIXTURES)).to.deep.equal([...stacks, "mixed-ap-south-1"].sort());
        const p = await plan({ stacks, dir: PROBLEM_STACK_FIXTURES, preview: true, policyConfig: {} });
        expect(p.ok).to.equal(false);
        const text = renderText(p);
        expect(section(text, "broken-us-east-1")).to.deep.equal([
            "=== broken-us-east-1 (environment broken, region us-east-1) ===",
            "FAILED: 2 problems in the stack file.",
            "In the stack file:",
            '  - iotvpc:expectedConnection = "5": is not a key this program reads; did you mean iotvpc:expectedConnections? Known keys: vpcId, subnetIds, ' +
                "drainingSubnetIds, createVpc, vpcCidr, availabilityZones, availabilityZoneCount, expectedConnections, targetUtilizationPercent, endpointCount, " +
                "maxEndpointsPerVpc, allowedCidrs, additionalVpcIds, existingHostedZoneId, allowPublicCidrs, ttl, mqttKeepAliveSeconds, recordLayout, devicePolicy, " +
                "inboundResolver, capacityAlarmPercent, dashboard, alarmTopicArns, greengrass, greengrassEndpoints, greengrassDataPlanePort, greengrassCoreDevices, greengrassS3RouteTableIds, greengrassTokenExchangeRoleAlias, greengrassCoreDevicePolicy, tags.",
            "  - iotvpc:subnetIds = []: needs one subnet id per Availability Zone, unless iotvpc:createVpc is true.",
            "Not checked until the stack file's problems are fixed:",
            `  - ${EVERY_CHECK}: they need iotvpc:subnetIds fixed first.`,
        ]);
        expect(section(text, "draft-eu-central-1")).to.deep.equal([
            "=== draft-eu-central-1 (environment draft, region eu-central-1) ===",
            "FAILED: 1 problem in the stack file.",
            "In the stack file:",
            "  - iotvpc:subnetIds = (nothing): has no value. Fix: give it a value, or delete the line.",
            "Not checked until the stack file's problems are fixed:",
            `  - ${EVERY_CHECK}: they need iotvpc:subnetIds fixed first.`,
        ]);
        expect(section(text, "half-eu-central-1")).to.deep.equal([
            "=== half-eu-central-1 (environment half, region eu-central-1) ===",
            "FAILED: 1 problem in the stack file.",
            "In the stack file:",
            "  - tests/fixtures/stacks-with-problems/Pulumi.half-eu-central-1.yaml: is not valid YAML: bad indentation of a mapping entry (line 7, column 4). " +
                "Fix: correct the YAML there: each key on its own line two spaces under config:, list items under their key, as in the other stack files.",
            "Not checked until the stack file's problems are fixed:",
            `  - ${EVERY_CHECK}: they need the file's YAML fixed first.`,
        ]);
        // A key one deploy-time check reads keeps that check waiting; the subnets' checks do not read it, and run.
        expect(section(text, "public-ap-south-1")).to.deep.equal([
            "=== public-ap-south-1 (environment public, region ap-south-1) ===",
            "FAILED: 2 problems: 1 in the stack file, 1 found by the deploy-time checks.",
            "In the stack file:",
            '  - iotvpc:allowPublicCidrs = "yes": must be true or false.',
            "Deploy-time checks against the simulated account, run without iotvpc:allowPublicCidrs:",
            `  - ${SAME_ZONE}`,
            "Not checked until the stack file's problems are fixed:",
            "  - the allowed CIDRs as resolved at deploy time (default: the VPC's CIDR blocks): public ranges and the security group's rules quota: it reads iotvpc:allowPublicCidrs.",
            `  - ${WHOLE_STACK}`,
        ]);
        // A file without a problem of its own: what the deploy-time checks find, named by stack key, not by the component's argument.
        expect(section(text, "zones-ap-south-1")).to.deep.equal([
            "=== zones-ap-south-1 (environment zones, region ap-south-1) ===",
            "FAILED: 1 problem found by the deploy-time checks.",
            "Deploy-time checks against the simulated account:",
            `  - ${SAME_ZONE}`,
        ]);
    });

    it("runs from the command line: --json for machines, the shipped policy config confirmed, exit 1 on a mandatory violation", function () {
        this.timeout(120_000);
        const fixtures = path.relative(ROOT, STACK_FIXTURES);
        const ok = cli(["--all", "--dir", fixtures, "--json", "--policy-config", "policy-config.json"]);
        expect(ok.status, ok.stderr).to.equal(0);
        const parsed = JSON.parse(ok.stdout);
        expect(parsed.stacks.map((s: { stack: string }) => s.stack)).to.deep.equal(FIXTURE_STACKS);
        expect(parsed.policyConfig).to.deep.equal({
            file: path.join(ROOT, "policy-config.json"),
            policies: [
                { name: "iot-endpoint-data-only", enforcementLevel: "mandatory", levelFrom: "policy", settings: ["allowedServices"] },
                { name: "iot-endpoint-security-group", enforcementLevel: "mandatory", levelFrom: "policy", settings: ["allowedPublicCidrs", "maxInboundRules"] },
                { name: "iot-endpoints-per-vpc", enforcementLevel: "mandatory", levelFrom: "policy", settings: ["maxEndpointsPerVpc", "existingEndpointsPerVpc"] },
                { name: "iot-policy-vpc-condition", enforcementLevel: "mandatory", levelFrom: "config", settings: [] },
            ],
        });

        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iotvpc-stacks-"));
        try {
            const strict = path.join(tmp, "policy-config.json");
            fs.writeFileSync(strict, JSON.stringify({ "iot-endpoint-capacity": { maxUtilizationPercent: 10 } }));
            const failed = cli(["--stack", "dev-us-east-1", "--dir", fixtures, "--policy-config", strict]);
            expect(failed.status).to.equal(1);
            expect(failed.stdout).to.contain("[mandatory] iot-endpoint-capacity (iot): Component iot declares 20000 devices but has 1 IoT data endpoint(s)");
            expect(failed.stdout).to.contain("Result: FAILED");
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }

        const usage = cli(["--dir", fixtures]);
        expect(usage.status).to.equal(2);
        expect(usage.stderr).to.equal("plan: name a stack with --stack <name>, or use --all (stacks: dev-us-east-1, plant-eu-west-1, prod-cn-north-1, prod-eu-west-1, prod-us-east-1, sandbox-us-west-2, staging-ap-south-1)\n");
    });
});
