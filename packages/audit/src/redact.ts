const SECRET_KEY = /secret|password|token|api[-_]?key|authorization|cookie/i;

/** Audit data is shown to tenant admins: secret-looking fields never reach it. */
export function redactAuditData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactAuditData);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? "[redacted]" : redactAuditData(inner)]),
    );
  }
  return value;
}
