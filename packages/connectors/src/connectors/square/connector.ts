import { defineConnector } from "../../sdk/connector";
import { changeInventory } from "./actions/change-inventory";
import { getInventoryCounts } from "./actions/get-inventory-counts";
import { getOrder } from "./actions/get-order";
import { getPayment } from "./actions/get-payment";
import { refundPayment } from "./actions/refund-payment";
import { searchOrders } from "./actions/search-orders";
import { ZSquareConfig, ZSquareSecrets } from "./config";
import { checkSquareHealth } from "./health";
import { squareWebhook } from "./webhook";

/** Square's REST API (v2): orders, inventory counts and changes, payments and refunds. */
export const squareConnector = defineConnector({
  key: "square",
  name: "Square",
  version: "1.0.0",
  category: "pos",
  auth: "apiKey",
  config: ZSquareConfig,
  secrets: ZSquareSecrets,
  actions: { searchOrders, getOrder, getInventoryCounts, changeInventory, refundPayment, getPayment },
  webhook: squareWebhook,
  health: checkSquareHealth,
  // Square publishes no fixed quota, only 429 RATE_LIMITED when pressed: this is a
  // conservative guess, and a 429's Retry-After still decides the wait.
  rateLimit: { capacity: 20, refillPerSecond: 10 },
});
