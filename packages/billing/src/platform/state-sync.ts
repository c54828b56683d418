import type pg from "pg";
import type Stripe from "stripe";
import { planKeyOfLookupKey } from "./plans";

/** Statuses after which a subscription never bills again. */
const ENDED = new Set(["canceled", "incomplete_expired"]);

const toDate = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/** Locks the partner's billing row (found by Stripe customer) for the rest of the transaction. */
async function lockPartnerByCustomer(client: pg.PoolClient, customerId: string) {
  const { rows } = await client.query<{ partner_id: string; stripe_subscription_id: string | null; subscription_status: string | null }>(
    "select partner_id, stripe_subscription_id, subscription_status from partner_billing where stripe_customer_id = $1 for update",
    [customerId],
  );
  return rows[0];
}

/** Options for {@link syncPartnerSubscription} and {@link syncPartnerInvoice}. */
export interface SyncFromStripeOptions {
  /** A system-scope connection inside a transaction (the webhook processor's). */
  client: pg.PoolClient;
  stripe: Stripe;
  /** The customer the event named: immutable on subscriptions and invoices, so safe to take from the payload. */
  customerId: string;
  id: string;
}

/**
 * Writes the subscription as Stripe returns it now, not as the event said it
 * was: the partner's row is locked first, then the subscription fetched, so of
 * two events processed at once the later fetch is the one written, whatever
 * order they were sent or arrived in. Another subscription of the same
 * customer replaces the stored one only while the stored one has ended and the
 * other has not (an old subscription's late events cannot take over).
 * Returns the partner id, or null for a customer that is not a partner's.
 */
export async function syncPartnerSubscription({ client, stripe, customerId, id }: SyncFromStripeOptions): Promise<string | null> {
  const row = await lockPartnerByCustomer(client, customerId);
  if (!row) return null;
  const subscription = await stripe.subscriptions.retrieve(id);
  const isStored = row.stripe_subscription_id === subscription.id;
  const storedEnded = ENDED.has(row.subscription_status ?? "canceled");
  if (!isStored && row.stripe_subscription_id && !(storedEnded && !ENDED.has(subscription.status))) return row.partner_id;
  const base = subscription.items.data.find((i) => i.price.recurring?.usage_type !== "metered") ?? subscription.items.data[0];
  await client.query(
    `update partner_billing set stripe_subscription_id = $2, subscription_status = $3, plan_key = coalesce($4, plan_key),
       current_period_start = $5, current_period_end = $6, cancel_at_period_end = $7, synced_at = now(), updated_at = now()
     where partner_id = $1`,
    [row.partner_id, subscription.id, subscription.status, planKeyOfLookupKey(base?.price.lookup_key), toDate(base?.current_period_start), toDate(base?.current_period_end), subscription.cancel_at_period_end],
  );
  return row.partner_id;
}

/** Upserts the invoice as Stripe returns it now (see syncPartnerSubscription for why it is fetched). */
export async function syncPartnerInvoice({ client, stripe, customerId, id }: SyncFromStripeOptions): Promise<string | null> {
  const row = await lockPartnerByCustomer(client, customerId);
  if (!row) return null;
  const invoice = await stripe.invoices.retrieve(id);
  const subscription = invoice.parent?.subscription_details?.subscription;
  await client.query(
    `insert into partner_invoices (stripe_invoice_id, partner_id, stripe_subscription_id, number, status, currency, total, amount_due, amount_paid,
       hosted_invoice_url, invoice_pdf, period_start, period_end, stripe_created_at, synced_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
     on conflict (stripe_invoice_id) do update set number = excluded.number, status = excluded.status, total = excluded.total,
       amount_due = excluded.amount_due, amount_paid = excluded.amount_paid, hosted_invoice_url = excluded.hosted_invoice_url,
       invoice_pdf = excluded.invoice_pdf, synced_at = now()
     where partner_invoices.partner_id = excluded.partner_id`,
    [
      invoice.id,
      row.partner_id,
      typeof subscription === "string" ? subscription : (subscription?.id ?? null),
      invoice.number,
      invoice.status ?? "draft",
      invoice.currency,
      invoice.total,
      invoice.amount_due,
      invoice.amount_paid,
      invoice.hosted_invoice_url ?? null,
      invoice.invoice_pdf ?? null,
      toDate(invoice.period_start),
      toDate(invoice.period_end),
      toDate(invoice.created),
    ],
  );
  return row.partner_id;
}
