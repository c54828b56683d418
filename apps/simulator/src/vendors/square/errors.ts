import { type Context } from "hono";
import { type ContentfulStatusCode } from "hono/utils/http-status";
import { type z } from "zod";

export type TSquareErrorCategory = "API_ERROR" | "AUTHENTICATION_ERROR" | "INVALID_REQUEST_ERROR" | "RATE_LIMIT_ERROR" | "PAYMENT_METHOD_ERROR" | "REFUND_ERROR";

export interface TSquareError {
  category: TSquareErrorCategory;
  code: string;
  detail: string;
  field?: string;
}

/** Square's error body: `{ errors: [{ category, code, detail, field }] }`. */
export function squareError(c: Context, status: ContentfulStatusCode, errors: TSquareError[]) {
  return c.json({ errors }, status);
}

export function notFound(c: Context, kind: string, id: string) {
  return squareError(c, 404, [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Could not find ${kind} with id: ${id}` }]);
}

/** Reads a JSON body against `schema`; a bad one is answered the way Square answers it (400). */
export async function parseSquareBody<T extends z.ZodType>(c: Context, schema: T): Promise<{ body: z.output<T> } | { response: Response }> {
  const raw: unknown = await c.req.json().catch(() => undefined);
  if (raw === undefined) return { response: squareError(c, 400, [{ category: "INVALID_REQUEST_ERROR", code: "EXPECTED_JSON_BODY", detail: "The request body must be JSON." }]) };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { body: parsed.data };
  const errors = parsed.error.issues.map((issue): TSquareError => {
    const field = issue.path.join(".");
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    return {
      category: "INVALID_REQUEST_ERROR",
      code: missing ? "MISSING_REQUIRED_PARAMETER" : "INVALID_VALUE",
      detail: missing ? `Missing required parameter.` : `Invalid value: ${issue.message}`,
      ...(field ? { field } : {}),
    };
  });
  return { response: squareError(c, 400, errors) };
}
