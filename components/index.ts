/**
 * iotvpc: AWS IoT Core over interface VPC endpoints (AWS PrivateLink).
 *
 * The component, the pure builders it is made of, and the documented limits they all read.
 *
 * @module iotvpc
 */
export * from "./args";
export { DEFAULTS } from "./defaults";
export * from "./iotCoreVpcEndpoints";
export * from "./limits";
export { ConnectionSettings, DeviceProtocol, AMAZON_ROOT_CA_1_URL, connectionSettings } from "./connectionSettings";
export {
    DeviceAction, DevicePolicyRestriction, GREENGRASS_DATA_PLANE_ACTIONS, GreengrassCoreDeviceArgs, PolicyDocument, PolicyStatement, VpcOnlyDevicePolicyArgs, policyCharacters, vpcOnlyDevicePolicy,
} from "./devicePolicy";
export { NucleusConfigArgs, nucleusConfig } from "./greengrass";
export { InvalidArgumentsError, Problem } from "./problems";
export {
    AlarmPlan, CapacityPlan, DeploymentPlan, EndpointGroup, EndpointPlan, PlanSettings, RecordPlan, ServiceEndpointPlan, SubnetPlan, Weights, ZonePlan,
    balancedWeights, planDeployment,
} from "./planning";
