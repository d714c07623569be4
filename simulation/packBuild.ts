/**
 * Whether the compiled policy pack (`policy-pack/bin`, what `npm run build:policy` writes and what the
 * CLI and the tests run) is older than its sources, and the build itself. One definition for the
 * offline plan (which rebuilds), the benchmarks (which rebuild) and the tests (which refuse to start a
 * stale pack: they must test the code in the tree, not an old build of it).
 *
 * The sources are what `tsc -p policy-pack` compiles (the files its tsconfig names and every local
 * module they import, followed through `../components`), every `policy-pack/*.ts`, the pack's
 * `package.json` and the two tsconfig files the build reads.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import * as ts from "typescript";

import { POLICY_PACK_DIR } from "./policyPack";

export interface PolicyPackBuildState {
    /** True when some output is missing or some source is newer than the oldest output. */
    readonly stale: boolean;
    /** Sources newer than the oldest compiled file, relative to the repository root. */
    readonly newer: string[];
    /** Compiled files that should exist and do not, relative to the repository root. */
    readonly missing: string[];
}

export interface PolicyPackSources {
    /** Files tsc compiles (absolute), each with the file it writes. */
    readonly compiled: { source: string; output: string }[];
    /** Files whose change makes the build stale (absolute): the compiled ones and the rest listed above. */
    readonly sources: string[];
}

/** Reads the pack's tsconfig and follows local imports from its root files; nothing is type-checked. */
export function policyPackSources(packDir: string = POLICY_PACK_DIR): PolicyPackSources {
    const configFile = path.join(packDir, "tsconfig.json");
    const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
    if (read.error) {
        throw new Error(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
    }
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, packDir, undefined, configFile);
    const { options } = parsed;
    const rootDir = path.resolve(packDir, options.rootDir ?? ".");
    const outDir = path.resolve(packDir, options.outDir ?? ".");
    const host = ts.createCompilerHost(options);

    const seen = new Set<string>();
    const queue = parsed.fileNames.map((f) => path.resolve(f));
    while (queue.length > 0) {
        const file = queue.pop()!;
        if (seen.has(file)) {
            continue;
        }
        seen.add(file);
        if (!file.endsWith(".ts")) {
            continue;
        }
        for (const imported of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
            const resolved = ts.resolveModuleName(imported.fileName, file, options, host).resolvedModule;
            if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith(".d.ts")) {
                queue.push(path.resolve(resolved.resolvedFileName));
            }
        }
    }
    const compiled = [...seen].sort().map((source) => ({
        source,
        output: path.join(outDir, path.relative(rootDir, source)).replace(/\.ts$/, ".js"),
    }));
    const extra = [
        ...fs.readdirSync(packDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => path.join(packDir, f)),
        path.join(packDir, "package.json"),
        configFile,
        ...(typeof read.config.extends === "string" ? [path.resolve(packDir, read.config.extends)] : []),
    ];
    return { compiled, sources: [...new Set([...compiled.map((c) => c.source), ...extra])].filter((f) => fs.existsSync(f)).sort() };
}

/** Compares the pack's sources with its compiled files, by modification time. */
export function policyPackBuildState(packDir: string = POLICY_PACK_DIR): PolicyPackBuildState {
    const root = path.resolve(packDir, "..");
    const show = (f: string) => path.relative(root, f).split(path.sep).join("/");
    const { compiled, sources } = policyPackSources(packDir);
    const missing = compiled.filter((c) => !fs.existsSync(c.output)).map((c) => show(c.output));
    const builtAt = missing.length > 0 ? -Infinity : Math.min(...compiled.map((c) => fs.statSync(c.output).mtimeMs));
    const newer = missing.length > 0 ? [] : sources.filter((s) => fs.statSync(s).mtimeMs > builtAt).map(show);
    return { stale: missing.length > 0 || newer.length > 0, newer, missing };
}

/** Throws, saying what to run, when the compiled pack is missing or older than its sources. */
export function assertPolicyPackBuilt(packDir: string = POLICY_PACK_DIR): void {
    const state = policyPackBuildState(packDir);
    if (state.stale) {
        const why = state.missing.length > 0
            ? `the compiled pack is missing ${state.missing.join(", ")}`
            : `the compiled pack is older than ${state.newer.join(", ")}`;
        throw new Error(`The policy pack's build is stale: ${why}. Run \`npm run build:policy\` (or \`npm test\`, which builds it) and run the tests again.`);
    }
}

/** Compiles the pack (`tsc -p policy-pack`); throws when tsc fails. */
export function buildPolicyPack(packDir: string = POLICY_PACK_DIR): void {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", packDir], { stdio: "inherit" });
}

/** Compiles the pack when its build is missing or older than its sources. */
export function ensurePolicyPackBuilt(packDir: string = POLICY_PACK_DIR): void {
    if (policyPackBuildState(packDir).stale) {
        buildPolicyPack(packDir);
    }
}
