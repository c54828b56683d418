import { z } from "zod";

const ZGuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

const ZHttpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .refine((value) => {
    const url = new URL(value);
    return !url.search && !url.hash && !url.username && !url.password;
  }, "cannot carry a query, fragment or credentials");

export const ZBusinessCentralConfig = z.strictObject({
  /** The Entra (Azure AD) tenant: a GUID or a verified domain such as contoso.onmicrosoft.com. */
  tenantId: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, "a tenant GUID or domain"),
  /** The environment name, e.g. "Production" or "Sandbox". */
  environment: z.string().regex(/^[A-Za-z0-9_-]{1,30}$/, "letters, digits, - and _ only"),
  companyId: ZGuid,
  /** Replaces https://api.businesscentral.dynamics.com (the simulator, or a private endpoint). */
  baseUrl: ZHttpUrl.optional(),
  /** Replaces https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token. */
  tokenUrl: ZHttpUrl.optional(),
});
export type TBusinessCentralConfig = z.output<typeof ZBusinessCentralConfig>;

export const ZBusinessCentralSecrets = z.strictObject({
  /** The Entra app registration's application (client) id. */
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /**
   * Set as `clientState` on the webhook subscriptions we register; Business Central
   * echoes it in every notification and it is the only proof a notification is real.
   */
  webhookClientState: z.string().min(16).max(2048).optional(),
});
export type TBusinessCentralSecrets = z.output<typeof ZBusinessCentralSecrets>;
