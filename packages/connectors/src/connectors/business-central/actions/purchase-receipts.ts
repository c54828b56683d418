import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, type TBcActionContext, companyUrl } from "../client";
import { odataString, ZCode } from "../odata";
import { parseRecords, ZBcPurchaseReceipt } from "../schemas";

export const listPurchaseReceiptsAction = defineAction({
  title: "List the receipts posted for a purchase order",
  capability: "purchasing.receipt.read",
  idempotency: "read",
  input: z.strictObject({ orderNumber: ZCode(20), limit: z.int().min(1).max(1000).default(200) }),
  output: z.object({
    receipts: z.array(ZBcPurchaseReceipt),
    /** Received quantity per item number, summed over the receipts returned. */
    receivedByItem: z.record(z.string(), z.number()),
    truncated: z.boolean(),
  }),
  async run(context: TBcActionContext, input) {
    const url = companyUrl(context.config, "purchaseReceipts", {
      $filter: `orderNumber eq ${odataString(input.orderNumber)}`,
      $orderby: "postingDate asc",
      $expand: "purchaseReceiptLines",
    });
    const { value, truncated } = await bcList(context, url, input.limit);
    const receipts = parseRecords(ZBcPurchaseReceipt, value, "purchase receipts");
    const receivedByItem: Record<string, number> = {};
    for (const line of receipts.flatMap((receipt) => receipt.purchaseReceiptLines)) {
      if (line.lineType === "Item") receivedByItem[line.lineObjectNumber] = (receivedByItem[line.lineObjectNumber] ?? 0) + line.quantity;
    }
    return { receipts, receivedByItem, truncated };
  },
});
