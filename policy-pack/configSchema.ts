/**
 * The part of JSON Schema that policy config schemas use (type, minimum, maximum, enum, items,
 * properties, additionalProperties, required), checked the way the Pulumi CLI checks a policy config
 * file. One definition for two readers: the pack falls back to a property's default when a caller sent
 * a value its schema refuses, and the offline plan reports every such value before it runs anything.
 * Pure: imports nothing.
 */

/** A JSON Schema as a policy declares it in `configSchema.properties`, or as GetAnalyzerInfo reports it. */
export interface ConfigPropertySchema {
    readonly type?: string | readonly string[];
    readonly minimum?: number;
    readonly maximum?: number;
    readonly enum?: readonly unknown[];
    readonly items?: ConfigPropertySchema | boolean;
    readonly properties?: { readonly [key: string]: ConfigPropertySchema | boolean };
    readonly additionalProperties?: ConfigPropertySchema | boolean;
    readonly required?: readonly string[];
    readonly default?: unknown;
    readonly description?: string;
}

/** Enforcement levels a policy config may set (the CLI's `--policy-pack-config` file format). */
export const ENFORCEMENT_LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A value as a message shows it: JSON, or its type when JSON cannot say it. */
export function showValue(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return String(value); // JSON would say null
    }
    try {
        const s = JSON.stringify(value);
        if (s === undefined) {
            return typeof value;
        }
        return s.length > 80 ? `${s.slice(0, 77)}...` : s;
    } catch {
        return typeof value;
    }
}

function typeName(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "array";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return "non-finite number";
    }
    return typeof value;
}

function hasType(value: unknown, type: string): boolean {
    switch (type) {
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "string":
            return typeof value === "string";
        case "boolean":
            return typeof value === "boolean";
        case "array":
            return Array.isArray(value);
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        case "null":
            return value === null;
        default:
            return true;
    }
}

const article = (type: string) => (/^[aeiou]/.test(type) ? "an" : "a");

/**
 * Every way `value` breaks `schema`, one line each, naming `path` (such as
 * `iot-endpoints-per-vpc.maxEndpointsPerVpc`) and what is allowed. Empty when the value is valid.
 */
export function schemaProblems(schema: ConfigPropertySchema | boolean, value: unknown, path: string): string[] {
    if (schema === true) {
        return [];
    }
    if (schema === false) {
        return [`${path} = ${showValue(value)}: is not allowed here.`];
    }
    const at = `${path} = ${showValue(value)}`;
    if (schema.type !== undefined) {
        const types = typeof schema.type === "string" ? [schema.type] : schema.type;
        if (!types.some((t) => hasType(value, t))) {
            return [`${at}: must be ${types.map((t) => `${article(t)} ${t}`).join(" or ")}, not ${article(typeName(value))} ${typeName(value)}.`];
        }
    }
    if (schema.enum !== undefined && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        return [`${at}: must be one of ${schema.enum.map(showValue).join(", ")}.`];
    }
    const problems: string[] = [];
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) {
            problems.push(`${at}: must be at least ${schema.minimum}.`);
        }
        if (schema.maximum !== undefined && value > schema.maximum) {
            problems.push(`${at}: must be at most ${schema.maximum}.`);
        }
    }
    if (Array.isArray(value) && schema.items !== undefined) {
        value.forEach((v, i) => problems.push(...schemaProblems(schema.items!, v, `${path}[${i}]`)));
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (!(key in record)) {
                problems.push(`${path}.${key}: is required.`);
            }
        }
        for (const [key, v] of Object.entries(record)) {
            const property = schema.properties?.[key];
            if (property !== undefined) {
                problems.push(...schemaProblems(property, v, `${path}.${key}`));
            } else if (schema.additionalProperties !== undefined) {
                problems.push(...schemaProblems(schema.additionalProperties, v, `${path}.${key}`));
            }
        }
    }
    return problems;
}
