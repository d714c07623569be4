/**
 * Synthetic stacks for the policy benchmark: realistic mixes of what a large account's stack holds,
 * as the engine describes it to an analyzer (inputs for `Analyze`, outputs for `AnalyzeStack`).
 *
 * The stack is made of repeated blocks, so a 10,000-resource stack is ten times the mix of a
 * 1,000-resource one. A block is one IoT deployment in its own VPC (an `IotCoreVpcEndpoints` component
 * with its security group, 1, 2, 3 or 8 IoT data endpoints over 3 subnets, its private zone and one
 * weighted record per ENI, two device policies) next to resources the policies must pass over (an S3
 * gateway endpoint with a policy, an SSM interface endpoint with private DNS, buckets, roles, functions,
 * queues, tables, log groups, instances). Every resource passes every policy: a production stack.
 */
import { AnalyzedResource } from "../simulation/policyPack";

const REGION = "us-east-1";
const PROJECT = "iotvpc";
const STACK = "bench";
const STACK_TYPE = "pulumi:pulumi:Stack";
const COMPONENT_TYPE = "iotvpc:index:IotCoreVpcEndpoints";
const ATS = `a3k7odshaiipe8-ats.iot.${REGION}.amazonaws.com`;
const AWS_PROVIDER = {
    urn: `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:aws::default`,
    type: "pulumi:providers:aws",
    name: "default",
    properties: { region: REGION },
};

/** Endpoints per IoT deployment, cycled over the blocks. */
const ENDPOINTS_PER_BLOCK = [1, 2, 3, 8];
const SUBNETS_PER_VPC = 3;
/** Unrelated resources per block. */
const UNRELATED_PER_BLOCK = 16;

export interface SyntheticStack {
    /** For `Analyze`: each resource's inputs. */
    readonly inputs: AnalyzedResource[];
    /** For `AnalyzeStack`: each resource's outputs, same order. */
    readonly outputs: AnalyzedResource[];
    /** Resources by type, for the report. */
    readonly mix: Record<string, number>;
}

interface Pair {
    readonly inputs: AnalyzedResource;
    readonly outputs: AnalyzedResource;
}

function urn(type: string, name: string, parentType?: string): string {
    const chain = parentType ? `${STACK_TYPE}$${parentType}$${type}` : `${STACK_TYPE}$${type}`;
    return `urn:pulumi:${STACK}::${PROJECT}::${chain}::${name}`;
}

const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::${STACK_TYPE}::${PROJECT}-${STACK}`;

function hex(n: number, width: number): string {
    return n.toString(16).padStart(width, "0");
}

/**
 * One resource: `inputs` as the program gave them, `outputs` = inputs + `computed`. AWS resources get
 * the default provider; `deps` are property dependencies (property → URNs).
 */
function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    computed: Record<string, unknown>,
    options: { parent?: { urn: string; type: string }; deps?: Record<string, string[]> } = {},
): Pair {
    const r = {
        urn: urn(type, name, options.parent?.type),
        type,
        name,
        parent: options.parent?.urn ?? STACK_URN,
        dependencies: [...new Set(Object.values(options.deps ?? {}).flat())],
        propertyDependencies: options.deps ?? {},
        provider: type.startsWith("aws:") ? AWS_PROVIDER : undefined,
    };
    return {
        inputs: { ...r, properties: inputs },
        outputs: { ...r, properties: { ...inputs, ...computed } },
    };
}

/** One IoT deployment and its neighbours; `b` numbers the block (ids and names derive from it). */
function block(b: number): Pair[] {
    const out: Pair[] = [];
    const endpoints = ENDPOINTS_PER_BLOCK[b % ENDPOINTS_PER_BLOCK.length];
    const name = `iot${b}`;
    const vpcId = `vpc-0${hex(b, 16)}`;
    const cidr = `10.${b % 256}.0.0/16`;
    const subnetIds = Array.from({ length: SUBNETS_PER_VPC }, (_, i) => `subnet-0${hex(b * 16 + i, 16)}`);
    const devices = endpoints * 100_000 - 25_000;

    const sgId = `sg-0${hex(b, 16)}`;
    const zoneId = `Z0${hex(b, 19).toUpperCase()}`;
    const endpointIds = Array.from({ length: endpoints }, (_, e) => `vpce-0${hex(b * 64 + e, 16)}`);
    const records = endpointIds.flatMap((id, e) => subnetIds.map((s, j) => ({
        setIdentifier: `ep${e + 1}-${s}`,
        ip: `10.${b % 256}.${j * 16}.${10 + e}`,
        weight: 1,
        endpointId: id,
        subnetId: s,
    })));

    const componentArgs = { vpcId, subnetIds, expectedConnections: devices, ttl: 60, mqttKeepAliveSeconds: 230, tags: { team: "devices" } };
    const component = resource(COMPONENT_TYPE, name, componentArgs, {});
    // A component's outputs are what it registered, not its args.
    out.push({
        inputs: component.inputs,
        outputs: {
            ...component.outputs,
            properties: {
                dataEndpoint: ATS,
                hostedZoneId: zoneId,
                endpointIds,
                securityGroupId: sgId,
                records,
                capacity: {
                    endpoints,
                    enisPerEndpoint: SUBNETS_PER_VPC,
                    enis: endpoints * SUBNETS_PER_VPC,
                    maxDevices: endpoints * 100_000,
                    expectedConnections: devices,
                    records: records.length,
                },
            },
        },
    });
    const parent = { urn: component.inputs.urn, type: COMPONENT_TYPE };
    const tags = (n: string) => ({ team: "devices", Name: n });

    const sg = resource("aws:ec2/securityGroup:SecurityGroup", `${name}-sg`, {
        vpcId,
        description: "AWS IoT Core interface VPC endpoints: device ports from the allowed networks",
        ingress: [8883, 443, 8443].map((p) => ({ protocol: "tcp", fromPort: p, toPort: p, cidrBlocks: [cidr], description: `port ${p}` })),
        tags: tags(`${name}-sg`),
    }, { id: sgId, arn: `arn:aws:ec2:${REGION}:123456789012:security-group/${sgId}`, egress: [], ownerId: "123456789012" }, { parent });
    out.push(sg);

    endpointIds.forEach((id, e) => out.push(resource("aws:ec2/vpcEndpoint:VpcEndpoint", `${name}-ep${e + 1}`, {
        vpcId,
        serviceName: `com.amazonaws.${REGION}.iot.data`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: false,
        ipAddressType: "ipv4",
        dnsOptions: { dnsRecordIpType: "ipv4" },
        subnetIds,
        securityGroupIds: [sgId],
        tags: tags(`${name}-ep${e + 1}`),
    }, {
        id,
        arn: `arn:aws:ec2:${REGION}:123456789012:vpc-endpoint/${id}`,
        networkInterfaceIds: subnetIds.map((_, j) => `eni-0${hex(b * 1024 + e * 8 + j, 16)}`),
        dnsEntries: [{ dnsName: `${id}-abcdefgh.data.iot.${REGION}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" }],
        state: "available",
        ownerId: "123456789012",
    }, { parent, deps: { vpcId: [], securityGroupIds: [sg.inputs.urn] } })));

    const zone = resource("aws:route53/zone:Zone", `${name}-zone`, {
        name: ATS,
        comment: "Private AWS IoT Core data endpoint (interface VPC endpoints)",
        vpcs: [{ vpcId, vpcRegion: REGION }],
        tags: tags(`${name}-zone`),
    }, { id: zoneId, zoneId, arn: `arn:aws:route53:::hostedzone/${zoneId}`, nameServers: [], primaryNameServer: "ns-0.awsdns-00.com." }, { parent });
    out.push(zone);

    for (const r of records) {
        out.push(resource("aws:route53/record:Record", `${name}-${r.setIdentifier}`, {
            zoneId,
            name: ATS,
            type: "A",
            ttl: 60,
            setIdentifier: r.setIdentifier,
            weightedRoutingPolicies: [{ weight: r.weight }],
            records: [r.ip],
        }, { id: `${zoneId}_${ATS}_A_${r.setIdentifier}`, fqdn: ATS }, { parent, deps: { zoneId: [zone.inputs.urn], records: [] } }));
    }

    const devicePolicy = (n: string, statements: unknown[]) => resource("aws:iot/policy:Policy", n, {
        name: n,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    }, { id: n, arn: `arn:aws:iot:${REGION}:123456789012:policy/${n}`, defaultVersionId: "1" });
    const vpce = { StringEquals: { "aws:SourceVpce": endpointIds } };
    out.push(devicePolicy(`${name}-devices`, [
        { Effect: "Allow", Action: "iot:Connect", Resource: `arn:aws:iot:${REGION}:123456789012:client/\${iot:Connection.Thing.ThingName}`, Condition: vpce },
        { Effect: "Allow", Action: ["iot:Publish", "iot:Receive"], Resource: `arn:aws:iot:${REGION}:123456789012:topic/devices/*` },
        { Effect: "Allow", Action: "iot:Subscribe", Resource: `arn:aws:iot:${REGION}:123456789012:topicfilter/devices/*` },
    ]));
    out.push(devicePolicy(`${name}-fleet`, [
        { Effect: "Allow", Action: ["iot:*"], Resource: "*", Condition: { StringEquals: { "aws:SourceVpc": vpcId } } },
    ]));

    // Other endpoints in the same VPC: the IoT policies must pass over them.
    out.push(resource("aws:ec2/vpcEndpoint:VpcEndpoint", `${name}-s3`, {
        vpcId,
        serviceName: `com.amazonaws.${REGION}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: [`rtb-0${hex(b, 16)}`],
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] }),
    }, { id: `vpce-1${hex(b, 16)}`, state: "available" }));
    out.push(resource("aws:ec2/vpcEndpoint:VpcEndpoint", `${name}-ssm`, {
        vpcId,
        serviceName: `com.amazonaws.${REGION}.ssm`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds,
        securityGroupIds: [sgId],
    }, { id: `vpce-2${hex(b, 16)}`, state: "available", networkInterfaceIds: [] }));

    for (let u = 0; u < UNRELATED_PER_BLOCK; u++) {
        out.push(unrelated(b, u));
    }
    return out;
}

/** An application resource that no policy is about. */
function unrelated(b: number, u: number): Pair {
    const n = `app${b}-${u}`;
    const arn = (svc: string, res: string) => `arn:aws:${svc}:${REGION}:123456789012:${res}`;
    switch (u % 8) {
        case 0:
            return resource("aws:s3/bucketV2:BucketV2", n, { bucket: `bench-${n}`, forceDestroy: false, tags: { app: n } },
                { id: `bench-${n}`, arn: `arn:aws:s3:::bench-${n}`, bucketDomainName: `bench-${n}.s3.amazonaws.com` });
        case 1:
            return resource("aws:iam/role:Role", n, {
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                tags: { app: n },
            }, { id: n, arn: `arn:aws:iam::123456789012:role/${n}`, uniqueId: `AROA${hex(b * 32 + u, 16)}` });
        case 2:
            return resource("aws:lambda/function:Function", n, {
                runtime: "nodejs20.x", handler: "index.handler", memorySize: 256, timeout: 30,
                role: `arn:aws:iam::123456789012:role/app${b}-1`,
                environment: { variables: { TABLE: `app${b}-4`, QUEUE: `app${b}-3` } },
            }, { id: n, arn: arn("lambda", `function:${n}`), version: "$LATEST" });
        case 3:
            return resource("aws:sqs/queue:Queue", n, { visibilityTimeoutSeconds: 60, messageRetentionSeconds: 345600 },
                { id: `https://sqs.${REGION}.amazonaws.com/123456789012/${n}`, arn: arn("sqs", n) });
        case 4:
            return resource("aws:dynamodb/table:Table", n, {
                billingMode: "PAY_PER_REQUEST", hashKey: "pk", rangeKey: "sk",
                attributes: [{ name: "pk", type: "S" }, { name: "sk", type: "S" }],
            }, { id: n, arn: arn("dynamodb", `table/${n}`) });
        case 5:
            return resource("aws:cloudwatch/logGroup:LogGroup", n, { name: `/aws/lambda/${n}`, retentionInDays: 30 },
                { id: `/aws/lambda/${n}`, arn: arn("logs", `log-group:/aws/lambda/${n}`) });
        case 6:
            return resource("aws:sns/topic:Topic", n, { name: n }, { id: arn("sns", n), arn: arn("sns", n) });
        default:
            return resource("aws:ec2/instance:Instance", n, {
                ami: "ami-0123456789abcdef0", instanceType: "t3.micro", subnetId: `subnet-0${hex(b * 16, 16)}`,
                vpcSecurityGroupIds: [`sg-1${hex(b, 16)}`], tags: { Name: n },
            }, { id: `i-0${hex(b * 32 + u, 16)}`, privateIp: `10.${b % 256}.1.${u + 10}` });
    }
}

/**
 * A stack of exactly `size` resources: the root stack, whole blocks while they fit, then S3 buckets to
 * make up the count.
 */
export function syntheticStack(size: number): SyntheticStack {
    const root: Pair = {
        inputs: { urn: STACK_URN, type: STACK_TYPE, name: `${PROJECT}-${STACK}`, properties: {} },
        outputs: { urn: STACK_URN, type: STACK_TYPE, name: `${PROJECT}-${STACK}`, properties: {} },
    };
    const pairs: Pair[] = [root];
    for (let b = 0; ; b++) {
        const next = block(b);
        if (pairs.length + next.length > size) {
            break;
        }
        pairs.push(...next);
    }
    for (let u = 0; pairs.length < size; u++) {
        pairs.push(unrelated(1_000_000, u * 8));
    }
    const mix: Record<string, number> = {};
    for (const p of pairs) {
        mix[p.inputs.type] = (mix[p.inputs.type] ?? 0) + 1;
    }
    return { inputs: pairs.map((p) => p.inputs), outputs: pairs.map((p) => p.outputs), mix };
}
