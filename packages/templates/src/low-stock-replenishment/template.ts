import { defineTemplate, reportedKpi } from "../template";
import { LOW_STOCK_REPLENISHMENT_KEY, LOW_STOCK_REPLENISHMENT_VERSION, lowStockReplenishmentDefinition, PURCHASE_ORDER_ACKNOWLEDGED } from "./definition";
import { ZLowStockReplenishmentParams } from "./params";

const HOUR_MS = 3_600_000;

export const lowStockReplenishmentTemplate = defineTemplate({
  key: LOW_STOCK_REPLENISHMENT_KEY,
  version: LOW_STOCK_REPLENISHMENT_VERSION,
  title: "Low-stock replenishment",
  example: {
    items: { "1896-S": { vendorNumber: "10000", reorderPoint: 10, dailyDemand: 2, packSize: 6 } },
    suppliers: { "10000": { email: "orders@fabrikam.example", leadTimeDays: 5 } },
  },
  summary: "Drafts purchase orders in Business Central for items at their reorder point, e-mails them to suppliers and tracks the acknowledgement.",
  description: [
    "On a schedule, reads every item's inventory and the open purchase orders in Business Central. An item with a reorder rule orders when its available quantity (on hand plus what open purchase orders still have to receive) is at or below its reorder point; items above it order nothing, and blocked items are reported, not ordered.",
    "The quantity orders up to the reorder point plus the supplier's lead time × the item's daily demand, at least the minimum order quantity, rounded up to the supplier's pack size: ⌈max(reorder point + lead time days × daily demand − available, minimum) / pack⌉ × pack.",
    "Each vendor gets one draft purchase order, in a run of its own. One whose amount is above the approval threshold waits for the approver; a rejected order is not sent and stays a draft in Business Central for the buyer to change or delete (until then it counts as stock on order). The order is e-mailed to the supplier, and the run waits for the supplier's acknowledgement (event purchase.order.acknowledged, keyed by the purchase order number); none by the deadline opens an exception.",
  ].join("\n\n"),
  category: "purchasing",
  params: ZLowStockReplenishmentParams,
  bindings: {
    erp: { title: "ERP", description: "Reads item inventory and open purchase orders, and drafts the purchase orders.", connectors: ["business-central"] },
    mail: { title: "Purchasing mailbox", description: `Sends purchase orders to suppliers, who acknowledge them as "${PURCHASE_ORDER_ACKNOWLEDGED}".`, connectors: ["email"] },
  },
  triggers: (params) => [{ kind: "schedule", cron: params.cron }, { kind: "manual" }],
  sla: {
    // An order run lasts until the supplier acknowledges, up to the deadline, after an approval perhaps.
    runDurationMs: 5 * 24 * HOUR_MS,
    successRate: 0.95,
    windowMs: 30 * 24 * HOUR_MS,
    maxBacklogAgeMs: 15 * 60_000,
    cadenceMs: 3 * 24 * HOUR_MS,
  },
  kpis: [
    { key: "itemsBelowReorderPoint", title: "Items at or below reorder point", unit: "count", description: "Items a scheduled check found at or below their reorder point.", value: reportedKpi("itemsBelowReorderPoint") },
    { key: "purchaseOrdersDrafted", title: "Purchase orders drafted", unit: "count", description: "Purchase orders a scheduled check drafted, one per vendor.", value: reportedKpi("purchaseOrdersDrafted") },
    { key: "purchaseOrderAmount", title: "Purchase order amount", unit: "currency", description: "Amount excluding tax of a purchase order the supplier acknowledged.", value: reportedKpi("purchaseOrderAmount") },
    { key: "purchaseOrdersRejected", title: "Purchase orders rejected", unit: "count", description: "Purchase orders an approver rejected, left unsent.", value: reportedKpi("purchaseOrdersRejected") },
  ],
  definition: lowStockReplenishmentDefinition,
});
