export * from "./iotCoreVpcEndpoints";
export * from "./limits";
export { InvalidArgumentsError, Problem } from "./validation";
export { CapacityPlan, DeploymentPlan, EndpointPlan, RecordPlan, SubnetPlan, balancedWeights, planDeployment } from "./planning";
