/**
 * Starts the policy pack the way the Pulumi CLI does and drives it over the analyzer gRPC protocol.
 *
 * The CLI runs `@pulumi/pulumi/cmd/run-policy-pack <engine-address> .` with the pack folder as working
 * directory (module resolution walks upward from there), reads the port the pack prints, then calls
 * `GetAnalyzerInfo`, `Configure`, `Analyze` for each resource's inputs and `AnalyzeStack` with every
 * resource's outputs. This module does the same, with resources captured from mocked program runs.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { ProgramRun, Registration } from "./harness";

export const POLICY_PACK_DIR = path.resolve(__dirname, "..", "policy-pack");

export type Level = "advisory" | "mandatory" | "disabled" | "remediate";

const LEVELS: Record<number, Level> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<Level, number> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};

/** A resource as the engine describes it to an analyzer. */
export interface AnalyzedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: Record<string, unknown>;
    readonly parent?: string;
    readonly dependencies?: string[];
    readonly propertyDependencies?: Record<string, string[]>;
    readonly provider?: { urn: string; type: string; name: string; properties: Record<string, unknown> };
}

export interface Diagnostic {
    readonly policyName: string;
    /** The policy's own words: the message without the policy description the SDK puts before it. */
    readonly detail: string;
    readonly policyPackName: string;
    readonly message: string;
    readonly enforcementLevel: Level;
    readonly urn: string;
}

export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: Level;
    readonly configSchema?: { properties: Record<string, { default?: unknown; type?: string }> };
    readonly remediationSteps: string;
}

/**
 * Per-policy config in the `--policy-pack-config` file format: a level, or an object with an optional
 * `enforcementLevel` and the policy's properties.
 */
export type PackConfig = Record<string, Level | ({ enforcementLevel?: Level } & Record<string, unknown>)>;

function promisify<Req, Resp>(fn: (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown, req: Req): Promise<Resp> {
    return new Promise((resolve, reject) => fn(req, (err, resp) => (err ? reject(err) : resolve(resp))));
}

/** How to start the pack's process; the defaults are how the CLI starts it. */
export interface PolicyPackStartOptions {
    /** The process's environment (default: this process's). */
    readonly env?: NodeJS.ProcessEnv;
    /** Node options before the runner, such as `--require <module>` (default: none). */
    readonly nodeArgs?: string[];
    /** Open an IPC channel to the process (`child.send`); the CLI has none (default: false). */
    readonly ipc?: boolean;
}

/** A running policy pack process and an analyzer client connected to it. */
export class PolicyPackProcess {
    private constructor(
        /** The pack's process. */
        readonly child: ChildProcess,
        private readonly client: AnalyzerClient,
        /** Milliseconds from spawn to the pack printing its port. */
        readonly startupMs: number,
    ) {}

    /** Starts the pack in `packDir` as the CLI does. The pack must have been built (`npm run build:policy`). */
    static async start(packDir = POLICY_PACK_DIR, options: PolicyPackStartOptions = {}): Promise<PolicyPackProcess> {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        const started = Date.now();
        const child = spawn(process.execPath, [...options.nodeArgs ?? [], runner, "127.0.0.1:0", "."], {
            cwd: packDir,
            env: options.env ?? process.env,
            stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const onData = (d: Buffer) => {
                out += d.toString();
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) {
                    child.stdout!.off("data", onData);
                    resolve(Number(m[1]));
                }
            };
            child.stdout!.on("data", onData);
            child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before listening:\n${out}\n${stderr}`)));
        });
        const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        return new PolicyPackProcess(child, client, Date.now() - started);
    }

    async info(): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
        const info = await promisify<Empty, analyzerproto.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: LEVELS[p.getEnforcementlevel()],
                configSchema: p.getConfigschema()?.getProperties()
                    ? { properties: p.getConfigschema()!.getProperties()!.toJavaScript() as Record<string, { default?: unknown }> }
                    : undefined,
                remediationSteps: p.getRemediationSteps(),
            })),
        };
    }

    /**
     * Sends policy config as the CLI does, replacing any earlier config. The CLI sends every configured
     * policy with an enforcement level (its own unless overridden); it would also fill in schema
     * defaults, which this deliberately does not, so tests see the pack apply its own.
     */
    async configure(config: PackConfig = {}): Promise<void> {
        const levels = new Map((await this.info()).policies.map((p) => [p.name, p.enforcementLevel]));
        const req = new analyzerproto.ConfigureAnalyzerRequest();
        for (const [policy, value] of Object.entries(config)) {
            const { enforcementLevel, ...properties } = typeof value === "string" ? { enforcementLevel: value } : value;
            const level = enforcementLevel ?? levels.get(policy);
            if (!level) {
                throw new Error(`no policy ${policy} in the pack`);
            }
            const pc = new analyzerproto.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_CODES[level]);
            pc.setProperties(Struct.fromJavaScript(properties as Record<string, any>));
            req.getPolicyconfigMap().set(policy, pc);
        }
        await promisify(this.client.configure.bind(this.client), req);
    }

    /** `Analyze`: one resource's inputs. */
    async analyze(r: AnalyzedResource): Promise<Diagnostic[]> {
        const req = new analyzerproto.AnalyzeRequest();
        req.setUrn(r.urn);
        req.setType(r.type);
        req.setName(r.name);
        req.setProperties(toStruct(r.properties));
        const options = new analyzerproto.AnalyzerResourceOptions();
        if (r.parent) {
            options.setParent(r.parent);
        }
        req.setOptions(options);
        if (r.provider) {
            req.setProvider(providerOf(r.provider));
        }
        const resp = await promisify<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(this.client.analyze.bind(this.client), req);
        return diagnostics(resp, r.urn);
    }

    /** `AnalyzeStack`: every resource's outputs. */
    async analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]> {
        const req = new analyzerproto.AnalyzeStackRequest();
        req.setResourcesList(resources.map((r) => {
            const a = new analyzerproto.AnalyzerResource();
            a.setUrn(r.urn);
            a.setType(r.type);
            a.setName(r.name);
            a.setProperties(toStruct(r.properties));
            if (r.parent) {
                a.setParent(r.parent);
            }
            a.setDependenciesList(r.dependencies ?? []);
            for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                const deps = new analyzerproto.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                a.getPropertydependenciesMap().set(k, deps);
            }
            a.setOptions(new analyzerproto.AnalyzerResourceOptions());
            if (r.provider) {
                a.setProvider(providerOf(r.provider));
            }
            return a;
        }));
        const resp = await promisify<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(this.client.analyzeStack.bind(this.client), req);
        return diagnostics(resp, "");
    }

    /** Analyzes every resource's inputs, then the stack's outputs, as the CLI does for a preview or update. */
    async analyzeRun(run: ProgramRun, region: string): Promise<Diagnostic[]> {
        const inputs = analyzedResources(run, "inputs", region);
        const all: Diagnostic[] = [];
        for (const r of inputs) {
            all.push(...await this.analyze(r));
        }
        all.push(...await this.analyzeStack(analyzedResources(run, "outputs", region)));
        return all;
    }

    stop(): void {
        this.client.close();
        this.child.kill();
    }
}

function providerOf(p: NonNullable<AnalyzedResource["provider"]>): analyzerproto.AnalyzerProviderResource {
    const prov = new analyzerproto.AnalyzerProviderResource();
    prov.setUrn(p.urn);
    prov.setType(p.type);
    prov.setName(p.name);
    prov.setProperties(toStruct(p.properties));
    return prov;
}

/** Properties as the engine marshals them: no `undefined` (absent keys), everything else as is. */
function toStruct(properties: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(properties)) as Record<string, any>);
}

function diagnostics(resp: analyzerproto.AnalyzeResponse, urn: string): Diagnostic[] {
    return resp.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        detail: d.getDescription() && d.getMessage().startsWith(`${d.getDescription()}\n`)
            ? d.getMessage().slice(d.getDescription().length + 1)
            : d.getMessage(),
        policyPackName: d.getPolicypackname(),
        message: d.getMessage(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        urn: d.getUrn() || urn,
    }));
}

/**
 * The resources of a captured run as the engine hands them to an analyzer: inputs for `Analyze`,
 * outputs for `AnalyzeStack` (a component's registered outputs). AWS resources without an explicit
 * provider get the engine's default provider, configured with the stack's region.
 */
export function analyzedResources(run: ProgramRun, which: "inputs" | "outputs", region: string): AnalyzedResource[] {
    const stackUrn = run.registrations.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const [, stack, project] = stackUrn.split("::");
    const providers = new Map(run.registrations.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [`${r.urn}::${r.id}`, r]));
    const defaultProvider = (pkg: string) => ({
        urn: `urn:pulumi:${stack ?? "stack"}::${project ?? "project"}::pulumi:providers:${pkg}::default`,
        type: `pulumi:providers:${pkg}`,
        name: "default",
        properties: pkg === "aws" ? { region } : {},
    });
    return run.registrations.filter((r) => !r.type.startsWith("pulumi:providers:")).map((r: Registration) => {
        const pkg = r.type.split(":")[0];
        const explicit = r.provider ? providers.get(r.provider) : undefined;
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            properties: which === "inputs" ? r.inputs : r.outputs,
            parent: r.parent,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            provider: !r.custom ? undefined : explicit
                ? { urn: explicit.urn, type: explicit.type, name: explicit.name, properties: explicit.inputs }
                : defaultProvider(pkg),
        };
    });
}

/** Diagnostics at `mandatory`. */
export function mandatory(ds: Diagnostic[]): Diagnostic[] {
    return ds.filter((d) => d.enforcementLevel === "mandatory");
}
