/**
 * Field names that hold credentials wherever they appear: connection secrets
 * (`secrets` is the whole typed-once object), OAuth and API tokens, passwords,
 * signing keys, and the HTTP headers that carry any of them. Names are matched
 * exactly, so both spellings vendors use are listed.
 */
const SECRET_KEYS = [
  "password",
  "passwd",
  "secret",
  "secrets",
  "clientSecret",
  "client_secret",
  "webhookSecret",
  "signingSecret",
  "apiKey",
  "api_key",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "privateKey",
  "private_key",
  "plaintext",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  // Variables an app might log while reporting its configuration.
  "SECRETS_KEK",
  "SECRETS_KEK_PREVIOUS",
  "AUTH_SECRET",
  "SMTP_URL",
  "OTEL_EXPORTER_OTLP_HEADERS",
] as const;

/** Headers that carry credentials under names that are not identifiers. */
const SECRET_HEADERS = ["set-cookie", "x-api-key", "proxy-authorization", "x-shopify-access-token"] as const;

/** Every field name whose value the loggers censor, compared exactly (case-sensitive). */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([...SECRET_KEYS, ...SECRET_HEADERS]);

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

/** Deeper than this, a value is replaced whole: a log line is not the place for deep payloads, and cycles end here. */
const MAX_DEPTH = 8;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every field named in {@link REDACTED_KEYS} replaced by
 * "[redacted]", at any depth of plain objects and arrays. Copy on write: what
 * holds no secret is returned as is, so the common line allocates nothing.
 * Class instances (errors, dates, buffers) are left to pino's serializers: log
 * an error's message, never an object that carries credentials on an error.
 */
export function censorSecrets<T>(value: T, depth = 0): T {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH) return "[too deep]" as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const censored = censorSecrets(item, depth + 1);
      if (censored !== item) (copy ??= [...value])[index] = censored;
    });
    return (copy ?? value) as T;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const item = value[key];
    const censored = REDACTED_KEYS.has(key) && item !== undefined && item !== null ? REDACTED : censorSecrets(item, depth + 1);
    if (censored !== item) (copy ??= { ...value })[key] = censored;
  }
  return (copy ?? value) as T;
}
