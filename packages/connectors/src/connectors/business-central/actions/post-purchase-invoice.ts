import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, bcRequest, type TBcActionContext, type TBcContext, companyUrl } from "../client";
import { parseRecords, ZBcPurchaseInvoice } from "../schemas";

async function readInvoice(context: TBcContext, id: string) {
  const url = companyUrl(context.config, "purchaseInvoices", { $filter: `id eq ${id}`, $expand: "purchaseInvoiceLines" });
  const [invoice] = parseRecords(ZBcPurchaseInvoice, (await bcList(context, url, 1)).value, "purchase invoices");
  if (!invoice) throw new NonRetryableError(`Business Central has no purchase invoice with id ${id}`);
  return invoice;
}

export const postPurchaseInvoiceAction = defineAction({
  title: "Post a draft vendor invoice (approve it for payment)",
  capability: "purchasing.invoice.post",
  /**
   * Posting moves a draft to a posted invoice under the same id, and Business Central
   * refuses to post one twice; so a retry first reads the invoice and, finding it
   * posted, reports that instead of posting.
   */
  idempotency: "natural",
  // By id: posting gives the invoice a number from the posted-invoice series, so the draft's number no longer finds it.
  input: z.strictObject({ id: z.guid() }),
  output: z.object({ alreadyPosted: z.boolean(), invoice: ZBcPurchaseInvoice }),
  async run(context: TBcActionContext, input) {
    const before = await readInvoice(context, input.id);
    if (before.status !== "Draft") return { alreadyPosted: true, invoice: before };
    // The bound action `post` (api-reference/v2.0/resources/dynamics_purchaseinvoice): 204, no body.
    await bcRequest(context, { method: "POST", url: companyUrl(context.config, `purchaseInvoices(${input.id})/Microsoft.NAV.post`) });
    return { alreadyPosted: false, invoice: await readInvoice(context, input.id) };
  },
});
