import { type TConnectorCatalog } from "@storeflow/connectors";
import { z } from "zod";
import { type TConnectorDto } from "../dto";

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  // "input": what a form sends, so fields with defaults are optional.
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/** The connectors a partner can pick from, with JSON Schemas the portal renders as the connect form. */
export function describeConnectors(catalog: TConnectorCatalog): TConnectorDto[] {
  return catalog
    .list()
    .map((connector) => ({
      key: connector.key,
      name: connector.name,
      version: connector.version,
      category: connector.category,
      auth: connector.auth,
      receivesWebhooks: Boolean(connector.webhook),
      capabilities: [...new Set(Object.values(connector.actions).map((action) => action.capability))].sort(),
      configSchema: jsonSchemaOf(connector.config),
      secretsSchema: jsonSchemaOf(connector.secrets),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
