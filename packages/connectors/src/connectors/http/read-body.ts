/** What {@link readCappedText} read: at most the cap, and whether more was left unread. */
export interface TCappedText {
  text: string;
  truncated: boolean;
}

/**
 * Reads a response body up to `maxBytes` and cancels the rest, so a far end that
 * answers with gigabytes cannot exhaust the worker's memory.
 */
export async function readCappedText(response: Response, maxBytes: number): Promise<TCappedText> {
  if (!response.body) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}

const MAX_DETAIL_LENGTH = 300;

function pickMessage(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!value || typeof value !== "object") return undefined;
  if (Array.isArray(value)) return pickMessage(value[0]);
  const record = value as Record<string, unknown>;
  for (const key of ["message", "error_description", "detail", "error", "errors", "title"]) {
    const found = pickMessage(record[key]);
    if (found) return found;
  }
  return undefined;
}

/** The far end's own words for an error, from the usual JSON shapes or the plain text, shortened. */
export function describeErrorBody(text: string): string {
  let message: string | undefined;
  try {
    message = pickMessage(JSON.parse(text));
  } catch {
    message = undefined;
  }
  const detail = (message ?? text).replace(/\s+/g, " ").trim();
  return detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 1)}…` : detail;
}
