import { defineTemplate, reportedKpi } from "../template";
import { PURCHASE_ORDER_ACKNOWLEDGED } from "./acknowledgement-steps";
import { SUPPLIER_INVOICE_MATCH_KEY, SUPPLIER_INVOICE_MATCH_VERSION, supplierInvoiceMatchDefinition } from "./definition";
import { PURCHASE_INVOICE_CREATED } from "./match-steps";
import { ZSupplierInvoiceMatchParams } from "./params";

const HOUR_MS = 3_600_000;

export const supplierInvoiceMatchTemplate = defineTemplate({
  key: SUPPLIER_INVOICE_MATCH_KEY,
  version: SUPPLIER_INVOICE_MATCH_VERSION,
  title: "Supplier PO acknowledgement and three-way invoice match",
  summary: "Tracks suppliers' acknowledgement of purchase orders, and approves vendor invoices for payment in Business Central when they match the order and what was received.",
  description: [
    `Acknowledgement: started with a purchase order number when the order goes to the supplier, a run waits for the supplier's acknowledgement (event ${PURCHASE_ORDER_ACKNOWLEDGED}, keyed by the purchase order number) and reports the time it took. None by the deadline opens an exception naming the supplier and the order, for the buyer to chase.`,
    "Three-way match: each draft vendor invoice in Business Central is compared line by line with its purchase order and the receipts posted against it. Per item, the invoice may bill no more than was received and not yet invoiced (nor more than was ordered), and its unit price may be above the order's by no more than the price tolerance (a percentage of the PO price or an amount per unit, whichever allows more). Billing less, or at a lower price, always passes. A charge line that is not an item (freight, a surcharge on a G/L account) has nothing to be matched against and always needs a person.",
    "An invoice that matches is posted in Business Central, which approves it for payment (or, with posting turned off, recorded as matched for accounts payable to post). One that does not opens an exception listing, per line, the item, the quantities ordered, received and invoiced, the PO and invoice prices and the difference. Invoices already posted are left alone. Matches start when Business Central reports a new invoice, or by hand with { purchaseOrderNumber, invoiceNumber }, e.g. after the supplier has corrected an invoice.",
  ].join("\n\n"),
  category: "purchasing",
  params: ZSupplierInvoiceMatchParams,
  bindings: {
    erp: {
      title: "ERP",
      description: "Reads purchase orders, their posted receipts and vendor invoices, and posts the invoices that match.",
      connectors: ["business-central"],
    },
  },
  triggers: (params) => [...(params.matchNewInvoices ? [{ kind: "event" as const, binding: "erp", event: PURCHASE_INVOICE_CREATED }] : []), { kind: "manual" }],
  sla: {
    // Match runs take seconds; an acknowledgement run lasts until the supplier answers, up to the deadline (48 hours by default).
    runDurationMs: 72 * HOUR_MS,
    // Mismatches and late suppliers are exceptions by design, so fewer runs succeed than in a sync.
    successRate: 0.9,
    windowMs: 30 * 24 * HOUR_MS,
    maxBacklogAgeMs: 15 * 60_000,
  },
  kpis: [
    { key: "invoiceLines", title: "Invoice lines matched against", unit: "count", description: "Charged lines of a vendor invoice compared with its order and receipts: the match rate's denominator.", value: reportedKpi("invoiceLines") },
    { key: "matchedLines", title: "Invoice lines within tolerance", unit: "count", description: "Lines of a vendor invoice that matched the order and receipts: the match rate's numerator.", value: reportedKpi("matchedLines") },
    { key: "timeToAcknowledgeMs", title: "Time to acknowledge", unit: "ms", description: "From the start of tracking (the order going to the supplier) to the supplier's acknowledgement.", value: reportedKpi("timeToAcknowledgeMs") },
  ],
  definition: supplierInvoiceMatchDefinition,
});
