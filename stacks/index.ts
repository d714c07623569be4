/**
 * Entry point of the Pulumi program (`Pulumi.yaml` main: stacks/). Stacks are `<env>-<region>`:
 *
 *   pulumi up -s prod-eu-west-1
 */
import { iotStack, settingsFromRuntime } from "./program";

export = iotStack(settingsFromRuntime());
