/**
 * The inputs for which the AWS provider replaces (deletes and recreates) each resource type the
 * component creates; changing any other input updates the resource in place. From the provider's
 * schema (ForceNew attributes). The README's "What replaces what" section lists the same.
 */
export const REPLACE_ON: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
    "aws:ec2/securityGroup:SecurityGroup": ["vpcId", "description", "name", "namePrefix"],
    "aws:route53/zone:Zone": ["name", "delegationSetId"],
    "aws:route53/record:Record": ["zoneId", "name", "type", "setIdentifier"],
    "aws:iot/domainConfiguration:DomainConfiguration": ["domainName", "name", "serverCertificateArns", "serviceType", "validationCertificateArn"],
    "aws:route53/resolverEndpoint:ResolverEndpoint": ["direction", "securityGroupIds"],
    "aws:iot/policy:Policy": ["name"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
};
