// Block types Slack accepts in messages; anything else is answered with invalid_blocks.
const BLOCK_TYPES = new Set(["actions", "context", "divider", "file", "header", "image", "input", "markdown", "rich_text", "section", "video"]);
const MAX_BLOCKS = 50;
const MAX_ATTACHMENTS = 100;

export type TSlackPayloadError = "invalid_payload" | "no_text" | "invalid_blocks" | "too_many_attachments";

export type TSlackPayloadCheck =
  | { ok: true; payload: Record<string, unknown>; text: string | undefined; blocks: Record<string, unknown>[] | undefined }
  | { ok: false; error: TSlackPayloadError };

function parseBody(rawBody: string, contentType: string): unknown {
  try {
    if (contentType.includes("application/x-www-form-urlencoded")) {
      const payload = new URLSearchParams(rawBody).get("payload");
      return payload === null ? undefined : JSON.parse(payload);
    }
    return JSON.parse(rawBody);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function areValidBlocks(blocks: unknown): blocks is Record<string, unknown>[] {
  return (
    Array.isArray(blocks) &&
    blocks.length <= MAX_BLOCKS &&
    blocks.every((block) => isRecord(block) && typeof block.type === "string" && BLOCK_TYPES.has(block.type))
  );
}

/** Checks an incoming-webhook body the way Slack does, answering with Slack's own error strings. */
export function checkSlackPayload(rawBody: string, contentType: string): TSlackPayloadCheck {
  const payload = parseBody(rawBody, contentType);
  if (!isRecord(payload)) return { ok: false, error: "invalid_payload" };
  if (payload.text !== undefined && typeof payload.text !== "string") return { ok: false, error: "invalid_payload" };
  if (payload.blocks !== undefined && !areValidBlocks(payload.blocks)) return { ok: false, error: "invalid_blocks" };
  if (Array.isArray(payload.attachments) && payload.attachments.length > MAX_ATTACHMENTS) return { ok: false, error: "too_many_attachments" };
  const text = typeof payload.text === "string" && payload.text.trim() !== "" ? payload.text : undefined;
  const blocks = payload.blocks as Record<string, unknown>[] | undefined;
  const hasAttachments = Array.isArray(payload.attachments) && payload.attachments.length > 0;
  if (!text && !blocks?.length && !hasAttachments) return { ok: false, error: "no_text" };
  return { ok: true, payload, text, blocks };
}
