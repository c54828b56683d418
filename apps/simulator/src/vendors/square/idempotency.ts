import { type Context } from "hono";
import { type ContentfulStatusCode } from "hono/utils/http-status";
import { squareError } from "./errors";
import { type TSquareState } from "./state";

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export interface TWithIdempotencyOptions {
  c: Context;
  state: TSquareState;
  /** The endpoint: keys are scoped to it. */
  scope: string;
  key: string;
  body: unknown;
  /** Runs the request; an answer under 300 is kept for retries. */
  run: () => { status: ContentfulStatusCode; response: object };
}

/**
 * Square's idempotency: a repeat of the first successful request with the same key gets
 * the same answer and changes nothing; the same key with a different body is refused
 * with IDEMPOTENCY_KEY_REUSED. A failed request is not kept, so its retry runs again.
 */
export function withIdempotency({ c, state, scope, key, body, run }: TWithIdempotencyOptions): Response {
  const recordKey = `${scope}:${key}`;
  const canonical = canonicalJson(body);
  const record = state.idempotency[recordKey];
  if (record) {
    if (record.body !== canonical) {
      return squareError(c, 400, [
        { category: "INVALID_REQUEST_ERROR", code: "IDEMPOTENCY_KEY_REUSED", detail: "The idempotency key can only be retried with the same request data.", field: "idempotency_key" },
      ]);
    }
    return c.json(record.response as object, record.status as ContentfulStatusCode);
  }
  const { status, response } = run();
  if (status < 300) state.idempotency[recordKey] = { body: canonical, status, response: structuredClone(response) };
  return c.json(response, status);
}
