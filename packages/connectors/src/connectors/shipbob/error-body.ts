const MAX_DETAIL_LENGTH = 500;

/**
 * ShipBob's own words for an error. Validation errors are RFC 7807 problem details
 * with per-field messages ("Recipient.Address.City: The City field is required.");
 * the rate limiter answers `{ statusCode, message }`.
 */
export function describeShipBobError(text: string): string {
  let detail = text;
  try {
    const body = JSON.parse(text) as { title?: unknown; detail?: unknown; message?: unknown; errors?: unknown };
    const fields =
      body.errors && typeof body.errors === "object"
        ? Object.entries(body.errors as Record<string, unknown>).map(([field, messages]) => `${field ? `${field}: ` : ""}${Array.isArray(messages) ? messages.join(" ") : String(messages)}`)
        : [];
    const headline = [body.message, body.detail, fields.length ? undefined : body.title].find((value): value is string => typeof value === "string");
    detail = [headline, ...fields].filter(Boolean).join("; ") || text;
  } catch {
    // not JSON: keep the text
  }
  detail = detail.replace(/\s+/g, " ").trim();
  return detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 1)}…` : detail;
}
