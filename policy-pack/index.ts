/**
 * CrossGuard policy pack: the documented limitations of AWS IoT Core interface VPC endpoints,
 * enforced in every preview and update.
 *
 *   pulumi preview --policy-pack policy-pack
 */
import { PolicyPack } from "@pulumi/policy";

import { policies } from "./policies";

new PolicyPack("iot-core-vpc-endpoints", {
    description: "Guardrails for AWS IoT Core over interface VPC endpoints (AWS PrivateLink): private DNS off, no endpoint policies, IPv4 and ATS only, no China regions, equal-weight private DNS records in one private zone per name and VPC, capacity and quotas, device ports from private networks, VPC-only device policies.",
    enforcementLevel: "mandatory",
    policies,
});
