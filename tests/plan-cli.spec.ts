/**
 * The offline plan as a command-line tool: help, argument mistakes, the policy config file checked as the
 * Pulumi CLI checks it (every problem at once, exit 2, no stack trace), and what a preview shows.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { KNOWN_AFTER_APPLY, USAGE, parseArgs, plan, policyConfigProblems, readPolicyConfig, renderText } from "../simulation/plan";
import { sharedPolicyPack } from "./support/pack";
import { STACK_FIXTURES } from "./support/stacks";

const ROOT = path.resolve(__dirname, "..");
/** The fixture stacks (copies of the shipped ones), so a stack file being written in stacks/ cannot fail these tests. */
const FIXTURES = path.relative(ROOT, STACK_FIXTURES);
const cli = (args: string[]) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "simulation/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
/** A Node stack trace line, which a user should never see for a mistake of theirs. */
const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe("plan CLI: arguments", function () {
    this.timeout(60_000);

    it("--help prints the usage and exits 0", () => {
        const r = cli(["--help"]);
        expect(r.status).to.equal(0);
        expect(r.stdout.trim()).to.equal(USAGE);
        expect(r.stdout).to.contain("--policy-config <f>");
        expect(cli(["-h"]).status).to.equal(0);
    });

    it("--all with --stack is an error, not a silent --all", () => {
        const r = cli(["--all", "--stack", "dev-us-east-1"]);
        expect(r.status).to.equal(2);
        expect(r.stderr).to.contain("plan: --all plans every stack; give it or --stack dev-us-east-1, not both");
        expect(r.stdout).to.equal("");
    });

    it("an unknown argument, or a flag without its value, says so", () => {
        expect(() => parseArgs(["--stack"])).to.throw("--stack needs a value");
        expect(() => parseArgs(["--policy-config", "--all"])).to.throw("--policy-config needs a value");
        expect(() => parseArgs(["--verbose"])).to.throw("unknown argument --verbose; see --help");
        expect(parseArgs(["--stack=dev-us-east-1", "--policy-config=p.json"])).to.include({ policyConfig: "p.json" });
        expect(() => parseArgs(["--all", "--dir"])).to.throw("--dir needs a value");
        expect(parseArgs(["--all", "--dir", "other"])).to.include({ dir: "other" });
        expect(parseArgs(["--all", "--dir=other"])).to.include({ dir: "other" });
    });

    it("--dir reads the stack files from another folder; one that does not exist is an error", () => {
        const missing = cli(["--all", "--dir", "no-such-folder"]);
        expect(missing.status).to.equal(2);
        expect(missing.stderr).to.equal("plan: --dir no-such-folder: no such folder\n");
        const unknown = cli(["--stack", "qa-us-east-1", "--dir", FIXTURES]);
        expect(unknown.status).to.equal(2);
        expect(unknown.stderr).to.equal(`plan: no stack file for qa-us-east-1 in ${FIXTURES} ` +
            "(stacks: dev-us-east-1, plant-eu-west-1, prod-cn-north-1, prod-eu-west-1, prod-us-east-1, sandbox-us-west-2, staging-ap-south-1)\n");
    });
});

describe("plan CLI: the policy config file", function () {
    this.timeout(60_000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iotvpc-plan-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("reports every problem of a bad file at once, naming the policy and the key, and exits 2 without a stack trace", () => {
        const file = path.join(tmp, "bad.json");
        fs.writeFileSync(file, JSON.stringify({
            "iot-endpoints-per-vpc": { maxEndpointsPerVpc: "ten", existingEndpointsPerVpc: { "vpc-1": -1 } },
            "iot-endpoint-capcity": "mandatory",
            "iot-endpoint-security-group": { enforcementLevel: "block", maxInboundRule: 80 },
            "iot-dns-ats-only": "strict",
        }));
        const r = cli(["--stack", "dev-us-east-1", "--dir", FIXTURES, "--policy-config", file]);
        expect(r.status).to.equal(2);
        expect(r.stdout).to.equal("");
        expect(r.stderr).to.not.match(STACK_TRACE);
        expect(r.stderr.trim().split("\n")).to.deep.equal([
            `plan: policy config ${file} has 6 problems:`,
            "  - iot-endpoints-per-vpc.maxEndpointsPerVpc = \"ten\": must be an integer, not a string.",
            "  - iot-endpoints-per-vpc.existingEndpointsPerVpc.vpc-1 = -1: must be at least 0.",
            r.stderr.split("\n")[3],
            "  - iot-endpoint-security-group.enforcementLevel = \"block\": must be one of advisory, mandatory, remediate, disabled.",
            r.stderr.split("\n")[5],
            "  - iot-dns-ats-only = \"strict\": must be an enforcement level (advisory, mandatory, remediate, disabled).",
        ]);
        expect(r.stderr).to.contain("  - iot-endpoint-capcity: is not a policy of this pack; did you mean iot-endpoint-capacity?");
        expect(r.stderr).to.contain("  - iot-endpoint-security-group.maxInboundRule: is not a setting of this policy; did you mean maxInboundRules?");
    });

    it("a missing file or one that is not JSON exits 2 with one line, no stack trace", () => {
        const missing = cli(["--all", "--policy-config", path.join(tmp, "nope.json")]);
        expect(missing.status).to.equal(2);
        expect(missing.stderr).to.contain("nope.json has 1 problem:\n  - cannot be read: no such file.");
        expect(missing.stderr).to.not.match(STACK_TRACE);
        const broken = path.join(tmp, "broken.json");
        fs.writeFileSync(broken, "{\"iot-mqtt-keep-alive\": ");
        const notJson = cli(["--all", "--policy-config", broken]);
        expect(notJson.status).to.equal(2);
        expect(notJson.stderr).to.match(/broken\.json has 1 problem:\n {2}- is not valid JSON: .+\.\n$/);
        expect(notJson.stderr).to.not.match(STACK_TRACE);
    });

    it("says which file it applied and the level of each policy the file sets, in the text and in --json", () => {
        const file = path.join(tmp, "levels.json");
        fs.writeFileSync(file, JSON.stringify({ "iot-mqtt-keep-alive": "disabled", "iot-endpoint-capacity": { maxUtilizationPercent: 90 } }));
        const r = cli(["--stack", "dev-us-east-1", "--dir", FIXTURES, "--policy-config", file]);
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout.split("\n").slice(2, 6)).to.deep.equal([
            `Policy config: ${file}, applied to 2 of 16 policies (the others run at their own level):`,
            "  iot-endpoint-capacity: mandatory (the policy's own level); settings: maxUtilizationPercent",
            "  iot-mqtt-keep-alive: disabled (set by the config)",
            "",
        ]);
        const json = JSON.parse(cli(["--stack", "dev-us-east-1", "--dir", FIXTURES, "--policy-config", file, "--json"]).stdout);
        expect(json.policyConfig).to.deep.equal({
            file,
            policies: [
                { name: "iot-endpoint-capacity", enforcementLevel: "mandatory", levelFrom: "policy", settings: ["maxUtilizationPercent"] },
                { name: "iot-mqtt-keep-alive", enforcementLevel: "disabled", levelFrom: "config", settings: [] },
            ],
        });
        // `all` sets every policy's level: all 16 are configured.
        fs.writeFileSync(file, JSON.stringify({ all: "advisory" }));
        const all = cli(["--stack", "dev-us-east-1", "--dir", FIXTURES, "--policy-config", file]).stdout.split("\n");
        expect(all[2]).to.equal(`Policy config: ${file}, applied to all 16 policies:`);
        expect(all).to.include("  iot-policy-vpc-condition: advisory (set by the config)");
    });

    it("the policy-config.json the README shows ships, and is valid against the pack's schemas", async () => {
        const info = await (await sharedPolicyPack()).info();
        const shipped = readPolicyConfig(path.join(ROOT, "policy-config.json"));
        expect(policyConfigProblems(shipped, info.policies)).to.deep.equal([]);
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(readme).to.contain("--policy-config policy-config.json");
        const shown = /for example `policy-config\.json`:\n\n```json\n([\s\S]*?)\n```/.exec(readme);
        expect(shown, "the README's example").to.not.equal(null);
        expect(JSON.parse(shown![1])).to.deep.equal(shipped);
    });

    it("checks types, bounds, list items, map values, levels and `all` against what the pack reports", async () => {
        const info = await (await sharedPolicyPack()).info();
        const problems = (c: unknown) => policyConfigProblems(c, info.policies);
        expect(problems({ all: "advisory", "iot-mqtt-keep-alive": { maxKeepAliveSeconds: 120 } })).to.deep.equal([]);
        expect(problems({ all: "loud" })).to.deep.equal(["all = \"loud\": must be an enforcement level for every policy (advisory, mandatory, remediate, disabled)."]);
        expect(problems({ "iot-mqtt-keep-alive": { maxKeepAliveSeconds: 231 } })).to.deep.equal(["iot-mqtt-keep-alive.maxKeepAliveSeconds = 231: must be at most 230."]);
        expect(problems({ "iot-endpoint-capacity": { maxUtilizationPercent: 80.5, declaredConnections: { "vpc-1": "many" } } })).to.deep.equal([
            "iot-endpoint-capacity.maxUtilizationPercent = 80.5: must be an integer, not a number.",
            "iot-endpoint-capacity.declaredConnections.vpc-1 = \"many\": must be an integer, not a string.",
        ]);
        expect(problems({ "iot-endpoint-data-only": { allowedServices: "iot.data" } })).to.deep.equal(["iot-endpoint-data-only.allowedServices = \"iot.data\": must be an array, not a string."]);
        expect(problems([])).to.have.length(1);
    });
});

describe("plan: what a preview shows", function () {
    this.timeout(120_000);

    it("values not known yet are (known after apply) in the DNS table and the JSON; exports, remote components and stack-level verdicts read cleanly", async () => {
        const p = await plan({
            stacks: ["sandbox-us-west-2", "dev-us-east-1"],
            dir: STACK_FIXTURES,
            preview: true,
            policyConfig: { "iot-endpoint-capacity": { enforcementLevel: "advisory", declaredConnections: { "vpc-0d3f5a1b2c4e6f789": 500_000 } } },
        });
        const [sandbox, dev] = p.stacks;
        expect(sandbox.dns.map((d) => d.values)).to.deep.equal([KNOWN_AFTER_APPLY, KNOWN_AFTER_APPLY]);
        expect(JSON.parse(JSON.stringify(p)).stacks[0].dns[0].values).to.equal("(known after apply)");
        expect(sandbox.exports).to.deep.include({ environment: "sandbox", region: "us-west-2", skipped: false, vpcId: KNOWN_AFTER_APPLY, dataEndpoint: KNOWN_AFTER_APPLY });
        expect(sandbox.resources.find((r) => r.type === "awsx:ec2:Vpc")!.note).to.contain("a real deploy adds the VPC, its subnets and route tables");
        expect(dev.policy!.diagnostics.map((d) => d.resource)).to.deep.equal([""]);

        const text = renderText(p);
        expect(text).to.match(/ep1-subnet1 {2}1 {7}\(known after apply\)\n/);
        expect(text).to.contain("├─ awsx:ec2:Vpc  iot-sandbox  (remote component: a real deploy adds the VPC, its subnets and route tables beneath it");
        expect(text).to.contain("Exports:\n  capacity: {\"endpoints\":1,");
        expect(text).to.contain("  vpcId: (known after apply)");
        expect(text).to.contain("  [advisory] iot-endpoint-capacity: vpc-0d3f5a1b2c4e6f789 must carry 500000 devices");
        expect(text).to.not.contain("()");
    });

    it("an update shows the IPs and the exports' values", async () => {
        const p = await plan({ stacks: ["dev-us-east-1"], dir: STACK_FIXTURES, preview: false, policyConfig: {} });
        const [dev] = p.stacks;
        expect(dev.dns.every((d) => Array.isArray(d.values) && d.values.length === 1)).to.equal(true);
        expect(dev.exports.dataEndpoint).to.equal("a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com");
        expect(renderText(p)).to.contain("  dataEndpoint: a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com");
    });
});
