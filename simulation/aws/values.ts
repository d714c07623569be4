/**
 * Reading the loosely typed inputs the mock runtime hands over: narrowing helpers, the preview's unknown
 * values, deep equality and property paths (`ignoreChanges`, `replaceOnChanges`).
 */
import * as pulumi from "@pulumi/pulumi";

/** Inputs or outputs of one resource, as the mock runtime passes them. */
export type Props = Record<string, unknown>;

/** True for a value unknown during a preview, or a structure holding one. */
export function hasUnknown(v: unknown): boolean {
    return pulumi.isUnknown(v) || pulumi.containsUnknowns(v);
}

/** `v` when it is a string (and known). */
export function str(v: unknown): string | undefined {
    return typeof v === "string" && !pulumi.isUnknown(v) ? v : undefined;
}

/** `v` when it is a finite number. */
export function num(v: unknown): number | undefined {
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** `v` when it is a plain object (and known). */
export function rec(v: unknown): Props | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !pulumi.isUnknown(v) ? (v as Props) : undefined;
}

/** `v` when it is an array, else an empty one (unknown lists read as empty: check `hasUnknown` first). */
export function arr(v: unknown): unknown[] {
    return Array.isArray(v) ? v : [];
}

/** Known strings of a list. */
export function strings(v: unknown): string[] {
    return arr(v).map(str).filter((s): s is string => s !== undefined);
}

/** The inputs without unknown values (a preview keeps the deployed value of what is not known yet). */
export function knownOnly(props: Props): Props {
    return Object.fromEntries(Object.entries(props).filter(([, v]) => !hasUnknown(v)));
}

/** Structural equality of JSON-like values; an unknown value equals nothing. */
export function deepEqual(a: unknown, b: unknown): boolean {
    if (hasUnknown(a) || hasUnknown(b)) {
        return false;
    }
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    const ra = rec(a);
    const rb = rec(b);
    if (ra && rb) {
        const keys = new Set([...Object.keys(ra), ...Object.keys(rb)].filter((k) => ra[k] !== undefined || rb[k] !== undefined));
        return [...keys].every((k) => deepEqual(ra[k], rb[k]));
    }
    return false;
}

/**
 * The key of one element of a set-typed input: a string itself, or the listed fields of an object
 * (an absent field and an empty string are alike, as the provider reads them back).
 */
export function setElementKey(element: unknown, fields: readonly string[] | "value"): string {
    if (fields === "value") {
        return JSON.stringify(element);
    }
    const r = rec(element) ?? {};
    return JSON.stringify(fields.map((f) => (r[f] === undefined || r[f] === null ? "" : r[f])));
}

/** A set-typed input with its duplicates merged (the first of each kept), as the provider holds it. */
export function mergeSet(list: unknown, fields: readonly string[] | "value"): unknown {
    if (!Array.isArray(list) || hasUnknown(list)) {
        return list;
    }
    const seen = new Set<string>();
    return list.filter((e) => {
        const key = setElementKey(e, fields);
        const fresh = !seen.has(key);
        seen.add(key);
        return fresh;
    });
}

/** Equality of two set-typed inputs: the same element keys, in any order. */
export function sameSet(a: unknown, b: unknown, fields: readonly string[] | "value"): boolean {
    if (hasUnknown(a) || hasUnknown(b)) {
        return false;
    }
    const keys = (v: unknown) => [...new Set(arr(v).map((e) => setElementKey(e, fields)))].sort();
    return deepEqual(keys(a), keys(b));
}

/**
 * Top-level inputs that differ between `before` and `after`; inputs named in `sets` compare as sets
 * (order and duplicates do not count).
 */
export function changedKeys(before: Props, after: Props, sets: Readonly<Record<string, readonly string[] | "value">> = {}): string[] {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter((k) => (sets[k] !== undefined && before[k] !== undefined && after[k] !== undefined
        ? !sameSet(before[k], after[k], sets[k])
        : !deepEqual(before[k], after[k]))).sort();
}

/** A property path (`tags.Name`, `ingress[0].cidrBlocks`, `tags["a.b"]`) as its segments; `*` stays a segment. */
export function parsePath(path: string): (string | number)[] {
    const segments: (string | number)[] = [];
    const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]|\[(\*)\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(path)) !== null) {
        segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3] ?? m[4]));
    }
    return segments;
}

/** The value at `path` (up to the first `*`). */
export function getPath(props: Props, path: string): unknown {
    let v: unknown = props;
    for (const s of parsePath(path)) {
        if (s === "*") {
            return v;
        }
        if (Array.isArray(v) && typeof s === "number") {
            v = v[s];
        } else {
            const r = rec(v);
            v = r ? r[String(s)] : undefined;
        }
    }
    return v;
}

/** A copy of `props` with the value at `path` set to `value` (removed when `undefined`). */
export function setPath(props: Props, path: string, value: unknown): Props {
    const segments = parsePath(path);
    const cut = segments.indexOf("*");
    const head = cut < 0 ? segments : segments.slice(0, cut);
    if (head.length === 0) {
        return rec(value) ? { ...(value as Props) } : {};
    }
    const write = (node: unknown, i: number): unknown => {
        const s = head[i];
        const last = i === head.length - 1;
        if (typeof s === "number") {
            const copy = Array.isArray(node) ? [...node] : [];
            copy[s] = last ? value : write(copy[s], i + 1);
            return copy;
        }
        const copy: Props = { ...(rec(node) ?? {}) };
        const next = last ? value : write(copy[s], i + 1);
        if (next === undefined) {
            delete copy[s];
        } else {
            copy[s] = next;
        }
        return copy;
    };
    return write(props, 0) as Props;
}

/** `v` deep-copied (plain objects and arrays; anything else kept). */
export function copyValue<V>(v: V): V {
    if (Array.isArray(v)) {
        return v.map(copyValue) as unknown as V;
    }
    const r = rec(v);
    if (r && Object.getPrototypeOf(r) === Object.prototype) {
        return Object.fromEntries(Object.entries(r).map(([k, x]) => [k, copyValue(x)])) as V;
    }
    return v;
}
