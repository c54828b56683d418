import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TLowStockReplenishmentParams } from "./params";

export const LOW_STOCK_REPLENISHMENT_KEY = "low-stock-replenishment";
export const LOW_STOCK_REPLENISHMENT_VERSION = "1.0.0";
export const PURCHASE_ORDER_ACKNOWLEDGED = "purchase.order.acknowledged";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const PO = "steps.draftPurchaseOrder.output.purchaseOrder";

/**
 * Which items to order and how many, grouped into one order per vendor.
 * available = inventory + what open purchase orders still have to receive;
 * an item orders when available ≤ reorderPoint, then
 * quantity = ⌈max(reorderPoint + leadTimeDays × dailyDemand − available, minimumOrderQuantity) / packSize⌉ × packSize.
 * Counting stock on order keeps the next scheduled run from ordering again what is on its way.
 */
function planOrders(params: TLowStockReplenishmentParams): string {
  return `(
    $rules := ${literal(params.items)};
    $suppliers := ${literal(params.suppliers)};
    $erpItems := steps.listItems.output.items;
    $openLines := steps.listOpenOrders.output.purchaseOrders.purchaseOrderLines[lineType = "Item"];
    $checked := [$keys($rules).(
      $number := $;
      $rule := $lookup($rules, $number);
      $item := $erpItems[number = $number];
      $item ? (
        $onOrder := $sum([$openLines[lineObjectNumber = $number].(quantity - receivedQuantity)]);
        $available := $item.inventory + $onOrder;
        $orderUpTo := $rule.reorderPoint + $lookup($suppliers, $rule.vendorNumber).leadTimeDays * $rule.dailyDemand;
        $needed := $max([$orderUpTo - $available, $rule.minimumOrderQuantity]);
        $low := $available <= $rule.reorderPoint;
        {
          "itemNumber": $number,
          "vendorNumber": $rule.vendorNumber,
          "inventory": $item.inventory,
          "onOrder": $onOrder,
          "available": $available,
          "reorderPoint": $rule.reorderPoint,
          "orderUpTo": $orderUpTo,
          "blocked": $item.blocked,
          "quantity": $low and $not($item.blocked) ? $ceil($needed / $rule.packSize) * $rule.packSize : 0
        }
      )
    )];
    $ordered := $checked[quantity > 0];
    {
      "checked": $checked,
      "belowReorderPoint": [$checked[available <= reorderPoint].itemNumber],
      "blockedItems": [$checked[available <= reorderPoint and blocked].itemNumber],
      "unknownItems": [$keys($rules)[$not($ in $erpItems.number)]],
      "orders": [$distinct($ordered.vendorNumber).(
        $vendor := $;
        $supplier := $lookup($suppliers, $vendor);
        {
          "vendorNumber": $vendor,
          "supplierEmail": $supplier.email,
          "requestedReceiptDate": $fromMillis($toMillis($now()) + $supplier.leadTimeDays * ${DAY_MS}, "[Y0001]-[M01]-[D01]"),
          "lines": [$ordered[vendorNumber = $vendor]]
        }
      )]
    }
  )`;
}

const ORDER_TEXT = `(
  $po := ${PO};
  $money := function($amount) { $formatNumber($amount, "#,##0.00") & ($po.currencyCode ? " " & $po.currencyCode : "") };
  $join($append($append(
    ["Dear " & $po.vendorName & ",", "", "Please supply the following against our purchase order " & $po.number & " of " & $po.orderDate & ":", ""],
    $po.purchaseOrderLines[lineType = "Item"].(
      lineObjectNumber & "  " & description & "  " & $string(quantity) & " " & unitOfMeasureCode & " at " & $money(directUnitCost) & " = " & $money(amountExcludingTax)
    )),
    ["", "Total excluding tax: " & $money($po.totalAmountExcludingTax), "Requested delivery: " & $po.requestedReceiptDate, "", "Please acknowledge this order, quoting " & $po.number & "."]
  ), "\\n")
)`;

const ORDER_SUMMARY = {
  purchaseOrderNumber: `${PO}.number`,
  vendorNumber: `${PO}.vendorNumber`,
  vendorName: `${PO}.vendorName`,
  amount: `${PO}.totalAmountExcludingTax`,
  currencyCode: `${PO}.currencyCode`,
};

const summaryObject = (extra: Record<string, string>) =>
  `{ ${Object.entries({ ...ORDER_SUMMARY, ...extra })
    .map(([field, expression]) => `${JSON.stringify(field)}: ${expression}`)
    .join(", ")} }`;

/** The scheduled scan: read stock and open orders, plan, and start one order run per vendor. */
function scanSteps(params: TLowStockReplenishmentParams): TWorkflowDefinitionInput["steps"] {
  return [
    { key: "listItems", kind: "action", connection: "erp", operation: "listItems", input: { limit: "5000" }, onError: { action: "exception" }, next: "listOpenOrders" },
    { key: "listOpenOrders", kind: "action", connection: "erp", operation: "listPurchaseOrders", input: { limit: "5000" }, onError: { action: "exception" }, next: "planOrders" },
    { key: "planOrders", kind: "transform", expression: planOrders(params), next: "orderPerVendor" },
    { key: "orderPerVendor", kind: "forEach", items: "steps.planOrders.output.orders", maxItems: 200, body: "startOrderRun", next: "summariseScan" },
    {
      key: "startOrderRun",
      kind: "emit",
      workflow: LOW_STOCK_REPLENISHMENT_KEY,
      input: { mode: literal("order"), vendorNumber: "item.vendorNumber", supplierEmail: "item.supplierEmail", requestedReceiptDate: "item.requestedReceiptDate", lines: "item.lines" },
    },
    {
      key: "summariseScan",
      kind: "transform",
      expression: `(
        $plan := steps.planOrders.output;
        {
          "orderRunIds": [steps.orderPerVendor.output.runId],
          "belowReorderPoint": $plan.belowReorderPoint,
          "blockedItems": $plan.blockedItems,
          "unknownItems": $plan.unknownItems,
          "listingTruncated": steps.listItems.output.truncated or steps.listOpenOrders.output.truncated,
          "kpis": { "itemsBelowReorderPoint": $count($plan.belowReorderPoint), "purchaseOrdersDrafted": $count($plan.orders) }
        }
      )`,
    },
  ];
}

/** One vendor's order: draft it, get it approved above the threshold, e-mail it and wait for the supplier's acknowledgement. */
function orderSteps(params: TLowStockReplenishmentParams): TWorkflowDefinitionInput["steps"] {
  return [
    {
      key: "draftPurchaseOrder",
      kind: "action",
      connection: "erp",
      operation: "createPurchaseOrder",
      input: { vendorNumber: "input.vendorNumber", requestedReceiptDate: "input.requestedReceiptDate", lines: `[input.lines.{ "itemNumber": itemNumber, "quantity": quantity }]` },
      onError: { action: "exception" },
      next: "checkApproval",
    },
    {
      key: "checkApproval",
      kind: "branch",
      cases: [{ when: `${PO}.totalAmountExcludingTax > ${literal(params.approvalThreshold)}`, next: "approvePurchaseOrder" }],
      otherwise: "sendPurchaseOrder",
    },
    {
      key: "approvePurchaseOrder",
      kind: "approval",
      title: "Approve a purchase order above the approval threshold",
      assignees: { roles: [params.approverRole] },
      expiresInMs: params.approvalExpiresInHours * HOUR_MS,
      details: {
        ...ORDER_SUMMARY,
        approvalThreshold: literal(params.approvalThreshold),
        supplierEmail: "input.supplierEmail",
        requestedReceiptDate: `${PO}.requestedReceiptDate`,
        lines: `[${PO}.purchaseOrderLines[lineType = "Item"].{ "itemNumber": lineObjectNumber, "description": description, "quantity": quantity, "directUnitCost": directUnitCost, "amount": amountExcludingTax }]`,
        stockLevels: `[input.lines.{ "itemNumber": itemNumber, "available": available, "reorderPoint": reorderPoint, "orderUpTo": orderUpTo }]`,
      },
      onReject: "recordRejection",
      next: "sendPurchaseOrder",
    },
    {
      key: "recordRejection",
      kind: "transform",
      // The draft stays in Business Central, unsent, for the buyer to change or delete.
      expression: summaryObject({
        outcome: literal("rejected"),
        rejectedBy: "steps.approvePurchaseOrder.output.userId",
        reason: "steps.approvePurchaseOrder.output.reason",
        kpis: `{ "purchaseOrdersRejected": 1 }`,
      }),
    },
    {
      key: "sendPurchaseOrder",
      kind: "action",
      connection: "mail",
      operation: "send",
      input: { to: "input.supplierEmail", subject: `"Purchase order " & ${PO}.number`, text: ORDER_TEXT },
      onError: { action: "exception" },
      next: "awaitAcknowledgement",
    },
    {
      key: "awaitAcknowledgement",
      kind: "waitForEvent",
      event: PURCHASE_ORDER_ACKNOWLEDGED,
      correlationKey: `${PO}.number`,
      waitForMs: params.acknowledgementTimeoutHours * HOUR_MS,
      onTimeout: "describeMissingAcknowledgement",
      next: "recordAcknowledgement",
    },
    {
      key: "describeMissingAcknowledgement",
      kind: "transform",
      // What the operator reads to chase the supplier; the exception's reason repeats it in a sentence.
      expression: summaryObject({
        supplierEmail: "input.supplierEmail",
        sentMessageId: "steps.sendPurchaseOrder.output.messageId",
        waitedHours: literal(params.acknowledgementTimeoutHours),
        message: `"purchase order " & ${PO}.number & " to " & ${PO}.vendorName & " (" & input.supplierEmail & ") was not acknowledged within ${params.acknowledgementTimeoutHours} hours of sending"`,
      }),
      next: "reportNotAcknowledged",
    },
    {
      key: "reportNotAcknowledged",
      kind: "transform",
      expression: "$error(steps.describeMissingAcknowledgement.output.message)",
      onError: { action: "exception" },
    },
    {
      key: "recordAcknowledgement",
      kind: "transform",
      expression: summaryObject({
        outcome: literal("acknowledged"),
        messageId: "steps.sendPurchaseOrder.output.messageId",
        acknowledgement: "steps.awaitAcknowledgement.output",
        kpis: `{ "purchaseOrderAmount": ${PO}.totalAmountExcludingTax }`,
      }),
    },
  ];
}

/** One definition for both kinds of run: the scheduled scan, and the per-vendor order runs it emits (`input.mode = "order"`). */
export function lowStockReplenishmentDefinition(params: TLowStockReplenishmentParams): TWorkflowDefinitionInput {
  return {
    key: LOW_STOCK_REPLENISHMENT_KEY,
    version: LOW_STOCK_REPLENISHMENT_VERSION,
    title: "Low-stock replenishment",
    start: "route",
    steps: [
      { key: "route", kind: "branch", cases: [{ when: `input.mode = "order"`, next: "draftPurchaseOrder" }], otherwise: "listItems" },
      ...scanSteps(params),
      ...orderSteps(params),
    ],
  };
}
