import { describeErrorBody } from "../http/read-body";

/** Logic Apps answer `{ error: { code, message } }`; the older webhooks answer plain text. */
export function describeTeamsError(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    if (typeof code === "string") return typeof message === "string" ? `${code}: ${message}` : code;
  } catch {
    // Not JSON: the plain-text reply is the description.
  }
  return describeErrorBody(body);
}

/**
 * The Office 365 connector webhooks answer HTTP 200 even when Teams refused the
 * message, with "… returned HTTP error 429 …" in the body; the real status is there.
 */
export function findEmbeddedStatus(body: string): number | undefined {
  const match = /returned HTTP error ([45]\d\d)/.exec(body);
  return match ? Number(match[1]) : undefined;
}
