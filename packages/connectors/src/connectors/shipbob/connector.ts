import { defineConnector } from "../../sdk/connector";
import { getInventoryAction } from "./actions/inventory";
import { createOrderAction, getOrderAction, listShipmentsAction } from "./actions/orders";
import { createReturnAction, listReturnsAction } from "./actions/returns";
import { apiUrl, sbRequest } from "./client";
import { ZShipBobConfig, ZShipBobSecrets } from "./config";
import { shipbobWebhook } from "./webhook";

/**
 * ShipBob (3PL fulfilment), REST API 2026-01 with a Personal Access Token. Chosen
 * over ShipStation because its webhooks are signed (Standard Webhooks), so the
 * ingress can prove a shipment notice came from ShipBob without calling back.
 */
export const shipbobConnector = defineConnector({
  key: "shipbob",
  name: "ShipBob",
  version: "1.0.0",
  category: "wms",
  auth: "apiKey",
  config: ZShipBobConfig,
  secrets: ZShipBobSecrets,
  actions: {
    createOrder: createOrderAction,
    getOrder: getOrderAction,
    listShipments: listShipmentsAction,
    getInventory: getInventoryAction,
    createReturn: createReturnAction,
    listReturns: listReturnsAction,
  },
  webhook: shipbobWebhook,
  async health(context) {
    try {
      const { body } = await sbRequest(context, { method: "GET", url: apiUrl(context.config, "channel") });
      const channels = Array.isArray(body) ? body : ((body as { items?: unknown[] } | null)?.items ?? []);
      const ours = channels.some((channel) => (channel as { id?: unknown }).id === context.config.channelId);
      return ours ? { ok: true } : { ok: false, detail: `the token has no access to channel ${context.config.channelId}` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  },
  // 150 requests per sliding minute per user and app: a burst of 10, then 2.3/s, is at most 148 in any minute.
  rateLimit: { capacity: 10, refillPerSecond: 2.3 },
});
