import { acceptWebhook, type AcceptWebhookOptions, WebhookRejectedError } from "./accept-webhook";

/** Vendors' webhooks are small; anything larger is refused before it is read whole. */
export const MAX_WEBHOOK_BODY_BYTES = 1_000_000;

/** What to send back to the vendor, transport-neutral. */
export interface TWebhookAnswer {
  status: number;
  contentType: string;
  body: string;
}

function json(status: number, body: Record<string, unknown>): TWebhookAnswer {
  return { status, contentType: "application/json", body: JSON.stringify(body) };
}

/** Options for {@link answerWebhook}. */
export interface AnswerWebhookOptions extends AcceptWebhookOptions {
  /** Told of failures that are ours (the database is down), never of refusals. */
  onError?: (error: unknown) => void;
}

/**
 * The ingress's HTTP contract, shared by every process that serves
 * /api/hooks/<token>: 202 stored now, 200 stored before (a redelivery) or a
 * handshake answered, 401/404/400 refused with nothing stored, 500 when storing
 * failed and the vendor should deliver again. Refusals say why, never which tenant.
 */
export async function answerWebhook({ onError, ...options }: AnswerWebhookOptions): Promise<TWebhookAnswer> {
  try {
    const accepted = await acceptWebhook(options);
    if (accepted.kind === "handshake") return { status: 200, contentType: "text/plain; charset=utf-8", body: accepted.body };
    return json(accepted.duplicate ? 200 : 202, { id: accepted.id, duplicate: accepted.duplicate });
  } catch (error) {
    if (error instanceof WebhookRejectedError) return json(error.status, { error: error.message });
    onError?.(error);
    return json(500, { error: "could not store the webhook; deliver it again" });
  }
}

/** 413, for a body over {@link MAX_WEBHOOK_BODY_BYTES}. */
export const PAYLOAD_TOO_LARGE: TWebhookAnswer = json(413, { error: "payload too large" });
