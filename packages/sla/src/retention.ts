import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { withTenant } from "@storeflow/db";
import type pg from "pg";
import { z } from "zod";

/** Raw run data is kept this many days for partners that set nothing. */
export const DEFAULT_RAW_RETENTION_DAYS = 30;
/** Minute rollups serve the last day's charts and the success-rate checks; hours and days are kept. */
export const MINUTE_ROLLUP_RETENTION_MS = 3 * 86_400_000;

export const ZSetRunRetentionInput = z.object({ rawDays: z.number().int().min(1).max(3650) });

/** The partner's raw-data retention, in days. */
export async function getRunRetention(actor: TActor): Promise<{ rawDays: number }> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const row = await tx.runRetention.findUnique({ where: { partnerId: actor.scope.partnerId }, select: { rawDays: true } });
    return { rawDays: row?.rawDays ?? DEFAULT_RAW_RETENTION_DAYS };
  });
}

/** Sets how long the partner's raw run data is kept (audited); the next sweep applies it. */
export async function setRunRetention(actor: TActor, input: z.infer<typeof ZSetRunRetentionInput>): Promise<{ rawDays: number }> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const before = await tx.runRetention.findUnique({ where: { partnerId: actor.scope.partnerId }, select: { rawDays: true } });
    await tx.runRetention.upsert({
      where: { partnerId: actor.scope.partnerId },
      create: { partnerId: actor.scope.partnerId, rawDays: input.rawDays },
      update: { rawDays: input.rawDays, updatedAt: new Date() },
    });
    await recordAudit({ tx, scope: actor.scope, action: "sla.retention_updated", target: { type: "partner", id: actor.scope.partnerId },
      data: { before: before?.rawDays ?? DEFAULT_RAW_RETENTION_DAYS, after: input.rawDays } });
    return { rawDays: input.rawDays };
  });
}

/**
 * Applies retention. workflow_runs and step_runs refuse DELETE to the
 * application role by design (REVOKE DELETE: runs are the durable record and
 * the audit of what ran), so raw data is pruned instead: the step inputs and
 * outputs of finished runs older than the partner's retention are cleared,
 * and the run rows stay for their status and timings. Per partner, a
 * `pruned_until` mark keeps each sweep to runs not pruned before; batches of
 * `batchSize` runs. Minute rollups older than three days are deleted; hour
 * and day rollups are kept.
 */
export async function sweepRetention(pool: pg.Pool, now: Date, batchSize = 500): Promise<{ prunedRuns: number; minuteRollups: number }> {
  const { rows: partners } = await pool.query<{ partner_id: string; raw_days: number; pruned_until: Date | null }>(
    `select c.partner_id::text, coalesce(rr.raw_days, $1) as raw_days, rr.pruned_until
     from (select distinct partner_id from clients) c left join run_retention rr on rr.partner_id = c.partner_id`,
    [DEFAULT_RAW_RETENTION_DAYS],
  );
  let prunedRuns = 0;
  for (const partner of partners) {
    const cutoff = new Date(now.getTime() - partner.raw_days * 86_400_000);
    if (partner.pruned_until && partner.pruned_until >= cutoff) continue;
    const { rows } = await pool.query<{ pruned: string; last: Date | null }>(
      `with batch as (
         select id, created_at from workflow_runs
         where partner_id = $1 and finished_at is not null and created_at < $2 and created_at >= coalesce($3::timestamptz, '-infinity')
         order by created_at limit $4
       ), cleared as (
         update step_runs s set input = null, output = null from batch
         where s.run_id = batch.id and (s.input is not null or s.output is not null)
         returning 1
       )
       select (select count(*) from batch)::text as pruned, (select max(created_at) from batch) as last`,
      [partner.partner_id, cutoff, partner.pruned_until, batchSize],
    );
    const pruned = Number(rows[0]!.pruned);
    prunedRuns += pruned;
    // A full batch may have left runs of its last millisecond: the next sweep starts at it again (clearing is idempotent).
    const until = pruned === batchSize ? rows[0]!.last! : cutoff;
    await pool.query(
      `insert into run_retention (partner_id, raw_days, pruned_until) values ($1, $2, $3)
       on conflict (partner_id) do update set pruned_until = excluded.pruned_until`,
      [partner.partner_id, partner.raw_days, until],
    );
  }
  const minute = await pool.query("delete from sla_rollups where grain = 'minute' and bucket_start < $1", [new Date(now.getTime() - MINUTE_ROLLUP_RETENTION_MS)]);
  return { prunedRuns, minuteRollups: minute.rowCount ?? 0 };
}
