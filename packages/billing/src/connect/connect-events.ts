import { ClientInvoiceStatus, type TDb, withTenant } from "@storeflow/db";
import { type TQueryable } from "@storeflow/runs";
import type Stripe from "stripe";
import { recordInvoicePaid, recordPaymentFailed } from "../dunning/dunning-cases";
import { invoiceStatusOf } from "./client-invoice-dto";
import { syncConnectAccount } from "./connect-account";

/** What the Connect event handlers use. */
export interface TConnectEventDeps {
  /** storeflow_app client: changes are made in the owning partner's scope. */
  db: TDb;
  /** storeflow_app pool in the system scope: finds which partner an account or invoice belongs to. */
  system: TQueryable;
  stripe: Stripe;
  now?: () => Date;
}

/** Grace days for a client without a price book any more (its invoice was issued under one). */
const DEFAULT_CLIENT_GRACE_DAYS = 7;

/** account.updated of a connected account: re-fetch it and store its flags. */
export async function handleConnectAccountEvent(deps: TConnectEventDeps, event: Stripe.Event): Promise<void> {
  if (!event.account) return;
  await syncConnectAccount({ db: deps.db, system: deps.system, stripe: deps.stripe, stripeAccountId: event.account, ...(deps.now ? { now: deps.now() } : {}) });
}

/**
 * invoice.* on a partner's connected account, for an invoice we issued to a
 * client: re-fetches the invoice (never trusting the event's copy or the order
 * events arrive in), mirrors its status, and drives the client's dunning: a
 * failed payment on an invoice still open opens a case; paid (or voided by the
 * partner) resolves it and resumes the client's runs. Invoices we did not
 * issue (the partner's own) are ignored.
 */
export async function handleClientInvoiceEvent(deps: TConnectEventDeps, event: Stripe.Event): Promise<void> {
  const stripeAccount = event.account;
  const invoiceId = (event.data.object as { id?: string }).id;
  if (!stripeAccount || !invoiceId) return;
  const { rows } = await deps.system.query<{ id: string; partner_id: string; client_id: string }>(
    "select id, partner_id, client_id from client_invoices where stripe_invoice_id = $1 and stripe_account_id = $2",
    [invoiceId, stripeAccount],
  );
  const row = rows[0];
  if (!row) return;
  const now = deps.now?.() ?? new Date();
  const invoice = await deps.stripe.invoices.retrieve(invoiceId, {}, { stripeAccount });
  const status = invoiceStatusOf(invoice.status);
  const scope = { partnerId: row.partner_id, clientId: row.client_id };
  const graceDays = await withTenant(deps.db, scope, async (tx) => {
    await tx.clientInvoice.updateMany({
      // An invoice still being issued is finished by the issuing pass, which owns that transition.
      where: { id: row.id, status: { not: ClientInvoiceStatus.issuing } },
      data: {
        status,
        number: invoice.number ?? null,
        hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
        invoicePdf: invoice.invoice_pdf ?? null,
        paidAt: invoice.status_transitions?.paid_at ? new Date(invoice.status_transitions.paid_at * 1000) : null,
        updatedAt: now,
      },
    });
    return (await tx.clientPriceBook.findUnique({ where: { clientId: row.client_id }, select: { graceDays: true } }))?.graceDays ?? DEFAULT_CLIENT_GRACE_DAYS;
  });
  const payer = { kind: "client" as const, ...scope };
  if (status === ClientInvoiceStatus.paid || status === ClientInvoiceStatus.void) {
    await recordInvoicePaid({ db: deps.db, payer, stripeInvoiceId: invoiceId, now });
  } else if (event.type === "invoice.payment_failed" && status === ClientInvoiceStatus.open) {
    await recordPaymentFailed({
      db: deps.db,
      payer,
      invoice: { stripeInvoiceId: invoiceId, stripeAccountId: stripeAccount, amountDue: invoice.amount_remaining ?? invoice.amount_due, currency: invoice.currency, hostedInvoiceUrl: invoice.hosted_invoice_url ?? null },
      graceDays,
      now,
    });
  }
}
