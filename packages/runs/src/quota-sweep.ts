import { recordAudit } from "@storeflow/audit";
import { type TDb, type TTx, withTenant } from "@storeflow/db";
import { quotaMonth } from "./quota-month";
import { type TRunStore } from "./run-store";

/** `clients.runs_pause_reason` of a pause the quota set, and the only pause the quota ever lifts. */
export const QUOTA_PAUSE_REASON = "quota";

/** What one sweep did to one client. */
export interface TQuotaChange {
  kind: "warned" | "paused" | "lifted";
  partnerId: string;
  clientId: string;
  month: string;
  /** Runs created this month, counted up to the quota. */
  runs: number;
  quota: number | null;
}

interface TQuotaRow {
  partner_id: string;
  client_id: string;
  month: string;
  quota: number | null;
  warn_percent: number;
  pause_reason: string | null;
  paused: boolean;
  warned: boolean;
  runs: number;
}

/** Options for {@link sweepRunQuotas}. */
export interface SweepRunQuotasOptions {
  /** Its pool (system scope) reads every client's quota and counts their runs. */
  store: TRunStore;
  /** storeflow_app client: each change is made and audited in its client's own scope. */
  db: TDb;
  /** @defaultValue the current time */
  now?: Date;
}

/**
 * One pass of the quota monitor over every client with a monthly run quota (or
 * a quota pause to lift): counts the runs created since the start of the month
 * in the client's time zone, then warns once a month at `quota_warn_percent`,
 * pauses the client's runs at the quota, and lifts that pause once the month
 * has rolled over or the quota was raised or cleared. A pause set for any other
 * reason is never lifted here, and a paused client is not paused again.
 *
 * Several worker processes may sweep at once: every change is a compare-and-set
 * on the state the sweep read (or an insert the (client, month, kind) key
 * dedupes), and its audit event commits with it, so each change is made and
 * recorded once. Runs are counted only up to the quota, so a client far past
 * it costs no more than one at it.
 */
export async function sweepRunQuotas({ store, db, now = new Date() }: SweepRunQuotasOptions): Promise<TQuotaChange[]> {
  const { rows: zones } = await store.pool.query<{ timezone: string }>({
    name: "quota.zones",
    text: `select distinct timezone from clients where monthly_run_quota is not null or runs_pause_reason = '${QUOTA_PAUSE_REASON}'`,
  });
  if (zones.length === 0) return [];
  const months = zones.map(({ timezone }) => ({ timezone, ...quotaMonth(timezone, now) }));
  const { rows } = await store.pool.query<TQuotaRow>({
    name: "quota.usage",
    text: `with months (timezone, month, starts_at) as (select * from unnest($1::text[], $2::text[], $3::timestamptz[]))
           select c.partner_id, c.id as client_id, m.month, c.monthly_run_quota as quota, c.quota_warn_percent as warn_percent,
             c.runs_pause_reason as pause_reason, c.runs_paused_at is not null as paused,
             exists (select 1 from client_quota_notices n
                     where n.partner_id = c.partner_id and n.client_id = c.id and n.month = m.month and n.kind = 'warn') as warned,
             case when c.monthly_run_quota is null then 0 else
               (select count(*)::int from (select 1 from workflow_runs r
                 where r.partner_id = c.partner_id and r.client_id = c.id and r.created_at >= m.starts_at
                 limit c.monthly_run_quota) counted) end as runs
           from clients c join months m on m.timezone = c.timezone
           where c.monthly_run_quota is not null or c.runs_pause_reason = '${QUOTA_PAUSE_REASON}'`,
    values: [months.map((m) => m.timezone), months.map((m) => m.month), months.map((m) => m.startsAt)],
  });
  const changes: TQuotaChange[] = [];
  for (const row of rows) {
    for (const kind of decide(row)) {
      const change: TQuotaChange = { kind, partnerId: row.partner_id, clientId: row.client_id, month: row.month, runs: row.runs, quota: row.quota };
      if (await withTenant(db, { partnerId: row.partner_id, clientId: row.client_id }, (tx) => APPLY[kind](tx, change))) changes.push(change);
    }
  }
  return changes;
}

function decide({ quota, warn_percent, runs, warned, paused, pause_reason }: TQuotaRow): TQuotaChange["kind"][] {
  const over = quota !== null && runs >= quota;
  const kinds: TQuotaChange["kind"][] = [];
  if (quota !== null && !warned && runs >= Math.ceil((quota * warn_percent) / 100)) kinds.push("warned");
  if (over && !paused) kinds.push("paused");
  if (!over && paused && pause_reason === QUOTA_PAUSE_REASON) kinds.push("lifted");
  return kinds;
}

/** Each makes its change if the client is still as the sweep read it, audits it, and says whether it did. */
const APPLY: Record<TQuotaChange["kind"], (tx: TTx, change: TQuotaChange) => Promise<boolean>> = {
  async warned(tx, change) {
    if (!(await recordNotice(tx, change, "warn"))) return false;
    await audit(tx, change, "client.quota_warned");
    return true;
  },
  async paused(tx, change) {
    const { count } = await tx.client.updateMany({
      where: { id: change.clientId, partnerId: change.partnerId, runsPausedAt: null, monthlyRunQuota: change.quota },
      data: { runsPausedAt: new Date(), runsPauseReason: QUOTA_PAUSE_REASON },
    });
    if (count === 0) return false;
    await recordNotice(tx, change, "pause");
    await audit(tx, change, "client.runs_paused");
    return true;
  },
  async lifted(tx, change) {
    const { count } = await tx.client.updateMany({
      where: { id: change.clientId, partnerId: change.partnerId, runsPauseReason: QUOTA_PAUSE_REASON, monthlyRunQuota: change.quota },
      data: { runsPausedAt: null, runsPauseReason: null },
    });
    if (count === 0) return false;
    await audit(tx, change, "client.runs_resumed");
    return true;
  },
};

/** At most one notice of a kind per client and month: a second pause in the same month (after a raised quota) is not announced again. */
async function recordNotice(tx: TTx, { partnerId, clientId, month, runs, quota }: TQuotaChange, kind: "warn" | "pause"): Promise<boolean> {
  // decide() warns and pauses only clients with a quota.
  const { count } = await tx.clientQuotaNotice.createMany({ data: [{ partnerId, clientId, month, kind, runs, quota: quota! }], skipDuplicates: true });
  return count > 0;
}

/** No user acts: a null actor is the system. */
async function audit(tx: TTx, { partnerId, clientId, month, runs, quota }: TQuotaChange, action: string) {
  await recordAudit({ tx, scope: { partnerId, clientId }, action, target: { type: "client", id: clientId }, data: { reason: QUOTA_PAUSE_REASON, month, runs, quota } });
}
