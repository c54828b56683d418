import { defineConnector } from "../../sdk/connector";
import { listGeneralLedgerEntriesAction } from "./actions/general-ledger-entries";
import { getItemAction, getItemInventoryAction, listItemsAction } from "./actions/items";
import { postJournalLinesAction } from "./actions/journal-lines";
import { postPurchaseInvoiceAction } from "./actions/post-purchase-invoice";
import { getPurchaseInvoiceAction } from "./actions/purchase-invoices";
import { listPurchaseOrdersAction } from "./actions/purchase-order-list";
import { createPurchaseOrderAction, getPurchaseOrderAction } from "./actions/purchase-orders";
import { listPurchaseReceiptsAction } from "./actions/purchase-receipts";
import { createSalesCreditMemoAction } from "./actions/sales-credit-memos";
import { bcRequest, companyRoot } from "./client";
import { ZBusinessCentralConfig, ZBusinessCentralSecrets } from "./config";
import { businessCentralPolling } from "./polling";
import { businessCentralWebhook } from "./webhook";

/**
 * Microsoft Dynamics 365 Business Central, API v2.0, as a service-to-service app
 * (Entra client credentials; the app must be registered in Business Central with
 * permission sets). Webhooks for the entities Business Central notifies about,
 * polling for posted purchase receipts, which it does not.
 */
export const businessCentralConnector = defineConnector({
  key: "business-central",
  name: "Business Central",
  version: "1.0.0",
  category: "erp",
  auth: "oauth2ClientCredentials",
  config: ZBusinessCentralConfig,
  secrets: ZBusinessCentralSecrets,
  actions: {
    listItems: listItemsAction,
    getItem: getItemAction,
    getItemInventory: getItemInventoryAction,
    createPurchaseOrder: createPurchaseOrderAction,
    getPurchaseOrder: getPurchaseOrderAction,
    listPurchaseOrders: listPurchaseOrdersAction,
    listPurchaseReceipts: listPurchaseReceiptsAction,
    getPurchaseInvoice: getPurchaseInvoiceAction,
    postPurchaseInvoice: postPurchaseInvoiceAction,
    createSalesCreditMemo: createSalesCreditMemoAction,
    postJournalLines: postJournalLinesAction,
    listGeneralLedgerEntries: listGeneralLedgerEntriesAction,
  },
  webhook: businessCentralWebhook,
  polling: businessCentralPolling,
  async health(context) {
    try {
      await bcRequest(context, { method: "GET", url: new URL(`${companyRoot(context.config).href}?$select=id,name`) });
      return { ok: true };
    } catch (error) {
      // Our errors name the vendor's message and status only; never a token or the secret.
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  },
  // Business Central online allows 6,000 requests per 5-minute sliding window per
  // user: 100 + 19/s stays under it (at most 5,800 in any 5 minutes).
  rateLimit: { capacity: 100, refillPerSecond: 19 },
});
