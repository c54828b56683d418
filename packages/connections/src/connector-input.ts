import { type TConnector } from "@storeflow/connectors";
import { ValidationError } from "@storeflow/errors";

/**
 * Checks a connection's settings and secrets against its connector's schemas and
 * reports every problem at once, each under `config.<field>` or `secrets.<field>`,
 * so a form can put the message beside the field. Messages never echo a value.
 */
export function parseConnectorInput(connector: TConnector, input: { config: unknown; secrets?: unknown }) {
  const config = connector.config.safeParse(input.config);
  const secrets = input.secrets === undefined ? undefined : connector.secrets.safeParse(input.secrets);
  const issues = [
    ...(config.success ? [] : config.error.issues.map((issue) => ({ path: ["config", ...issue.path.map(String)], message: issue.message }))),
    ...(secrets && !secrets.success ? secrets.error.issues.map((issue) => ({ path: ["secrets", ...issue.path.map(String)], message: issue.message })) : []),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    config: config.data as Record<string, unknown>,
    secrets: secrets?.success ? (secrets.data as Record<string, string>) : undefined,
  };
}
