/**
 * Guardrails that hold: no input crashes the component. Every bad argument is refused with an error
 * that names it, its value and the fix, before AWS is asked for anything; every accepted one is a run
 * the simulated account fully accepts. The cases a hostile review found one by one, then a seeded
 * property over generated argument sets that mix valid and invalid values for every argument.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fc from "fast-check";

import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs } from "../components";
import { ProgramRun, ofType, runProgram } from "../simulation/harness";
import { StandardAccount, T, standardAccount } from "./support/fixtures";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7";

/** Runs the component with `args` (JavaScript's view: anything goes) as an update against `env`. */
function deploy(env: StandardAccount, args: Record<string, unknown>): Promise<ProgramRun> {
    return runProgram(env.account, () => {
        new IotCoreVpcEndpoints("iot", args as unknown as IotCoreVpcEndpointsArgs);
    });
}

/** The problem lines of a component error: `argument = value: problem Fix: fix`. */
function problemLines(message: string): { argument: string; line: string }[] {
    return message.split("\n").filter((l) => l.startsWith("  - ")).map((line) => ({ argument: line.slice(4, line.indexOf(" = ")), line }));
}

/** The run failed with the component's own error naming `argument` (and a fix), and AWS was asked for nothing. */
function expectRefused(run: ProgramRun, env: StandardAccount, argument: string, text?: string): void {
    expect(run.error, "expected the component to refuse").to.not.equal(undefined);
    const message = run.error!.message;
    expect(message).to.match(/^IotCoreVpcEndpoints "iot" has \d+ invalid argument problems?:/);
    expect(message).to.not.match(/TypeError|RangeError|Cannot read|is not a function|is not iterable/);
    const lines = problemLines(message);
    expect(lines.map((l) => l.argument), message).to.include(argument);
    for (const l of lines) {
        expect(l.line, l.line).to.match(/ Fix: \S/);
    }
    if (text) {
        expect(message).to.contain(text);
    }
    expect(env.account.operations.filter((o) => o.op === "create" || o.op === "update"), "nothing reaches AWS").to.deep.equal([]);
    expect(env.account.refusals).to.deep.equal([]);
}

describe("guardrails: wrong types get a named error, never a crash", () => {
    const cases: [string, (env: StandardAccount) => Record<string, unknown>, string, string?][] = [
        ["devicePolicy: null", () => ({ devicePolicy: null }), "devicePolicy", "must be an object or left out"],
        ["inboundResolver: null", () => ({ inboundResolver: null }), "inboundResolver"],
        ["customDomains: [null]", () => ({ customDomains: [null] }), "customDomains[0]"],
        ["customDomains: a string", () => ({ customDomains: "a.example.com" }), "customDomains", "must be a list"],
        ["allowedCidrs: a string", () => ({ allowedCidrs: "10.0.0.0/16" }), "allowedCidrs", "must be a list"],
        ["inboundResolver.allowedCidrs: a string", () => ({ inboundResolver: { allowedCidrs: "10.0.0.0/16" } }), "inboundResolver.allowedCidrs"],
        ["inboundResolver.subnetIds: a string", (env) => ({ inboundResolver: { subnetIds: env.subnetIds[0] } }), "inboundResolver.subnetIds"],
        ["devicePolicy.topics: a string", () => ({ devicePolicy: { topics: "telemetry" } }), "devicePolicy.topics"],
        ["devicePolicy.topics: a number", () => ({ devicePolicy: { topics: 42 } }), "devicePolicy.topics"],
        ["devicePolicy.topics: [42]", () => ({ devicePolicy: { topics: [42] } }), "devicePolicy.topics"],
        ["allowedCidrs: [null]", () => ({ allowedCidrs: [null] }), "allowedCidrs[0]", "is not an IPv4 CIDR block"],
        ["allowedCidrs: [123]", () => ({ allowedCidrs: [123] }), "allowedCidrs[0]"],
        ["subnetIds: [null]", () => ({ subnetIds: [null] }), "subnetIds[0]", "is not a subnet id"],
        ["subnetIds: [42]", () => ({ subnetIds: [42] }), "subnetIds[0]"],
        ["vpcId: 42", () => ({ vpcId: 42 }), "vpcId"],
        ["no arguments object", () => ({ vpcId: undefined, subnetIds: undefined }), "vpcId"],
        ["tags: a string", () => ({ tags: "team=iot" }), "tags"],
    ];
    for (const [what, args, argument, text] of cases) {
        it(`${what} is refused, naming ${argument}`, async () => {
            const env = standardAccount();
            const run = await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), ...args(env) });
            expectRefused(run, env, argument, text);
        });
    }

    it("refuses an absurd device count by its quota, before sizing a device policy from it", async () => {
        for (const expectedConnections of [1e21, 1e12]) {
            const env = standardAccount();
            const run = await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), expectedConnections, devicePolicy: {} });
            expectRefused(run, env, "expectedConnections", "more than the 50 per VPC allowed by maxEndpointsPerVpc");
            // the device policy's size is judged only once the endpoint count is within bounds
            expect(problemLines(run.error!.message).map((l) => l.argument)).to.not.include("devicePolicy.restrictTo");
        }
    });
});

describe("guardrails: tags follow AWS's rules", () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    const cases: [string, Record<string, unknown>, string, string][] = [
        ["49 tags (51 with the component's Name and iotvpc:owner)", many(49), "tags", "AWS allows 50 tags per resource"],
        ["a key of 129 characters", { ["k".repeat(129)]: "v" }, "tags", "AWS allows 1 to 128"],
        ["an empty key", { "": "v" }, "tags", "AWS allows 1 to 128"],
        ["a key with the aws: prefix", { "aws:cloudformation:stack-name": "x" }, "tags", "reserves for its own tags"],
        ["a Name the component would overwrite", { Name: "mine" }, "tags", "is set by the component itself"],
        ["the owner tag the component puts on its zones", { "iotvpc:owner": "me" }, "tags", "is set by the component itself"],
        ["a value of 257 characters", { team: "v".repeat(257) }, "tags.team", "256 characters"],
        ["a value that is not a string", { team: 42 }, "tags.team", "is not a string"],
    ];
    for (const [what, tags, argument, text] of cases) {
        it(`refuses ${what}`, async () => {
            const env = standardAccount();
            expectRefused(await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), tags }), env, argument, text);
        });
    }

    it("accepts 48 tags, and checks tags given as an Output at deploy time", async () => {
        const ok = standardAccount();
        const run = await deploy(ok, { vpcId: ok.vpc.id, subnetIds: ok.subnetIds.slice(0, 2), tags: many(48) });
        expect(run.error).to.equal(undefined);
        expect(Object.keys(ofType(run, T.vpcEndpoint)[0].inputs.tags as object)).to.have.length(50);
        expect(Object.keys(ofType(run, T.securityGroup)[0].inputs.tags as object)).to.have.length(49);
        expect(Object.keys(ofType(run, T.zone)[0].inputs.tags as object)).to.have.length(50);
        expect(ok.account.refusals).to.deep.equal([]);

        const env = standardAccount();
        expectRefused(await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), tags: pulumi.output({ "aws:x": "y" }) }), env, "tags", "reserves");
    });
});

describe("guardrails: who may connect", () => {
    it("checks the resolver's CIDRs given as Outputs at deploy time, as the endpoints' are", async () => {
        for (const cidr of ["0.0.0.0/0", "not-a-cidr"]) {
            const env = standardAccount();
            const run = await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), inboundResolver: { allowedCidrs: [pulumi.output(cidr)] } });
            expectRefused(run, env, "inboundResolver.allowedCidrs");
        }
        const env = standardAccount();
        expectRefused(await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), allowedCidrs: [pulumi.output("not-a-cidr")] }), env, "allowedCidrs");
    });

    it("refuses sets of CIDRs that together cover the internet, opt-in or not", async () => {
        for (const allowPublicCidrs of [false, true]) {
            const env = standardAccount();
            const run = await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), allowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"], allowPublicCidrs });
            expectRefused(run, env, "allowedCidrs", "together admit every public IPv4 address");
        }
    });

    it("refuses public address space unless allowPublicCidrs opts in", async () => {
        const env = standardAccount();
        expectRefused(await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), allowedCidrs: ["10.20.0.0/16", "203.0.113.0/24"] }), env,
            "allowedCidrs", "set allowPublicCidrs: true");
        const optedIn = standardAccount();
        const run = await deploy(optedIn, { vpcId: optedIn.vpc.id, subnetIds: optedIn.subnetIds.slice(0, 2), allowedCidrs: ["10.20.0.0/16", "203.0.113.0/24"], allowPublicCidrs: true });
        expect(run.error).to.equal(undefined);
        expect((ofType(run, T.securityGroup)[0].inputs.ingress as { cidrBlocks: string[] }[])[0].cidrBlocks).to.deep.equal(["10.20.0.0/16", "203.0.113.0/24"]);
    });

    it("refuses more inbound rules than a security group holds (ports x CIDRs > 60)", async () => {
        const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);
        const env = standardAccount();
        expectRefused(await deploy(env, { vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 2), allowedCidrs: cidrs(21) }), env, "allowedCidrs", "would need 63 inbound rules");
        const fits = standardAccount();
        expect((await deploy(fits, { vpcId: fits.vpc.id, subnetIds: fits.subnetIds.slice(0, 2), allowedCidrs: cidrs(20) })).error).to.equal(undefined);
    });

    it("names subnetIds and vpcId, with a fix, when AWS does not know them", async () => {
        const env = standardAccount();
        expectRefused(await deploy(env, { vpcId: env.vpc.id, subnetIds: [env.subnetIds[0], "subnet-0123456789abcdef0"] }), env, "subnetIds", "was not found in us-east-1");
        const noVpc = standardAccount();
        expectRefused(await deploy(noVpc, { vpcId: "vpc-0123456789abcdef0", subnetIds: noVpc.subnetIds.slice(0, 2) }), noVpc, "vpcId", "was not found in us-east-1");
    });
});

describe("guardrails: a list given as one Output is judged when it resolves", () => {
    const cases: [string, (env: StandardAccount) => Record<string, unknown>, string, string][] = [
        ["subnetIds holding one id, not a list", () => ({ subnetIds: pulumi.output("subnet-0a1b2c3d4e5f60718"), subnetCount: 1 }), "subnetIds", "resolved to something other than a list"],
        ["subnetIds holding null and a number", () => ({ subnetIds: pulumi.output([null, 5]), recordLayout: "perEndpoint" }), "subnetIds[0]", "is not a subnet id"],
        ["inboundResolver.subnetIds holding one id", (env) => ({ subnetIds: env.subnetIds.slice(0, 2), inboundResolver: { subnetIds: pulumi.output(env.subnetIds[0]) } }),
            "inboundResolver.subnetIds", "resolved to something other than a list"],
        ["allowedCidrs holding one CIDR, not a list", (env) => ({ subnetIds: env.subnetIds.slice(0, 2), allowedCidrs: pulumi.output("10.0.0.0/8") }), "allowedCidrs", "resolved to something other than a list"],
        ["inboundResolver.allowedCidrs holding a number", (env) => ({ subnetIds: env.subnetIds.slice(0, 2), inboundResolver: { allowedCidrs: pulumi.output(10) } }),
            "inboundResolver.allowedCidrs", "resolved to something other than a list"],
    ];
    for (const [what, args, argument, text] of cases) {
        it(`refuses ${what}, naming it, before anything is created`, async () => {
            const env = standardAccount();
            expectRefused(await deploy(env, { vpcId: env.vpc.id, ...args(env) }), env, argument, text);
        });
    }
});

// ----- the property: every generated argument set is refused by name, or accepted whole -----

/** For each argument: omitted, valid values, and invalid ones of every kind (wrong type, null, out of range, unknown to AWS). */
function argumentSets(env: StandardAccount): fc.Arbitrary<Record<string, unknown>> {
    const optional = (valid: unknown[], invalid: unknown[]) => fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: fc.constantFrom(...valid) },
        { weight: 1, arbitrary: fc.constantFrom(...invalid) },
    );
    const ids = env.subnetIds;
    const e = env.account.addSubnet(env.vpc.id, "e", "zone-e").id; // us-east-1e does not offer iot.data
    return fc.record({
        vpcId: fc.oneof({ weight: 8, arbitrary: fc.constant(env.vpc.id) },
            { weight: 1, arbitrary: fc.constantFrom(undefined, null, 42, "vpc-123", "vpc-0ffffffffffffffff", pulumi.output(env.vpc.id)) }),
        subnetIds: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 5 }).map((n) => ids.slice(0, n)) },
            { weight: 1, arbitrary: fc.constantFrom([], null, "subnet-x", [null], [42], [ids[0], ids[0]], [ids[0], "subnet-0123456789abcdef0"], [ids[0], e], ids.slice(0, 2).map((s) => pulumi.output(s))) }),
        expectedConnections: optional([1, 20_000, 250_000, 3_000_000], [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "100", 1e21, 1e12, null]),
        endpointCount: optional([1, 2, 5], [0, 2.5, "3", null]),
        maxEndpointsPerVpc: optional([50, 100], [0, "50", null]),
        allowedCidrs: optional([["10.20.0.0/16"], ["10.0.0.0/8", "192.168.0.0/16"]],
            [[], "10.0.0.0/16", [null], [123], ["0.0.0.0/0"], ["0.0.0.0/1", "128.0.0.0/1"], ["203.0.113.0/24"], ["10.0.0.1/16"], Array.from({ length: 21 }, (_, i) => `10.${i}.0.0/16`)]),
        allowPublicCidrs: optional([true, false], ["yes", null]),
        devicePorts: optional([[8883], [443, 8883], [8883, 443, 8443]], [[], [22], [8883, 8883], "8883", [null]]),
        ttl: optional([0, 30, 300], [-1, 1.5, "60", null]),
        recordLayout: optional(["perEni", "perEndpoint", "alias"], ["roundRobin", 3, null]),
        mqttKeepAliveSeconds: optional([60, 230], [231, 0, "60"]),
        allowChinaRegions: optional([false, true], ["no"]),
        customDomains: optional([
            [{ domainName: "devices.example.com", serverCertificateArns: [CERT] }],
            [{ domainName: "fleet.example.org", existingDomainConfigurationName: "fleet" }],
        ], [[null], "a.example.com", [{ domainName: "x" }], [{ domainName: "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com", serverCertificateArns: [CERT] }],
            [{ domainName: "devices.example.com", serverCertificateArns: [] }], [{ domainName: "devices.example.com" }]]),
        devicePolicy: optional([{}, { actions: ["publish", "subscribe"], topics: ["telemetry"] }, { restrictTo: "vpc" }],
            [null, { topics: "telemetry" }, { topics: 42 }, { actions: ["delete"] }, { restrictTo: "everything" }, []]),
        inboundResolver: optional([{}, { allowedCidrs: ["10.20.0.0/16"] }],
            [null, { subnetIds: "subnet-x" }, { allowedCidrs: "10.0.0.0/8" }, { allowedCidrs: [pulumi.output("0.0.0.0/0")] }, { subnetIds: [ids[0]] }]),
        credentialsProvider: optional([{}, { endpointCount: 2 }], [null, { endpointCount: 0 }, "yes"]),
        capacityAlarms: optional([{}, { thresholdPercent: 90, periodSeconds: 60 }], [null, { thresholdPercent: 120 }, { periodSeconds: 30 }, { alarmActions: "arn" }]),
        tags: optional([{ team: "iot" }, pulumi.output({ team: "iot" })], ["team=iot", { "aws:x": "y" }, { "": "y" }, { Name: "x" }, { team: 42 }]),
    }, { requiredKeys: [] });
}

/** Every argument path the component can name, with its index (`subnetIds[2]`) removed. */
const ARGUMENTS = new Set([
    "args", "vpcId", "subnetIds", "expectedConnections", "endpointCount", "maxEndpointsPerVpc", "allowedCidrs", "allowPublicCidrs", "devicePorts", "ttl",
    "recordLayout", "mqttKeepAliveSeconds", "allowChinaRegions", "region", "customDomains", "customDomains.domainName", "customDomains.serverCertificateArns",
    "customDomains.validationCertificateArn", "customDomains.existingDomainConfigurationName", "devicePolicy", "devicePolicy.actions", "devicePolicy.topics",
    "devicePolicy.restrictTo", "inboundResolver", "inboundResolver.subnetIds", "inboundResolver.allowedCidrs", "credentialsProvider",
    "credentialsProvider.endpointCount", "capacityAlarms", "capacityAlarms.thresholdPercent", "capacityAlarms.periodSeconds",
    "capacityAlarms.evaluationPeriods", "capacityAlarms.alarmActions", "tags",
]);

describe("guardrails: generated argument sets (property)", () => {
    it("refuse by name with a fix and nothing created, or deploy with nothing refused, no public CIDR, only device ports, at most 100 records per name", async function () {
        this.timeout(120_000);
        let tried = 0;
        let refused = 0;
        let accepted = 0;
        const seenArguments = new Set<string>();
        await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
            const env = standardAccount("us-east-1", { endpointsPerVpcQuota: 100 });
            const [args] = fc.sample(argumentSets(env), { numRuns: 1, seed });
            tried++;
            const run = await deploy(env, args);
            if (run.error) {
                refused++;
                const message = run.error.message;
                expect(message, message).to.match(/^IotCoreVpcEndpoints "iot" has \d+ invalid argument problems?:/);
                for (const { argument, line } of problemLines(message)) {
                    const path = argument.replace(/\[\d+\]/g, "");
                    expect(ARGUMENTS.has(path) || path.startsWith("tags."), line).to.equal(true);
                    expect(line, line).to.match(/ Fix: \S/);
                    seenArguments.add(path);
                }
                expect(env.account.operations.filter((o) => o.op === "create"), message).to.deep.equal([]);
                expect(env.account.refusals, message).to.deep.equal([]);
                return;
            }
            accepted++;
            expect(env.account.refusals, JSON.stringify(args)).to.deep.equal([]);
            for (const sg of ofType(run, T.securityGroup)) {
                const rules = sg.inputs.ingress as { protocol: string; fromPort: number; toPort: number; cidrBlocks: string[] }[];
                const resolver = sg.name.endsWith("-resolver-sg");
                for (const r of rules) {
                    expect(resolver ? [53] : [8883, 443, 8443], sg.name).to.include(r.fromPort);
                    expect(r.toPort).to.equal(r.fromPort);
                    expect(r.cidrBlocks.every((c) => c !== "0.0.0.0/0"), sg.name).to.equal(true);
                    if (args.allowPublicCidrs !== true) {
                        expect(r.cidrBlocks.every((c) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(c)), `${sg.name} ${r.cidrBlocks}`).to.equal(true);
                    }
                }
            }
            const perName = new Map<string, number>();
            for (const r of ofType(run, T.record)) {
                const key = `${String(r.inputs.zoneId)} ${String(r.inputs.name)}`;
                perName.set(key, (perName.get(key) ?? 0) + 1);
            }
            expect(Math.max(0, ...perName.values())).to.be.at.most(100);
        }), { numRuns: 250, seed: 20261127 });
        console.log(`      generated argument sets: ${tried} tried, ${refused} refused by name, ${accepted} accepted; arguments named: ${seenArguments.size}`);
        expect(refused).to.be.greaterThan(50);
        expect(accepted).to.be.greaterThan(20);
    });
});
