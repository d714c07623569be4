/**
 * Hand-made resources and stacks for policy tests: each starts from a passing resource so a test can
 * change one field and expect exactly one violation. And the stack files the plan tests read.
 */
import * as path from "path";

import { UNKNOWN_SENTINEL } from "../../simulation/harness";
import { AnalyzedResource } from "../../simulation/policyPack";
import { T } from "./fixtures";

export const VPC = "vpc-0a1b2c3d4e5f60001";
export const SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"];
export const ATS = "a3k7odshaiipe8-ats.iot.us-east-1.amazonaws.com";
export const U = UNKNOWN_SENTINEL;


export function urnOf(type: string, name: string, parentType?: string): string {
    const t = parentType ? `${parentType}$${type}` : type;
    return `urn:pulumi:test::iotvpc::${t}::${name}`;
}

export function res(type: string, name: string, properties: Record<string, unknown>, extra: Partial<AnalyzedResource> = {}): AnalyzedResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        properties,
        provider: type.startsWith("aws:") ? { urn: "urn:pulumi:test::iotvpc::pulumi:providers:aws::default", type: "pulumi:providers:aws", name: "default", properties: { region: "us-east-1" } } : undefined,
        ...extra,
    };
}

/** A passing IoT data endpoint (inputs). */
export function iotEndpoint(name = "ep1", overrides: Record<string, unknown> = {}, extra: Partial<AnalyzedResource> = {}): AnalyzedResource {
    return res(T.vpcEndpoint, name, {
        serviceName: "com.amazonaws.us-east-1.iot.data",
        vpcEndpointType: "Interface",
        vpcId: VPC,
        subnetIds: SUBNETS,
        securityGroupIds: ["sg-0a1b2c3d4e5f60001"],
        privateDnsEnabled: false,
        ipAddressType: "ipv4",
        dnsOptions: { dnsRecordIpType: "ipv4" },
        ...overrides,
    }, extra);
}

export function securityGroup(name = "sg", ingress: unknown[] = devicePortRules(["10.20.0.0/16"]), overrides: Record<string, unknown> = {}): AnalyzedResource {
    return res(T.securityGroup, name, { id: "sg-0a1b2c3d4e5f60001", vpcId: VPC, description: "iot", ingress, egress: [], ...overrides });
}

export function devicePortRules(cidrs: string[], ports = [8883, 443, 8443]): unknown[] {
    return ports.map((p) => ({ protocol: "tcp", fromPort: p, toPort: p, cidrBlocks: cidrs }));
}

export function zone(name = ATS, vpcs: unknown = [{ vpcId: VPC, vpcRegion: "us-east-1" }], overrides: Record<string, unknown> = {}): AnalyzedResource {
    return res(T.zone, "zone", { name, vpcs, zoneId: "Z0ABCDEF123456", id: "Z0ABCDEF123456", ...overrides });
}

export function weightedRecord(setIdentifier: string, ip: string, overrides: Record<string, unknown> = {}): AnalyzedResource {
    return res(T.record, `rec-${setIdentifier}`, {
        zoneId: "Z0ABCDEF123456",
        name: ATS,
        type: "A",
        ttl: 60,
        setIdentifier,
        weightedRoutingPolicies: [{ weight: 1 }],
        records: [ip],
        ...overrides,
    });
}

/**
 * A passing stack (outputs): 2 IoT data endpoints x 3 subnets, their security group, a private zone
 * attached to the VPC and 6 equal-weight records.
 */
export function passingStack(): AnalyzedResource[] {
    const endpoints = [1, 2].map((i) => iotEndpoint(`ep${i}`, { id: `vpce-0000000000000000${i}` }));
    const records = [1, 2].flatMap((e) => SUBNETS.map((s, j) => weightedRecord(`ep${e}-${s}`, `10.20.${j * 16}.${10 + e}`)));
    return [securityGroup(), ...endpoints, zone(), ...records];
}

/** Replaces the resource named `name` with `f(resource)`. */
export function modify(stack: AnalyzedResource[], name: string, f: (r: AnalyzedResource) => AnalyzedResource): AnalyzedResource[] {
    let found = false;
    const out = stack.map((r) => {
        if (r.name === name) {
            found = true;
            return f(r);
        }
        return r;
    });
    if (!found) {
        throw new Error(`no resource ${name}`);
    }
    return out;
}

export function withProps(r: AnalyzedResource, props: Record<string, unknown>): AnalyzedResource {
    return { ...r, properties: { ...r.properties, ...props } };
}

export const HUB_VPC = VPC;
export const SPOKE_VPC = "vpc-0a1b2c3d4e5f60002";
export const OTHER_VPC = "vpc-0ffffffffffffffff";

/** An IoT policy (inputs) whose document holds `statements`. */
export function iotPolicy(statements: Record<string, unknown>[], name = "devices"): AnalyzedResource {
    return res(T.iotPolicy, name, { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
}

/** A zone association (or, with `type`, a VPC association authorization) of the passing stack's zone. */
export function zoneAssociation(name: string, vpcId: unknown, zoneId: unknown = "Z0ABCDEF123456", type: string = T.zoneAssociation): AnalyzedResource {
    return res(type, name, { zoneId, vpcId, id: `${String(zoneId)}:${String(vpcId)}` });
}

/** The component as `Analyze` sees it: its arguments. */
export function componentArgs(args: Record<string, unknown> = {}, name = "iot"): AnalyzedResource {
    return res(T.component, name, { vpcId: VPC, subnetIds: SUBNETS, ...args });
}

/**
 * The component as `AnalyzeStack` sees it, with `endpoints` IoT data endpoints as its children: its
 * registered outputs carry `capacity` (the shape the component registers, with headroom fields).
 */
export function componentWithChildren(capacity: Record<string, unknown>, endpoints: number, name = "iot"): AnalyzedResource[] {
    const c = res(T.component, name, { capacity, customDomains: [] });
    const children = Array.from({ length: endpoints }, (_, i) => iotEndpoint(`${name}-ep${i + 1}`, { id: `vpce-0c${name}${i + 1}` }, { parent: c.urn }));
    return [c, ...children];
}

/**
 * Stack files for the plan tests, so a stack file being written in stacks/ cannot fail them: copies
 * of the shipped ones and a stack a user added, each of which plans cleanly. (One test plans stacks/
 * itself: `stacks.spec.ts`, "the files shipped in stacks/".)
 */
export const STACK_FIXTURES = path.resolve(__dirname, "..", "fixtures", "stacks");

/** The stacks in `STACK_FIXTURES`, named here so that a file added to the folder is not planned unseen. */
export const FIXTURE_STACKS = ["dev-us-east-1", "plant-eu-west-1", "prod-cn-north-1", "prod-eu-west-1", "prod-us-east-1", "sandbox-us-west-2", "staging-ap-south-1"];

/** Stack files with problems: in the file, at deploy time, or both. */
export const PROBLEM_STACK_FIXTURES = path.resolve(__dirname, "..", "fixtures", "stacks-with-problems");
