import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { type TActionContext } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";
import { SQUARE_BASE_URLS, type TSquareConfig, type TSquareSecrets } from "./config";

export type TSquareCallContext = Pick<TActionContext<TSquareConfig, TSquareSecrets>, "config" | "secrets" | "fetch" | "signal">;

const ZSquareErrors = z.object({
  errors: z.array(z.object({ category: z.string().optional(), code: z.string().optional(), detail: z.string().optional(), field: z.string().optional() })),
});

/** Square's `{ errors: [{ category, code, detail, field }] }` as one line: "CODE (field): detail; …". */
function describeErrors(text: string): string {
  try {
    const parsed = ZSquareErrors.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.errors.map((e) => `${e.code ?? e.category ?? "ERROR"}${e.field ? ` (${e.field})` : ""}: ${e.detail ?? "no detail"}`).join("; ");
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 500);
}

export interface TSquareRequest<T extends z.ZodType> {
  /** Names the call in error messages, e.g. "RefundPayment". */
  operation: string;
  method: "GET" | "POST";
  /** Below the base URL, e.g. "/v2/refunds"; path parameters already encoded. */
  path: string;
  body?: object;
  /** The shape a successful answer must have. */
  response: T;
}

/** One Square API call; a non-2xx answer becomes the engine's error through httpError, with Square's own detail. */
export async function requestSquare<T extends z.ZodType>(context: TSquareCallContext, request: TSquareRequest<T>): Promise<z.output<T>> {
  const base = (context.config.baseUrl ?? SQUARE_BASE_URLS[context.config.environment]).replace(/\/+$/, "");
  const response = await context.fetch(`${base}${request.path}`, {
    method: request.method,
    headers: {
      accept: "application/json",
      authorization: `Bearer ${context.secrets.accessToken}`,
      "square-version": context.config.squareVersion,
      ...(request.body ? { "content-type": "application/json" } : {}),
    },
    ...(request.body ? { body: JSON.stringify(request.body) } : {}),
    signal: context.signal,
  });
  if (!response.ok) throw httpError(`Square ${request.operation}`, response, describeErrors(await response.text()));
  const parsed = request.response.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new NonRetryableError(`Square ${request.operation}: unexpected response shape: ${parsed.error.issues[0]?.message ?? ""}`);
  return parsed.data;
}
