/**
 * Every policy of the pack, by area, in the order of the README: endpoints (private DNS, endpoint
 * policies, IPv4, data only, China), DNS (weighted records, one private zone per name and VPC, ATS only),
 * capacity (devices per endpoint, endpoints per VPC, the component's arguments, keep-alive) and access
 * (security groups, VPC-only IoT policies). Each area file defines its policies; helpers live in `lib.ts`.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { accessPolicies } from "./access";
import { capacityPolicies } from "./capacity";
import { dnsPolicies } from "./dns";
import { endpointPolicies } from "./endpoints";

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    ...endpointPolicies,
    ...dnsPolicies,
    ...capacityPolicies,
    ...accessPolicies,
];
