/**
 * `iotvpc/testing`: a fake AWS account for your own unit tests of stacks that use `IotCoreVpcEndpoints`.
 *
 * Pulumi's mock runtime (`pulumi.runtime.setMocks`) sends every resource and every invoke (`aws.ec2.getVpc`,
 * `aws.iot.getEndpoint`, ...) to a `Mocks` object. Mocks that echo their inputs back do not answer the
 * lookups the component makes, so it fails; {@link mockAwsAccount} answers them as AWS would, from an
 * account that holds a VPC with a subnet per Availability Zone, and creates what the program declares
 * the way AWS does: endpoints get network interfaces with addresses inside their subnets, hosted zones
 * are associated with their VPCs, records resolve, and what AWS refuses fails the registration.
 *
 * ```ts
 * const account = mockAwsAccount({ region: "us-east-1" });
 * pulumi.runtime.setMocks(account, "project", "stack");
 * const iot = new IotCoreVpcEndpoints("iot", { vpcId: account.vpc.id, subnetIds: account.vpc.subnetIds });
 * ```
 *
 * @module iotvpc/testing
 */
import * as pulumi from "@pulumi/pulumi";

import { FakeAwsAccount, FakeSubnet, FakeVpc } from "../simulation/aws/account";

/** How {@link mockAwsAccount} creates the account. Every field is optional. */
export interface MockAwsAccountOptions {
    /** The default AWS provider's region (what `aws.getRegion` answers). Default `us-east-1`. */
    readonly region?: string;
    /** The 12-digit account id (what `aws.getCallerIdentity` answers). Default `123456789012`. */
    readonly accountId?: string;
    /**
     * The account's IoT endpoint prefix: `aws.iot.getEndpoint` answers
     * `<prefix>-ats.iot.<region>.amazonaws.com`. Default `a3k7odshaiipe8`.
     */
    readonly iotEndpointPrefix?: string;
    /** The VPC the account holds before the stack ({@link MockAwsAccount.vpc}). Default: see {@link MockVpcOptions}. */
    readonly vpc?: MockVpcOptions;
    /**
     * The "Interface VPC endpoints per VPC" quota: AWS refuses the endpoint beyond it. Default 50.
     * See https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html
     */
    readonly endpointsPerVpcQuota?: number;
    /**
     * The "Inbound or outbound rules per security group" quota. Default 60.
     * See https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
     */
    readonly securityGroupRulesQuota?: number;
}

/** A VPC to put in the account. */
export interface MockVpcOptions {
    /** The VPC's IPv4 block, /20 or larger; its subnets are its first /20 blocks, one per zone. Default `10.20.0.0/16`. */
    readonly cidr?: string;
    /**
     * Availability Zone suffixes (`["a", "b"]`), one subnet each. Default: every zone of the region where
     * AWS offers the IoT Core data endpoint service (`iot.data`), which the component needs.
     */
    readonly zones?: readonly string[];
}

/** A VPC the account holds. */
export interface MockVpc {
    /** The VPC id (`vpc-...`). */
    readonly id: string;
    /** The VPC's region. */
    readonly region: string;
    /** The VPC's IPv4 block. */
    readonly cidrBlock: string;
    /** The ids of its subnets, one per zone, in zone order. */
    readonly subnetIds: string[];
    /** Its subnets, in zone order. */
    readonly subnets: readonly MockSubnet[];
}

/** A subnet of a {@link MockVpc}. */
export interface MockSubnet {
    /** The subnet id (`subnet-...`). */
    readonly id: string;
    /** Its Availability Zone (`us-east-1a`). */
    readonly availabilityZone: string;
    /** Its IPv4 block: addresses AWS gives network interfaces in the subnet come from it. */
    readonly cidrBlock: string;
}

/** A network interface the account holds. */
export interface MockNetworkInterface {
    /** The interface id (`eni-...`). */
    readonly id: string;
    /** The subnet it is in. */
    readonly subnetId: string;
    /** The VPC of that subnet. */
    readonly vpcId: string;
    /** Its primary private IPv4 address. */
    readonly privateIp: string;
    /** Its description. */
    readonly description: string;
}

/** A resource the stack created (or, in a preview, would create), as the account holds it now. */
export interface MockResource {
    /** The Pulumi name the program gave it (`iot-sg`). */
    readonly name: string;
    /** Its physical id (empty in a preview). */
    readonly id: string;
    /** Its state: the inputs as AWS took them and the outputs AWS computed. */
    readonly state: Readonly<Record<string, unknown>>;
}

/** One invoke (data source call) the program made. */
export interface MockInvoke {
    /** The invoke's token, `aws:ec2/getVpc:getVpc`. */
    readonly token: string;
    /** Its arguments. */
    readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * A fake AWS account that Pulumi's mock runtime deploys to: pass it to `pulumi.runtime.setMocks`.
 *
 * Every call of `setMocks` with the account starts a run (an update, or a preview when `setMocks` is
 * given `preview = true`) against what earlier runs left, as `pulumi up` updates a stack: declare the
 * same resources again and they are updated or replaced, not created twice (within one run, a second
 * resource of the same type and name fails, as in a Pulumi program). A run's closing deletes (what the
 * program no longer declares, the old halves of replacements) happen when the next run starts. Use a
 * new account for a new stack.
 */
export interface MockAwsAccount extends pulumi.runtime.Mocks {
    /** The account id. */
    readonly accountId: string;
    /** The default AWS provider's region. */
    readonly region: string;
    /** The VPC the account was created with: pass `vpc.id` and `vpc.subnetIds` to the component. */
    readonly vpc: MockVpc;

    /** Answers an invoke as AWS would, from the account's state. Pulumi's mock runtime calls this. */
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown>;
    /** Creates, updates or replaces a resource as AWS would, or fails as AWS refuses. Pulumi's mock runtime calls this. */
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult;

    /** Adds another VPC, which existed before the stack; `name` makes its ids (the same name gives the same ids). */
    addVpc(name: string, options?: MockVpcOptions): MockVpc;
    /**
     * Adds a Route 53 hosted zone that existed before the stack: private and associated with `vpcIds`, or
     * public when `vpcIds` is empty. Returns its id. Throws what Route 53 refuses (a second private zone
     * of the same name in one VPC).
     */
    addHostedZone(name: string, options: { readonly vpcIds: readonly string[]; readonly comment?: string }): string;
    /**
     * Adds a network interface that existed before the stack (an instance's, another team's endpoint's)
     * in `subnetId`, holding `ip` (default: a free address). Throws what EC2 refuses: an address outside
     * the subnet, one of the five AWS reserves in it, or one in use.
     */
    addNetworkInterface(subnetId: string, options?: { readonly ip?: string; readonly description?: string }): MockNetworkInterface;

    /**
     * The stack's resources of `type` (a Pulumi type token: `aws:ec2/vpcEndpoint:VpcEndpoint`,
     * `aws:route53/record:Record`), in creation order, with their state.
     */
    resourcesOfType(type: string): MockResource[];
    /**
     * The addresses a device in `vpcId` (default {@link MockAwsAccount.vpc}) gets when it resolves `name`
     * now, sorted; none when no private zone of the VPC answers for the name.
     */
    dnsAnswers(name: string, vpcId?: string): string[];
    /**
     * What AWS refused, across runs, each as `<type> <name>: <code>: <message>`; in a preview, what AWS
     * would refuse. Empty when everything was accepted.
     */
    readonly refusals: readonly string[];
    /** Every invoke the programs made, in order, across runs. */
    readonly invokes: readonly MockInvoke[];

    /**
     * Resolves once the current run has answered every registration and invoke the program started, as
     * `pulumi up` ends; rejects with the first error of the run, as `pulumi up` fails: a resource AWS
     * refused, or an error the program threw where nothing awaits it (the component's checks of what its
     * lookups found run in `apply`). A preview fails on nothing: read {@link MockAwsAccount.refusals}.
     * Await it before reading what was created: a component's outputs can resolve before all of its
     * resources are registered.
     */
    settled(): Promise<void>;
}

/**
 * Creates a fake AWS account holding one VPC with a subnet in every Availability Zone where IoT Core's
 * data endpoint service is offered, for `pulumi.runtime.setMocks`.
 */
export function mockAwsAccount(options: MockAwsAccountOptions = {}): MockAwsAccount {
    return new MockedAccount(options);
}

/** The wrapper: `FakeAwsAccount` does the work; this begins its runs and shapes what it returns. */
class MockedAccount implements MockAwsAccount {
    readonly vpc: MockVpc;
    private readonly fake: FakeAwsAccount;
    /** The current run, from the first registration or invoke after `setMocks`. */
    private run?: Run;

    constructor(options: MockAwsAccountOptions) {
        const problems = optionProblems(options);
        if (problems.length > 0) {
            throw new Error(`mockAwsAccount: ${problems.join("; ")}`);
        }
        this.fake = new FakeAwsAccount({
            region: options.region,
            accountId: options.accountId,
            iotEndpointPrefix: options.iotEndpointPrefix,
            endpointsPerVpcQuota: options.endpointsPerVpcQuota,
            securityGroupRulesQuota: options.securityGroupRulesQuota,
        });
        this.vpc = this.addVpc("main", options.vpc);
    }

    get accountId(): string {
        return this.fake.accountId;
    }

    get region(): string {
        return this.fake.region;
    }

    get refusals(): readonly string[] {
        return [...this.fake.refusals];
    }

    get invokes(): readonly MockInvoke[] {
        return [...this.fake.invokes];
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        this.followRuns();
        // a failed lookup is the program's to handle (the component looks zones up that may not exist)
        return this.fake.call(args);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const run = this.followRuns();
        try {
            return this.fake.newResource(args);
        } catch (e) {
            run.fail(e);
            throw e;
        }
    }

    async settled(): Promise<void> {
        // the run may not have begun yet: the program's first registration is still on its way
        await this.followRuns().settled();
    }

    addVpc(name: string, options: MockVpcOptions = {}): MockVpc {
        const { vpc, subnets } = this.fake.addVpc(name, { cidr: options.cidr, zones: options.zones ? [...options.zones] : undefined });
        return vpcOf(vpc, subnets);
    }

    addHostedZone(name: string, options: { readonly vpcIds: readonly string[]; readonly comment?: string }): string {
        return this.fake.addHostedZone(name, { vpcIds: [...options.vpcIds], comment: options.comment });
    }

    addNetworkInterface(subnetId: string, options: { readonly ip?: string; readonly description?: string } = {}): MockNetworkInterface {
        const { id, vpcId, privateIp, description } = this.fake.addNetworkInterface(subnetId, options);
        return { id, subnetId, vpcId, privateIp, description };
    }

    resourcesOfType(type: string): MockResource[] {
        return this.fake.resourcesOfType(type);
    }

    dnsAnswers(name: string, vpcId: string = this.vpc.id): string[] {
        return this.fake.dnsAnswers(name, vpcId);
    }

    /**
     * The run of the current mock monitor (`setMocks` makes a new one each call): a new monitor ends the
     * previous run as a successful update ends (a failed update ends without its deletes anyway) and
     * begins the next, a preview when `setMocks` was given `preview = true`.
     */
    private followRuns(): Run {
        const monitor = pulumi.runtime.getMonitor();
        const current = this.run;
        if (current !== undefined && current.monitor === monitor) {
            return current;
        }
        if (current !== undefined) {
            current.stopWatching();
            this.fake.endRun();
        }
        this.fake.beginRun(pulumi.runtime.isDryRun(), false, `${pulumi.runtime.getProject()}/${pulumi.runtime.getStack()}`);
        this.run = new Run(monitor);
        return this.run;
    }
}

/**
 * One run's outcome: its first error, from a registration AWS refused or from the program itself (an
 * error thrown in an `apply` reaches no one but the process, as an unhandled rejection; registrations
 * that wait on it never end, so waiting for the SDK alone would never return).
 */
class Run {
    private failure?: { readonly error: unknown };
    private signal!: () => void;
    private readonly failed = new Promise<void>((resolve) => (this.signal = resolve));
    private readonly onRejection = (reason: unknown) => this.fail(reason);

    constructor(readonly monitor: unknown) {
        process.on("unhandledRejection", this.onRejection);
    }

    fail(error: unknown): void {
        this.failure ??= { error };
        this.signal();
    }

    async settled(): Promise<void> {
        // a registration whose inputs failed ends its RPC first and rejects after: Node reports that rejection
        // only once the microtasks drain, so wait one turn of the event loop past the last RPC
        await Promise.race([waitForRpcs().then(() => new Promise((resolve) => setImmediate(resolve))), this.failed]);
        this.stopWatching();
        if (this.failure !== undefined) {
            forgetPendingRegistrations();
            throw this.failure.error;
        }
    }

    stopWatching(): void {
        process.off("unhandledRejection", this.onRejection);
    }
}

/**
 * Waits until the SDK has no registration or invoke in flight: `waitForRPCs` is what the SDK awaits
 * before a program exits. It is not in the SDK's typings; the mock runtime offers no public way to wait.
 */
function waitForRpcs(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
    if (typeof settings.waitForRPCs !== "function") {
        throw new Error(`iotvpc/testing: @pulumi/pulumi ${pulumiVersion()} has no runtime/settings waitForRPCs, which settled() needs; use @pulumi/pulumi ^3.204.0`);
    }
    return settings.waitForRPCs();
}

/**
 * A failed run leaves the registrations that waited on the failure pending, as a failed `pulumi up`
 * does; forgets them, so the SDK does not report them as leaked promises when the test process exits.
 */
function forgetPendingRegistrations(): void {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises?: () => unknown };
    debuggable.leakedPromises?.();
}

function pulumiVersion(): string {
    return (require("@pulumi/pulumi/package.json") as { version: string }).version;
}

/** What is wrong with the options the fake takes as given (it checks the region and the VPC itself). */
function optionProblems(options: MockAwsAccountOptions): string[] {
    const problems: string[] = [];
    if (options.accountId !== undefined && !/^\d{12}$/.test(options.accountId)) {
        problems.push(`accountId ${JSON.stringify(options.accountId)} is not an AWS account id; give 12 digits, such as "123456789012"`);
    }
    if (options.iotEndpointPrefix !== undefined && !/^[a-z0-9]+$/.test(options.iotEndpointPrefix)) {
        problems.push(`iotEndpointPrefix ${JSON.stringify(options.iotEndpointPrefix)} is not an IoT endpoint prefix; give lowercase letters and digits, such as "a3k7odshaiipe8"`);
    }
    for (const key of ["endpointsPerVpcQuota", "securityGroupRulesQuota"] as const) {
        const quota = options[key];
        if (quota !== undefined && !(Number.isInteger(quota) && quota >= 0)) {
            problems.push(`${key} ${quota} is not a quota; give a whole number of 0 or more`);
        }
    }
    return problems;
}

function vpcOf(vpc: FakeVpc, subnets: readonly FakeSubnet[]): MockVpc {
    return {
        id: vpc.id,
        region: vpc.region,
        cidrBlock: vpc.cidrBlocks[0],
        subnetIds: subnets.map((s) => s.id),
        subnets: subnets.map((s) => ({ id: s.id, availabilityZone: s.availabilityZone, cidrBlock: s.cidrBlock })),
    };
}
