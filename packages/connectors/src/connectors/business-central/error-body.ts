const MAX_DETAIL_LENGTH = 500;

/**
 * Business Central's own words for an error: `{ "error": { "code", "message" } }`
 * becomes "message (code)". The message often ends in "CorrelationId: …", which
 * support asks for, so it is kept. Other bodies (a proxy's HTML) are shortened.
 */
export function describeBusinessCentralError(text: string): string {
  let detail = text;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    if (typeof message === "string") detail = typeof code === "string" ? `${message} (${code})` : message;
  } catch {
    // not JSON: keep the text
  }
  detail = detail.replace(/\s+/g, " ").trim();
  return detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 1)}…` : detail;
}
