import { z } from "zod";

/** An HTTP field name (RFC 9110 token). */
export const ZHeaderName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "not a valid HTTP header name");
/** No CR, LF or NUL: a value with them would smuggle extra header lines. */
export const ZHeaderValue = z.string().max(8192).regex(/^[^\r\n\0]*$/, "header values cannot contain line breaks");

// Set by fetch itself or by us from secrets; letting config or input set them would
// either break framing or put a credential somewhere that is shown back to the partner.
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "authorization",
  "proxy-authorization",
  "idempotency-key",
]);

export function isReservedHeader(name: string): boolean {
  return RESERVED_HEADERS.has(name.toLowerCase());
}

/** Headers a workflow or a connection may set: everything but framing and credentials. */
export const ZCustomHeaders = z.record(ZHeaderName, ZHeaderValue).refine(
  (headers) => Object.keys(headers).every((name) => !isReservedHeader(name)),
  "Host, Content-Length, Connection, Authorization and Idempotency-Key are set by the connector; credentials belong in the connection's secrets",
);

export const ZHttpAuth = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  /** The key from secrets.apiKey goes into this header. */
  z.strictObject({
    kind: z.literal("apiKey"),
    header: ZHeaderName.refine((name) => !isReservedHeader(name), "choose a header of the API's own, such as X-API-Key").default("X-API-Key"),
  }),
  /** secrets.username and secrets.password, as RFC 7617 Basic. */
  z.strictObject({ kind: z.literal("basic") }),
  /** secrets.token, as `Authorization: Bearer …`. */
  z.strictObject({ kind: z.literal("bearer") }),
]);
export type THttpAuth = z.output<typeof ZHttpAuth>;

export const ZHttpConfig = z.strictObject({
  /** Every request stays under this URL's origin and path. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: "baseUrl must be an http(s) URL" })
    .refine((value) => {
      const url = new URL(value);
      return !url.search && !url.hash;
    }, "baseUrl cannot have a query or fragment; pass query parameters per request")
    .refine((value) => {
      const url = new URL(value);
      return !url.username && !url.password;
    }, "baseUrl cannot carry credentials; put them in the connection's secrets"),
  defaultHeaders: ZCustomHeaders.optional(),
  auth: ZHttpAuth,
});
export type THttpConfig = z.output<typeof ZHttpConfig>;

/** Which fields are needed depends on `config.auth.kind`; the action names a missing one. */
export const ZHttpSecrets = z.strictObject({
  apiKey: ZHeaderValue.min(1).optional(),
  username: z
    .string()
    .min(1)
    .regex(/^[^:\r\n]*$/, "a Basic username cannot contain a colon or line breaks")
    .optional(),
  password: z.string().min(1).optional(),
  token: ZHeaderValue.min(1).optional(),
});
export type THttpSecrets = z.output<typeof ZHttpSecrets>;
