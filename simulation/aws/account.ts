/**
 * A fake AWS account for Pulumi's mock runtime (`pulumi.runtime.setMocks`) that behaves like AWS during
 * an update, step by step, in the order the engine takes the steps.
 *
 * What it models:
 * - State across runs: running a program twice against one account updates what the first run created.
 *   Within a run, the update engine (`engine.ts`) creates, updates and replaces resources in registration
 *   order (create-before-delete unless `deleteBeforeReplace`), keeps `ignoreChanges` paths, replaces on
 *   `replaceOnChanges` and `replacementTrigger`, and at the end deletes what the program no longer
 *   declares and the old halves of replacements, dependents first; `retainOnDelete` leaves them in the
 *   account. The harness hands the resource options over (`setRegistrationOptions`).
 * - AWS's rules at every step against the state at that moment (`refusals.ts`, `rules/`): a refused step
 *   fails the registration and ends the run, as it fails `pulumi up`. A preview records what AWS would
 *   refuse without failing and leaves the account untouched.
 * - Fixed facts (`facts.ts`): partitions, regions, zones, endpoint services per zone, IoT endpoint name
 *   formats, replace-forcing inputs, quotas. Its own address and name arithmetic (`net.ts`): nothing
 *   but type tokens comes from `components/`.
 * - EC2: VPCs and subnets (of several accounts), interface endpoints with one network interface per
 *   subnet at a deterministic (or pinned) address, security groups and their rule quota.
 * - Route 53: private zones and their VPC associations (inline `vpcs` exclusive: an update that changes
 *   them leaves exactly that list, removing associations made by `ZoneAssociation` or by hand; the diff
 *   compares recorded inputs, so an update that leaves `vpcs` alone keeps them), `ZoneAssociation`,
 *   cross-account `VpcAssociationAuthorization`, record sets, Resolver endpoints; `dnsAnswers` says
 *   what a device in a VPC resolves now, and `deadAnswers` records, after every step, answers that point
 *   at a network interface that no longer exists.
 * - IoT domain configurations and policies (with certificate attachments), CloudWatch alarms and dashboards.
 * - Several accounts: a provider whose `assumeRoles[0].roleArn` names an account works in that account;
 *   otherwise one whose `allowedAccountIds` lists exactly one account works in it; otherwise the
 *   provider works in the main account (`accountId`). A provider whose account is not in its
 *   `allowedAccountIds`, or is in `forbiddenAccountIds`, fails as the provider does. Lookups answer as
 *   the provider's account sees the state (its own VPCs, subnets, zones).
 *
 * What it does not model: parallel steps (the engine runs independent steps concurrently; the fake runs
 * them one at a time in registration order), refresh and drift (diffs compare the program's inputs with
 * the recorded ones), eventual consistency and throttling (Route 53 allows about 5 requests per second),
 * public DNS and DNS caching, health checks, IAM permissions, certificate validation, the exclusivity
 * of inline security group rules over separate rule resources, whether AWS accepts private DNS or an
 * endpoint policy on an IoT endpoint (accepted here; the policy pack judges both), IoT policy version
 * limits, alarms and dashboards overwritten by name, `protect`, `aliases`, `import`, `deletedWith`,
 * `replaceWith` and hooks. A `replacementTrigger` set for the first time is recorded without replacing
 * the resource. Previews judge each step against the deployed state plus what the preview predicted
 * before it; values unknown in a preview are not judged.
 *
 * It fails loudly on any invoke, filter or resource type it does not know.
 */
import * as pulumi from "@pulumi/pulumi";

import { RESOURCE_TYPES as T } from "../../components/resourceTypes";
import { dnsAnswers as resolve } from "./dns";
import { DeadAnswer, Disconnect, FakeStep, RegistrationOptions, UpdateEngine } from "./engine";
import { RegionFacts, regionOf } from "./facts";
import { LOOKUPS, ProviderError } from "./lookups";
import { dnsName, inCidr, isReservedInSubnet } from "./net";
import { refusalsOf } from "./refusals";
import { Caller, recordId } from "./resources";
import { AccountState, AwsObject, FakeEni, FakeSubnet, FakeVpc, defaultQuotas, hex } from "./state";
import { Props, arr, rec, str } from "./values";

export type { DeadAnswer, Disconnect, FakeStep, RegistrationOptions, StepOp } from "./engine";
export { NO_OPTIONS } from "./engine";
export type { FakeEni, FakeSubnet, FakeVpc } from "./state";

type MockCallArgs = pulumi.runtime.MockCallArgs;
type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockResourceResult = pulumi.runtime.MockResourceResult;

/** A region of the fake: partition, zones and where each IoT endpoint service is offered. */
export type FakeRegion = RegionFacts;

/** One registration or deletion the fake saw, in the older, coarser form of `steps`. */
export interface FakeOperation {
    readonly op: "create" | "update" | "delete" | "preview-create" | "preview-update";
    readonly type: string;
    readonly name: string;
    readonly id?: string;
}

/** How the account is created. */
export interface FakeAwsOptions {
    /** The default provider's region. Default `us-east-1`. */
    readonly region?: string;
    /** The main account, where the default provider works. Default `123456789012`. */
    readonly accountId?: string;
    /** The main account's IoT endpoint prefix (`<prefix>-ats.iot.<region>.amazonaws.com`). */
    readonly iotEndpointPrefix?: string;
    /** "Interface VPC endpoints per VPC" quota. Default 50. */
    readonly endpointsPerVpcQuota?: number;
    /** "Inbound (or outbound) rules per security group" quota. Default 60. */
    readonly securityGroupRulesQuota?: number;
    /** "Resolver endpoints per Region" quota. Default 4. */
    readonly resolverEndpointsQuota?: number;
    /**
     * How the AWS provider words a failed lookup (`behaviours.ts`, "invoke failure"): `current`, a list
     * (`invoking <token>: 1 error occurred:` then `\t* <message>`), or `legacy`, one line with the older
     * wording (`no matching Route53Zone found`, pulumi-aws 6.37 and before). Default `current`.
     */
    readonly providerErrors?: "current" | "legacy";
}

/** A VPC to add: its region, CIDR, zones and ids. */
export interface AddVpcOptions {
    readonly region?: string;
    /** A /20 or larger network; subnets are its /20s in order. Default `10.20.0.0/16`. */
    readonly cidr?: string;
    /** Zone suffixes (`a`, `b`); default every zone where iot.data is offered. */
    readonly zones?: string[];
    /** Ids for the subnets (one subnet each, zones taken in turn). */
    readonly subnetIds?: string[];
    readonly vpcId?: string;
    /** DNS support and hostnames. Default true. */
    readonly dns?: boolean;
    /** The account that owns the VPC. Default the main account. */
    readonly ownerAccountId?: string;
}

/** A record set to seed into a zone. */
export interface SeedRecord {
    readonly name: string;
    /** Default `A`. */
    readonly type?: string;
    /** Default 300 (ignored for aliases). */
    readonly ttl?: number;
    readonly values?: string[];
    readonly setIdentifier?: string;
    /** Makes the record weighted. */
    readonly weight?: number;
    readonly alias?: { readonly name: string; readonly zoneId: string; readonly evaluateTargetHealth?: boolean };
}

/** An object in the account, as tests see it. */
export interface FakeObject {
    readonly type: string;
    readonly id: string;
    readonly name: string;
    readonly accountId: string;
    /** False for objects seeded by the test. */
    readonly managed: boolean;
    readonly state: Record<string, unknown>;
}

const PROVIDER_PREFIX = "pulumi:providers:";
const ACCOUNT_ID = /^\d{12}$/;

/** The fake account. Pass it to `pulumi.runtime.setMocks` (the harness does). */
export class FakeAwsAccount implements pulumi.runtime.Mocks {
    /** The main account. */
    readonly accountId: string;
    readonly iotEndpointPrefix: string;
    readonly endpointsPerVpcQuota: number;
    readonly providerErrors: "current" | "legacy";
    /** The default provider's region. */
    region: string;
    /** Every invoke, in order. */
    readonly invokes: { readonly token: string; readonly inputs: Record<string, unknown> }[] = [];

    private readonly live: AccountState;
    private readonly engine: UpdateEngine;
    private readonly providers = new Map<string, Caller>();
    /** `<account> <token>` → the IAM action denied to that account's callers, and which calls (all when absent). */
    private readonly denied = new Map<string, { action: string; when?: (inputs: Props) => boolean }>();
    private seeded = 0;

    constructor(options: FakeAwsOptions = {}) {
        this.region = options.region ?? "us-east-1";
        regionOf(this.region);
        this.accountId = options.accountId ?? "123456789012";
        this.iotEndpointPrefix = options.iotEndpointPrefix ?? "a3k7odshaiipe8";
        const quotas = defaultQuotas();
        this.endpointsPerVpcQuota = options.endpointsPerVpcQuota ?? quotas.interfaceEndpointsPerVpc;
        this.providerErrors = options.providerErrors ?? "current";
        this.live = new AccountState({
            accountId: this.accountId,
            quotas: {
                interfaceEndpointsPerVpc: this.endpointsPerVpcQuota,
                rulesPerSecurityGroup: options.securityGroupRulesQuota ?? quotas.rulesPerSecurityGroup,
                resolverEndpointsPerRegion: options.resolverEndpointsQuota ?? quotas.resolverEndpointsPerRegion,
            },
        });
        this.engine = new UpdateEngine(this.live);
    }

    // ----- state, as tests read it -----

    /** VPCs by id (of every account). */
    get vpcs(): Map<string, FakeVpc> {
        return this.live.vpcs;
    }

    /** Subnets by id. */
    get subnets(): Map<string, FakeSubnet> {
        return this.live.subnets;
    }

    /** Live network interfaces by id (endpoints' and resolvers'). */
    get enis(): Map<string, FakeEni> {
        return this.live.enis;
    }

    /** True while a preview runs. */
    get preview(): boolean {
        return this.engine.previewing;
    }

    /** What AWS refused, or in a preview would refuse: `<type> <name>: <code>: <message>`, across runs. */
    get refusals(): string[] {
        return this.engine.refusals;
    }

    /** The engine's steps, in order, across runs. */
    get steps(): readonly FakeStep[] {
        return this.engine.steps;
    }

    /** Answers pointing at gone network interfaces, after each step of an update, across runs. */
    get deadAnswers(): readonly DeadAnswer[] {
        return this.engine.deadAnswers;
    }

    /** Answers whose network interface a step deleted and created again (devices on it were disconnected), across runs. */
    get disconnects(): readonly Disconnect[] {
        return this.engine.disconnects;
    }

    /**
     * Interrupts the next update after `creates` creates (0: at the first create): AWS creates the object,
     * the update fails before the stack records it (Ctrl-C, a killed runner, a timeout after AWS accepted).
     */
    interruptNextUpdate(creates: number): void {
        this.engine.interruptNextUpdate(creates);
    }

    /** Runs begun so far (the current or last run's number). */
    get runs(): number {
        return this.engine.runs;
    }

    /** Steps of `run` (default the last). */
    stepsOf(run = this.engine.runs): FakeStep[] {
        return this.engine.steps.filter((s) => s.run === run);
    }

    /** Every create, update and delete, in the older coarse form (derived from `steps`). */
    get operations(): FakeOperation[] {
        return this.engine.steps.flatMap((s): FakeOperation[] => {
            const op = s.op === "create" || s.op === "replace" ? "create"
                : s.op === "update" || s.op === "same" ? "update"
                : s.op === "delete" || s.op === "delete-replaced" ? "delete" : undefined;
            if (op === undefined || (s.preview && op === "delete")) {
                return [];
            }
            return [{ op: s.preview ? (op === "create" ? "preview-create" : "preview-update") : op, type: s.type, name: s.name, id: s.id }];
        });
    }

    /** Deployed state (outputs) of the stack's resource of `type` named `name`. */
    stateOf(type: string, name: string): Record<string, unknown> | undefined {
        return this.engine.entryOf(type, name)?.object?.state;
    }

    /** The stack's resources of `type`, in creation order. */
    resourcesOfType(type: string): { name: string; id: string; state: Record<string, unknown> }[] {
        return this.engine.entriesOfType(type).map((e) => ({ name: e.name, id: e.id, state: e.object?.state ?? {} }));
    }

    /** Everything of `type` the account holds: the stack's, seeded, retained, old halves awaiting deletion. */
    objectsOfType(type: string): FakeObject[] {
        return this.live.objectsOfType(type).map((o: AwsObject) => ({ type: o.type, id: o.id, name: o.name, accountId: o.accountId, managed: o.managed, state: o.state }));
    }

    /** VPC ids a hosted zone is associated with now. */
    zoneVpcs(zoneId: string): string[] {
        return this.live.associationsOf(zoneId).map((a) => a.vpcId);
    }

    /** Invokes of `token` (or all) so far. */
    invokeCount(token?: string): number {
        return token ? this.invokes.filter((i) => i.token === token).length : this.invokes.length;
    }

    /** What a device in `vpcId` resolves `name` to now (sorted IPs; none without a private zone for it). */
    dnsAnswers(name: string, vpcId: string): string[] {
        return resolve(this.live, name, vpcId);
    }

    /** The region's facts (`FakeRegion`). */
    regionInfo(name: string): FakeRegion {
        return regionOf(name);
    }

    partition(regionName: string): string {
        return regionOf(regionName).partition;
    }

    dnsSuffix(regionName: string): string {
        return regionOf(regionName).dnsSuffix;
    }

    // ----- seeding: what existed before the stack -----

    /**
     * Adds a VPC with one subnet in each of `zones` (suffixes, default every zone where iot.data is
     * offered). Ids derive from `seed`, so the same seed gives the same ids.
     */
    addVpc(seed: string, options: AddVpcOptions = {}): { vpc: FakeVpc; subnets: FakeSubnet[] } {
        const r = regionOf(options.region ?? this.region);
        const owner = options.ownerAccountId ?? this.accountId;
        if (!ACCOUNT_ID.test(owner)) {
            throw new Error(`FakeAwsAccount.addVpc: ownerAccountId ${owner} is not a 12-digit account id`);
        }
        return this.live.addVpc({
            seed,
            id: options.vpcId,
            region: r.name,
            cidr: options.cidr ?? "10.20.0.0/16",
            zones: options.zones?.map((z) => `${r.name}${z}`) ?? [...r.iotDataZones],
            subnetIds: options.subnetIds,
            dns: options.dns ?? true,
            ownerAccountId: owner,
        });
    }

    /** Adds one more subnet to an existing VPC, in `zone` (suffix). */
    addSubnet(vpcId: string, zone: string, seed: string): FakeSubnet {
        const vpc = this.live.vpcs.get(vpcId);
        if (!vpc) {
            throw new Error(`FakeAwsAccount.addSubnet: no VPC ${vpcId}`);
        }
        return this.live.addSubnet(vpc, `${vpc.region}${zone}`, `subnet-0${hex(`subnet:${seed}`, 16)}`);
    }

    /**
     * Adds a hosted zone that existed before the stack: private and associated with `vpcIds` (public
     * when empty), in `accountId` (default the main account). Returns its id. Refuses what Route 53
     * refuses (a second private zone of the same name in one VPC).
     */
    addHostedZone(name: string, options: { vpcIds: string[]; comment?: string; tags?: Record<string, string>; accountId?: string }): string {
        const accountId = options.accountId ?? this.accountId;
        const id = `Z0${hex(`seeded-zone:${name}:${++this.seeded}`, 19).toUpperCase()}`;
        const vpcs = options.vpcIds.map((vpcId) => ({ vpcId, vpcRegion: this.live.vpcs.get(vpcId)?.region ?? this.region }));
        const problems = refusalsOf({ state: this.live, type: T.zone, name: `seeded:${name}`, caller: { accountId, region: this.region }, generation: 0 }, { name, vpcs });
        if (problems.length > 0) {
            throw new Error(`FakeAwsAccount.addHostedZone(${name}): ${problems.map((p) => `${p.code}: ${p.message}`).join("; ")}`);
        }
        this.live.setAssociations(id, vpcs);
        this.live.addObject({
            type: T.zone,
            id,
            name: `seeded:${name}`,
            accountId,
            region: this.region,
            seq: this.live.nextSeq(),
            managed: false,
            privateZone: vpcs.length > 0,
            state: {
                id, zoneId: id, name: dnsName(name), comment: options.comment ?? "", tags: options.tags ?? {}, vpcs,
                nameServers: ["ns-1.awsdns-01.com", "ns-2.awsdns-02.net", "ns-3.awsdns-03.org", "ns-4.awsdns-04.co.uk"], primaryNameServer: "ns-1.awsdns-01.com",
            },
        });
        return id;
    }

    /**
     * Associates a private zone with one more VPC, by hand (as another tool or the console would), so a
     * later update of the zone's inline `vpcs` can show it being removed. Refuses what Route 53 refuses.
     */
    associateVpcWithZone(zoneId: string, vpcId: string): void {
        const zone = this.live.getObject(T.zone, zoneId);
        const vpc = this.live.vpcs.get(vpcId);
        if (!zone || !vpc) {
            throw new Error(`FakeAwsAccount.associateVpcWithZone: no ${zone ? `VPC ${vpcId}` : `hosted zone ${zoneId}`}`);
        }
        const problems = refusalsOf({ state: this.live, type: T.zoneAssociation, name: `manual:${zoneId}:${vpcId}`, caller: { accountId: vpc.ownerAccountId, region: vpc.region }, generation: 0 }, { zoneId, vpcId });
        if (problems.length > 0) {
            throw new Error(`FakeAwsAccount.associateVpcWithZone(${zoneId}, ${vpcId}): ${problems.map((p) => `${p.code}: ${p.message}`).join("; ")}`);
        }
        this.live.setAssociations(zoneId, [...this.live.associationsOf(zoneId), { vpcId, vpcRegion: vpc.region }]);
    }

    /** Changes a hosted zone's comment, by hand (`aws route53 update-hosted-zone-comment`). */
    updateHostedZoneComment(zoneId: string, comment: string): void {
        const zone = this.live.getObject(T.zone, zoneId);
        if (!zone) {
            throw new Error(`FakeAwsAccount.updateHostedZoneComment: no hosted zone ${zoneId}`);
        }
        if (comment.length > 256) {
            throw new Error(`FakeAwsAccount.updateHostedZoneComment(${zoneId}): InvalidInput: a comment has at most 256 characters`);
        }
        zone.state = { ...zone.state, comment };
    }

    /** Adds a record set to a zone, by hand (not managed by the stack). Refuses what Route 53 refuses. Returns its id. */
    addRecord(zoneId: string, record: SeedRecord): string {
        const zone = this.live.getObject(T.zone, zoneId);
        if (!zone) {
            throw new Error(`FakeAwsAccount.addRecord: no hosted zone ${zoneId}`);
        }
        const inputs: Props = {
            zoneId,
            name: record.name,
            type: record.type ?? "A",
            ...(record.alias
                ? { aliases: [{ name: record.alias.name, zoneId: record.alias.zoneId, evaluateTargetHealth: record.alias.evaluateTargetHealth ?? false }] }
                : { ttl: record.ttl ?? 300, records: record.values ?? [] }),
            ...(record.setIdentifier !== undefined ? { setIdentifier: record.setIdentifier } : {}),
            ...(record.weight !== undefined ? { weightedRoutingPolicies: [{ weight: record.weight }] } : {}),
        };
        const ctx = { state: this.live, type: T.record, name: `seeded:${record.name}`, caller: { accountId: zone.accountId, region: zone.region }, generation: 0 };
        const problems = refusalsOf(ctx, inputs);
        if (problems.length > 0) {
            throw new Error(`FakeAwsAccount.addRecord(${record.name}): ${problems.map((p) => `${p.code}: ${p.message}`).join("; ")}`);
        }
        const id = recordId(inputs);
        this.live.addObject({ type: T.record, id, name: ctx.name, accountId: zone.accountId, region: zone.region, seq: this.live.nextSeq(), managed: false, state: { ...inputs, id } });
        return id;
    }

    /**
     * Adds a network interface that existed before the stack (an instance's, another team's endpoint's),
     * holding `ip` in the subnet (default: an address the fake picks). Refuses what EC2 refuses: an address
     * outside the subnet, one of the five AWS reserves, or one already in use. Returns the interface.
     */
    addNetworkInterface(subnetId: string, options: { ip?: string; description?: string } = {}): FakeEni {
        const subnet = this.live.subnets.get(subnetId);
        if (!subnet) {
            throw new Error(`FakeAwsAccount.addNetworkInterface: no subnet ${subnetId}`);
        }
        const id = `eni-0${hex(`seeded-eni:${subnetId}:${++this.seeded}`, 16)}`;
        const ip = options.ip ?? this.live.allocateIp(subnet, id);
        const holder = this.live.eniWithIp(subnet.vpcId, ip);
        const refused = !inCidr(subnet.cidrBlock, ip) ? `InvalidParameterValue: the IPv4 address ${ip} is not in subnet ${subnetId} (${subnet.cidrBlock})`
            : isReservedInSubnet(subnet.cidrBlock, ip) ? `InvalidParameterValue: the IPv4 address ${ip} is reserved by AWS in subnet ${subnetId}`
            : holder ? `InvalidIPAddress.InUse: the IPv4 address ${ip} is in use by ${holder.id}` : undefined;
        if (refused) {
            throw new Error(`FakeAwsAccount.addNetworkInterface: ${refused}`);
        }
        const eni: FakeEni = {
            id, subnetId, vpcId: subnet.vpcId, availabilityZone: subnet.availabilityZone, privateIp: ip,
            description: options.description ?? "", interfaceType: "interface", securityGroups: [], ownerAccountId: subnet.ownerAccountId, attachedTo: id,
        };
        this.live.addEni(eni);
        return eni;
    }

    /** Removes a seeded (or any) record set by id, as by hand. */
    removeRecord(recordId: string): void {
        this.live.removeObject(T.record, recordId);
    }

    /** Attaches the IoT policy `policyName` to a certificate (in the main account and default region unless given). */
    attachPolicy(policyName: string, certificateArn: string, where: { accountId?: string; region?: string } = {}): void {
        const key = AccountState.policyKey(where.accountId ?? this.accountId, where.region ?? this.region, policyName);
        const set = this.live.policyAttachments.get(key) ?? new Set<string>();
        set.add(certificateArn);
        this.live.policyAttachments.set(key, set);
    }

    /** Detaches the IoT policy from the certificate. */
    detachPolicy(policyName: string, certificateArn: string, where: { accountId?: string; region?: string } = {}): void {
        this.live.policyAttachments.get(AccountState.policyKey(where.accountId ?? this.accountId, where.region ?? this.region, policyName))?.delete(certificateArn);
    }

    /**
     * `pulumi stack rename`: stack `from`'s state becomes `to`'s (both `<project>/<stack>`), so the next
     * run of `to` updates what `from` deployed, while `pulumi.getStack()` answers the new name.
     */
    renameStack(from: string, to: string): void {
        this.engine.renameStack(from, to);
    }

    // ----- runs (the harness calls these) -----

    /**
     * Starts a program run of `stack` (`<project>/<stack>`, each with its own state): an update or a
     * preview; with `refresh`, after reading drift back (`pulumi up --refresh`).
     */
    beginRun(preview: boolean, refresh = false, stack = "iotvpc/test"): void {
        this.engine.beginRun(preview, refresh, stack);
    }

    /**
     * Ends a run as the engine does. After a successful update: deletes what the program no longer
     * declares and the old halves of replacements; throws when AWS refuses one of those deletes (the run
     * fails). A preview or a failed run (`failed`) deletes nothing.
     */
    endRun(outcome: { readonly failed: boolean } = { failed: false }): void {
        this.engine.endRun(outcome.failed);
    }

    /** The resource options of the next registration of `type` `name`, which the mock runtime does not pass on. */
    setRegistrationOptions(type: string, name: string, options: RegistrationOptions): void {
        this.engine.setOptions(type, name, options);
    }

    // ----- Mocks -----

    /**
     * Denies `action` (an IAM action such as `route53:ListHostedZones`) to `accountId`'s callers: the
     * lookup `token` then fails as the provider reports an AWS AccessDenied. IAM is not modelled otherwise.
     * `when` picks the calls denied by their inputs (IAM conditions on a request's parameters, such as
     * `ec2:ResourceTag`); every call when absent.
     */
    denyLookup(accountId: string, token: string, action: string, when?: (inputs: Props) => boolean): void {
        this.denied.set(`${accountId} ${token}`, { action, when });
    }

    /** An invoke: answered from the state as the provider's account and region see it. */
    call(args: MockCallArgs): Record<string, unknown> {
        const inputs = (args.inputs ?? {}) as Props;
        this.invokes.push({ token: args.token, inputs });
        const lookup = LOOKUPS[args.token];
        if (!lookup) {
            throw new Error(`FakeAwsAccount: no fake for invoke ${args.token} (inputs ${JSON.stringify(inputs)}); add it to simulation/aws/lookups.ts`);
        }
        try {
            const caller = this.callerOf(args.provider, inputs);
            const denial = this.denied.get(`${caller.accountId} ${args.token}`);
            const action = denial && (denial.when === undefined || denial.when(inputs)) ? denial.action : undefined;
            if (action !== undefined) {
                const [service, operation] = action.split(":");
                throw new ProviderError(`operation error ${service === "route53" ? "Route 53" : service.toUpperCase()}: ${operation}, https response error StatusCode: 403, ` +
                    `api error AccessDenied: User: arn:aws:sts::${caller.accountId}:assumed-role/deployer/session is not authorized to perform: ${action}`);
            }
            return lookup({ state: this.engine.state, caller, iotPrefixOf: (a) => this.iotPrefixOf(a) }, inputs);
        } catch (e) {
            if (e instanceof ProviderError) {
                throw new InvokeError(args.token, this.providerErrors === "legacy" ? e.legacy : e.message, this.providerErrors);
            }
            throw e instanceof Error ? Object.assign(e, { details: e.message }) : e;
        }
    }

    /** A registration: a provider, a component, or a step of the update engine. */
    newResource(args: MockResourceArgs): MockResourceResult {
        const inputs = (args.inputs ?? {}) as Props;
        if (args.type.startsWith(PROVIDER_PREFIX)) {
            const id = `provider-${hex(args.name, 8)}`;
            this.providers.set(id, this.providerCaller(args.name, inputs));
            return { id, state: inputs };
        }
        if (!args.custom && args.type !== T.awsxVpc) {
            return { id: undefined, state: {} }; // component resources have no provider state
        }
        // the mock runtime hands the `import` option over as `id` (@pulumi/pulumi runtime/mocks.js)
        const r = this.engine.register(args.type, args.name, inputs, this.callerOf(args.provider, inputs), args.id || undefined);
        return { id: r.id, state: r.state };
    }

    // ----- providers -----

    private iotPrefixOf(accountId: string): string {
        return accountId === this.accountId ? this.iotEndpointPrefix : `a${hex(`iot:${accountId}`, 13)}`;
    }

    /** The account and region of an explicit provider, from its inputs (see the head comment for the rule). */
    private providerCaller(name: string, inputs: Props): Caller {
        const region = str(inputs.region) ?? this.region;
        regionOf(region);
        const roles = jsonList(inputs.assumeRoles).map(rec);
        const roleArn = str(roles[0]?.roleArn) ?? str(rec(jsonValue(inputs.assumeRole))?.roleArn);
        const fromRole = roleArn ? /^arn:[a-z-]+:iam::(\d{12}):/.exec(roleArn)?.[1] : undefined;
        const allowed = jsonList(inputs.allowedAccountIds).map(str).filter((a): a is string => a !== undefined);
        const forbidden = jsonList(inputs.forbiddenAccountIds).map(str).filter((a): a is string => a !== undefined);
        const accountId = fromRole ?? (allowed.length === 1 ? allowed[0] : this.accountId);
        if ((allowed.length > 0 && !allowed.includes(accountId)) || forbidden.includes(accountId)) {
            throw new Error(`aws provider ${name}: AWS account ID not allowed: ${accountId}`);
        }
        return { accountId, region };
    }

    /** The account and region a resource or invoke works in: its provider's, and its own `region` input if set. */
    private callerOf(provider: string | undefined, inputs: Props): Caller {
        const id = provider ? provider.split("::").pop() : undefined;
        const p = id !== undefined ? this.providers.get(id) : undefined;
        const base = p ?? { accountId: this.accountId, region: this.region };
        const region = str(inputs.region);
        return region !== undefined ? { accountId: base.accountId, region: regionOf(region).name } : base;
    }
}

/**
 * A failed invoke as the program receives it. The SDK rejects with `new Error(err.details)`
 * (@pulumi/pulumi runtime/invoke.js), and the engine's details read `invocation of <token> returned an
 * error: <provider error>` (pulumi/pulumi source_eval.go, `Invoke`); the bridged provider's error is
 * `invoking <token>: 1 error occurred:\n\t* <message>\n\n`, or one line from older releases
 * (DefangLabs/defang#86, DefangLabs/pulumi-defang#305). Rows "invoke failure" of `behaviours.ts`.
 */
export class InvokeError extends Error {
    readonly details: string;

    constructor(token: string, message: string, format: "current" | "legacy") {
        const provider = format === "legacy" ? `invoking ${token}: ${message}` : `invoking ${token}: 1 error occurred:\n\t* ${message}\n\n`;
        const details = `invocation of ${token} returned an error: ${provider}`;
        super(details);
        this.name = "InvokeError";
        this.details = details;
    }
}

/** A provider input that the SDK may have JSON-encoded. */
function jsonValue(v: unknown): unknown {
    if (typeof v !== "string") {
        return v;
    }
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
}

function jsonList(v: unknown): unknown[] {
    return arr(jsonValue(v));
}
