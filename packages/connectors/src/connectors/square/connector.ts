import { defineConnector } from "../../sdk/connector";
import { getCatalogVariations, searchCatalogVariations } from "./actions/catalog-variations";
import { changeInventory } from "./actions/change-inventory";
import { getInventoryCounts } from "./actions/get-inventory-counts";
import { getOrder } from "./actions/get-order";
import { getPayment } from "./actions/get-payment";
import { listPayments, listRefunds } from "./actions/payment-lists";
import { listPayoutEntries, listPayouts } from "./actions/payouts";
import { refundPayment } from "./actions/refund-payment";
import { searchOrders } from "./actions/search-orders";
import { getVariationPrices, setVariationPrices } from "./actions/variation-prices";
import { ZSquareConfig, ZSquareSecrets } from "./config";
import { checkSquareHealth } from "./health";
import { squareWebhook } from "./webhook";

/** Square's REST API (v2): orders, catalogue variations, inventory counts and changes, payments, refunds and payouts. */
export const squareConnector = defineConnector({
  key: "square",
  name: "Square",
  version: "1.0.0",
  category: "pos",
  auth: "apiKey",
  config: ZSquareConfig,
  secrets: ZSquareSecrets,
  actions: { searchOrders, getOrder, getInventoryCounts, changeInventory, refundPayment, getPayment, getCatalogVariations, searchCatalogVariations, getVariationPrices, setVariationPrices, listPayments, listRefunds, listPayouts, listPayoutEntries },
  webhook: squareWebhook,
  health: checkSquareHealth,
  // Square publishes no fixed quota, only 429 RATE_LIMITED when pressed: this is a
  // conservative guess, and a 429's Retry-After still decides the wait.
  rateLimit: { capacity: 20, refillPerSecond: 10 },
});
