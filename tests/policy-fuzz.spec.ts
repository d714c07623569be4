/**
 * The pack never fails a preview: every resource type it reads, mutated at random (unknowns anywhere,
 * nulls, wrong types, huge lists, long strings, pathological wildcards), goes through the analyzer
 * protocol as the CLI sends it (`Analyze` of the resource, `AnalyzeStack` of a stack holding it). No call
 * may fail, none may take a second, and a resource whose values are all unknown is never a mandatory
 * violation. Seeded and bounded, so a run is repeatable; the figures are printed.
 */
import { expect } from "chai";
import * as fc from "fast-check";

import { INTERNAL_ERROR } from "../policy-pack/lib";
import { AnalyzedResource, Diagnostic, PolicyPackProcess, mandatory } from "../simulation/policyPack";
import { T } from "./support/fixtures";
import { sharedPolicyPack } from "./support/pack";
import {
    ATS,
    SUBNETS,
    U,
    VPC,
    componentArgs,
    componentWithChildren,
    iotEndpoint,
    iotPolicy,
    passingStack,
    res,
    securityGroup,
    weightedRecord,
    withProps,
    zoneAssociation,
} from "./support/stacks";

const SEED = 20261127;
const RUNS = 200;
const SLOW_MS = 1000;

/** A stack holding one passing resource of every type the pack reads (outputs), plus its IoT policy document. */
function everyType(): AnalyzedResource[] {
    const sgId = "sg-0a1b2c3d4e5f60001";
    return [
        ...passingStack().map((r) => (r.type === T.vpcEndpoint ? withProps(r, { subnetConfigurations: SUBNETS.map((s, i) => ({ subnetId: s, ipv4: `10.20.${i * 16}.10` })) }) : r)),
        res(T.vpcEndpointPolicy, "ep-policy", { vpcEndpointId: "vpce-0s3", policy: "{}" }),
        iotEndpoint("s3", { id: "vpce-0s3", serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }),
        res(T.securityGroupRule, "sg-rule", { type: "ingress", securityGroupId: sgId, protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.30.0.0/16"] }),
        res(T.securityGroupIngressRule, "sg-ingress", { securityGroupId: sgId, ipProtocol: "tcp", fromPort: 8883, toPort: 8883, cidrIpv4: "10.40.0.0/16" }),
        zoneAssociation("assoc", "vpc-0a1b2c3d4e5f60002"),
        zoneAssociation("auth", "vpc-0a1b2c3d4e5f60003", "Z0ABCDEF123456", T.vpcAssociationAuthorization),
        res(T.record, "plain", { zoneId: "Z0ABCDEF123456", name: ATS, type: "TXT", ttl: 60, records: ["v=1"] }),
        res(T.record, "alias", { zoneId: "Z0ABCDEF123456", name: "devices.example.com", type: "A", setIdentifier: "a", weightedRoutingPolicies: [{ weight: 1 }],
            aliases: [{ name: "vpce-1.vpce.amazonaws.com", zoneId: "Z7HUB3A4ZT3WC", evaluateTargetHealth: false }] }),
        res(T.domainConfiguration, "domain", { domainName: "devices.example.com", serviceType: "DATA" }),
        iotPolicy([
            { Effect: "Allow", Action: ["iot:Connect"], Resource: ["arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"], Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } },
            { Effect: "Deny", NotAction: "iot:Publish", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpc": VPC } } },
            { Effect: "Allow", Action: "iot:Publish", Resource: "arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}/*" },
        ]),
        ...componentWithChildren({ endpoints: 2, enisPerEndpoint: 3, enis: 6, maxDevices: 200_000, expectedConnections: 150_000, records: 6, targetUtilizationPercent: 80, plannedDevicesPerEndpoint: 80_000 }, 2),
    ];
}

/** The component's arguments as `Analyze` sees them (its outputs are in `everyType`). */
const ARGS = componentArgs({
    expectedConnections: 150_000, endpointCount: 2, targetUtilizationPercent: 80, maxEndpointsPerVpc: 50, mqttKeepAliveSeconds: 120,
    credentialsProvider: { endpointCount: 1 }, customDomains: [{ domainName: "devices.example.com", existingHostedZoneId: "Z0EXISTING" }],
    allowedCidrs: ["10.20.0.0/16"], subnetCount: 3, drainingSubnetIds: [], additionalVpcs: [],
}, "iot-args");

/** Values that have broken policies, or could. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
    fc.constantFrom<unknown>(U, null, true, false, 0, -1, 1e308, 3.5, "", "x", "-1", "tcp", "6", "true", "8883", "0.0.0.0/0", "::/0", "0.0.0.0/1",
        "128.0.0.0/1", "203.0.113.0/24", "10.0.0.0/8", "*", "iot:Connect", ATS, "amazonaws.com", "a3k7odshaiipe8.iot.us-east-1.amazonaws.com", "__proto__"),
    fc.constantFrom<unknown>([], [U], [null], [[U]], [{}], { a: U }, {}, { weight: U }, [{ weight: U }], [{ vpcId: null }]),
    fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 40 }),
    fc.array(fc.constantFrom<unknown>(U, null, 1, "x", "10.0.0.0/8", "0.0.0.0/1", {}, [U]), { maxLength: 8 }),
    fc.constantFrom(20_000, 100_000).map((n) => "x".repeat(n)),
    fc.constantFrom(22, 50, 2000).map((n) => `iot:${"*".repeat(n)}z`),
    // Huge lists (AWS allows 60 rules, 100 records): big enough to expose work that grows faster than the input.
    fc.constantFrom(500, 2_000).map((n) => Array.from({ length: n }, (_, i) => (i % 7 === 0 ? U : `${(i >> 8) & 255}.${i & 255}.0.0/16`))),
    fc.constantFrom(100, 500).map((n) => Array.from({ length: n }, (_, i) => ({ weight: i % 3, vpcId: i % 5 === 0 ? U : `vpc-${i}`, protocol: [U] }))),
    fc.constant(Array.from({ length: 60 }).reduce<unknown>((inner, _, i) => (i % 2 === 0 ? { next: inner } : [inner, null]), U)),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.constantFrom<unknown>(U, null, 1, "x", [U]), { maxKeys: 4 }),
);

type Path = (string | number)[];

/** Every path to a value in `v` (objects and lists included), the root's keys first. */
function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
    if (Array.isArray(v)) {
        v.forEach((x, i) => {
            out.push([...prefix, i]);
            paths(x, [...prefix, i], out);
        });
    } else if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
            out.push([...prefix, k]);
            paths(x, [...prefix, k], out);
        }
    }
    return out;
}

/** `v` with the value at `path` replaced (or removed, for `undefined`). */
function setAt(v: unknown, path: Path, value: unknown): unknown {
    if (path.length === 0) {
        return value;
    }
    const copy: Record<string | number, unknown> = Array.isArray(v) ? [...v] as unknown as Record<number, unknown> : { ...(v as Record<string, unknown>) };
    const [head, ...rest] = path;
    if (rest.length === 0 && value === undefined) {
        delete copy[head];
    } else {
        copy[head] = setAt(copy[head], rest, value);
    }
    return copy;
}

/** Every leaf of `v` replaced with the engine's unknown sentinel. */
function allUnknown(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(allUnknown);
    }
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, allUnknown(x)]));
    }
    return U;
}

interface Mutation { readonly target: number; readonly inDocument: boolean; readonly pick: number; readonly value: unknown; readonly extraKey?: string }

/** Applies a mutation to resource properties: at an existing path, at a new key, or inside an IoT policy document. */
function mutate(props: Record<string, unknown>, m: Mutation): Record<string, unknown> {
    if (m.inDocument && typeof props.policy === "string") {
        let doc: unknown;
        try {
            doc = JSON.parse(props.policy);
        } catch {
            doc = {};
        }
        const ps = [[], ...paths(doc)];
        const changed = setAt(doc, ps[m.pick % ps.length], m.value);
        // An unknown inside a document is not JSON: the engine would send the whole string unknown.
        const text = JSON.stringify(changed, (_k, v) => (v === U ? "unknown" : v));
        return { ...props, policy: text ?? U };
    }
    if (m.extraKey !== undefined) {
        return { ...props, [m.extraKey]: m.value };
    }
    const ps = paths(props);
    return ps.length === 0 ? props : setAt(props, ps[m.pick % ps.length], m.value) as Record<string, unknown>;
}

describe("policy pack under fuzzing (through the analyzer protocol)", function () {
    this.timeout(120_000);
    let pack: PolicyPackProcess;
    const stats = { requests: 0, errors: [] as string[], slowestMs: 0, slowest: "", started: 0 };

    /** Sends one request, timing it; a failed call, or a policy that failed (INTERNAL_ERROR), is recorded, never thrown. */
    async function send(what: string, call: () => Promise<Diagnostic[]>): Promise<Diagnostic[]> {
        const t0 = process.hrtime.bigint();
        stats.requests++;
        try {
            const ds = await call();
            const internal = ds.find((d) => d.message.includes(INTERNAL_ERROR));
            if (internal) {
                stats.errors.push(`${what}: ${internal.message}`);
            }
            return ds;
        } catch (e) {
            stats.errors.push(`${what}: ${(e as Error).message.split("\n").slice(0, 4).join(" | ")}`);
            return [];
        } finally {
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            if (ms > stats.slowestMs) {
                stats.slowestMs = ms;
                stats.slowest = what;
            }
        }
    }

    before(async () => {
        pack = await sharedPolicyPack();
        await pack.configure({});
        stats.started = Date.now();
    });

    after(() => {
        console.log(`      fuzz: ${stats.requests} requests, ${stats.errors.length} errors, slowest answer ${stats.slowestMs.toFixed(0)} ms (${stats.slowest}), ` +
            `${((Date.now() - stats.started) / 1000).toFixed(1)} s`);
    });

    it("the resources it starts from pass", async () => {
        expect(await pack.analyzeStack(everyType())).to.deep.equal([]);
        for (const r of [...everyType(), ARGS]) {
            expect(await pack.analyze(r), r.name).to.deep.equal([]);
        }
    });

    it("the crashes found by fuzzing stay fixed", async () => {
        const stack = everyType();
        const cases: [string, AnalyzedResource[]][] = [
            ["ingress: [null] on an IoT endpoint's security group", stack.map((r) => (r.name === "sg" ? withProps(r, { ingress: [null] }) : r))],
            ["vpcs: [null] on a zone holding a weighted ATS record", stack.map((r) => (r.name === "zone" ? withProps(r, { vpcs: [null] }) : r))],
            ["protocol: [<unknown>]", stack.map((r) => (r.name === "sg" ? securityGroup("sg", [{ protocol: [U], fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }]) : r))],
            ["weight: [<unknown>]", [...stack, weightedRecord("w", "10.20.0.99", { weightedRoutingPolicies: [{ weight: [U] }] })]],
            ["fromPort: {<unknown>}", stack.map((r) => (r.name === "sg" ? securityGroup("sg", [{ protocol: "tcp", fromPort: { a: U }, toPort: [U], cidrBlocks: [[U]] }]) : r))],
        ];
        for (const [what, s] of cases) {
            const ds = await send(what, () => pack.analyzeStack(s));
            expect(stats.errors, what).to.deep.equal([]);
            expect(ds.filter((d) => d.message.includes("Cannot convert")), what).to.deep.equal([]);
        }
        const slow = iotPolicy([{ Effect: "Allow", Action: `iot:${"*".repeat(22)}z`, Resource: "*" }]);
        const t0 = Date.now();
        await send("iot: + 22 stars + z", () => pack.analyze(slow));
        expect(Date.now() - t0).to.be.lessThan(SLOW_MS);
    });

    it("a resource whose values are all unknown is never a mandatory violation", async () => {
        const stack = everyType();
        for (const [i, r] of [...stack.entries(), [-1, ARGS] as const]) {
            for (const [how, props] of [["every leaf", allUnknown(r.properties)], ["every property", Object.fromEntries(Object.keys(r.properties).map((k) => [k, U]))]] as const) {
                const unknown = { ...r, properties: props as Record<string, unknown> };
                const what = `${r.type} ${r.name}, ${how} unknown`;
                const alone = mandatory(await send(`Analyze ${what}`, () => pack.analyze(unknown)));
                const inStack = mandatory(await send(`AnalyzeStack ${what}`, () => pack.analyzeStack(i < 0 ? [...stack, unknown] : stack.map((x, j) => (j === i ? unknown : x)))));
                expect([...alone, ...inStack].map((d) => `${d.policyName}: ${d.detail}`), what).to.deep.equal([]);
            }
        }
        expect(stats.errors).to.deep.equal([]);
    });

    it(`mutated resources never fail a call nor take ${SLOW_MS} ms (seed ${SEED}, ${RUNS} runs)`, async () => {
        const stack = everyType();
        const resources = [...stack, ARGS];
        const mutation: fc.Arbitrary<Mutation> = fc.record({
            target: fc.nat(resources.length - 1),
            inDocument: fc.boolean(),
            pick: fc.nat(),
            value: weird,
            extraKey: fc.option(fc.constantFrom("ingress", "vpcs", "weightedRoutingPolicies", "capacity", "policy", "customDomains", "serviceName", "unexpected"), { nil: undefined }),
        }, { requiredKeys: ["target", "inDocument", "pick", "value"] });
        await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
            const changed = new Map<number, AnalyzedResource>();
            for (const m of mutations) {
                const r = changed.get(m.target) ?? resources[m.target];
                changed.set(m.target, { ...r, properties: mutate(r.properties, m) });
            }
            for (const [i, r] of changed) {
                const t0 = Date.now();
                await send(`Analyze ${r.type} ${r.name}`, () => pack.analyze(r));
                expect(Date.now() - t0, `Analyze ${r.name}`).to.be.lessThan(SLOW_MS);
                void i;
            }
            const s = [...stack.map((r, i) => changed.get(i) ?? r), ...(changed.has(resources.length - 1) ? [changed.get(resources.length - 1)!] : [])];
            const t0 = Date.now();
            await send(`AnalyzeStack with ${[...changed.values()].map((r) => r.name).join(", ")}`, () => pack.analyzeStack(s));
            expect(Date.now() - t0, "AnalyzeStack").to.be.lessThan(SLOW_MS);
            expect(stats.errors).to.deep.equal([]);
        }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
        expect(stats.errors).to.deep.equal([]);
        expect(stats.slowestMs).to.be.lessThan(SLOW_MS);
    });
});
