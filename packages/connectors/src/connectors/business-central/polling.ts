import { z } from "zod";
import { type TPollingTrigger } from "../../sdk/connector";
import { bcList, type TBcContext, companyUrl } from "./client";
import { type TBusinessCentralConfig, type TBusinessCentralSecrets } from "./config";
import { parseRecords, ZBcPurchaseReceipt } from "./schemas";

const MAX_RECEIPTS_PER_POLL = 500;
const ZModified = z.object({ lastModifiedDateTime: z.string() });

/** Business Central's newest modification time, so the first cursor comes from its clock, not ours. */
async function latestModification(context: TBcContext): Promise<string> {
  const url = companyUrl(context.config, "purchaseReceipts", { $orderby: "lastModifiedDateTime desc", $top: 1, $select: "lastModifiedDateTime" });
  const [latest] = parseRecords(ZModified, (await bcList(context, url, 1)).value, "purchase receipts");
  return latest?.lastModifiedDateTime ?? new Date(0).toISOString();
}

/**
 * Purchase orders and receipts are not among the entities Business Central sends
 * webhooks for, so posted receipts (goods arrived against a purchase order) are
 * polled by lastModifiedDateTime. The cursor is compared with `ge`, not `gt`: a
 * receipt posted in the same millisecond as the last one seen is not skipped, and
 * the one seen again carries the same deliveryId, which the ingress stores once.
 */
export const businessCentralPolling: TPollingTrigger<TBusinessCentralConfig, TBusinessCentralSecrets> = {
  events: ["purchase.receipt.posted"],
  async poll(context, cursor) {
    if (cursor === null) return { events: [], cursor: await latestModification(context) };
    const url = companyUrl(context.config, "purchaseReceipts", {
      $filter: `lastModifiedDateTime ge ${new Date(cursor).toISOString()}`,
      $orderby: "lastModifiedDateTime asc",
      $expand: "purchaseReceiptLines",
    });
    const receipts = parseRecords(ZBcPurchaseReceipt, (await bcList(context, url, MAX_RECEIPTS_PER_POLL)).value, "purchase receipts");
    const events = receipts.map((receipt) => ({
      deliveryId: `purchase-receipt:${receipt.id}`,
      type: "purchase.receipt.posted",
      occurredAt: new Date(receipt.lastModifiedDateTime).toISOString(),
      correlationKey: receipt.orderNumber,
      payload: receipt,
    }));
    return { events, cursor: receipts.at(-1)?.lastModifiedDateTime ?? cursor };
  },
};
