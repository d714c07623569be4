/**
 * The inputs for which the AWS provider replaces each resource type: the table lives with the other
 * AWS facts in `facts.ts`; this module keeps the older import path working.
 */
export { REPLACE_ON } from "./facts";
