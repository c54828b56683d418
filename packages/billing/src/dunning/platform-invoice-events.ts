import { type TDb } from "@storeflow/db";
import { type TQueryable } from "@storeflow/runs";
import type Stripe from "stripe";
import { recordInvoicePaid, recordPaymentFailed } from "./dunning-cases";

/** What {@link handlePartnerInvoiceDunning} uses. */
export interface TPartnerDunningDeps {
  db: TDb;
  /** storeflow_app pool in the system scope: finds the partner by its Stripe customer. */
  system: TQueryable;
  stripe: Stripe;
  /** Days an unpaid partner keeps running before all its clients pause (BILLING_PARTNER_GRACE_DAYS). */
  partnerGraceDays: number;
  now?: () => Date;
}

/**
 * Dunning for the platform's own invoices to partners (invoice.payment_failed,
 * invoice.paid, invoice.voided without `account`): re-fetches the invoice and
 * opens or resolves the partner's case. A paused partner case pauses every
 * client of the partner. Subscription state itself is the platform billing
 * handlers' business; this only decides who may run.
 */
export async function handlePartnerInvoiceDunning(deps: TPartnerDunningDeps, event: Stripe.Event): Promise<void> {
  const invoiceId = (event.data.object as { id?: string }).id;
  if (event.account || !invoiceId) return;
  const invoice = await deps.stripe.invoices.retrieve(invoiceId);
  const customer = typeof invoice.customer === "string" ? invoice.customer : invoice.customer?.id;
  if (!customer) return;
  const { rows } = await deps.system.query<{ partner_id: string }>("select partner_id from partner_billing where stripe_customer_id = $1", [customer]);
  const partnerId = rows[0]?.partner_id;
  if (!partnerId) return;
  const now = deps.now?.() ?? new Date();
  const payer = { kind: "partner" as const, partnerId };
  if (invoice.status === "paid" || invoice.status === "void") {
    await recordInvoicePaid({ db: deps.db, payer, stripeInvoiceId: invoiceId, now });
  } else if (event.type === "invoice.payment_failed" && invoice.status === "open") {
    await recordPaymentFailed({
      db: deps.db,
      payer,
      invoice: { stripeInvoiceId: invoiceId, stripeAccountId: null, amountDue: invoice.amount_remaining ?? invoice.amount_due, currency: invoice.currency, hostedInvoiceUrl: invoice.hosted_invoice_url ?? null },
      graceDays: deps.partnerGraceDays,
      now,
    });
  }
}
