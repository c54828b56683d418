import { NonRetryableError } from "@storeflow/engine";
import { type THttpAuth, type THttpSecrets } from "./config";

function requireSecret(secrets: THttpSecrets, field: keyof THttpSecrets, kind: THttpAuth["kind"]): string {
  const value = secrets[field];
  if (!value) throw new NonRetryableError(`HTTP connection: ${kind} auth needs the secret "${field}", which is not set`);
  return value;
}

/** The headers that prove who we are; empty for `none`. Never logged: they hold the secret. */
export function buildAuthHeaders(auth: THttpAuth, secrets: THttpSecrets): Record<string, string> {
  switch (auth.kind) {
    case "none":
      return {};
    case "apiKey":
      return { [auth.header]: requireSecret(secrets, "apiKey", auth.kind) };
    case "bearer":
      return { authorization: `Bearer ${requireSecret(secrets, "token", auth.kind)}` };
    case "basic": {
      const credentials = `${requireSecret(secrets, "username", auth.kind)}:${requireSecret(secrets, "password", auth.kind)}`;
      return { authorization: `Basic ${Buffer.from(credentials, "utf8").toString("base64")}` };
    }
  }
}
