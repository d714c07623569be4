/**
 * The package's one table of type tokens (`components/resourceTypes.ts`) against the installed SDKs:
 * a token that drifted from the provider's would make the pack, the plan and the simulated account
 * silently match nothing.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";

import { IotCoreVpcEndpoints } from "../components";
import { RESOURCE_TYPES } from "../components/resourceTypes";

/** The token a generated resource class registers with (`__pulumiType`, not in the typings). */
const tokenOf = (cls: unknown): string => (cls as { __pulumiType: string }).__pulumiType;

describe("resource type tokens", () => {
    const classes: Record<string, unknown> = {
        vpcEndpoint: aws.ec2.VpcEndpoint,
        vpcEndpointPolicy: aws.ec2.VpcEndpointPolicy,
        securityGroup: aws.ec2.SecurityGroup,
        securityGroupRule: aws.ec2.SecurityGroupRule,
        securityGroupIngressRule: aws.vpc.SecurityGroupIngressRule,
        zone: aws.route53.Zone,
        zoneAssociation: aws.route53.ZoneAssociation,
        vpcAssociationAuthorization: aws.route53.VpcAssociationAuthorization,
        record: aws.route53.Record,
        resolverEndpoint: aws.route53.ResolverEndpoint,
        iotPolicy: aws.iot.Policy,
        domainConfiguration: aws.iot.DomainConfiguration,
        metricAlarm: aws.cloudwatch.MetricAlarm,
        dashboard: aws.cloudwatch.Dashboard,
    };

    for (const [key, cls] of Object.entries(classes)) {
        it(`${key} is the token @pulumi/aws registers`, () => {
            expect(RESOURCE_TYPES[key as keyof typeof RESOURCE_TYPES]).to.equal(tokenOf(cls));
        });
    }

    it("lists every AWS type of the table above, and the component's own token", () => {
        const awsKeys = Object.entries(RESOURCE_TYPES).filter(([, t]) => t.startsWith("aws:")).map(([k]) => k).sort();
        expect(awsKeys).to.deep.equal(Object.keys(classes).sort());
        expect(RESOURCE_TYPES.component).to.equal("iotvpc:index:IotCoreVpcEndpoints");
        expect(typeof IotCoreVpcEndpoints).to.equal("function");
    });
});
