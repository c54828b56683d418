import type pg from "pg";
import type Stripe from "stripe";
import { RUNS_METER_EVENT } from "./plans";

/**
 * Runs that count as usage: every run that finished executing in the period,
 * whatever its outcome. A failed run used the platform as much as a successful
 * one (and `resolved` is a failed run an operator closed); a cancelled run was
 * stopped by a person, usually before doing its work, so it is not billed.
 * A run retried after finishing counts in the period it last finished in.
 */
export const BILLED_RUN_STATUSES = ["succeeded", "failed", "resolved"] as const;

/**
 * After a period ends Stripe drafts its invoice and leaves it open for usage
 * for about an hour; runs that finished just before the end are reported
 * into the old period until then.
 */
const PERIOD_GRACE_MS = 60 * 60 * 1000;

interface TPendingReport {
  id: string;
  partner_id: string;
  identifier: string;
  quantity: number;
  stripe_customer_id: string;
  event_timestamp: Date;
}

/** Options for {@link reportUsage}. */
export interface ReportUsageOptions {
  /** storeflow_app pool in the system scope (the worker's run-store pool). */
  pool: pg.Pool;
  stripe: Stripe;
  /** @defaultValue new Date() */
  now?: Date;
  /** Partners per pass. @defaultValue 100 */
  batch?: number;
}

export interface TUsageReportResult {
  /** Meter events sent this pass (retries of earlier intents included). */
  sent: number;
  /** Reports that were pending from an earlier pass and were sent again. */
  retried: number;
  failed: number;
}

/**
 * The request for one report. Everything in it was fixed when the report row
 * was written, and both the meter event `identifier` (Stripe's own duplicate
 * check for meter events) and the Idempotency-Key are that row's identifier,
 * so however often it is sent, Stripe counts it once.
 */
async function send(stripe: Stripe, report: TPendingReport) {
  await stripe.billing.meterEvents.create(
    {
      event_name: RUNS_METER_EVENT,
      identifier: report.identifier,
      timestamp: Math.floor(report.event_timestamp.getTime() / 1000),
      payload: { stripe_customer_id: report.stripe_customer_id, value: String(report.quantity) },
    },
    { idempotencyKey: report.identifier },
  );
}

async function markSent(pool: pg.Pool, id: string) {
  await pool.query("update usage_reports set status = 'sent', sent_at = now() where id = $1 and status = 'pending'", [id]);
}

/**
 * Writes the intent to report the runs finished in [start, end) that no
 * report of the period holds yet, or nothing when there are none. The row is
 * committed before Stripe is called; two passes racing write the same
 * (partner, period, sequence) and the second insert does nothing.
 */
async function writeIntent(pool: pg.Pool, partnerId: string, customerId: string, period: { start: Date; end: Date }, now: Date): Promise<TPendingReport | null> {
  const countTo = new Date(Math.min(now.getTime(), period.end.getTime()));
  const { rows } = await pool.query<TPendingReport>(
    `with counted as (
       select count(*)::int as runs from workflow_runs
       where partner_id = $1 and finished_at >= $2 and finished_at < $3 and status::text = any($4)
     ), reported as (
       select coalesce(sum(quantity), 0)::int as runs, coalesce(max(sequence), 0) as sequence
       from usage_reports where partner_id = $1 and period_start = $2
     )
     insert into usage_reports (id, partner_id, period_start, period_end, sequence, quantity, runs_counted, stripe_customer_id, identifier, event_timestamp)
     select gen_random_uuid(), $1, $2, $5, reported.sequence + 1, counted.runs - reported.runs, counted.runs, $6,
            'sf-usage-' || $1 || '-' || extract(epoch from $2::timestamptz)::bigint || '-' || (reported.sequence + 1), $7
     from counted, reported where counted.runs > reported.runs
     on conflict do nothing
     returning id, partner_id, identifier, quantity, stripe_customer_id, event_timestamp`,
    [partnerId, period.start, countTo, BILLED_RUN_STATUSES, period.end, customerId, new Date(Math.min(now.getTime(), period.end.getTime() - 1000))],
  );
  return rows[0] ?? null;
}

/**
 * One pass of the usage reporter: first resends reports a crashed pass left
 * pending (same identifier, key and quantity), then, per subscribed partner,
 * reports the finished runs of its current period (and of the period just
 * ended, during Stripe's grace hour) not yet reported. Safe to run from every
 * worker at once.
 */
export async function reportUsage({ pool, stripe, now = new Date(), batch = 100 }: ReportUsageOptions): Promise<TUsageReportResult> {
  const result: TUsageReportResult = { sent: 0, retried: 0, failed: 0 };
  const attempt = async (report: TPendingReport) => {
    try {
      await send(stripe, report);
      await markSent(pool, report.id);
      result.sent++;
      return true;
    } catch {
      result.failed++;
      return false;
    }
  };

  const pending = await pool.query<TPendingReport>(
    "select id, partner_id, identifier, quantity, stripe_customer_id, event_timestamp from usage_reports where status = 'pending' order by created_at limit $1",
    [batch],
  );
  for (const report of pending.rows) if (await attempt(report)) result.retried++;

  const partners = await pool.query<{ partner_id: string; stripe_customer_id: string; current_period_start: Date; current_period_end: Date; previous_start: Date | null; previous_end: Date | null }>(
    `select b.partner_id, b.stripe_customer_id, b.current_period_start, b.current_period_end, prev.period_start as previous_start, prev.period_end as previous_end
     from partner_billing b
     left join lateral (
       select period_start, period_end from usage_reports r
       where r.partner_id = b.partner_id and r.period_start < b.current_period_start order by period_start desc limit 1
     ) prev on true
     where b.subscription_status in ('active', 'trialing', 'past_due') and b.current_period_start is not null and b.current_period_start <= $1
     order by b.partner_id limit $2`,
    [now, batch],
  );
  for (const partner of partners.rows) {
    const periods = [{ start: partner.current_period_start, end: partner.current_period_end }];
    if (partner.previous_start && partner.previous_end && now.getTime() < partner.previous_end.getTime() + PERIOD_GRACE_MS) periods.unshift({ start: partner.previous_start, end: partner.previous_end });
    for (const period of periods) {
      const intent = await writeIntent(pool, partner.partner_id, partner.stripe_customer_id, period, now);
      if (intent) await attempt(intent);
    }
  }
  return result;
}
