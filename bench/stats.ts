/**
 * Small helpers for the benchmarks: timing, medians and plain-text tables. Figures are reported, never
 * asserted: a benchmark does not fail because a machine is slow.
 */
import * as os from "os";
import * as v8 from "v8";
import * as vm from "vm";

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function now(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `f` and returns its result and how long it took, in milliseconds. */
export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
    const start = now();
    const value = await f();
    return { ms: now() - start, value };
}

export function median(xs: readonly number[]): number {
    if (xs.length === 0) {
        return NaN;
    }
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounds to `digits` decimals (for the JSON line; tables format themselves). */
export function round(x: number, digits = 2): number {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}

/** A left-aligned first column and right-aligned others, with a header rule. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
    const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)))];
    const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
    const line = (r: readonly (string | number)[]) =>
        r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ").trimEnd();
    return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

function formatNumber(x: number): string {
    if (!Number.isFinite(x)) {
        return String(x);
    }
    if (Number.isInteger(x)) {
        return String(x);
    }
    return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** What the figures were measured on. */
export interface MachineFacts {
    readonly node: string;
    readonly platform: string;
    readonly cpuModel: string;
    readonly cpuCount: number;
    readonly totalMemoryGiB: number;
}

export function machineFacts(): MachineFacts {
    const cpus = os.cpus();
    return {
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        cpuModel: cpus[0]?.model?.trim() ?? "unknown",
        cpuCount: cpus.length,
        totalMemoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    };
}

/** Prints a section title. */
export function section(title: string): void {
    console.log(`\n== ${title} ${"=".repeat(Math.max(0, 96 - title.length))}`);
}

/**
 * A full garbage collection between measurements, so one run's garbage is not collected on the next
 * one's clock. `--expose-gc` cannot be passed through `ts-node`, so it is turned on at run time.
 */
export function exposeGc(): (() => void) | undefined {
    try {
        v8.setFlagsFromString("--expose-gc");
        const gc = vm.runInNewContext("gc") as unknown;
        return typeof gc === "function" ? () => (gc as () => void)() : undefined;
    } catch {
        return undefined;
    }
}
