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
import { Lockfile, consumerLock } from "./support/consumerLock";
import { standardAccount } from "./support/fixtures";
import { skipBecause } from "./support/skip";

const ROOT = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** Members of an exported interface of `file` (default components/args.ts) with their JSDoc text, from the TypeScript source. */
function interfaceDocs(name: string, file = path.join(ROOT, "components", "args.ts")): Map<string, string> {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2020, true);
    const members = new Map<string, string>();
    source.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
            for (const m of node.members) {
                members.set((m.name as ts.Identifier).text, jsDocOf(m));
            }
        }
    });
    return members;
}

/** The JSDoc text of a declaration. */
function jsDocOf(node: ts.Node): string {
    return ts.getJSDocCommentsAndTags(node).map((d) => (ts.isJSDoc(d) ? ts.getTextOfJSDocComment(d.comment) ?? "" : "")).join("\n");
}

/** Every exported declaration of `file` and every member of its exported interfaces, with their JSDoc text. */
function exportedDocs(file: string): Map<string, string> {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2020, true);
    const docs = new Map<string, string>();
    source.forEachChild((node) => {
        const exported = ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (exported && (ts.isInterfaceDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name) {
            docs.set(node.name.text, jsDocOf(node));
            if (ts.isInterfaceDeclaration(node)) {
                for (const [member, doc] of interfaceDocs(node.name.text, file)) {
                    docs.set(`${node.name.text}.${member}`, doc);
                }
            }
        }
    });
    return docs;
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
        for (const type of ["CustomDomainArgs", "DevicePolicyArgs", "InboundResolverArgs", "CredentialsProviderArgs", "CapacityAlarmArgs", "GreengrassArgs"]) {
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
        expect(values("GreengrassEndpoint")).to.deep.equal(["greengrass", "logs", "secretsmanager", "ecr", "sts"]);
        expect(Object.keys(schema.types["iotvpc:index:GreengrassNucleusConfig"].properties).sort()).to.deep.equal([
            "awsRegion", "greengrassDataPlaneEndpoint", "greengrassDataPlanePort", "iotCredEndpoint", "iotDataEndpoint", "iotRoleAlias", "s3EndpointType"]);
    });

    it("has every output with its description", () => {
        const r = schema.resources["iotvpc:index:IotCoreVpcEndpoints"];
        expect(Object.keys(r.properties).sort()).to.deep.equal([
            "alarmNames", "capacity", "connectionSettings", "credentialsEndpoint", "customDomainZoneIds", "customDomains", "dashboardName", "dataEndpoint",
            "devicePolicyName", "endpointIds", "greengrassNucleusConfig", "hostedZoneId", "notes", "records", "resolverIps", "securityGroupId",
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

/** The consumer's unit test that shows `iotvpc/testing`: run against the installed package, and shown in the README. */
const CONSUMER_EXAMPLE = path.join(ROOT, "examples", "consumer-test", "iot.spec.ts");

/** `tsc --noEmit` over `files` in `cwd` as a consumer's strict project, with `resolution` "node10" (Pulumi's template) or "node16". */
function typecheck(cwd: string, files: string[], resolution: "node10" | "node16") {
    const module = resolution === "node10" ? ["--module", "commonjs", "--moduleResolution", "node10"] : ["--module", "node16", "--moduleResolution", "node16"];
    return spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "--strict", ...module, "--target", "es2020", "--skipLibCheck",
        "--types", "node,mocha", "--typeRoots", path.join(ROOT, "node_modules", "@types"), ...files], { cwd, encoding: "utf8" });
}

/** The source files of `dir` (relative to the repository) as `tsc` compiles them into `bin/`, with `exts`. */
function compiledFrom(dir: string, exts: string[], except: string[] = []): string[] {
    const sources = (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith(".ts") && !except.includes(f)).map((f) => f.replace(/\\/g, "/").replace(/\.ts$/, ""));
    return sources.flatMap((f) => exts.map((e) => `bin/${dir}/${f}${e}`));
}

describe("package: npm tarball and a consumer", function () {
    this.timeout(240_000);
    const work = path.join(ROOT, "bin", "consumer-test");
    let tarball: string;
    let files: string[];
    let integrity: string;

    before(() => {
        fs.rmSync(work, { recursive: true, force: true });
        fs.mkdirSync(work, { recursive: true });
        // `npm pack` runs `prepare` (the build), as `npm publish` and a git install would.
        const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const [info] = JSON.parse(out.slice(out.indexOf("[")));
        tarball = path.join(work, info.filename);
        files = info.files.map((f: { path: string }) => f.path);
        integrity = info.integrity;
    });

    it("ships the compiled component, the iotvpc-check command, iotvpc/testing with the fake account it wraps, README, LICENSE and CHANGELOG, and nothing else", () => {
        expect(files).to.include.members(["package.json", "README.md", "LICENSE", "CHANGELOG.md", "bin/components/index.js", "bin/components/index.d.ts",
            "bin/components/iotCoreVpcEndpoints.js", "bin/check/cli.js", "bin/testing/index.js", "bin/testing/index.d.ts", "bin/simulation/aws/account.js",
            "bin/simulation/aws/rules/route53.js"]);
        const expected = [
            "package.json", "README.md", "LICENSE", "CHANGELOG.md",
            // the provider host's files are for `pulumi package add`, which builds from the repository
            ...compiledFrom("components", [".js", ".d.ts"], ["provider.ts", "providerOptions.ts"]),
            ...compiledFrom("check", [".js"]),
            ...compiledFrom("testing", [".js", ".d.ts"]),
            // the fake's code, not its types: iotvpc/testing's declarations stand alone
            ...compiledFrom("simulation/aws", [".js"]),
        ];
        expect([...files].sort()).to.deep.equal(expected.sort());
        expect(files.some((f) => /provider|harness|policyPack|plan\.js/i.test(f))).to.equal(false);
    });

    it("points main, types and exports at the compiled output and declares peer ranges newer SDKs satisfy", () => {
        expect(pkg.main).to.equal("bin/components/index.js");
        expect(pkg.types).to.equal("bin/components/index.d.ts");
        expect(pkg.exports).to.deep.equal({
            ".": { types: "./bin/components/index.d.ts", default: "./bin/components/index.js" },
            "./testing": { types: "./bin/testing/index.d.ts", default: "./bin/testing/index.js" },
            "./package.json": "./package.json",
        });
        // TypeScript's node10 resolution (Pulumi's project template) reads no exports: it finds iotvpc/testing's types here
        expect(pkg.typesVersions).to.deep.equal({ "*": { testing: ["bin/testing/index.d.ts"] } });
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

    it("installs offline from what this repository's npm ci cached, and runs a small stack under mocks, with the types a TypeScript consumer sees", async () => {
        // The consumer's lockfile pins what this repository's lockfile pins, so `npm ci --offline` fetches
        // exactly what `npm ci` here fetched: on a new machine the cache holds that and nothing more
        // (tests/support/consumerLock.ts says why `npm install --offline <tarball>` cannot work there).
        const filename = path.basename(tarball);
        fs.writeFileSync(path.join(work, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies: { iotvpc: `file:${filename}` } }, null, 2));
        const repoLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lockfile;
        fs.writeFileSync(path.join(work, "package-lock.json"), JSON.stringify(consumerLock(repoLock, { filename, integrity, manifest: pkg }, "consumer"), null, 2));
        // Peers resolve from this repository's node_modules (the folder is inside it), as they would
        // from the consumer's own; nothing is fetched.
        execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps"],
            { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const installed = path.join(work, "node_modules", "iotvpc");
        expect(fs.existsSync(path.join(installed, "bin", "components", "index.js"))).to.equal(true);
        expect(fs.existsSync(path.join(installed, "tests"))).to.equal(false);
        // the command's libraries at the versions this repository tests with
        expect(JSON.parse(fs.readFileSync(path.join(work, "node_modules", "mqtt", "package.json"), "utf8")).version).to.equal("5.16.0");
        expect(JSON.parse(fs.readFileSync(path.join(work, "node_modules", "cli-table3", "package.json"), "utf8")).version).to.equal("0.6.5");

        fs.writeFileSync(path.join(work, "index.ts"), [
            'import { IotCoreVpcEndpoints, IotCoreVpcEndpointsArgs, RecordLayout, vpcOnlyDevicePolicy } from "iotvpc";',
            "export function stack(vpcId: string, subnetIds: string[]) {",
            "    const args: IotCoreVpcEndpointsArgs = { vpcId, subnetIds, expectedConnections: 250000, recordLayout: RecordLayout.PerEndpoint };",
            '    const iot = new IotCoreVpcEndpoints("iot", args);',
            '    const doc = vpcOnlyDevicePolicy({ region: "us-east-1", accountId: "123456789012", sourceVpce: ["vpce-1a2b3c4d"] });',
            "    return { dataEndpoint: iot.dataEndpoint, capacity: iot.capacity, statements: doc.Statement.length };",
            "}",
        ].join("\n"));
        const checked = typecheck(work, ["index.ts"], "node16");
        expect(checked.status, checked.stdout + checked.stderr).to.equal(0);

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

    it("runs the consumer's own unit test (examples/consumer-test/iot.spec.ts) on iotvpc/testing from the installed package, type-checked under both module resolutions", () => {
        // after the install above; the consumer's test imports "iotvpc" and "iotvpc/testing" as a user's does
        const dir = path.join(work, "test");
        fs.mkdirSync(dir, { recursive: true });
        fs.copyFileSync(CONSUMER_EXAMPLE, path.join(dir, "iot.spec.ts"));
        // the consumer's own TypeScript settings (Pulumi's template), which ts-node reads under mocha
        fs.writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", skipLibCheck: true } }));
        for (const resolution of ["node10", "node16"] as const) {
            const checked = typecheck(work, ["test/iot.spec.ts"], resolution);
            expect(checked.status, `${resolution}: ${checked.stdout}${checked.stderr}`).to.equal(0);
        }
        const mocha = spawnSync(process.execPath, [require.resolve("mocha/bin/mocha.js"), "--no-config", "--require", "ts-node/register/transpile-only",
            "--reporter", "json", "--timeout", "60000", "test/iot.spec.ts"], { cwd: work, encoding: "utf8" });
        expect(mocha.status, mocha.stdout + mocha.stderr).to.equal(0);
        const report = JSON.parse(mocha.stdout.slice(mocha.stdout.indexOf("{")));
        expect(report.stats).to.deep.include({ tests: 4, passes: 4, failures: 0, pending: 0 });
    });

    it("ships a fake account that needs only @pulumi/pulumi, Node and its own files", () => {
        // after the install above: every require of iotvpc/testing's code, followed through the installed files
        const installed = path.join(work, "node_modules", "iotvpc");
        const external = new Set<string>();
        const reached = new Set<string>();
        const visit = (file: string) => {
            if (reached.has(file)) {
                return;
            }
            reached.add(file);
            for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/require\("([^"]+)"\)/g)) {
                if (spec.startsWith(".")) {
                    visit(require.resolve(path.resolve(path.dirname(file), spec)));
                } else {
                    external.add(spec);
                }
            }
        };
        visit(path.join(installed, "bin", "testing", "index.js"));
        expect([...external].sort()).to.deep.equal(["@pulumi/pulumi", "@pulumi/pulumi/package.json", "@pulumi/pulumi/runtime/debuggable", "@pulumi/pulumi/runtime/settings", "crypto"]);
        const fromComponents = [...reached].filter((f) => f.includes(`${path.sep}components${path.sep}`)).map((f) => path.basename(f)).sort();
        expect(fromComponents).to.deep.equal(["limits.js", "resourceTypes.js"]);
    });

    it("type-checks every TypeScript snippet of the README and docs/ against the installed package, as written", () => {
        // after the install above: each ```ts block is a file of its own, importing "iotvpc"
        const tsBlocks = (file: string) => [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
        expect(tsBlocks("README.md").length).to.be.at.least(5);
        const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`);
        const blocks = ["README.md", ...docs].flatMap((file) => tsBlocks(file).map((code) => ({ file, code })));
        const dir = path.join(work, "readme");
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        const names = blocks.map(({ file, code }, i) => {
            const name = path.join(dir, `${path.basename(file, ".md")}-snippet${i + 1}.ts`);
            fs.writeFileSync(name, `${code}\nexport {};\n`);
            return name;
        });
        const checked = typecheck(work, names, "node16");
        expect(checked.status, checked.stdout + checked.stderr).to.equal(0);
    });

    it("README shows the consumer's unit test exactly as the file the tests run", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
        expect(blocks, "a ```ts block of README.md holding examples/consumer-test/iot.spec.ts").to.include(fs.readFileSync(CONSUMER_EXAMPLE, "utf8"));
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
        const page = fs.readFileSync(path.join(ROOT, "bin", "docs", "interfaces", "iotvpc.IotCoreVpcEndpointsArgs.html"), "utf8");
        for (const name of interfaceDocs("IotCoreVpcEndpointsArgs").keys()) {
            expect(page, name).to.contain(`id="${name.toLowerCase()}"`);
        }
        expect(page).to.contain("Peak concurrent device connections to carry");
        // iotvpc/testing, a module of its own in the same reference
        const testing = fs.readFileSync(path.join(ROOT, "bin", "docs", "interfaces", "iotvpc_testing.MockAwsAccount.html"), "utf8");
        for (const name of interfaceDocs("MockAwsAccount", path.join(ROOT, "testing", "index.ts")).keys()) {
            expect(testing, name).to.contain(`id="${name.toLowerCase()}"`);
        }
        expect(fs.existsSync(path.join(ROOT, "bin", "docs", "functions", "iotvpc_testing.mockAwsAccount.html"))).to.equal(true);
    });

    it("documents every export of iotvpc/testing and every member of its interfaces", () => {
        const docs = exportedDocs(path.join(ROOT, "testing", "index.ts"));
        expect([...docs.keys()].filter((k) => !k.includes("."))).to.deep.equal([
            "MockAwsAccountOptions", "MockVpcOptions", "MockVpc", "MockSubnet", "MockNetworkInterface", "MockResource", "MockInvoke", "MockAwsAccount", "mockAwsAccount",
        ]);
        const undocumented = [...docs].filter(([, doc]) => doc.trim() === "").map(([name]) => name);
        expect(undocumented).to.deep.equal([]);
    });
});
