/**
 * How the component-provider host (`provider.ts`) serves this package to other languages: the package
 * name (the first part of the type token `iotvpc:index:IotCoreVpcEndpoints`), the folder whose
 * TypeScript the schema is inferred from (this one, with its `package.json` and `tsconfig.json`), the
 * components, and the npm package's version.
 */
import * as path from "path";

import { ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";

import { IotCoreVpcEndpoints } from "./iotCoreVpcEndpoints";

export const PACKAGE_NAME = "iotvpc";

export function providerOptions(): ComponentProviderOptions & { version: string } {
    const { version } = require(path.join(__dirname, "..", "package.json")) as { version: string };
    return { name: PACKAGE_NAME, dirname: __dirname, components: [IotCoreVpcEndpoints], version };
}
