const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

export type TTeamsPayloadCheck = { ok: true; cards: Record<string, unknown>[]; payload: Record<string, unknown> } | { ok: false; code: string; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkAttachment(attachment: unknown, index: number): string | undefined {
  if (!isRecord(attachment)) return `attachments[${index}] must be an object`;
  if (attachment.contentType !== ADAPTIVE_CARD) return `attachments[${index}].contentType must be "${ADAPTIVE_CARD}"`;
  const card = attachment.content;
  if (!isRecord(card) || card.type !== "AdaptiveCard") return `attachments[${index}].content must be an AdaptiveCard`;
  if (typeof card.version !== "string") return `attachments[${index}].content.version is required`;
  if (!Array.isArray(card.body)) return `attachments[${index}].content.body must be an array`;
  return undefined;
}

/**
 * Checks a Workflows ("When a Teams webhook request is received") message: a
 * `message` with Adaptive Card attachments. Real Workflows accept any JSON with 202
 * and fail later inside the flow; answering 400 here makes a malformed card visible to tests.
 */
export function checkTeamsPayload(rawBody: string): TTeamsPayloadCheck {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return { ok: false, code: "InvalidRequestContent", message: "The request content is not valid JSON." };
  }
  if (!isRecord(payload)) return { ok: false, code: "InvalidRequestContent", message: "The request content must be a JSON object." };
  const mismatch = (message: string) => ({ ok: false as const, code: "TriggerInputSchemaMismatch", message });
  if (payload.type !== "message") return mismatch('type must be "message"');
  if (!Array.isArray(payload.attachments) || payload.attachments.length === 0) return mismatch("attachments must list at least one card");
  const problem = payload.attachments.map(checkAttachment).find((p) => p !== undefined);
  if (problem) return mismatch(problem);
  return { ok: true, payload, cards: payload.attachments.map((a: Record<string, unknown>) => a.content as Record<string, unknown>) };
}
