import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { acknowledgementSteps } from "./acknowledgement-steps";
import { invoiceNotificationSteps, matchSteps } from "./match-steps";
import { type TSupplierInvoiceMatchParams } from "./params";

export const SUPPLIER_INVOICE_MATCH_KEY = "supplier-invoice-match";
export const SUPPLIER_INVOICE_MATCH_VERSION = "1.0.0";

const START_HINT = "Start a run with { purchaseOrderNumber } to track the supplier's acknowledgement, or { invoiceNumber } (and perhaps purchaseOrderNumber) to match an invoice.";

/**
 * One definition, three kinds of run, told apart by the input: a Business Central
 * notification of new invoices (fanned out to one match run each), a match of one
 * invoice, and the acknowledgement tracking of one purchase order.
 */
export function supplierInvoiceMatchDefinition(params: TSupplierInvoiceMatchParams): TWorkflowDefinitionInput {
  return {
    key: SUPPLIER_INVOICE_MATCH_KEY,
    version: SUPPLIER_INVOICE_MATCH_VERSION,
    title: "Supplier PO acknowledgement and three-way invoice match",
    start: "route",
    steps: [
      {
        key: "route",
        kind: "branch",
        cases: [
          { when: `input.trigger = "event"`, next: "created_invoices" },
          { when: "$exists(input.invoiceNumber)", next: "invoice" },
          { when: "$exists(input.purchaseOrderNumber)", next: "ack_order" },
        ],
        otherwise: "unknown_input",
      },
      { key: "unknown_input", kind: "transform", expression: `$error(${literal(START_HINT)})`, onError: { action: "exception" } },
      ...invoiceNotificationSteps(SUPPLIER_INVOICE_MATCH_KEY),
      ...matchSteps(params),
      ...acknowledgementSteps(params),
    ],
  };
}
