import { z } from "zod";

export const ZSupplierInvoiceMatchParams = z.object({
  acknowledgementDeadlineHours: z.number().positive().max(720).default(48).meta({
    title: "Acknowledgement deadline (hours)",
    description: "How long a supplier has to acknowledge a purchase order after tracking starts. No acknowledgement by then opens an exception for the buyer to chase the supplier.",
  }),
  priceTolerancePercent: z.number().min(0).max(100).default(2).meta({
    title: "Price tolerance (%)",
    description:
      "How far above the purchase order's unit price an invoice's unit price may be and still be approved, as a share of the PO price. A line passes when it is within this or within the per-unit amount below, whichever allows more. A price below the PO's always passes.",
  }),
  priceToleranceAmount: z.number().min(0).default(0).meta({
    title: "Price tolerance per unit",
    description: "How far above the purchase order's unit price an invoice's unit price may be, in the invoice's currency per unit; 0 leaves only the percentage.",
  }),
  quantityTolerancePercent: z.number().min(0).max(100).default(0).meta({
    title: "Quantity tolerance (%)",
    description:
      "How much more than was received (and not yet invoiced) an invoice may bill, as a share of that quantity, e.g. for goods sold by weight. A line passes when it is within this or within the units below, whichever allows more. Billing less than was received always passes.",
  }),
  quantityToleranceUnits: z.number().min(0).default(0).meta({
    title: "Quantity tolerance (units)",
    description: "How many units more than was received (and not yet invoiced) an invoice may bill; 0 with a 0 % tolerance means it may bill no more than arrived.",
  }),
  postMatchedInvoices: z.boolean().default(true).meta({
    title: "Post matched invoices",
    description:
      "Post an invoice that matches in Business Central, which approves it for payment (it becomes a posted invoice with a vendor ledger entry and its due date). Off: the run records the match and accounts payable posts it.",
  }),
  matchNewInvoices: z.boolean().default(true).meta({
    title: "Match invoices as they are entered",
    description:
      "Match every draft purchase invoice Business Central reports as created. Suited to invoices that arrive complete (e-documents, OCR import, the API). Turn off when invoices are typed in by hand, since Business Central reports them before their lines are entered; then start each match by hand with the purchase order and invoice numbers.",
  }),
});

export type TSupplierInvoiceMatchParams = z.output<typeof ZSupplierInvoiceMatchParams>;
