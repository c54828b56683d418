import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { z } from "zod";
import { type TActionContext } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";
import { type TShopifyConfig, type TShopifySecrets } from "./config";

export type TShopifyCallContext = Pick<TActionContext<TShopifyConfig, TShopifySecrets>, "config" | "secrets" | "fetch" | "signal">;

const MAX_RETRY_AFTER_MS = 15 * 60_000;
const DEFAULT_THROTTLE_RETRY_MS = 1000;

const ZCost = z.object({
  requestedQueryCost: z.number(),
  throttleStatus: z.object({ currentlyAvailable: z.number(), restoreRate: z.number() }),
});

const ZGraphqlResponse = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string(), extensions: z.looseObject({ code: z.string().optional() }).optional() })).optional(),
  extensions: z.looseObject({ cost: ZCost.optional() }).optional(),
});

/**
 * How long until the bucket holds what the throttled query asked for: Shopify restores
 * `restoreRate` points a second, and the query needs `requested - currentlyAvailable` more.
 */
function throttleRetryAfterMs(cost: z.output<typeof ZCost> | undefined): number {
  if (!cost || cost.throttleStatus.restoreRate <= 0) return DEFAULT_THROTTLE_RETRY_MS;
  const missing = Math.max(0, cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable);
  return Math.min(Math.ceil((missing / cost.throttleStatus.restoreRate) * 1000), MAX_RETRY_AFTER_MS);
}

function graphqlUrl(config: TShopifyConfig): string {
  const base = (config.baseUrl ?? `https://${config.shopDomain}`).replace(/\/+$/, "");
  return `${base}/admin/api/${config.apiVersion}/graphql.json`;
}

// Shopify's HTTP-level errors come as `{ errors: "text" }`, `{ errors: { field: "text" } }`
// or, for a GraphQL failure, `{ errors: [{ message }] }`.
function describeHttpError(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (typeof body.errors === "string") return body.errors;
    if (Array.isArray(body.errors)) return body.errors.map((e: { message?: unknown }) => (typeof e?.message === "string" ? e.message : JSON.stringify(e))).join("; ");
    if (body.errors !== undefined) return JSON.stringify(body.errors);
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 500);
}

function readCost(text: string): z.output<typeof ZCost> | undefined {
  try {
    return ZGraphqlResponse.safeParse(JSON.parse(text)).data?.extensions?.cost;
  } catch {
    return undefined;
  }
}

export interface TShopifyRequest<T extends z.ZodType> {
  /** Names the call in error messages, e.g. "refundCreate". */
  operation: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The shape `data` must have. */
  data: T;
}

/**
 * One GraphQL Admin API call. Shopify answers most failures with HTTP 200: THROTTLED
 * becomes RateLimitedError (its wait worked out from the cost report),
 * INTERNAL_SERVER_ERROR a RetryableError, anything else (a query or input Shopify
 * rejects) a NonRetryableError. Non-2xx answers go through httpError, except a 429 whose
 * wait only its cost report gives.
 */
export async function requestShopify<T extends z.ZodType>(context: TShopifyCallContext, request: TShopifyRequest<T>): Promise<z.output<T>> {
  const response = await context.fetch(graphqlUrl(context.config), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", "x-shopify-access-token": context.secrets.accessToken },
    body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
    signal: context.signal,
  });
  if (!response.ok) {
    const text = await response.text();
    // A 429 without Retry-After may still carry the GraphQL cost report: it says how long to wait.
    const cost = response.status === 429 && !response.headers.has("retry-after") ? readCost(text) : undefined;
    if (cost) throw new RateLimitedError(`Shopify ${request.operation} answered 429: Throttled`, { retryAfterMs: throttleRetryAfterMs(cost) });
    throw httpError("Shopify", response, describeHttpError(text));
  }

  const parsed = ZGraphqlResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new NonRetryableError(`Shopify ${request.operation}: the answer is not a GraphQL response`);
  const { errors, data, extensions } = parsed.data;
  if (errors && errors.length > 0) {
    const codes = errors.map((e) => e.extensions?.code);
    const message = `Shopify ${request.operation}: ${errors.map((e) => e.message).join("; ")}`;
    if (codes.includes("THROTTLED")) throw new RateLimitedError(message, { retryAfterMs: throttleRetryAfterMs(extensions?.cost) });
    if (codes.includes("INTERNAL_SERVER_ERROR")) throw new RetryableError(message);
    throw new NonRetryableError(message);
  }
  const typed = request.data.safeParse(data);
  if (!typed.success) throw new NonRetryableError(`Shopify ${request.operation}: unexpected response shape: ${typed.error.issues[0]?.message ?? ""}`);
  return typed.data;
}
