import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TSupplierInvoiceMatchParams } from "./params";

type TStepInput = TWorkflowDefinitionInput["steps"][number];

export const PURCHASE_ORDER_ACKNOWLEDGED = "purchase.order.acknowledged";

const HOUR_MS = 3_600_000;

/**
 * Tracks one purchase order's acknowledgement, from `ack_order`. The clock starts
 * when tracking does, so start it when the order goes to the supplier. Business
 * Central sends no notifications for purchase orders, so the run is started by
 * hand or by the workflow that sends the order.
 *
 * A missed deadline opens an exception rather than escalating in the run: the
 * deadline already is the escalation point, the next move (phone the supplier,
 * re-source the order) is a buyer's, and the exception queue is where buyers
 * act; a reminder to the supplier would need a mail binding the match does not.
 */
export function acknowledgementSteps(params: TSupplierInvoiceMatchParams): TStepInput[] {
  const waitForMs = Math.max(1, Math.round(params.acknowledgementDeadlineHours * HOUR_MS));
  const hours = literal(params.acknowledgementDeadlineHours);
  return [
    {
      key: "ack_order",
      title: "Read the purchase order",
      kind: "action",
      connection: "erp",
      operation: "getPurchaseOrder",
      input: { number: "$string(input.purchaseOrderNumber)" },
      onError: { action: "exception" },
      next: "ack_started",
    },
    {
      key: "ack_started",
      kind: "transform",
      expression: `(
  $order := steps.ack_order.output;
  $at := $now();
  {
    "purchaseOrderNumber": $order.number,
    "vendorNumber": $order.vendorNumber,
    "vendorName": $order.vendorName,
    "amountIncludingTax": $order.totalAmountIncludingTax,
    "currencyCode": $order.currencyCode,
    "trackingStartedAt": $at,
    "acknowledgeBy": $fromMillis($toMillis($at) + ${waitForMs})
  }
)`,
      next: "ack_wait",
    },
    {
      key: "ack_wait",
      title: "Wait for the supplier's acknowledgement",
      kind: "waitForEvent",
      event: PURCHASE_ORDER_ACKNOWLEDGED,
      correlationKey: "steps.ack_started.output.purchaseOrderNumber",
      waitForMs,
      onTimeout: "ack_overdue",
      next: "acknowledged",
    },
    {
      key: "acknowledged",
      kind: "transform",
      // The event's own clock is the sender's; the time the run saw it is ours, like the start.
      expression: `(
  $started := steps.ack_started.output;
  $at := $now();
  {
    "outcome": "acknowledged",
    "purchaseOrderNumber": $started.purchaseOrderNumber,
    "vendorNumber": $started.vendorNumber,
    "vendorName": $started.vendorName,
    "trackingStartedAt": $started.trackingStartedAt,
    "acknowledgedAt": $at,
    "acknowledgement": steps.ack_wait.output,
    "kpis": { "timeToAcknowledgeMs": $toMillis($at) - $toMillis($started.trackingStartedAt) }
  }
)`,
    },
    {
      key: "ack_overdue",
      title: "Acknowledgement overdue",
      kind: "transform",
      expression: `(
  $started := steps.ack_started.output;
  $error("Supplier " & $started.vendorName & " (" & $started.vendorNumber & ") has not acknowledged purchase order " & $started.purchaseOrderNumber
    & " within " & $string(${hours}) & " hours (tracking started " & $started.trackingStartedAt & ").")
)`,
      onError: { action: "exception" },
    },
  ];
}
