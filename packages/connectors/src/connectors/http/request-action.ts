import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction, type TActionContext } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";
import { buildAuthHeaders } from "./auth-headers";
import { type THttpConfig, type THttpSecrets, ZCustomHeaders } from "./config";
import { describeErrorBody, readCappedText } from "./read-body";
import { resolveRequestUrl } from "./resolve-url";

const MAX_RESPONSE_BYTES = 256 * 1024;
const MAX_ERROR_BYTES = 16 * 1024;
const SAFE_METHODS = new Set(["GET", "HEAD"]);

// Response headers worth keeping in a run's history; cookies and anything
// session-like stay out of the output, which is stored and shown to the partner.
const SAFE_RESPONSE_HEADERS = [
  "content-type",
  "content-length",
  "etag",
  "last-modified",
  "location",
  "retry-after",
  "link",
  "x-request-id",
  "request-id",
  "x-correlation-id",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
];

const ZScalar = z.union([z.string(), z.number(), z.boolean()]);
const ZStatus = z.int().min(100).max(599);

export const ZHttpRequestInput = z
  .strictObject({
    method: z.string().toUpperCase().pipe(z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])),
    path: z.string().min(1).max(2000).startsWith("/", 'path must start with "/" and is appended to the connection\'s base URL'),
    params: z.record(z.string(), ZScalar).optional(),
    query: z.record(z.string().min(1), z.union([ZScalar, z.array(ZScalar)])).optional(),
    headers: ZCustomHeaders.optional(),
    body: z.json().optional(),
    /** Statuses that count as success; by default any 2xx. */
    expectStatus: z.union([ZStatus, z.array(ZStatus).min(1)]).optional(),
  })
  .refine((input) => input.body === undefined || !SAFE_METHODS.has(input.method), { message: "GET and HEAD requests cannot have a body", path: ["body"] });

export const ZHttpRequestOutput = z.strictObject({
  status: z.int(),
  headers: z.record(z.string(), z.string()),
  /** Parsed JSON when the response says it is JSON, else the text; null when empty. */
  body: z.json(),
  /** True when the body was longer than the cap and was cut. */
  truncated: z.boolean(),
});

function pickSafeHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of SAFE_RESPONSE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

function parseBody(text: string, truncated: boolean, contentType: string | null): z.infer<typeof ZHttpRequestOutput>["body"] {
  if (text === "") return null;
  if (truncated || !/[/+]json\b/i.test(contentType ?? "")) return text;
  try {
    return JSON.parse(text) as z.infer<typeof ZHttpRequestOutput>["body"];
  } catch {
    return text;
  }
}

function isExpected(status: number, expectStatus: number | number[] | undefined): boolean {
  if (expectStatus === undefined) return status >= 200 && status < 300;
  return Array.isArray(expectStatus) ? expectStatus.includes(status) : expectStatus === status;
}

function buildHeaders(context: TActionContext<THttpConfig, THttpSecrets>, input: z.output<typeof ZHttpRequestInput>): Headers {
  const headers = new Headers({ accept: "application/json, text/plain;q=0.9, */*;q=0.5" });
  for (const [name, value] of Object.entries({ ...context.config.defaultHeaders, ...input.headers })) headers.set(name, value);
  if (input.body !== undefined) headers.set("content-type", "application/json");
  for (const [name, value] of Object.entries(buildAuthHeaders(context.config.auth, context.secrets))) headers.set(name, value);
  // Identical on every retry of this step, so an API that honours it applies the request once.
  if (!SAFE_METHODS.has(input.method)) headers.set("idempotency-key", context.idempotencyKey);
  return headers;
}

export const requestAction = defineAction({
  title: "Send an HTTP request",
  capability: "http.request",
  idempotency: "key",
  input: ZHttpRequestInput,
  output: ZHttpRequestOutput,
  async run(context: TActionContext<THttpConfig, THttpSecrets>, input) {
    const url = resolveRequestUrl({ baseUrl: context.config.baseUrl, path: input.path, params: input.params, query: input.query });
    const response = await context.fetch(url, {
      method: input.method,
      headers: buildHeaders(context, input),
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      // A redirect could lead off the base URL; the caller sees the 3xx instead.
      redirect: "manual",
      signal: context.signal,
    });
    if (!isExpected(response.status, input.expectStatus)) {
      const { text } = await readCappedText(response, MAX_ERROR_BYTES);
      if (response.status >= 400) throw httpError(url.host, response, describeErrorBody(text));
      const location = response.headers.get("location");
      throw new NonRetryableError(
        `${url.host} answered ${response.status}${location ? ` (redirect to ${location}, not followed)` : ""}; list it in expectStatus to accept it`,
      );
    }
    const { text, truncated } = input.method === "HEAD" ? { text: "", truncated: false } : await readCappedText(response, MAX_RESPONSE_BYTES);
    return { status: response.status, headers: pickSafeHeaders(response.headers), body: parseBody(text, truncated, response.headers.get("content-type")), truncated };
  },
});
