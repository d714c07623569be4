#!/usr/bin/env node
/**
 * `iotvpc-check`: the command. Reads the flags and the files they name, runs the check with progress
 * on stderr, and prints the table (or JSON) on stdout. Exit status: 0 every check passed, 1 a check
 * failed, 2 usage error.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";

import { systemResolverLabel } from "./dns";
import { parseStackOutputs, ParsedOutputs } from "./outputs";
import { FileInputs, USAGE, buildOptions, parseCommandLine } from "./options";
import { renderText } from "./report";
import { NO_PROGRESS, Progress, runCheck } from "./run";

/** Where the command reads and writes (the process's streams, or a test's). */
export interface Io {
    readonly stdout: { write(s: string): unknown };
    readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean };
    readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
}

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Progress on stderr: one updating line on a terminal, one line per phase otherwise. */
export function stderrProgress(stderr: Io["stderr"]): Progress {
    let phase = "";
    let last = 0;
    return {
        phase(text) {
            if (stderr.isTTY && phase !== "") {
                stderr.write("\n");
            }
            phase = text;
            stderr.write(stderr.isTTY ? `\r\x1b[K${text}` : `${text}\n`);
        },
        step(done, total) {
            const now = Date.now();
            if (stderr.isTTY && (now - last > 50 || done === total)) {
                last = now;
                stderr.write(`\r\x1b[K${phase} [${done}/${total}]`);
            }
        },
        end() {
            if (stderr.isTTY && phase !== "") {
                stderr.write("\n");
            }
        },
    };
}

/** The package's version, from the package.json above this file (source or compiled layout). */
function packageVersion(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "iotvpc") {
                return pkg.version ?? "unknown";
            }
        }
    }
    return "unknown";
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
}

function readText(flag: string, file: string, problems: string[], hint: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        problems.push(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})${hint}`);
        return undefined;
    }
}

function usageError(io: Io, problems: readonly string[]): number {
    io.stderr.write(`iotvpc-check: usage error\n${problems.map((p) => `  - ${p}\n`).join("")}Run iotvpc-check --help for every option.\n`);
    return EXIT_USAGE;
}

/** Runs the command with `argv` (no `node`, no script); resolves to the exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
    // the flags read correctly are checked too, so one run lists every problem of the command line
    const { flags, problems } = parseCommandLine(argv);
    if (problems.length === 0 && flags.help) {
        io.stdout.write(USAGE);
        return EXIT_PASSED;
    }
    if (problems.length === 0 && flags.version) {
        io.stdout.write(`${packageVersion()}\n`);
        return EXIT_PASSED;
    }

    let outputs: ParsedOutputs | undefined;
    // stdin is read unasked only for a command line without mistakes: a mistyped --outputs must not wait on a pipe that never closes
    const fromStdin = flags.outputs === "-" || (problems.length === 0 && flags.outputs === undefined && flags.host.length === 0 && io.stdin.isTTY !== true);
    const source = fromStdin ? "stdin" : flags.outputs;
    const text = fromStdin ? await readAll(io.stdin)
        : flags.outputs !== undefined ? readText("--outputs", flags.outputs, problems, ": save the outputs with `pulumi stack output --json > outputs.json`") : undefined;
    if (text !== undefined && !(fromStdin && flags.outputs === undefined && text.trim() === "")) {
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch (e) {
            problems.push(`--outputs ${source}: not JSON (${(e as Error).message}): save the outputs with \`pulumi stack output --json\``);
        }
        if (json !== undefined) {
            const r = parseStackOutputs(json);
            problems.push(...r.problems.map((p) => `--outputs ${source}: ${p}`));
            outputs = r.outputs;
        }
    }
    const files: FileInputs = {
        ...(outputs ? { outputs } : {}),
        ...(flags.ca !== undefined ? { caPem: readText("--ca", flags.ca, problems, "") } : {}),
        ...(flags.cert !== undefined ? { certPem: readText("--cert", flags.cert, problems, "") } : {}),
        ...(flags.key !== undefined ? { keyPem: readText("--key", flags.key, problems, "") } : {}),
    };
    const built = buildOptions(flags, files, { defaultClientId: `iotvpc-check-${randomBytes(4).toString("hex")}`, systemResolverLabel: systemResolverLabel() });
    problems.push(...built.problems);
    if (problems.length > 0 || !built.options) {
        return usageError(io, problems);
    }

    const report = await runCheck(built.options, flags.quiet ? NO_PROGRESS : stderrProgress(io.stderr));
    io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
    return report.ok ? EXIT_PASSED : EXIT_FAILED;
}

if (require.main === module) {
    main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            process.stderr.write(`iotvpc-check: unexpected error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
            process.exitCode = EXIT_FAILED;
        },
    );
}
