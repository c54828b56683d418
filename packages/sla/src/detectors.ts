import type pg from "pg";
import { recordBreaches, type TBreachInput } from "./breaches";

/** Unfinished runs past their deadline: one run_duration breach each, found while they still run. */
export async function detectOverdueRuns(pool: pg.Pool, now: Date, limit = 1000): Promise<number> {
  // Running runs are few; the scan goes through the live-runs index (status = 'running').
  const { rows } = await pool.query<{ id: string; partner_id: string; client_id: string; installation_id: string; created_at: Date; sla_deadline: Date }>(
    `select r.id::text, r.partner_id::text, r.client_id::text, r.installation_id::text, r.created_at, r.sla_deadline
     from workflow_runs r
     where r.status = 'running' and r.installation_id is not null and r.sla_deadline < $1
       and not exists (select 1 from sla_breaches b where b.installation_id = r.installation_id and b.kind = 'run_duration' and b.dedupe_key = r.id::text)
     order by r.sla_deadline limit $2`,
    [now, limit],
  );
  const breaches = rows.map<TBreachInput>((run) => ({
    partnerId: run.partner_id,
    clientId: run.client_id,
    installationId: run.installation_id,
    kind: "run_duration",
    runId: run.id,
    dedupeKey: run.id,
    deadline: run.sla_deadline,
    detectedAt: now,
    details: { status: "running", elapsedMs: now.getTime() - run.created_at.getTime(), targetMs: run.sla_deadline.getTime() - run.created_at.getTime() },
  }));
  return (await recordBreaches(pool, breaches)).length;
}

/**
 * Samples each installation's backlog (running runs none of whose steps has
 * settled yet: work still waiting to start) into its rollups as a gauge (the
 * bucket keeps the highest count and oldest age seen), and records a
 * backlog_age breach for each waiting run older than the target.
 */
export async function sampleBacklog(pool: pg.Pool, now: Date): Promise<{ breaches: number; installations: number }> {
  const { rows } = await pool.query<{ id: string; partner_id: string; client_id: string; installation_id: string; created_at: Date; max_backlog_age_ms: string }>(
    `select r.id::text, r.partner_id::text, r.client_id::text, r.installation_id::text, r.created_at, t.max_backlog_age_ms::text
     from workflow_runs r join sla_targets t on t.installation_id = r.installation_id
     where r.status = 'running' and r.created_at <= $1 and not exists (select 1 from step_runs s where s.run_id = r.id)`,
    [now],
  );
  const perInstallation = new Map<string, { partnerId: string; clientId: string; count: number; oldestMs: number }>();
  const breaches: TBreachInput[] = [];
  for (const run of rows) {
    const ageMs = now.getTime() - run.created_at.getTime();
    const seen = perInstallation.get(run.installation_id) ?? { partnerId: run.partner_id, clientId: run.client_id, count: 0, oldestMs: 0 };
    seen.count++;
    seen.oldestMs = Math.max(seen.oldestMs, ageMs);
    perInstallation.set(run.installation_id, seen);
    const targetMs = Number(run.max_backlog_age_ms);
    if (ageMs > targetMs) {
      breaches.push({ partnerId: run.partner_id, clientId: run.client_id, installationId: run.installation_id, kind: "backlog_age", runId: run.id, dedupeKey: run.id,
        deadline: new Date(run.created_at.getTime() + targetMs), detectedAt: now, details: { waitedMs: ageMs, targetMs } });
    }
  }
  if (perInstallation.size > 0) {
    const entries = [...perInstallation.entries()];
    await pool.query(
      `insert into sla_rollups (partner_id, client_id, installation_id, grain, bucket_start, backlog, backlog_age_ms)
       select u.p, u.c, u.i, g.grain::"SlaGrain", date_trunc(g.grain, $1::timestamptz, 'UTC'), u.n, u.age
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::bigint[]) as u(p, c, i, n, age) cross join (values ('minute'), ('hour'), ('day')) as g(grain)
       on conflict (installation_id, grain, bucket_start) do update set backlog = greatest(sla_rollups.backlog, excluded.backlog),
         backlog_age_ms = greatest(sla_rollups.backlog_age_ms, excluded.backlog_age_ms), updated_at = now()`,
      [now, entries.map(([, v]) => v.partnerId), entries.map(([, v]) => v.clientId), entries.map(([id]) => id), entries.map(([, v]) => v.count), entries.map(([, v]) => v.oldestMs)],
    );
  }
  return { breaches: (await recordBreaches(pool, breaches)).length, installations: perInstallation.size };
}

/** Windows at most this far back are recorded after an outage; older missed windows are summed into the first recorded one's details. */
const MAX_MISSED_WINDOWS = 48;

/**
 * Missed cadence: an enabled installation with a cadence whose last success
 * (or, before any, its installation) is more than a cadence ago. This notices a
 * schedule that silently stopped (no run at all), not only failing runs. One
 * breach per missed window: window n ends at anchor + n x cadence. Only windows
 * that ended by `checkedUntil` (the rollup watermark) are judged, so a success
 * the rollups have not read yet cannot look like a miss.
 */
export async function detectMissedCadence(pool: pg.Pool, now: Date, checkedUntil: Date): Promise<number> {
  const until = Math.min(now.getTime(), checkedUntil.getTime());
  const { rows } = await pool.query<{ installation_id: string; partner_id: string; client_id: string; cadence_ms: string; anchor: Date; last_succeeded_at: Date | null }>(
    `select t.installation_id::text, t.partner_id::text, t.client_id::text, t.cadence_ms::text, coalesce(t.last_succeeded_at, i.created_at) as anchor, t.last_succeeded_at
     from sla_targets t join installations i on i.id = t.installation_id
     where t.cadence_ms is not null and i.enabled and i.uninstalled_at is null
       and coalesce(t.last_succeeded_at, i.created_at) + make_interval(secs => t.cadence_ms::float8 / 1000) <= $1`,
    [new Date(until)],
  );
  const breaches: TBreachInput[] = [];
  for (const row of rows) {
    const cadenceMs = Number(row.cadence_ms);
    const missed = Math.floor((until - row.anchor.getTime()) / cadenceMs);
    const first = Math.max(1, missed - MAX_MISSED_WINDOWS + 1);
    for (let n = first; n <= missed; n++) {
      const deadline = new Date(row.anchor.getTime() + n * cadenceMs);
      breaches.push({ partnerId: row.partner_id, clientId: row.client_id, installationId: row.installation_id, kind: "cadence", runId: null,
        dedupeKey: deadline.toISOString(), deadline, detectedAt: now,
        details: { cadenceMs, lastSucceededAt: row.last_succeeded_at?.toISOString() ?? null, missedWindows: n, ...(n === first && first > 1 ? { earlierMissedWindows: first - 1 } : {}) } });
    }
  }
  return (await recordBreaches(pool, breaches)).length;
}

/**
 * Success rate below target over the installation's window, read from rollups
 * (minute buckets for windows up to a day, hours up to a week, days beyond).
 * Judged only with at least `minRuns` finished runs (cancelled ones excluded);
 * one breach per window, windows tumbling from the epoch.
 */
export async function detectSuccessRateDrops(pool: pg.Pool, now: Date, minRuns: number): Promise<number> {
  const { rows } = await pool.query<{ installation_id: string; partner_id: string; client_id: string; success_rate: number; window_ms: string; succeeded: string; failed: string }>(
    `select t.installation_id::text, t.partner_id::text, t.client_id::text, t.success_rate, t.window_ms::text, sum(r.succeeded)::text as succeeded, sum(r.failed)::text as failed
     from sla_targets t
     join sla_rollups r on r.installation_id = t.installation_id
       and r.grain = (case when t.window_ms <= 86400000 then 'minute' when t.window_ms <= 604800000 then 'hour' else 'day' end)::"SlaGrain"
       and r.bucket_start > $1::timestamptz - make_interval(secs => t.window_ms::float8 / 1000) and r.bucket_start <= $1
     group by t.installation_id, t.partner_id, t.client_id, t.success_rate, t.window_ms
     having sum(r.succeeded + r.failed) >= $2 and sum(r.succeeded)::float8 / sum(r.succeeded + r.failed) < t.success_rate`,
    [now, minRuns],
  );
  const breaches = rows.map<TBreachInput>((row) => {
    const windowMs = Number(row.window_ms);
    const succeeded = Number(row.succeeded);
    const finished = succeeded + Number(row.failed);
    const deadline = new Date((Math.floor(now.getTime() / windowMs) + 1) * windowMs);
    return { partnerId: row.partner_id, clientId: row.client_id, installationId: row.installation_id, kind: "success_rate", runId: null,
      dedupeKey: deadline.toISOString(), deadline, detectedAt: now,
      details: { successRate: succeeded / finished, target: row.success_rate, runs: finished, succeeded, windowMs } };
  });
  return (await recordBreaches(pool, breaches)).length;
}
