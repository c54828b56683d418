import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TReturnsRefundsParams } from "./params";
import { POLICY, REFUSED_LINES } from "./policy";
import { CLASSIFICATION } from "./reason-classification";

export const PLAN = "steps.planRefund.output";
const CREDIT_MEMO = "steps.createCreditMemo.output.creditMemo";
const MONEY = `function($amount) { $formatNumber($amount, "#,##0.00") & " " & ${POLICY}.currency }`;

/**
 * What happens to each accepted line, and the documents that say so. A line is
 * written off when the classified reason is a product fault (and a supplier
 * claim is noted) or its condition is a write-off condition; any other line goes
 * back into stock. Restocked lines credit the item in Business Central (posting
 * the memo counts it back in); written-off lines credit the write-off account,
 * so they are not. Shopify is told NO_RESTOCK: the restock step counts the units
 * in at the return location, and Shopify would otherwise count them twice.
 */
function planRefundExpression(params: TReturnsRefundsParams): string {
  return `(
    $policy := ${POLICY};
    $label := ${CLASSIFICATION}.label;
    $faulty := $label in ${literal(params.writeOffReasons)};
    $itemNumbers := ${literal(params.itemNumbers)};
    $lines := [$policy.accepted.(
      $why := $faulty ? $replace($label, "_", " ") : condition in ${literal(params.writeOffConditions)} ? "returned " & condition : $not(inventoryItemId) ? "no longer in the catalogue";
      $merge([$, $why ? { "disposition": "writeOff", "writeOffReason": $why } : { "disposition": "restock" }])
    )];
    $restock := [$lines[disposition = "restock"]];
    $writeOffs := [$lines[disposition = "writeOff"]];
    {
      "reasonLabel": $label,
      "restock": [$restock.{ "sku": sku, "quantity": quantity }],
      "writeOffs": [$writeOffs.{ "sku": sku, "quantity": quantity, "amount": amount, "reason": writeOffReason }],
      "supplierClaims": $faulty ? [$writeOffs.{
        "sku": sku,
        "quantity": quantity,
        "note": "Claim " & quantity & " × " & sku & " (" & name & ") from the supplier: returned as " & writeOffReason & " on order " & $policy.orderName & (reason ? " (" & reason & ")" : "")
      }] : [],
      "stockChanges": [$distinct($restock.inventoryItemId).(
        $id := $;
        { "inventoryItemId": $id, "locationId": ${literal(params.returnLocationId)}, "delta": $sum($restock[inventoryItemId = $id].quantity) }
      )],
      "creditMemoLines": $append(
        [$restock.{ "type": "item", "itemNumber": $lookup($itemNumbers, sku) ? $lookup($itemNumbers, sku) : sku, "quantity": quantity, "unitPrice": unitPrice }],
        [$writeOffs.{ "type": "account", "accountNumber": ${literal(params.writeOffAccountNumber)}, "quantity": quantity, "unitPrice": unitPrice, "description": $substring("Write-off " & sku & ": " & writeOffReason, 0, 100) }]
      ),
      "refundLineItems": [$lines.{ "lineItemId": lineItemId, "quantity": quantity, "restockType": "NO_RESTOCK" }],
      "refundTransactions": $policy.refundAmount > 0 ? [{ "amount": $formatNumber($policy.refundAmount, "0.00"), "gateway": $policy.payment.gateway, "parentId": $policy.payment.parentId }] : []
    }
  )`;
}

/** The operator's account of a refund that failed once the credit memo existed; the exception's reason is its message. */
const DESCRIBE_REFUND_FAILURE = `(
  $money := ${MONEY};
  {
    "orderName": ${POLICY}.orderName,
    "refundAmount": ${POLICY}.refundAmount,
    "currency": ${POLICY}.currency,
    "creditMemoNumber": ${CREDIT_MEMO}.number,
    "creditMemoAmount": ${CREDIT_MEMO}.totalAmountIncludingTax,
    "error": steps.refundPayment.output.error,
    "message": "the refund of " & $money(${POLICY}.refundAmount) & " on order " & ${POLICY}.orderName & " failed after Business Central credit memo " & ${CREDIT_MEMO}.number
      & " was created for it (" & steps.refundPayment.output.error & "). Nothing was refunded or restocked and the customer was not told. "
      & "Refund the order in Shopify by hand and skip this step to restock and tell the customer, or delete draft credit memo " & ${CREDIT_MEMO}.number & " and resolve the run."
  }
)`;

const RECORD_REFUND = `(
  $requestedMs := $toMillis(${POLICY}.requestedAt);
  $refundedAt := steps.refundPayment.output.createdAt;
  {
    "outcome": "refunded",
    "orderName": ${POLICY}.orderName,
    "refundId": steps.refundPayment.output.refundId,
    "refundAmount": ${POLICY}.refundAmount,
    "currency": ${POLICY}.currency,
    "creditMemoNumber": ${CREDIT_MEMO}.number,
    "reasonLabel": ${PLAN}.reasonLabel,
    "classification": ${CLASSIFICATION}.{ "label": label, "confidence": confidence, "source": source, "accepted": accepted },
    "reviewedBy": steps.reviewReturn.output.userId,
    "restocked": ${PLAN}.restock,
    "writeOffs": ${PLAN}.writeOffs,
    "supplierClaims": ${PLAN}.supplierClaims,
    "refusedLines": ${REFUSED_LINES},
    "customerMessageId": steps.emailRefund.output.messageId,
    "kpis": {
      "refundAmount": ${POLICY}.refundAmount,
      "returnCycleTimeMs": $toMillis($now()) - $requestedMs,
      "refundCycleTimeMs": ($refundedAt ? $toMillis($refundedAt) : $toMillis($now())) - $requestedMs
    }
  }
)`;

/**
 * Credit memo, then the money, then stock: a failed refund leaves only the
 * draft credit memo to sort out, which the exception names. Each step's
 * idempotency key is the same on every retry, so a retried refund is not paid
 * twice (Shopify's @idempotent) and a retried credit memo is found again by its
 * external document number.
 */
export function refundSteps(params: TReturnsRefundsParams, tellCustomerRefunded: string): TWorkflowDefinitionInput["steps"] {
  return [
    { key: "planRefund", kind: "transform", title: "Decide restock or write-off per line", expression: planRefundExpression(params), next: "createCreditMemo" },
    {
      key: "createCreditMemo",
      kind: "action",
      title: "Create the credit memo in Business Central",
      connection: "erp",
      operation: "createSalesCreditMemo",
      input: { customerNumber: literal(params.customerNumber), lines: `${PLAN}.creditMemoLines` },
      onError: { action: "exception" },
      next: "refundPayment",
    },
    {
      key: "refundPayment",
      kind: "action",
      title: "Refund the payment in Shopify",
      connection: "shop",
      operation: "createRefund",
      input: {
        orderId: `${POLICY}.orderId`,
        note: `"Return refunded by Storeflow; Business Central credit memo " & ${CREDIT_MEMO}.number`,
        notify: "false",
        lineItems: `${PLAN}.refundLineItems`,
        transactions: `${PLAN}.refundTransactions`,
      },
      retry: { attempts: 4, initialDelayMs: 5_000, maxDelayMs: 120_000 },
      onError: { action: "compensate", next: "describeRefundFailure" },
      next: tellCustomerRefunded,
    },
    { key: "describeRefundFailure", kind: "transform", expression: DESCRIBE_REFUND_FAILURE, next: "reportRefundFailure" },
    {
      key: "reportRefundFailure",
      kind: "transform",
      expression: "$error(steps.describeRefundFailure.output.message)",
      onError: { action: "exception" },
      // Reached only when an operator skips this step, having refunded by hand.
      next: tellCustomerRefunded,
    },
    { key: "needsRestock", kind: "branch", cases: [{ when: `$count(${PLAN}.stockChanges) > 0`, next: "restockReturned" }], otherwise: "recordRefund" },
    {
      key: "restockReturned",
      kind: "action",
      title: "Put returned goods back into stock",
      connection: "shop",
      operation: "adjustInventoryQuantities",
      input: { name: `"available"`, reason: `"restock"`, referenceDocumentUri: "steps.refundPayment.output.refundId", changes: `${PLAN}.stockChanges` },
      onError: { action: "exception" },
      next: "recordRefund",
    },
    { key: "recordRefund", kind: "transform", expression: RECORD_REFUND },
  ];
}
