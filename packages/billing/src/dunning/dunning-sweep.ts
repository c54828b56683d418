import { DunningStatus, type TDb, withTenant } from "@storeflow/db";
import { type TQueryable } from "@storeflow/runs";
import { applyBillingPause, BILLING_PAUSE_REASON } from "./billing-pauses";
import { dunningCaseSelect, pauseCase } from "./dunning-cases";

/** What one sweep changed. */
export interface TDunningChange {
  kind: "paused" | "enforced";
  caseId: string;
  partnerId: string;
  /** Null: the partner's own case (all its clients). */
  clientId: string | null;
  pausedClientIds: string[];
}

/** Options for {@link sweepDunning}. */
export interface SweepDunningOptions {
  db: TDb;
  /** A storeflow_app pool in the system scope: finds due cases across partners. */
  system: TQueryable;
  /** @defaultValue the current time */
  now?: Date;
}

/**
 * One pass of the dunning monitor: a past-due case whose grace period has
 * ended pauses its payer's runs; a paused case re-applies its pause to any
 * covered client that is running (a client created since, or one a person
 * unpaused by hand after a manual pause). Every change is a compare-and-set in
 * the partner's scope with its audit event, so concurrent sweeps make it once.
 */
export async function sweepDunning({ db, system, now = new Date() }: SweepDunningOptions): Promise<TDunningChange[]> {
  const changes: TDunningChange[] = [];
  const { rows: due } = await system.query<{ id: string; partner_id: string }>(
    "select id, partner_id from dunning_cases where status = 'past_due' and grace_ends_at <= $1 order by grace_ends_at limit 500",
    [now],
  );
  for (const { id, partner_id: partnerId } of due) {
    const change = await withTenant(db, { partnerId }, async (tx) => {
      const open = await tx.dunningCase.findFirst({ where: { id, status: DunningStatus.past_due }, select: dunningCaseSelect });
      if (!open) return null;
      const paused = await pauseCase(tx, partnerId, open, now);
      if (paused.status !== DunningStatus.paused) return null;
      const pausedClientIds = await tx.client.findMany({ where: { partnerId, ...(open.clientId ? { id: open.clientId } : {}), runsPauseReason: BILLING_PAUSE_REASON }, select: { id: true } });
      return { kind: "paused" as const, caseId: id, partnerId, clientId: open.clientId, pausedClientIds: pausedClientIds.map((c) => c.id) };
    });
    if (change) changes.push(change);
  }
  const { rows: leaking } = await system.query<{ id: string; partner_id: string; client_id: string | null }>(
    `select d.id, d.partner_id, d.client_id from dunning_cases d
     where d.status = 'paused' and exists (
       select 1 from clients c where c.partner_id = d.partner_id and (d.client_id is null or c.id = d.client_id)
         and c.status = 'active' and (c.runs_paused_at is null or c.runs_pause_reason = 'quota'))
     limit 500`,
  );
  for (const { id, partner_id: partnerId, client_id: clientId } of leaking) {
    const pausedClientIds = await withTenant(db, { partnerId }, async (tx) => {
      if (!(await tx.dunningCase.findFirst({ where: { id, status: DunningStatus.paused }, select: { id: true } }))) return [];
      return applyBillingPause(tx, { partnerId, clientId, caseId: id });
    });
    if (pausedClientIds.length > 0) changes.push({ kind: "enforced", caseId: id, partnerId, clientId, pausedClientIds });
  }
  return changes;
}
