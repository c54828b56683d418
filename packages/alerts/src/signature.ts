import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Signed alert webhooks follow Standard Webhooks (standardwebhooks.com), as the
 * outbound-webhook connector does: `webhook-id` is the delivery id, the same on
 * every attempt, so receivers dedupe on it; `webhook-timestamp` is the attempt's
 * own (the replay guard); `webhook-signature` is `v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">` under the channel's secret.
 */
export const DELIVERY_HEADER = "webhook-id";
export const TIMESTAMP_HEADER = "webhook-timestamp";
export const SIGNATURE_HEADER = "webhook-signature";

/** A `whsec_` secret as Standard Webhooks libraries read it: base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function signedWebhookHeaders({ secret, deliveryId, sentAt, body }: { secret: string; deliveryId: string; sentAt: Date; body: string }): Record<string, string> {
  return {
    [DELIVERY_HEADER]: deliveryId,
    [TIMESTAMP_HEADER]: String(Math.floor(sentAt.getTime() / 1000)),
    [SIGNATURE_HEADER]: new Webhook(secret).sign(deliveryId, sentAt, body),
  };
}

/** What a receiver in TypeScript runs: true when `body` came signed with `secret` within five minutes of now. */
export function verifyAlertWebhook({ secret, body, headers }: { secret: string; body: string; headers: Record<string, string> }): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}
