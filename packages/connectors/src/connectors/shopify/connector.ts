import { defineConnector } from "../../sdk/connector";
import { adjustInventoryQuantities } from "./actions/adjust-inventory-quantities";
import { createRefund } from "./actions/create-refund";
import { getInventoryLevels } from "./actions/get-inventory-levels";
import { getOrder } from "./actions/get-order";
import { getVariantsBySku } from "./actions/get-variants-by-sku";
import { listFulfillmentOrders } from "./actions/list-fulfillment-orders";
import { setInventoryQuantities } from "./actions/set-inventory-quantities";
import { getVariantPrices, setVariantPrices } from "./actions/variant-prices";
import { ZShopifyConfig, ZShopifySecrets } from "./config";
import { checkShopifyHealth } from "./health";
import { shopifyWebhook } from "./webhook";

/** Shopify's GraphQL Admin API: catalogue, inventory, orders, fulfillment orders and refunds. */
export const shopifyConnector = defineConnector({
  key: "shopify",
  name: "Shopify",
  version: "1.0.0",
  category: "ecommerce",
  auth: "apiKey",
  config: ZShopifyConfig,
  secrets: ZShopifySecrets,
  actions: { getVariantsBySku, getVariantPrices, setVariantPrices, getInventoryLevels, setInventoryQuantities, adjustInventoryQuantities, getOrder, listFulfillmentOrders, createRefund },
  webhook: shopifyWebhook,
  health: checkShopifyHealth,
  // The Standard plan restores 100 query-cost points a second; our calls cost roughly
  // 20–150 points, so about one a second sustained with bursts of ten. Larger plans are
  // faster, and THROTTLED answers say exactly when to come back.
  rateLimit: { capacity: 10, refillPerSecond: 1 },
});
