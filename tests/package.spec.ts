/**
 * Issue 7: reuse from other stacks. The npm package as a consumer installs it, the schema other
 * languages get from `pulumi package add`, and the reference docs.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import * as semver from "semver";
import * as ts from "typescript";

import { providerOptions } from "../components/providerOptions";
import { runProgram } from "../simulation/harness";
import { standardAccount } from "./support/fixtures";
import { skipBecause } from "./support/skip";

const ROOT = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** Members of an exported interface of components/args.ts with their JSDoc text, from the TypeScript source. */
function interfaceDocs(name: string): Map<string, string> {
    const file = path.join(ROOT, "components", "args.ts");
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2020, true);
    const members = new Map<string, string>();
    source.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
            for (const m of node.members) {
                const docs = ts.getJSDocCommentsAndTags(m).map((d) => (ts.isJSDoc(d) ? ts.getTextOfJSDocComment(d.comment) ?? "" : "")).join("\n");
                members.set((m.name as ts.Identifier).text, docs);
            }
        }
    });
    return members;
}

const normalize = (s: string) => s.replace(/\s+/g, " ").trim();

/** The lowest peer versions the CI installs and tests against (`.ci/test-lowest-peers`). */
const LOWEST_PEERS: Record<string, string> = Object.fromEntries(
    fs.readFileSync(path.join(ROOT, ".ci", "test-lowest-peers"), "utf8").match(/@pulumi\/[a-z]+@\d+\.\d+\.\d+/g)!.map((s) => {
        const at = s.lastIndexOf("@");
        return [s.slice(0, at), s.slice(at + 1)];
    }));

/** The first @pulumi/pulumi whose schema inference reads string enums (`as const` objects and `enum`). */
const ENUM_INFERENCE_SINCE = "3.221.0";
const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;

/**
 * The package schema as `provider` infers it (and caches for `construct`), or, in the run against the
 * lowest peer versions only (.ci/test-lowest-peers), why that SDK cannot: SDKs before 3.221.0 refuse a
 * string enum (`RecordLayout`, `DeviceAction`) as "Union types are not supported". Any other failure fails.
 * `pulumi package add` installs this repository with its own lockfile, so the provider host always runs
 * the pinned SDK; npm consumers on an older SDK never infer the schema.
 */
async function inferSchema(provider: ComponentProvider): Promise<{ schema: any } | { gap: string }> {
    try {
        return { schema: JSON.parse(await provider.getSchema()) };
    } catch (e) {
        const message = (e as Error).message;
        if (process.env.IOTVPC_PEERS === "lowest" && semver.lt(SDK_VERSION, ENUM_INFERENCE_SINCE) && /^Union types are not supported/.test(message)) {
            return { gap: `@pulumi/pulumi ${SDK_VERSION} cannot infer string enums in a schema (${ENUM_INFERENCE_SINCE} can; the provider host runs the pinned SDK): ${message}` };
        }
        throw e;
    }
}

describe("package: schema for other languages (pulumi package add)", function () {
    this.timeout(120_000);
    let schema: any;
    before(async function () {
        const inferred = await inferSchema(new ComponentProvider(providerOptions()));
        if ("gap" in inferred) {
            skipBecause(this, inferred.gap);
        }
        schema = inferred.schema;
    });

    it("is the iotvpc package at the npm version, with the component's type token", () => {
        expect(schema.name).to.equal("iotvpc");
        expect(schema.version).to.equal(pkg.version);
        expect(Object.keys(schema.resources)).to.deep.equal(["iotvpc:index:IotCoreVpcEndpoints"]);
        expect(schema.resources["iotvpc:index:IotCoreVpcEndpoints"].isComponent).to.equal(true);
    });

    it("has every argument, documented as in the TypeScript source, with unit or default stated", () => {
        const r = schema.resources["iotvpc:index:IotCoreVpcEndpoints"];
        const docs = interfaceDocs("IotCoreVpcEndpointsArgs");
        expect(Object.keys(r.inputProperties).sort()).to.deep.equal([...docs.keys()].sort());
        for (const [name, doc] of docs) {
            expect(normalize(r.inputProperties[name].description), name).to.equal(normalize(doc));
            expect(doc, name).to.match(/Default: |Required\./);
        }
        expect([...r.requiredInputs].sort()).to.deep.equal(["subnetIds", "vpcId"]);
        // a list, or one Output holding a list: other languages may pass either
        expect(r.inputProperties.subnetIds).to.deep.include({ type: "array" });
        expect(r.inputProperties.subnetIds).to.not.have.property("plain");
    });

    it("describes the nested argument types and the enums as string enums", () => {
        for (const type of ["CustomDomainArgs", "DevicePolicyArgs", "InboundResolverArgs", "CredentialsProviderArgs", "CapacityAlarmArgs"]) {
            const t = schema.types[`iotvpc:index:${type}`];
            const docs = interfaceDocs(type);
            expect(Object.keys(t.properties).sort(), type).to.deep.equal([...docs.keys()].sort());
            for (const [name, doc] of docs) {
                expect(normalize(t.properties[name].description), `${type}.${name}`).to.equal(normalize(doc));
            }
        }
        const values = (t: string) => schema.types[`iotvpc:index:${t}`].enum.map((e: { value: string }) => e.value);
        expect(schema.types["iotvpc:index:RecordLayout"].type).to.equal("string");
        expect(values("RecordLayout")).to.deep.equal(["perEni", "perEndpoint", "alias"]);
        expect(values("DeviceAction")).to.deep.equal(["publish", "subscribe", "receive"]);
    });

    it("has every output with its description", () => {
        const r = schema.resources["iotvpc:index:IotCoreVpcEndpoints"];
        expect(Object.keys(r.properties).sort()).to.deep.equal([
            "alarmNames", "capacity", "connectionSettings", "credentialsEndpoint", "customDomainZoneIds", "customDomains", "dashboardName", "dataEndpoint",
            "devicePolicyName", "endpointIds", "hostedZoneId", "notes", "records", "resolverIps", "securityGroupId",
        ]);
        for (const [name, p] of Object.entries<{ description?: string }>(r.properties)) {
            expect(p.description, name).to.be.a("string").and.not.equal("");
        }
        expect(schema.types["iotvpc:index:CapacityPlan"].properties).to.have.keys(["endpoints", "enisPerEndpoint", "enis", "maxDevices", "expectedConnections", "records", "targetUtilizationPercent", "plannedDevicesPerEndpoint"]);
    });
});

describe("package: the component provider, as other languages call it", function () {
    this.timeout(120_000);

    it("constructs the component as another language would, from plain inputs", async function () {
        const provider = new ComponentProvider(providerOptions());
        // `construct` creates the component, then reads the names of its outputs from the inferred schema
        const inferred = await inferSchema(provider);
        if ("gap" in inferred) {
            skipBecause(this, `ComponentProvider.construct infers the schema to find the component's outputs, and ${inferred.gap}`);
        }
        const env = standardAccount();
        const run = await runProgram(env.account, async () => {
            const result = await provider.construct("iot", "iotvpc:index:IotCoreVpcEndpoints", {
                vpcId: env.vpc.id,
                subnetIds: env.subnetIds.slice(0, 2),
                expectedConnections: 150000,
                recordLayout: "perEndpoint",
            }, {});
            return { urn: result.urn, dataEndpoint: result.state.dataEndpoint };
        });
        expect(run.error).to.equal(undefined);
        expect(run.registrations.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")).to.have.length(2);
        expect(run.stackOutputs.dataEndpoint).to.equal("a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com");
        expect(env.account.refusals).to.deep.equal([]);
    });
});

describe("package: npm tarball and a consumer", function () {
    this.timeout(240_000);
    const work = path.join(ROOT, "bin", "consumer-test");
    let tarball: string;
    let files: string[];

    before(() => {
        fs.rmSync(work, { recursive: true, force: true });
        fs.mkdirSync(work, { recursive: true });
        // `npm pack` runs `prepare` (the build), as `npm publish` and a git install would.
        const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const [info] = JSON.parse(out.slice(out.indexOf("[")));
        tarball = path.join(work, info.filename);
        files = info.files.map((f: { path: string }) => f.path);
    });

    it("ships the compiled component and the iotvpc-check command, README, LICENSE and CHANGELOG, and nothing else", () => {
        expect(files).to.include.members(["package.json", "README.md", "LICENSE", "CHANGELOG.md", "bin/components/index.js", "bin/components/index.d.ts", "bin/components/iotCoreVpcEndpoints.js", "bin/check/cli.js"]);
        const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|bin\/components\/[A-Za-z]+\.(js|d\.ts)|bin\/check\/[A-Za-z0-9]+\.js)$/.test(f));
        expect(stray).to.deep.equal([]);
        expect(files.some((f) => /provider/i.test(f))).to.equal(false);
    });

    it("points main, types and exports at the compiled output and declares peer ranges newer SDKs satisfy", () => {
        expect(pkg.main).to.equal("bin/components/index.js");
        expect(pkg.types).to.equal("bin/components/index.d.ts");
        expect(pkg.exports["."]).to.deep.equal({ types: "./bin/components/index.d.ts", default: "./bin/components/index.js" });
        expect(pkg.peerDependencies).to.deep.equal({ "@pulumi/aws": "^7.2.0", "@pulumi/pulumi": "^3.204.0" });
        // the command's runtime libraries, pinned; the component itself needs only its peers
        expect(pkg.dependencies).to.deep.equal({ "cli-table3": "0.6.5", "mqtt": "5.16.0" });
        expect(pkg.bin).to.deep.equal({ "iotvpc-check": "bin/check/cli.js" });
        for (const [name, range] of Object.entries<string>(pkg.peerDependencies)) {
            // the versions this repository is developed and tested with, and the lowest the CI checks
            expect(semver.satisfies(pkg.devDependencies[name], range), name).to.equal(true);
            expect(semver.minVersion(range)!.version, name).to.equal(LOWEST_PEERS[name]);
            // open-ended within the major version: a consumer on the newest 3.x / 7.x satisfies it
            const major = semver.major(semver.minVersion(range)!);
            expect(semver.satisfies(`${major}.999.0`, range), name).to.equal(true);
        }
    });

    it("installs offline and runs a small stack under mocks, with the types a TypeScript consumer sees", async () => {
        fs.writeFileSync(path.join(work, "package.json"), JSON.stringify({ name: "consumer", private: true }));
        // Peers resolve from this repository's node_modules (the folder is inside it), as they would
        // from the consumer's own; nothing is fetched.
        execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", "--no-package-lock", tarball],
            { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const installed = path.join(work, "node_modules", "iotvpc");
        expect(fs.existsSync(path.join(installed, "bin", "components", "index.js"))).to.equal(true);
        expect(fs.existsSync(path.join(installed, "tests"))).to.equal(false);

        fs.writeFileSync(path.join(work, "index.ts"), [
            'import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout, vpcOnlyDevicePolicy } from "iotvpc";',
            "export function stack(vpcId: string, subnetIds: string[]) {",
            "    const args: IotCoreVpcEndpointsArgs = { vpcId, subnetIds, expectedConnections: 250000, recordLayout: RecordLayout.PerEndpoint };",
            '    const iot = new IotCoreVpcEndpoints("iot", args);',
            '    const doc = vpcOnlyDevicePolicy({ region: "us-east-1", accountId: "123456789012", sourceVpce: ["vpce-1a2b3c4d"] });',
            "    return { dataEndpoint: iot.dataEndpoint, capacity: iot.capacity, statements: doc.Statement.length };",
            "}",
        ].join("\n"));
        const typecheck = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16",
            "--target", "es2020", "--skipLibCheck", "--types", "node", "--typeRoots", path.join(ROOT, "node_modules", "@types"), "index.ts"], { cwd: work, encoding: "utf8" });
        expect(typecheck.status, typecheck.stdout + typecheck.stderr).to.equal(0);

        const consumer = require(require.resolve("iotvpc", { paths: [work] })) as typeof import("../components");
        const env = standardAccount();
        const run = await runProgram(env.account, () => {
            const iot = new consumer.IotCoreVpcEndpoints("iot", {
                vpcId: env.vpc.id, subnetIds: env.subnetIds.slice(0, 3), expectedConnections: 250000, recordLayout: consumer.RecordLayout.PerEndpoint,
            });
            return { dataEndpoint: iot.dataEndpoint, capacity: iot.capacity };
        });
        expect(run.error).to.equal(undefined);
        expect(run.stackOutputs).to.deep.include({ dataEndpoint: "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com" });
        expect((run.stackOutputs.capacity as { endpoints: number }).endpoints).to.equal(4); // 250,000 at 80,000 each
        expect(run.registrations.filter((r) => r.type === "aws:route53/record:Record")).to.have.length(4);
        expect(env.account.refusals).to.deep.equal([]);
    });

    it("type-checks every TypeScript snippet of the README against the installed package, as written", () => {
        // after the install above: each ```ts block is a file of its own, importing "iotvpc"
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
        expect(blocks.length).to.be.at.least(5);
        const dir = path.join(work, "readme");
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        const names = blocks.map((code, i) => {
            const name = path.join(dir, `snippet${i + 1}.ts`);
            fs.writeFileSync(name, `${code}\nexport {};\n`);
            return name;
        });
        const typecheck = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16",
            "--target", "es2020", "--skipLibCheck", "--types", "node", "--typeRoots", path.join(ROOT, "node_modules", "@types"), ...names], { cwd: work, encoding: "utf8" });
        expect(typecheck.status, typecheck.stdout + typecheck.stderr).to.equal(0);
    });

    it("runs `npx iotvpc-check --help` from the installed package", () => {
        // after the install above; npx must find it there and fetch nothing
        const env = { ...process.env, npm_config_yes: "false", npm_config_offline: "true" };
        const help = spawnSync("npx", ["iotvpc-check", "--help"], { cwd: work, encoding: "utf8", env });
        expect(help.status, help.stdout + help.stderr).to.equal(0);
        expect(help.stdout).to.match(/^Usage: iotvpc-check \[--outputs <file\|->\]/);
        expect(help.stdout).to.contain("--port-map <port>=<port>");
        const version = spawnSync("npx", ["iotvpc-check", "--version"], { cwd: work, encoding: "utf8", env });
        expect(version.stdout.trim()).to.equal(pkg.version);
    });
});

describe("package: reference docs", function () {
    this.timeout(120_000);

    it("TypeDoc builds the API reference from the code's JSDoc, with no undocumented reference", () => {
        const out = spawnSync("npm", ["run", "docs", "--silent"], { cwd: ROOT, encoding: "utf8" });
        expect(out.status, out.stdout + out.stderr).to.equal(0);
        const page = fs.readFileSync(path.join(ROOT, "bin", "docs", "interfaces", "IotCoreVpcEndpointsArgs.html"), "utf8");
        for (const name of interfaceDocs("IotCoreVpcEndpointsArgs").keys()) {
            expect(page, name).to.contain(`id="${name.toLowerCase()}"`);
        }
        expect(page).to.contain("Peak concurrent device connections to carry");
    });
});
