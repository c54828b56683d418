import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, type TBcActionContext, companyUrl } from "../client";
import { odataAnd, odataString, ZCode } from "../odata";
import { parseRecords, ZBcPurchaseInvoice } from "../schemas";

export const ZGetPurchaseInvoiceInput = z.union([
  z.strictObject({ number: ZCode(20) }),
  /** The record's id, as a webhook notification names it; it stays the same when a draft is posted, the number does not. */
  z.strictObject({ id: z.guid() }),
  /** The number on the vendor's own invoice; unique per vendor, not per company. */
  z.strictObject({ vendorNumber: ZCode(20), vendorInvoiceNumber: ZCode(35) }),
]);

export const getPurchaseInvoiceAction = defineAction({
  title: "Get a vendor invoice with its lines",
  capability: "purchasing.invoice.read",
  idempotency: "read",
  input: ZGetPurchaseInvoiceInput,
  output: ZBcPurchaseInvoice,
  async run(context: TBcActionContext, input) {
    const $filter =
      "number" in input
        ? `number eq ${odataString(input.number)}`
        : "id" in input
          ? `id eq ${input.id}`
          : odataAnd([`vendorNumber eq ${odataString(input.vendorNumber)}`, `vendorInvoiceNumber eq ${odataString(input.vendorInvoiceNumber)}`]);
    const url = companyUrl(context.config, "purchaseInvoices", { $filter, $expand: "purchaseInvoiceLines" });
    const { value } = await bcList(context, url, 2);
    const invoices = parseRecords(ZBcPurchaseInvoice, value, "purchase invoices");
    const described = "number" in input ? `"${input.number}"` : "id" in input ? `with id ${input.id}` : `"${input.vendorInvoiceNumber}" from vendor ${input.vendorNumber}`;
    if (invoices.length === 0) throw new NonRetryableError(`Business Central has no purchase invoice ${described}`);
    if (invoices.length > 1) throw new NonRetryableError(`Business Central has more than one purchase invoice ${described}; ask for it by number`);
    return invoices[0]!;
  },
});
