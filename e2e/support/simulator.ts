import { type APIRequestContext, expect } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { type TShopifyState } from "../../apps/simulator/src/vendors/shopify/state";
import { signShopifyWebhook } from "../../apps/simulator/src/vendors/shopify/webhooks";
import { SIM_SHOPIFY, SIMULATOR_URL } from "../fixtures/simulator";

/** `/_sim/shopify/state`: the simulated shop as plain JSON. */
export type TSimShop = TShopifyState;

/** Back to the simulator's seed: the demo order #1001, unrefunded, whatever ran before. */
export async function resetSimulator(request: APIRequestContext): Promise<void> {
  const response = await request.post(`${SIMULATOR_URL}/_sim/reset`);
  expect(response.status(), "the simulator resets").toBe(204);
}

export async function simulatedShop(request: APIRequestContext): Promise<TSimShop> {
  const response = await request.get(`${SIMULATOR_URL}/_sim/shopify/state`);
  expect(response.ok(), "the simulator answers with the shop's state").toBe(true);
  return (await response.json()) as TSimShop;
}

/** What Shopify posts as `returns/request` for `quantity` units of one line of an order. */
export function returnRequestBody(order: TSimShop["orders"][number], line: { id: number }, quantity: number, note: string) {
  const returnId = Math.floor(Math.random() * 1_000_000_000);
  return {
    id: returnId,
    admin_graphql_api_id: `gid://shopify/Return/${returnId}`,
    name: `${order.name}-R1`,
    status: "requested",
    order: { id: order.id, admin_graphql_api_id: `gid://shopify/Order/${order.id}` },
    return_line_items: [
      {
        id: returnId + 1,
        admin_graphql_api_id: `gid://shopify/ReturnLineItem/${returnId + 1}`,
        quantity,
        return_reason: "size_too_small",
        return_reason_note: "",
        customer_note: note,
        fulfillment_line_item: { id: returnId + 2, admin_graphql_api_id: `gid://shopify/FulfillmentLineItem/${returnId + 2}`, line_item: { id: line.id, admin_graphql_api_id: `gid://shopify/LineItem/${line.id}` } },
      },
    ],
  };
}

/**
 * Posts a Shopify webhook to a connection's URL exactly as the simulator delivers one
 * (apps/simulator/src/vendors/shopify/webhooks.ts): the body signed with the app's client secret.
 */
export async function postShopifyWebhook(request: APIRequestContext, url: string, topic: string, body: object): Promise<number> {
  const raw = JSON.stringify(body);
  const response = await request.post(url, {
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": signShopifyWebhook(SIM_SHOPIFY.clientSecret, raw),
      "x-shopify-shop-domain": SIM_SHOPIFY.shopDomain,
      "x-shopify-api-version": "2026-01",
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
    data: raw,
  });
  return response.status();
}
