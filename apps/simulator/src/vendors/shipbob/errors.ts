import { type Context } from "hono";

const TYPES: Record<number, string> = {
  400: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
  404: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
  422: "https://tools.ietf.org/html/rfc4918#section-11.2",
};

/** ShipBob's API is ASP.NET: errors are RFC 7807 problem details with per-field messages. */
export class SbError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 422,
    readonly title: string,
    readonly errors: Record<string, string[]> = {},
  ) {
    super(title);
    this.name = "SbError";
  }
}

export function problem(c: Context, error: SbError): Response {
  if (error.status === 401) return c.json({ message: "Authorization has been denied for this request." }, 401);
  const body = { type: TYPES[error.status] ?? "about:blank", title: error.title, status: error.status, ...(Object.keys(error.errors).length ? { errors: error.errors } : {}) };
  return c.json(body, error.status);
}

export function validationError(errors: Record<string, string[]>): SbError {
  return new SbError(400, "One or more validation errors occurred.", errors);
}
