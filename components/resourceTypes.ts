/**
 * The Pulumi type token of every resource this package creates, reads or judges, once: the policy pack
 * matches resources by these, the offline plan orders its tree by them, and the tests and the simulated
 * account look them up here. `tests/resource-types.spec.ts` checks each token against the class of the
 * installed `@pulumi/aws`, so a token that drifts from the provider's fails a test instead of silently
 * matching nothing. Pure: imports nothing from `@pulumi/*`.
 */
import { IOT_CORE_VPC_ENDPOINTS_TYPE } from "./limits";

export const RESOURCE_TYPES = {
    stack: "pulumi:pulumi:Stack",
    component: IOT_CORE_VPC_ENDPOINTS_TYPE,
    awsxVpc: "awsx:ec2:Vpc",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    zone: "aws:route53/zone:Zone",
    zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
    vpcAssociationAuthorization: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
    record: "aws:route53/record:Record",
    resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
    iotPolicy: "aws:iot/policy:Policy",
    domainConfiguration: "aws:iot/domainConfiguration:DomainConfiguration",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
} as const;

export type ResourceTypeName = keyof typeof RESOURCE_TYPES;
export type ResourceType = (typeof RESOURCE_TYPES)[ResourceTypeName];
