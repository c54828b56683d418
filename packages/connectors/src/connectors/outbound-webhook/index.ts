import { defineConnector } from "../../sdk/connector";
import { ZOutboundWebhookConfig, ZOutboundWebhookSecrets } from "./config";
import { deliverAction } from "./deliver-action";

export { ZOutboundWebhookConfig, ZOutboundWebhookSecrets, type TOutboundWebhookConfig, type TOutboundWebhookSecrets } from "./config";
export { ZDeliverInput, ZDeliverOutput } from "./deliver-action";
export { deriveWebhookId } from "./webhook-id";

/** Sends events to a customer's endpoint as Standard Webhooks (HMAC-SHA256 `v1` signatures). */
export const outboundWebhookConnector = defineConnector({
  key: "outbound-webhook",
  name: "Webhook",
  version: "1.0.0",
  category: "http",
  auth: "hmacWebhook",
  config: ZOutboundWebhookConfig,
  secrets: ZOutboundWebhookSecrets,
  actions: { deliver: deliverAction },
  /** Any request to the endpoint would be a delivery, so only the settings are checked. */
  async health({ config, secrets }) {
    const parsedConfig = ZOutboundWebhookConfig.safeParse(config);
    const parsedSecrets = ZOutboundWebhookSecrets.safeParse(secrets);
    if (!parsedConfig.success) return { ok: false, detail: parsedConfig.error.issues.map((i) => i.message).join("; ") };
    if (!parsedSecrets.success) return { ok: false, detail: "the signing secret is not a valid whsec_ secret" };
    return { ok: true, detail: "settings are valid; the endpoint is contacted only by real deliveries" };
  },
});
