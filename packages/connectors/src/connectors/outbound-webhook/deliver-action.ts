import { NonRetryableError, RetryableError } from "@storeflow/engine";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { defineAction, type TActionContext } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";
import { describeErrorBody, readCappedText } from "../http/read-body";
import { type TOutboundWebhookConfig, type TOutboundWebhookSecrets } from "./config";
import { deriveWebhookId } from "./webhook-id";

// The spec recommends giving consumers 15–30 s to answer.
const DELIVERY_TIMEOUT_MS = 30_000;
const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_REPLY_BYTES = 4096;

export const ZDeliverInput = z.strictObject({
  /** Full-stop delimited, as the spec recommends: "order.created". */
  type: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'type must be dot-separated words of letters, digits and "_", e.g. "order.created"'),
  data: z.record(z.string(), z.json()),
  /** When the event happened (ISO 8601); defaults to now. Stays the same across retries only if given. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});

export const ZDeliverOutput = z.strictObject({ status: z.int(), webhookId: z.string() });

async function post(context: TActionContext<TOutboundWebhookConfig, TOutboundWebhookSecrets>, headers: Record<string, string>, body: string) {
  const timeout = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);
  try {
    return await context.fetch(context.config.url, {
      method: "POST",
      headers,
      body,
      // The spec treats a redirect as a failure: the endpoint URL should be updated instead.
      redirect: "manual",
      signal: AbortSignal.any([context.signal, timeout]),
    });
  } catch (error) {
    if (timeout.aborted && !context.signal.aborted) throw new RetryableError(`the webhook endpoint did not answer within ${DELIVERY_TIMEOUT_MS / 1000} s`);
    throw error;
  }
}

export const deliverAction = defineAction({
  title: "Deliver a signed webhook",
  capability: "webhook.deliver",
  idempotency: "key",
  input: ZDeliverInput,
  output: ZDeliverOutput,
  async run(context: TActionContext<TOutboundWebhookConfig, TOutboundWebhookSecrets>, input) {
    const webhookId = deriveWebhookId(context.idempotencyKey);
    const body = JSON.stringify({ type: input.type, timestamp: input.occurredAt ?? new Date().toISOString(), data: input.data });
    if (Buffer.byteLength(body) > MAX_PAYLOAD_BYTES) throw new NonRetryableError(`webhook payload is ${Buffer.byteLength(body)} bytes; the limit is 256 KiB`);
    // The attempt's timestamp is fresh on each retry (the spec's replay guard); the id is not.
    const sentAt = new Date();
    const signature = new Webhook(context.secrets.signingSecret).sign(webhookId, sentAt, body);
    const headers = {
      "content-type": "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": signature,
    };
    const response = await post(context, headers, body);
    const { text } = await readCappedText(response, MAX_REPLY_BYTES);
    if (response.status >= 300 && response.status < 400) {
      throw new NonRetryableError(`the webhook endpoint answered ${response.status} (a redirect, not followed); update the endpoint URL`);
    }
    if (response.status === 410) throw new NonRetryableError("the webhook endpoint answered 410 Gone: it asks not to be sent webhooks any more; disable this connection");
    if (!response.ok) throw httpError("the webhook endpoint", response, describeErrorBody(text));
    return { status: response.status, webhookId };
  },
});
