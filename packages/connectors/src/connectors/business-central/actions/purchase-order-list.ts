import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, type TBcActionContext, companyUrl } from "../client";
import { odataString, ZCode } from "../odata";
import { parseRecords, ZBcPurchaseOrder } from "../schemas";

export const ZListPurchaseOrdersInput = z.strictObject({
  vendorNumber: ZCode(20).optional(),
  limit: z.int().min(1).max(5000).default(500),
});

/**
 * The company's purchase orders with their lines. Business Central deletes an order
 * once it is fully received and invoiced, so these are the ones still open: what a
 * line still has to receive (quantity − receivedQuantity) is stock on order.
 */
export const listPurchaseOrdersAction = defineAction({
  title: "List purchase orders",
  capability: "purchasing.order.read",
  idempotency: "read",
  input: ZListPurchaseOrdersInput,
  output: z.object({ purchaseOrders: z.array(ZBcPurchaseOrder), truncated: z.boolean() }),
  async run(context: TBcActionContext, input) {
    const url = companyUrl(context.config, "purchaseOrders", {
      $filter: input.vendorNumber ? `vendorNumber eq ${odataString(input.vendorNumber)}` : undefined,
      $expand: "purchaseOrderLines",
      $orderby: "number asc",
    });
    const { value, truncated } = await bcList(context, url, input.limit);
    return { purchaseOrders: parseRecords(ZBcPurchaseOrder, value, "purchase orders"), truncated };
  },
});
