/**
 * The tests run the compiled policy pack (`policy-pack/bin`), so a build older than the pack's sources
 * would have them judge old code. The shared pack refuses to start then; the offline plan rebuilds.
 * Checked on a small pack written to a temporary folder, with file times set by hand.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { assertPolicyPackBuilt, policyPackBuildState, policyPackSources } from "../simulation/packBuild";
import { POLICY_PACK_DIR } from "../simulation/policyPack";
import { startPolicyPack } from "./support/pack";

const ROOT = path.resolve(__dirname, "..");

/** A pack laid out as the real one: its tsconfig compiles index.ts and what it imports, from `..`. */
const TREE: Record<string, string> = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2020", module: "commonjs", moduleResolution: "node", strict: true } }),
    "policy-pack/tsconfig.json": JSON.stringify({ extends: "../tsconfig.json", compilerOptions: { rootDir: "..", outDir: "bin" }, files: ["index.ts"], include: [] }),
    "policy-pack/package.json": JSON.stringify({ name: "pack", version: "0.1.0", main: "bin/policy-pack/index.js" }),
    "policy-pack/index.ts": 'import { PolicyPack } from "@pulumi/policy";\nimport { policies } from "./policies";\nnew PolicyPack("p", { policies });\n',
    "policy-pack/policies.ts": 'import { isChinaRegion } from "../components/rules";\nimport { read } from "./lib";\nexport const policies = [isChinaRegion, read];\n',
    "policy-pack/lib.ts": "export const read = 1;\n",
    "components/rules.ts": 'import { LIMIT } from "./limits";\nexport const isChinaRegion = LIMIT;\n',
    "components/limits.ts": "export const LIMIT = 1;\n",
    "components/dashboard.ts": "export const unrelated = 1;\n",
};
const OUTPUTS = ["policy-pack/bin/policy-pack/index.js", "policy-pack/bin/policy-pack/policies.js", "policy-pack/bin/policy-pack/lib.js",
    "policy-pack/bin/components/rules.js", "policy-pack/bin/components/limits.js"];

describe("policy pack build: stale builds are refused", () => {
    let root: string;
    let packDir: string;
    const T0 = new Date("2026-01-01T00:00:00Z");
    const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
    const setTime = (file: string, t: Date) => fs.utimesSync(path.join(root, file), t, t);

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "iotvpc-pack-build-"));
        packDir = path.join(root, "policy-pack");
        for (const [file, text] of Object.entries({ ...TREE, ...Object.fromEntries(OUTPUTS.map((o) => [o, "// compiled\n"])) })) {
            fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            fs.writeFileSync(path.join(root, file), text);
        }
        for (const file of Object.keys(TREE)) {
            setTime(file, T0);
        }
        OUTPUTS.forEach((o, i) => setTime(o, later(10 + i)));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("takes the sources from the pack's tsconfig and its local imports, through ../components", () => {
        const rel = (fs: string[]) => fs.map((f) => path.relative(root, f).split(path.sep).join("/"));
        const { compiled, sources } = policyPackSources(packDir);
        expect(rel(compiled.map((c) => c.source))).to.deep.equal(["components/limits.ts", "components/rules.ts", "policy-pack/index.ts", "policy-pack/lib.ts", "policy-pack/policies.ts"]);
        expect(rel(compiled.map((c) => c.output))).to.have.members(OUTPUTS);
        expect(rel(sources)).to.have.members([...rel(compiled.map((c) => c.source)), "policy-pack/package.json", "policy-pack/tsconfig.json", "tsconfig.json"]);
    });

    it("is current when every compiled file is newer than every source", () => {
        expect(policyPackBuildState(packDir)).to.deep.equal({ stale: false, newer: [], missing: [] });
        expect(() => assertPolicyPackBuilt(packDir)).to.not.throw();
    });

    for (const source of ["policy-pack/policies.ts", "policy-pack/lib.ts", "components/rules.ts", "components/limits.ts", "policy-pack/package.json", "policy-pack/tsconfig.json"]) {
        it(`is stale when ${source} changed after the oldest compiled file`, () => {
            setTime(source, later(11)); // after index.js (10), before the others
            expect(policyPackBuildState(packDir)).to.deep.equal({ stale: true, newer: [source], missing: [] });
        });
    }

    it("is stale when a new policy file is not built yet, and not when an unrelated component file changed", () => {
        fs.writeFileSync(path.join(packDir, "endpoints.ts"), "export const endpoints = 1;\n");
        setTime("components/dashboard.ts", later(60));
        expect(policyPackBuildState(packDir)).to.deep.equal({ stale: true, newer: ["policy-pack/endpoints.ts"], missing: [] });
        fs.rmSync(path.join(packDir, "endpoints.ts"));
        expect(policyPackBuildState(packDir).stale).to.equal(false);
    });

    it("is stale when a compiled file is missing (never built, or a module added to the imports)", () => {
        fs.rmSync(path.join(root, "policy-pack/bin/components/limits.js"));
        expect(policyPackBuildState(packDir)).to.deep.equal({ stale: true, newer: [], missing: ["policy-pack/bin/components/limits.js"] });
    });

    it("the shared pack refuses to start a stale build, naming the file and saying to run npm run build:policy", async () => {
        setTime("components/rules.ts", later(60));
        const refusal = await startPolicyPack(packDir).then(() => undefined, (e: Error) => e);
        expect(refusal).to.be.an("error");
        expect(refusal!.message).to.equal("The policy pack's build is stale: the compiled pack is older than components/rules.ts. " +
            "Run `npm run build:policy` (or `npm test`, which builds it) and run the tests again.");
    });
});

describe("policy pack build: the real pack", function () {
    this.timeout(120_000);

    it("counts as sources every file tsc -p policy-pack compiles, and only the pack's own", () => {
        const listed = execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", POLICY_PACK_DIR, "--listFilesOnly"], { cwd: ROOT, encoding: "utf8" })
            .split("\n").map((f) => f.trim()).filter((f) => f !== "" && !f.includes("/node_modules/")).map((f) => path.resolve(f));
        expect(policyPackSources().compiled.map((c) => c.source)).to.have.members(listed);
        expect(listed).to.include(path.join(ROOT, "components", "rules.ts"));
    });
});
