import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";

/** A webhook whose signature, secret or timestamp does not check out: the ingress answers 401 and stores nothing. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

/** A verified webhook whose body cannot be read as the vendor documents it: 400, nothing stored. */
export class WebhookPayloadError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = "WebhookPayloadError";
  }
}

const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Reads Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now.getTime();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, Math.round(ms)), MAX_RETRY_AFTER_MS);
}

/**
 * Turns a vendor's error response into the engine's control-flow errors:
 * 429 → RateLimitedError with the server's Retry-After; 408 and 5xx → RetryableError;
 * any other 4xx → NonRetryableError carrying the vendor's own message.
 */
export function httpError(vendor: string, response: Response, detail: string): Error {
  const message = `${vendor} answered ${response.status}${detail ? `: ${detail}` : ""}`;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  if (response.status === 429) return new RateLimitedError(message, { retryAfterMs: retryAfterMs ?? 1000 });
  if (response.status >= 500 || response.status === 408) {
    return new RetryableError(message, retryAfterMs !== undefined ? { retryAfterMs } : {});
  }
  return new NonRetryableError(message);
}
