import { NonRetryableError, RateLimitedError } from "@storeflow/engine";
import { type TActionContext } from "../../sdk/connector";
import { httpError, parseRetryAfter } from "../../sdk/errors";
import { type TShipBobConfig, type TShipBobSecrets } from "./config";
import { describeShipBobError } from "./error-body";

export type TSbActionContext = TActionContext<TShipBobConfig, TShipBobSecrets>;
/** What a ShipBob call needs from an action's context (health has no idempotency key). */
export type TSbContext = Pick<TSbActionContext, "config" | "secrets" | "fetch" | "signal">;

const VENDOR = "ShipBob";
/** The dated API version every path is under; webhooks of this surface are signed. */
export const API_VERSION = "2026-01";
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export type TQuery = Record<string, string | number | undefined>;

function apiRoot(config: TShipBobConfig): string {
  return `${config.baseUrl.replace(/\/+$/, "")}/${API_VERSION}/`;
}

export function apiUrl(config: TShipBobConfig, path: string, query: TQuery = {}): URL {
  const url = new URL(path, apiRoot(config));
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

/**
 * ShipBob's rate limiter names the wait in `x-retry-after` (seconds), not in
 * Retry-After; a proxy in front may send the standard header, which then wins.
 */
function shipBobError(response: Response, detail: string): Error {
  const error = httpError(VENDOR, response, detail);
  const wait = parseRetryAfter(response.headers.get("x-retry-after"));
  if (response.status === 429 && !response.headers.get("retry-after") && wait !== undefined) return new RateLimitedError(error.message, { retryAfterMs: wait });
  return error;
}

/** Options for {@link sbRequest}. */
export interface SbRequestOptions {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: URL;
  body?: unknown;
  /** Sends `shipbob_channel_id`, which creating orders and returns requires. */
  channel?: boolean;
  /** Error statuses handed back to the caller instead of thrown (e.g. 422 for a reused reference_id). */
  accept?: readonly number[];
}

export interface TSbResponse {
  status: number;
  body: unknown;
  headers: Headers;
  /** The error as it would have been thrown, for an accepted error status. */
  error?: Error;
}

export async function sbRequest(context: TSbContext, options: SbRequestOptions): Promise<TSbResponse> {
  // Only our API version's paths get the token; a link from a response pointing elsewhere is refused.
  if (!options.url.href.startsWith(apiRoot(context.config))) throw new NonRetryableError(`${VENDOR} returned a link outside its API; not followed`);
  const headers: Record<string, string> = { authorization: `Bearer ${context.secrets.personalAccessToken}`, accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.channel) headers.shipbob_channel_id = String(context.config.channelId);
  const response = await context.fetch(options.url, {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: "manual",
    signal: context.signal,
  });
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new NonRetryableError(`${VENDOR} answered with more than the ${MAX_RESPONSE_BYTES} bytes a step may read`);
  if (!response.ok) {
    const error = shipBobError(response, describeShipBobError(text));
    if (!options.accept?.includes(response.status)) throw error;
    return { status: response.status, body: null, headers: response.headers, error };
  }
  let body: unknown = null;
  if (text !== "") {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw new NonRetryableError(`${VENDOR} answered ${response.status} with a body that is not JSON`);
    }
  }
  return { status: response.status, body, headers: response.headers };
}

/** Follows the dated API's cursor envelope (`{ items, next }`) until it ends or `limit` items are read. */
export async function sbListAll(context: TSbContext, url: URL, limit: number): Promise<{ items: unknown[]; truncated: boolean }> {
  const items: unknown[] = [];
  let next: URL | undefined = url;
  while (next) {
    const { body } = await sbRequest(context, { method: "GET", url: next });
    const page = body as { items?: unknown; next?: unknown } | null;
    if (!page || !Array.isArray(page.items)) throw new NonRetryableError(`${VENDOR} answered a list request without an "items" array`);
    items.push(...page.items);
    const link = typeof page.next === "string" && page.next ? new URL(page.next) : undefined;
    if (items.length >= limit) return { items: items.slice(0, limit), truncated: items.length > limit || link !== undefined };
    next = link;
  }
  return { items, truncated: false };
}
