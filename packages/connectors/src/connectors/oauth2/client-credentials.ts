import { createHash } from "node:crypto";
import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { type TFetch } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";

/** Options for {@link getClientCredentialsToken}: one connection's app registration. */
export interface ClientCredentialsOptions {
  /** The connection's fetch (it refuses private addresses); never the global one. */
  fetch: TFetch;
  signal: AbortSignal;
  tokenUrl: string;
  clientId: string;
  /** Sent in the form body only; never logged, never part of an error or a cache key in plain text. */
  clientSecret: string;
  scope: string;
  /** Names the token service in error messages, e.g. "Microsoft identity platform". */
  vendor: string;
}

interface TCachedToken {
  accessToken: string;
  /** Epoch ms after which the token is no longer handed out. */
  refreshAt: number;
}

// RFC 6749 §5.1; some servers send expires_in as a string.
const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

// RFC 6749 §5.2 error body.
const ZTokenError = z.object({ error: z.string(), error_description: z.string().optional() });

const MAX_REFRESH_MARGIN_MS = 60_000;
// A token living 10 minutes is refreshed after 9; an hour-long one a minute before it ends.
const REFRESH_MARGIN_SHARE = 0.1;

/**
 * Tokens per connection, in this process's memory only. The key hashes the secret
 * with the rest, so a rotated secret never reuses a token issued for the old one
 * and two connections share a token only when they are the same app registration.
 */
const tokens = new Map<string, TCachedToken>();
// One token request per key at a time: fifty parallel steps must not mean fifty token calls.
const pending = new Map<string, Promise<TCachedToken>>();

function cacheKey(options: ClientCredentialsOptions): string {
  return createHash("sha256").update([options.tokenUrl, options.clientId, options.scope, options.clientSecret].join("\0")).digest("hex");
}

function describeTokenError(text: string): string {
  try {
    const parsed = ZTokenError.safeParse(JSON.parse(text));
    // Entra's descriptions run to several lines (trace and correlation ids); the first says what is wrong.
    if (parsed.success) return [parsed.data.error, parsed.data.error_description?.split(/\r?\n/)[0]].filter(Boolean).join(": ");
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300);
}

async function requestToken(options: ClientCredentialsOptions): Promise<TCachedToken> {
  const body = new URLSearchParams({ grant_type: "client_credentials", client_id: options.clientId, client_secret: options.clientSecret, scope: options.scope });
  const requestedAt = Date.now();
  const response = await options.fetch(options.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body,
    redirect: "manual",
    signal: options.signal,
  });
  const text = await response.text();
  if (!response.ok) throw httpError(options.vendor, response, describeTokenError(text));
  let parsed: z.infer<typeof ZTokenResponse>;
  try {
    parsed = ZTokenResponse.parse(JSON.parse(text));
  } catch {
    throw new NonRetryableError(`${options.vendor} answered the token request with something that is not an OAuth 2.0 token response`);
  }
  const lifetimeMs = parsed.expires_in * 1000;
  const margin = Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs * REFRESH_MARGIN_SHARE);
  // Counted from before the request, so time spent in flight is not lifetime we think we have.
  return { accessToken: parsed.access_token, refreshAt: requestedAt + lifetimeMs - margin };
}

/**
 * A bearer token for the client-credentials grant, from the cache while it has
 * life left, else from the token endpoint. Token endpoint errors map like any
 * other HTTP error (429 → rate limited, 5xx → retryable, bad credentials → not).
 */
export async function getClientCredentialsToken(options: ClientCredentialsOptions): Promise<string> {
  const key = cacheKey(options);
  for (;;) {
    const cached = tokens.get(key);
    if (cached && Date.now() < cached.refreshAt) return cached.accessToken;
    if (cached) tokens.delete(key);
    let request = pending.get(key);
    const ours = !request;
    if (!request) {
      request = requestToken(options).finally(() => pending.delete(key));
      pending.set(key, request);
    }
    try {
      const token = await request;
      tokens.set(key, token);
      return token.accessToken;
    } catch (error) {
      // Another caller's request was aborted by its own signal; ours is still live, so ask again.
      if (!ours && !options.signal.aborted && isAbort(error)) continue;
      throw error;
    }
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/**
 * Drops `accessToken` from the cache after the API refused it (revoked, or expired
 * early): the next call fetches a fresh one. A newer token already cached stays.
 */
export function invalidateClientCredentialsToken(options: ClientCredentialsOptions, accessToken: string): void {
  const key = cacheKey(options);
  if (tokens.get(key)?.accessToken === accessToken) tokens.delete(key);
}
