import { defineConnector, type TInboundWebhook, WebhookPayloadError, WebhookVerificationError } from "../index";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * A minimal connector whose webhooks are signed the way Shopify signs them
 * (base64 HMAC-SHA256 of the raw body), so these tests exercise the ingress
 * without depending on a vendor connector's own details.
 */
export const signedTestConnector = defineConnector({
  key: "signed-test",
  name: "Signed test system",
  version: "1.0.0",
  category: "http",
  auth: "hmacWebhook",
  config: z.strictObject({ storeName: z.string().min(1, "Name the store") }),
  secrets: z.strictObject({ apiKey: z.string().min(8, "An API key has at least 8 characters"), webhookSecret: z.string().min(8) }),
  actions: {},
  webhook: {
    events: ["order.created"],
    verify(request, { secrets }) {
      const expected = createHmac("sha256", secrets.webhookSecret).update(request.rawBody).digest();
      const given = Buffer.from(request.headers["x-test-signature"] ?? "", "base64");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WebhookVerificationError("signature does not match");
    },
    normalise(request: TInboundWebhook) {
      const body = z.object({ id: z.string(), order: z.string() }).safeParse(JSON.parse(request.rawBody));
      if (!body.success) throw new WebhookPayloadError("not an order event");
      return { deliveryId: body.data.id, type: "order.created", occurredAt: request.receivedAt.toISOString(), correlationKey: body.data.order, payload: body.data };
    },
  },
  health: async () => ({ ok: true }),
});

export function signBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}
