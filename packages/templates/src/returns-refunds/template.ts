import { defineTemplate, reportedKpi } from "../template";
import { RETURNS_REFUNDS_KEY, RETURNS_REFUNDS_VERSION, returnsRefundsDefinition } from "./definition";
import { ZReturnsRefundsParams } from "./params";

const HOUR_MS = 3_600_000;

export const returnsRefundsTemplate = defineTemplate({
  key: RETURNS_REFUNDS_KEY,
  version: RETURNS_REFUNDS_VERSION,
  title: "Returns and refunds",
  summary: "Checks customer returns against the return policy, classifies the reason, and refunds in Shopify with a Business Central credit memo, restock or write-off and an e-mail to the customer.",
  description: [
    "Each return requested in Shopify (or entered by staff after inspecting the goods, with each item's condition) is checked against the order: a return requested more than the return window after the order is refused, as are final-sale SKUs, items not on the order and more units than are left to return. A refused return changes nothing; the customer is told why and the run ends with the refusal.",
    "The return reason is classified (damaged, defective, wrong size, changed mind, wrong item, not as described, other) by the partner's AI model, or by keyword rules without one. A reason the classifier is not sure enough of goes to a person, who sees its label, confidence and rationale. So does a refund above the approval threshold, one that is more than the order has left to refund, an order refunded before, or a high-value SKU. A rejected return is not refunded, credited or restocked; the customer is told.",
    "Items returned as damaged or defective (product faults), or in a write-off condition, are written off, with a supplier claim noted for product faults; everything else goes back into stock at the return location. A Business Central credit memo is drafted (restocked items on their item, write-offs on the write-off account), the payment is refunded in Shopify at the price each item sold for, the customer is e-mailed, and the stock is adjusted. A refund that fails after the credit memo exists goes to the exception queue naming the credit memo.",
  ].join("\n\n"),
  category: "returns",
  params: ZReturnsRefundsParams,
  example: { returnLocationId: "gid://shopify/Location/1001", customerNumber: "10000", writeOffAccountNumber: "54100" },
  bindings: {
    shop: { title: "Web shop", description: "Reports returns, and is where orders are read, refunds issued and returned goods restocked.", connectors: ["shopify"] },
    erp: { title: "ERP", description: "Receives a sales credit memo for each refunded return.", connectors: ["business-central"] },
    mail: { title: "Customer service mailbox", description: "Tells customers their return was refunded, refused or rejected.", connectors: ["email"] },
  },
  triggers: (params) => [
    // Shopify may deliver one return more than once: its return id makes them one run.
    ...(params.refundOnReturnRequest ? [{ kind: "event" as const, binding: "shop", event: "return.requested", idempotencyKey: "event.payload.admin_graphql_api_id" }] : []),
    { kind: "manual" },
  ],
  sla: {
    // A reviewed return waits up to the approval's expiry.
    runDurationMs: 4 * 24 * HOUR_MS,
    successRate: 0.97,
    windowMs: 30 * 24 * HOUR_MS,
    maxBacklogAgeMs: 15 * 60_000,
  },
  kpis: [
    { key: "refundAmount", title: "Refund amount", unit: "currency", description: "What a refunded return paid back, in the order's currency.", value: reportedKpi("refundAmount") },
    { key: "returnCycleTimeMs", title: "Return cycle time", unit: "ms", description: "From the return's request to its outcome: refunded, refused or rejected.", value: reportedKpi("returnCycleTimeMs") },
    { key: "refundCycleTimeMs", title: "Refund cycle time", unit: "ms", description: "From the return's request to the refund in Shopify, review included.", value: reportedKpi("refundCycleTimeMs") },
  ],
  definition: returnsRefundsDefinition,
});
