import { type TDb } from "@storeflow/db";
import { handlePartnerInvoiceDunning } from "../dunning/platform-invoice-events";
import { type TStripeEventHandler } from "../webhooks/event-handler";
import { handleClientInvoiceEvent, handleConnectAccountEvent } from "./connect-events";

/** Options for {@link createConnectEventHandlers}. */
export interface CreateConnectEventHandlersOptions {
  /**
   * storeflow_app client for the partner-scoped writes. They commit in their own
   * transactions, before the webhook marks the event processed; each is
   * idempotent (compare-and-set, deduplicating keys), so an event processed
   * again after a later handler failed changes nothing twice.
   */
  db: TDb;
  /** Days an unpaid partner keeps running before its clients pause. */
  partnerGraceDays: number;
}

const CLIENT_INVOICE_EVENTS = ["invoice.finalized", "invoice.sent", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "invoice.voided", "invoice.marked_uncollectible"];

/**
 * The webhook handlers of partner → client billing and of dunning: connected
 * accounts' onboarding state, their invoices to clients, and the platform's
 * invoices to partners as far as who may run goes. Put them after the
 * platform handlers (stripeEventHandlers), which sync the partner's invoice first.
 */
export function createConnectEventHandlers({ db, partnerGraceDays }: CreateConnectEventHandlersOptions): TStripeEventHandler[] {
  return [
    {
      name: "connect.account",
      scope: "connect",
      types: ["account.updated"],
      handle: ({ event, stripe, client }) => handleConnectAccountEvent({ db, system: client, stripe }, event),
    },
    {
      name: "connect.client_invoice",
      scope: "connect",
      types: CLIENT_INVOICE_EVENTS,
      handle: ({ event, stripe, client }) => handleClientInvoiceEvent({ db, system: client, stripe }, event),
    },
    {
      name: "platform.dunning",
      scope: "platform",
      types: ["invoice.paid", "invoice.payment_failed", "invoice.voided"],
      handle: ({ event, stripe, client }) => handlePartnerInvoiceDunning({ db, system: client, stripe, partnerGraceDays }, event),
    },
  ];
}
