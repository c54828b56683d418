import { signShopifyWebhook } from "@storeflow/simulator";

/** One Shopify delivery as the load generator sends it. */
export interface TDelivery {
  /** X-Shopify-Webhook-Id: what the ingress stores once. */
  id: string;
  body: string;
  headers: Record<string, string>;
}

/** Options for {@link buildShopifyDelivery}. */
export interface BuildShopifyDeliveryOptions {
  /** The connection's client secret, which Shopify signs with. */
  secret: string;
  shopDomain: string;
  /** Makes the delivery id unique across phases and runs. */
  idPrefix: string;
  index: number;
}

/**
 * An `inventory_levels/update` delivery as Shopify sends one (the REST resource as the
 * body, signed over its raw bytes), with the delivery id `<idPrefix>-<index>`.
 */
export function buildShopifyDelivery({ secret, shopDomain, idPrefix, index }: BuildShopifyDeliveryOptions): TDelivery {
  const id = `${idPrefix}-${index}`;
  const updatedAt = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
  // A few hundred items across two locations, so correlation keys repeat as real stock updates do.
  const inventoryItemId = 40_000_000 + (index % 500);
  const locationId = 70_000_000 + (index % 2);
  const body = JSON.stringify({
    inventory_item_id: inventoryItemId,
    location_id: locationId,
    available: index % 97,
    updated_at: updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${inventoryItemId}`,
  });
  return {
    id,
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "inventory_levels/update",
      "x-shopify-hmac-sha256": signShopifyWebhook(secret, body),
      "x-shopify-shop-domain": shopDomain,
      "x-shopify-api-version": "2026-01",
      "x-shopify-webhook-id": id,
      "x-shopify-triggered-at": updatedAt,
    },
  };
}
