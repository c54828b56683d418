import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { matchExpression } from "./match-expression";
import { type TSupplierInvoiceMatchParams } from "./params";

type TStepInput = TWorkflowDefinitionInput["steps"][number];

export const PURCHASE_INVOICE_CREATED = "purchase.invoice.created";

/**
 * A Business Central notification batch can name several new invoices; each is
 * matched in a run of its own (from `invoice`), so each mismatch is an exception
 * of its own. Posted invoices are not matched: someone already approved them in
 * Business Central, and posting them deleted a fully invoiced order.
 */
export function invoiceNotificationSteps(workflowKey: string): TStepInput[] {
  return [
    {
      key: "created_invoices",
      kind: "forEach",
      items: `input.event.payload.changes[entitySet = "purchaseInvoices" and changeType = "created" and $exists(id)].id`,
      maxItems: 1000,
      body: "created_invoice",
      next: "dispatched",
    },
    {
      key: "created_invoice",
      kind: "action",
      connection: "erp",
      operation: "getPurchaseInvoice",
      input: { id: "item" },
      // Deleted again before we looked: nothing to match, and the other invoices go on.
      onError: { action: "continue" },
      next: "created_invoice_route",
    },
    {
      key: "created_invoice_route",
      kind: "branch",
      cases: [{ when: `steps.created_invoice.output.status = "Draft"`, next: "emit_match" }],
      otherwise: "created_invoice_skipped",
    },
    { key: "emit_match", kind: "emit", workflow: workflowKey, input: { invoiceNumber: "steps.created_invoice.output.number" } },
    {
      key: "created_invoice_skipped",
      kind: "transform",
      expression: `{
  "invoiceId": item,
  "skipped": $exists(steps.created_invoice.output.error)
    ? steps.created_invoice.output.error
    : "invoice " & steps.created_invoice.output.number & " is already " & steps.created_invoice.output.status & ", not a draft"
}`,
    },
    { key: "dispatched", kind: "transform", expression: `{ "outcome": "dispatched", "matchRuns": $count(steps.created_invoices.output[$exists(runId)]) }` },
  ];
}

// What the match is about, and why it cannot go on if it cannot.
const SUBJECT = `(
  $invoice := steps.invoice.output;
  $named := $exists(input.purchaseOrderNumber) ? $uppercase($string(input.purchaseOrderNumber)) : "";
  $orderNumber := $invoice.orderNumber != "" ? $invoice.orderNumber : $named;
  $name := "Invoice " & $invoice.number & " (vendor invoice " & $invoice.vendorInvoiceNumber & ") from " & $invoice.vendorName;
  {
    "invoiceId": $invoice.id,
    "invoiceNumber": $invoice.number,
    "vendorInvoiceNumber": $invoice.vendorInvoiceNumber,
    "vendorNumber": $invoice.vendorNumber,
    "vendorName": $invoice.vendorName,
    "status": $invoice.status,
    "amountIncludingTax": $invoice.totalAmountIncludingTax,
    "currencyCode": $invoice.currencyCode,
    "purchaseOrderNumber": $orderNumber,
    "problem": $orderNumber = ""
      ? $name & " names no purchase order; start the match with the purchase order's number."
      : ($named != "" and $invoice.orderNumber != "" and $named != $invoice.orderNumber)
        ? $name & " is for purchase order " & $invoice.orderNumber & ", not " & $named & "."
        : $count($invoice.purchaseInvoiceLines[lineType != "Comment" and quantity != 0]) = 0
          ? $name & " has no lines to match yet; start the match again once it is complete."
  }
)`;

/** Matches one invoice (by its Business Central number) against its order and receipts, from `invoice`. */
export function matchSteps(params: TSupplierInvoiceMatchParams): TStepInput[] {
  const matched = params.postMatchedInvoices ? "post_invoice" : "approved";
  return [
    {
      key: "invoice",
      title: "Read the vendor invoice",
      kind: "action",
      connection: "erp",
      operation: "getPurchaseInvoice",
      input: { number: "$string(input.invoiceNumber)" },
      onError: { action: "exception" },
      next: "subject",
    },
    { key: "subject", kind: "transform", expression: SUBJECT, next: "subject_route" },
    {
      key: "subject_route",
      kind: "branch",
      cases: [
        { when: `steps.subject.output.status != "Draft"`, next: "already_posted" },
        { when: "$exists(steps.subject.output.problem)", next: "subject_problem" },
      ],
      otherwise: "order",
    },
    {
      key: "already_posted",
      kind: "transform",
      expression: `{
  "outcome": "already posted",
  "invoice": steps.subject.output,
  "reason": "Invoice " & steps.subject.output.invoiceNumber & " is " & steps.subject.output.status & " in Business Central, not a draft: it was approved for payment there, so there is nothing to match before payment."
}`,
    },
    { key: "subject_problem", kind: "transform", expression: "$error(steps.subject.output.problem)", onError: { action: "exception" } },
    {
      key: "order",
      title: "Read the purchase order",
      kind: "action",
      connection: "erp",
      operation: "getPurchaseOrder",
      input: { number: "steps.subject.output.purchaseOrderNumber" },
      onError: { action: "exception" },
      next: "receipts",
    },
    {
      key: "receipts",
      title: "Read the goods receipts",
      kind: "action",
      connection: "erp",
      operation: "listPurchaseReceipts",
      input: { orderNumber: "steps.subject.output.purchaseOrderNumber", limit: "1000" },
      onError: { action: "exception" },
      next: "match",
    },
    { key: "match", title: "Match invoice, order and receipts", kind: "transform", expression: matchExpression(params), next: "match_route" },
    { key: "match_route", kind: "branch", cases: [{ when: "steps.match.output.matched", next: matched }], otherwise: "mismatch" },
    { key: "mismatch", title: "Invoice does not match", kind: "transform", expression: "$error(steps.match.output.reason)", onError: { action: "exception" } },
    ...(params.postMatchedInvoices
      ? [
          {
            key: "post_invoice",
            title: "Post the invoice (approve it for payment)",
            kind: "action",
            connection: "erp",
            operation: "postPurchaseInvoice",
            input: { id: "steps.subject.output.invoiceId" },
            onError: { action: "exception" },
            next: "approved",
          } satisfies TStepInput,
        ]
      : []),
    {
      key: "approved",
      kind: "transform",
      expression: params.postMatchedInvoices
        ? `{
  "outcome": "matched",
  "posted": true,
  "postedInvoiceNumber": steps.post_invoice.output.invoice.number,
  "alreadyPosted": steps.post_invoice.output.alreadyPosted,
  "reason": steps.match.output.reason & " Posted as invoice " & steps.post_invoice.output.invoice.number & ", approved for payment.",
  "invoice": steps.subject.output,
  "purchaseOrderNumber": steps.match.output.purchaseOrderNumber,
  "lines": steps.match.output.lines,
  "kpis": steps.match.output.kpis
}`
        : `{
  "outcome": "matched",
  "posted": false,
  "reason": steps.match.output.reason & " Left as a draft for accounts payable to post.",
  "invoice": steps.subject.output,
  "purchaseOrderNumber": steps.match.output.purchaseOrderNumber,
  "lines": steps.match.output.lines,
  "kpis": steps.match.output.kpis
}`,
    },
  ];
}
