import { ATTR_CLIENT_ID, ATTR_CONNECTION_ID, ATTR_CONNECTOR, ATTR_EVENT_TYPE, ATTR_PARTNER_ID, type Span, SpanKind, SpanStatusCode, withSpan } from "@storeflow/telemetry";
import { acceptWebhook, type AcceptWebhookOptions, WebhookRejectedError } from "./accept-webhook";

/** Vendors' webhooks are small; anything larger is refused before it is read whole. */
export const MAX_WEBHOOK_BODY_BYTES = 1_000_000;

/** Why a delivery was refused with nothing stored: a bounded label for the ingress's metrics. */
export type TWebhookRejection = "unknown_url" | "bad_signature" | "bad_payload" | "too_large";
export const WEBHOOK_REJECTIONS: readonly TWebhookRejection[] = ["unknown_url", "bad_signature", "bad_payload", "too_large"];

/** What to send back to the vendor, transport-neutral. */
export interface TWebhookAnswer {
  status: number;
  contentType: string;
  body: string;
  /** Set when the delivery was refused (4xx): why. */
  rejected?: TWebhookRejection;
}

function json(status: number, body: Record<string, unknown>, rejected?: TWebhookRejection): TWebhookAnswer {
  return { status, contentType: "application/json", body: JSON.stringify(body), ...(rejected ? { rejected } : {}) };
}

const REJECTION_BY_STATUS: Record<WebhookRejectedError["status"], TWebhookRejection> = { 400: "bad_payload", 401: "bad_signature", 404: "unknown_url" };

/** Options for {@link answerWebhook}. */
export interface AnswerWebhookOptions extends AcceptWebhookOptions {
  /** Told of failures that are ours (the database is down), never of refusals. */
  onError?: (error: unknown) => void;
}

const RECEIVE_ATTRIBUTES = Object.freeze({ "http.request.method": "POST", "http.route": "/api/hooks/[token]" });

/**
 * The ingress's HTTP contract, shared by every process that serves
 * /api/hooks/<token>: 202 stored now, 200 stored before (a redelivery) or a
 * handshake answered, 401/404/400 refused with nothing stored, 500 when storing
 * failed and the vendor should deliver again. Refusals say why, never which tenant.
 *
 * Each request is a `webhook.receive` span, the root of the trace the runs it
 * starts belong to (the stored webhook keeps its traceparent). A vendor's own
 * trace headers are not followed: they are the vendor's, not ours to join.
 */
export function answerWebhook(options: AnswerWebhookOptions): Promise<TWebhookAnswer> {
  return withSpan(
    "webhook.receive",
    RECEIVE_ATTRIBUTES,
    async (span) => {
      const answer = await decideAnswer(options, span);
      span.setAttribute("http.response.status_code", answer.status);
      if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return answer;
    },
    { kind: SpanKind.SERVER },
  );
}

async function decideAnswer({ onError, ...options }: AnswerWebhookOptions, span: Span): Promise<TWebhookAnswer> {
  try {
    const accepted = await acceptWebhook(options);
    if (accepted.kind === "handshake") return { status: 200, contentType: "text/plain; charset=utf-8", body: accepted.body };
    if (span.isRecording()) {
      span.setAttributes({
        [ATTR_PARTNER_ID]: accepted.partnerId,
        [ATTR_CLIENT_ID]: accepted.clientId,
        [ATTR_CONNECTION_ID]: accepted.connectionId,
        [ATTR_CONNECTOR]: accepted.connectorKey,
        [ATTR_EVENT_TYPE]: accepted.event.type,
        "storeflow.webhook.duplicate": accepted.duplicate,
      });
    }
    return json(accepted.duplicate ? 200 : 202, { id: accepted.id, duplicate: accepted.duplicate });
  } catch (error) {
    if (error instanceof WebhookRejectedError) return json(error.status, { error: error.message }, REJECTION_BY_STATUS[error.status]);
    onError?.(error);
    span.setAttribute("error.type", error instanceof Error ? error.name : typeof error);
    return json(500, { error: "could not store the webhook; deliver it again" });
  }
}

/** 413, for a body over {@link MAX_WEBHOOK_BODY_BYTES}. */
export const PAYLOAD_TOO_LARGE: TWebhookAnswer = json(413, { error: "payload too large" }, "too_large");
