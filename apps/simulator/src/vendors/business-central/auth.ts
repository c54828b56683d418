import { randomBytes, randomUUID } from "node:crypto";
import { type Context } from "hono";
import { BcError } from "./errors";
import { type TBcState } from "./state";

const SCOPE = "https://api.businesscentral.dynamics.com/.default";

function entraError(c: Context, status: 400 | 401, error: string, description: string) {
  const traceId = randomUUID();
  return c.json(
    {
      error,
      error_description: `${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
      error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
      trace_id: traceId,
    },
    status,
  );
}

/**
 * `POST /<tenant>/oauth2/v2.0/token` of the Microsoft identity platform, client
 * credentials grant only, answered with Entra's error codes for the usual mistakes.
 */
export async function handleTokenRequest(c: Context, state: TBcState): Promise<Response> {
  const tenant = c.req.param("tenant");
  const form = new URLSearchParams(await c.req.text());
  if (tenant !== state.tenantId) return entraError(c, 400, "invalid_request", `AADSTS90002: Tenant '${tenant}' not found.`);
  if (form.get("grant_type") !== "client_credentials") {
    return entraError(c, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
  }
  const client = state.clients.find((candidate) => candidate.clientId === form.get("client_id"));
  if (!client) {
    return entraError(c, 400, "unauthorized_client", `AADSTS700016: Application with identifier '${form.get("client_id") ?? ""}' was not found in the directory.`);
  }
  if (client.clientSecret !== form.get("client_secret")) {
    return entraError(c, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
  }
  if (form.get("scope") !== SCOPE) {
    return entraError(c, 400, "invalid_scope", `AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.`);
  }
  const accessToken = `sim.${randomBytes(24).toString("base64url")}`;
  state.tokens.set(accessToken, { clientId: client.clientId, tenantId: tenant, expiresAt: Date.now() + state.tokenLifetimeS * 1000 });
  state.tokenRequests += 1;
  return c.json({ token_type: "Bearer", expires_in: state.tokenLifetimeS, ext_expires_in: state.tokenLifetimeS, access_token: accessToken });
}

/** Throws the 401 Business Central answers for a missing, unknown, expired or foreign-tenant token. */
export function authenticate(c: Context, state: TBcState): void {
  const header = c.req.header("authorization") ?? "";
  const token = /^Bearer (.+)$/.exec(header)?.[1];
  const issued = token ? state.tokens.get(token) : undefined;
  if (!issued || issued.expiresAt <= Date.now() || issued.tenantId !== c.req.param("tenant")) {
    throw new BcError(401, "Authentication_InvalidCredentials", "The server has rejected the client credentials.");
  }
}
