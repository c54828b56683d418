import { NonRetryableError } from "@storeflow/engine";
import { type TActionContext } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";
import { type ClientCredentialsOptions, getClientCredentialsToken, invalidateClientCredentialsToken } from "../oauth2";
import { type TBusinessCentralConfig, type TBusinessCentralSecrets } from "./config";
import { describeBusinessCentralError } from "./error-body";

/** What a Business Central call needs from an action's context (health and polling have no idempotency key). */
export type TBcContext = Pick<TBcActionContext, "config" | "secrets" | "fetch" | "signal">;
export type TBcActionContext = TActionContext<TBusinessCentralConfig, TBusinessCentralSecrets>;

const VENDOR = "Business Central";
const DEFAULT_API_ORIGIN = "https://api.businesscentral.dynamics.com";
const SCOPE = "https://api.businesscentral.dynamics.com/.default";
// Business Central's own server page is 20,000 records; smaller pages keep each response (and its memory) modest.
export const PAGE_SIZE = 500;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export type TQuery = Record<string, string | number | undefined>;

function tokenOptions(context: TBcContext): ClientCredentialsOptions {
  const { config, secrets } = context;
  return {
    fetch: context.fetch,
    signal: context.signal,
    tokenUrl: config.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`,
    clientId: secrets.clientId,
    clientSecret: secrets.clientSecret,
    scope: SCOPE,
    vendor: "Microsoft identity platform",
  };
}

/** `…/v2.0/<tenant>/<environment>/api/v2.0/companies(<id>)`, the root of every call. */
export function companyRoot(config: TBusinessCentralConfig): URL {
  const origin = (config.baseUrl ?? DEFAULT_API_ORIGIN).replace(/\/+$/, "");
  return new URL(`${origin}/v2.0/${encodeURIComponent(config.tenantId)}/${encodeURIComponent(config.environment)}/api/v2.0/companies(${config.companyId})`);
}

/**
 * A URL under the company. OData system options keep their literal `$`; values are
 * percent-encoded (spaces as %20, never `+`, which OData would read as a plus sign).
 */
export function companyUrl(config: TBusinessCentralConfig, path: string, query: TQuery = {}): URL {
  const root = companyRoot(config);
  const search = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join("&");
  return new URL(`${root.href}/${path}${search ? `?${search}` : ""}`);
}

// A nextLink is the server's to write; we only follow it while it stays under our company,
// because the request carries the bearer token.
function assertUnderCompany(config: TBusinessCentralConfig, url: URL): void {
  const root = companyRoot(config);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
    throw new NonRetryableError(`${VENDOR} returned a next page link outside this company's API; not followed`);
  }
}

async function readCappedText(response: Response): Promise<string> {
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new NonRetryableError(`${VENDOR} answered with ${length} bytes, more than the ${MAX_RESPONSE_BYTES} a step may read`);
  }
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new NonRetryableError(`${VENDOR} answered with more than the ${MAX_RESPONSE_BYTES} bytes a step may read`);
  return text;
}

/** Options for {@link bcRequest}. */
export interface BcRequestOptions {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: URL;
  body?: unknown;
  /** Sent as `Prefer`, e.g. `odata.maxpagesize=500`. */
  prefer?: string;
}

async function send(context: TBcContext, options: BcRequestOptions, accessToken: string): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}`, accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.prefer) headers.prefer = options.prefer;
  return context.fetch(options.url, {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: "manual",
    signal: context.signal,
  });
}

/**
 * One call to the API with a cached bearer token. A 401 means the token was revoked
 * or expired early: it is dropped and the call is tried once more with a fresh one.
 * Returns the parsed JSON body, or null for 204.
 */
export async function bcRequest(context: TBcContext, options: BcRequestOptions): Promise<unknown> {
  assertUnderCompany(context.config, options.url);
  const auth = tokenOptions(context);
  let accessToken = await getClientCredentialsToken(auth);
  let response = await send(context, options, accessToken);
  if (response.status === 401) {
    await response.body?.cancel();
    invalidateClientCredentialsToken(auth, accessToken);
    accessToken = await getClientCredentialsToken(auth);
    response = await send(context, options, accessToken);
  }
  const text = await readCappedText(response);
  if (!response.ok) throw httpError(VENDOR, response, describeBusinessCentralError(text));
  if (response.status === 204 || text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new NonRetryableError(`${VENDOR} answered ${response.status} with a body that is not JSON`);
  }
}

/** What {@link bcList} collected. */
export interface TBcPage {
  value: unknown[];
  /** True when `limit` stopped us before the last page. */
  truncated: boolean;
}

/** Follows `@odata.nextLink` until the collection ends or `limit` records are read. */
export async function bcList(context: TBcContext, url: URL, limit: number): Promise<TBcPage> {
  const value: unknown[] = [];
  let next: URL | undefined = url;
  while (next) {
    const body = (await bcRequest(context, { method: "GET", url: next, prefer: `odata.maxpagesize=${Math.min(PAGE_SIZE, limit)}` })) as {
      value?: unknown;
      "@odata.nextLink"?: unknown;
    } | null;
    if (!body || !Array.isArray(body.value)) throw new NonRetryableError(`${VENDOR} answered a collection request without a "value" array`);
    value.push(...body.value);
    if (value.length >= limit) return { value: value.slice(0, limit), truncated: value.length > limit || typeof body["@odata.nextLink"] === "string" };
    next = typeof body["@odata.nextLink"] === "string" ? new URL(body["@odata.nextLink"]) : undefined;
  }
  return { value, truncated: false };
}
