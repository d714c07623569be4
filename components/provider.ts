/**
 * The component-provider host: `pulumi package add <this repo>` starts this file (`PulumiPlugin.yaml`),
 * which serves `IotCoreVpcEndpoints` over the provider protocol with a schema inferred from the
 * TypeScript types, so Python, Go, .NET, Java and YAML programs can use the component.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";

import { providerOptions } from "./providerOptions";

componentProviderHost(providerOptions()).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
