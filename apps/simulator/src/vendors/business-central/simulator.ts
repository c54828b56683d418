import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";
import { type EnterPurchaseInvoiceOptions, enterPurchaseInvoice } from "./draft-purchase-invoices";
import { createNotifier } from "./notifications";
import { invoicePurchaseOrder, receivePurchaseOrder, type ReceivePurchaseOrderOptions } from "./purchasing";
import { createBusinessCentralRoutes } from "./routes";
import { createBusinessCentralState, defaultBusinessCentralSeed } from "./seed";
import { type TBcPurchaseInvoice, type TBcPurchaseReceipt, type TBcSeed, type TBcState } from "./state";

export interface TBusinessCentralSimulator extends TVendorSimulator<TBcState> {
  /** The warehouse posts a receipt against a purchase order (partial when `lines` say so). */
  receivePurchaseOrder(options: ReceivePurchaseOrderOptions): TBcPurchaseReceipt;
  /** Accounts payable posts the vendor's invoice for what was received. */
  invoicePurchaseOrder(options: { orderNumber: string; vendorInvoiceNumber: string }): TBcPurchaseInvoice;
  /** Accounts payable enters the vendor's invoice for an order as a draft, to be matched and posted through the API. */
  enterPurchaseInvoice(options: EnterPurchaseInvoiceOptions): TBcPurchaseInvoice;
}

/**
 * Business Central (API v2.0) and its Entra token endpoint, mounted at
 * `/business-central`: point a connection's `baseUrl` at `<sim>/business-central` and
 * its `tokenUrl` at `<sim>/business-central/<tenant>/oauth2/v2.0/token`.
 */
export function createBusinessCentralSimulator(seed: Partial<TBcSeed> = {}): TVendorFactory {
  return (context): TBusinessCentralSimulator => {
    const initial: TBcSeed = { ...defaultBusinessCentralSeed(), ...seed };
    const state = createBusinessCentralState(initial);
    const notifier = createNotifier(state, context);
    const simulator: TBusinessCentralSimulator = {
      key: "business-central",
      routes: createBusinessCentralRoutes(state, notifier),
      state,
      reset() {
        notifier.stop();
        // The same object stays in place: routes and tests hold a reference to it.
        Object.assign(state, createBusinessCentralState(initial));
      },
      receivePurchaseOrder: (options) => receivePurchaseOrder(state, options, notifier.notify),
      invoicePurchaseOrder: (options) => invoicePurchaseOrder(state, options, notifier.notify),
      enterPurchaseInvoice: (options) => enterPurchaseInvoice(state, options, notifier.notify),
    };
    return simulator;
  };
}

export const businessCentralSimulator: TVendorFactory = createBusinessCentralSimulator();
