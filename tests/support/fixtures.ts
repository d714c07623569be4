/** Shared fixtures: a standard fake account and helpers to read what a run registered. */
import { IOT_CORE_VPC_ENDPOINTS_TYPE } from "../../components/limits";
import { FakeAwsAccount, FakeSubnet, FakeVpc } from "../../stacks/simulation/fakeAws";
import { ProgramRun, Registration } from "../../stacks/simulation/harness";

/** Every resource type the tests look for, once. */
export const T = {
    stack: "pulumi:pulumi:Stack",
    component: IOT_CORE_VPC_ENDPOINTS_TYPE,
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    endpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    zone: "aws:route53/zone:Zone",
    zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
    record: "aws:route53/record:Record",
    resolver: "aws:route53/resolverEndpoint:ResolverEndpoint",
    iotPolicy: "aws:iot/policy:Policy",
    domainConfiguration: "aws:iot/domainConfiguration:DomainConfiguration",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

export interface StandardAccount {
    readonly account: FakeAwsAccount;
    readonly vpc: FakeVpc;
    /** One subnet per zone where iot.data is offered (us-east-1: a, b, c, d, f). */
    readonly subnets: FakeSubnet[];
    readonly subnetIds: string[];
}

/** An account in `region` with one VPC (10.20.0.0/16) and a subnet in each zone offering iot.data. */
export function standardAccount(region = "us-east-1", options: { endpointsPerVpcQuota?: number } = {}): StandardAccount {
    const account = new FakeAwsAccount({ region, ...options });
    const { vpc, subnets } = account.addVpc("main");
    return { account, vpc, subnets, subnetIds: subnets.map((s) => s.id) };
}

/** Registrations that are AWS resources (custom, not providers). */
export function awsResources(run: ProgramRun): Registration[] {
    return run.registrations.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
}

export function countByType(run: ProgramRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of run.registrations) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}
