import { type TDb } from "@storeflow/db";
import { type TQueryable } from "@storeflow/runs";
import type Stripe from "stripe";
import { previousPeriod } from "./billing-period";
import { issueClientInvoice } from "./issue-client-invoice";

/** What one pass did for one client. */
export type TInvoicePassResult =
  | { clientId: string; partnerId: string; period: string; outcome: "issued"; invoiceId: string; subtotal: number }
  | { clientId: string; partnerId: string; period: string; outcome: "failed"; error: string };

/** Options for {@link issueDueClientInvoices}. */
export interface IssueDueClientInvoicesOptions {
  db: TDb;
  /** storeflow_app pool in the system scope: finds priced clients across partners. */
  system: TQueryable;
  stripe: Stripe;
  applicationFeeBps: number;
  daysUntilDue?: number;
  /** The controlled clock: the pass bills the month before the one `now` falls in, per client time zone. @defaultValue the current time */
  now?: Date;
  /** Clients looked at per pass. @defaultValue 200 */
  limit?: number;
}

/**
 * The monthly issuing pass: for every priced, active client whose partner can
 * take payments, issues the invoice for the month that has just ended in the
 * client's time zone, unless it was issued already (or is half issued: then it
 * is finished with the same idempotency keys). A month that ended before the
 * client was priced is not billed. A failure for one client (Stripe down, a
 * restricted account) is reported and retried at the next pass; the others go on.
 */
export async function issueDueClientInvoices({ db, system, stripe, applicationFeeBps, daysUntilDue, now = new Date(), limit = 200 }: IssueDueClientInvoicesOptions): Promise<TInvoicePassResult[]> {
  const { rows } = await system.query<{ client_id: string; partner_id: string; timezone: string; priced_at: Date }>(
    `select c.id as client_id, c.partner_id, c.timezone, p.created_at as priced_at
     from client_price_books p
     join clients c on c.id = p.client_id and c.partner_id = p.partner_id and c.status = 'active'
     join partner_connect_accounts a on a.partner_id = c.partner_id and a.charges_enabled
     order by c.id`,
  );
  const due = rows
    .map((row) => ({ ...row, period: previousPeriod(row.timezone, now) }))
    .filter(({ period, priced_at }) => priced_at < period.end);
  if (due.length === 0) return [];
  const { rows: done } = await system.query<{ client_id: string; period: string }>(
    "select client_id, period from client_invoices where status <> 'issuing' and client_id = any($1::uuid[]) and period = any($2::text[])",
    [due.map((d) => d.client_id), [...new Set(due.map((d) => d.period.period))]],
  );
  const issued = new Set(done.map((d) => `${d.client_id}/${d.period}`));
  const results: TInvoicePassResult[] = [];
  for (const { client_id: clientId, partner_id: partnerId, period } of due.filter((d) => !issued.has(`${d.client_id}/${d.period.period}`)).slice(0, limit)) {
    try {
      const invoice = await issueClientInvoice({ db, stripe, scope: { partnerId, clientId }, period: period.period, applicationFeeBps, ...(daysUntilDue ? { daysUntilDue } : {}), now });
      results.push({ clientId, partnerId, period: period.period, outcome: "issued", invoiceId: invoice.id, subtotal: invoice.subtotal });
    } catch (error) {
      results.push({ clientId, partnerId, period: period.period, outcome: "failed", error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}
