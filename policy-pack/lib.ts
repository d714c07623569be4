/**
 * Helpers shared by the policies: reading values that may be unknown in a preview, applying config
 * defaults, and indexing a stack's IoT endpoints. Nothing here calls a cloud API.
 */
import { PolicyConfigSchema, PolicyResource, UnknownValueError } from "@pulumi/policy";

import { IOT_CREDENTIALS_SERVICE, IOT_DATA_SERVICE } from "../components/limits";
import { RESOURCE_TYPES } from "../components/resourceTypes";
import { isChinaRegion, isIotService, parseServiceName } from "../components/rules";

/** Marks a value that is not known during a preview. Unknown values are never a violation. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** Reads `f()`; `UNKNOWN` when the policy SDK reports the value unknown. */
export function read<T>(f: () => T): T | Unknown {
    try {
        return f();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw e;
    }
}

/**
 * Copies proxied resource properties into plain data, replacing each unknown value (at any depth) with
 * `UNKNOWN`, so a policy can judge what is known and skip the rest.
 */
export function snapshot(value: unknown): any {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            const v = read(() => value[i]);
            out.push(v === UNKNOWN ? UNKNOWN : snapshot(v));
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        const v = read(() => (value as Record<string, unknown>)[key]);
        out[key] = v === UNKNOWN ? UNKNOWN : snapshot(v);
    }
    return out;
}

export function isKnown<T>(v: T | Unknown): v is T {
    return v !== UNKNOWN;
}

/** True when `v` or anything inside it is unknown. */
export function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsUnknown);
    }
    if (v !== null && typeof v === "object") {
        return Object.values(v).some(containsUnknown);
    }
    return false;
}

/**
 * A policy's config with the defaults of its `configSchema` applied. The Pulumi CLI applies schema
 * defaults before it configures a pack, but other callers (tests, the offline plan, older engines) may
 * not, so the pack applies them itself.
 */
export function configWithDefaults<T extends object>(schema: PolicyConfigSchema, given: Partial<T>): T {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
        if (property && typeof property === "object" && "default" in property) {
            defaults[key] = (property as { default: unknown }).default;
        }
    }
    return { ...defaults, ...given } as T;
}

/** Resource type tokens the policies read: the package's one table (`components/resourceTypes.ts`). */
export const TYPES = RESOURCE_TYPES;

/** The services whose endpoints devices use; private DNS and endpoint policies are refused on them. */
export const DEVICE_SERVICES: readonly string[] = [IOT_DATA_SERVICE, IOT_CREDENTIALS_SERVICE];

/** An interface endpoint for an AWS IoT Core service, as a policy sees it. */
export interface IotEndpointView {
    readonly service: string;
    readonly serviceName: string;
    /** Region from the service name (always known when the service name is). */
    readonly region: string;
    readonly china: boolean;
}

/** The IoT service of an endpoint's properties, or `undefined` when it is not an IoT endpoint or not known. */
export function iotEndpointOf(props: { serviceName?: unknown }): IotEndpointView | undefined {
    const serviceName = props.serviceName;
    if (typeof serviceName !== "string") {
        return undefined;
    }
    const parts = parseServiceName(serviceName);
    if (!parts || !isIotService(parts.service)) {
        return undefined;
    }
    return {
        service: parts.service,
        serviceName,
        region: parts.region,
        china: parts.prefix.startsWith("cn.") || isChinaRegion(parts.region),
    };
}

/** A stack resource with its properties copied to plain data. */
export interface StackResource {
    readonly resource: PolicyResource;
    readonly props: any;
}

/**
 * The stack's resources of the types a policy reads, copied to plain data once per `validateStack` call,
 * by type, by URN and (lazily) by any id property, so every lookup is linear in the stack's size.
 */
export class StackIndex {
    private readonly byType = new Map<string, StackResource[]>();
    private readonly byId = new Map<string, Map<string, StackResource[]>>();
    readonly byUrn = new Map<string, StackResource>();

    constructor(resources: PolicyResource[], types: readonly string[]) {
        const wanted = new Set(types);
        for (const resource of resources) {
            if (!wanted.has(resource.type)) {
                continue;
            }
            const r = { resource, props: snapshot(resource.props) };
            const list = this.byType.get(resource.type);
            if (list) {
                list.push(r);
            } else {
                this.byType.set(resource.type, [r]);
            }
            this.byUrn.set(resource.urn, r);
        }
    }

    ofType(type: string): StackResource[] {
        return this.byType.get(type) ?? [];
    }

    /** Resources of `type` whose (known) `idProperty` equals `id`. */
    withId(type: string, idProperty: string, id: string): StackResource[] {
        const key = `${type}|${idProperty}`;
        let index = this.byId.get(key);
        if (!index) {
            index = new Map();
            for (const r of this.ofType(type)) {
                const v = r.props[idProperty];
                if (typeof v === "string") {
                    const list = index.get(v);
                    if (list) {
                        list.push(r);
                    } else {
                        index.set(v, [r]);
                    }
                }
            }
            this.byId.set(key, index);
        }
        return index.get(id) ?? [];
    }

    /** The IoT interface endpoints (any IoT service) whose service name is known. */
    iotEndpoints(): (StackResource & { view: IotEndpointView })[] {
        return this.ofType(TYPES.vpcEndpoint).flatMap((r) => {
            const view = iotEndpointOf(r.props);
            return view ? [{ ...r, view }] : [];
        });
    }

    /**
     * Resources of `type` that property `property` of `r` points at: by id when the value is known,
     * else by the property's dependencies (how a preview links them).
     */
    referenced(r: StackResource, property: string, type: string, idProperty = "id"): StackResource[] {
        const value = r.props[property];
        const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
        const byId = ids.flatMap((id) => this.withId(type, idProperty, id));
        const deps = (r.resource.propertyDependencies[property] ?? []).map((d) => this.byUrn.get(d.urn)).filter((d): d is StackResource => d !== undefined && d.resource.type === type);
        return [...new Set([...byId, ...deps])];
    }
}
