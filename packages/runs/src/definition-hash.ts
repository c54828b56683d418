import { createHash } from "node:crypto";
import { type TWorkflowDefinition } from "@storeflow/engine";
import stringify from "safe-stable-stringify";

/** sha256 of the definition's canonical JSON: equal definitions share one row and one cache entry. */
export function definitionHash(definition: TWorkflowDefinition): string {
  return createHash("sha256").update(stringify(definition)).digest("hex");
}
