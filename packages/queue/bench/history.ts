import pg from "pg";

/**
 * Gives a benchmark's fresh database the history a working one has: `runsPerClient`
 * finished 3-step runs for every client, copied from one finished run (the
 * warm-up's), then analysed as autovacuum would have long since done. Without
 * it the tables start empty and unanalysed, the planner takes workflow_runs for
 * a few pages and caches plans that scan it whole, and those scans grow with
 * every run the benchmark adds until autovacuum's next pass (at most a minute
 * away, at a moment no run controls) flips them to index look-ups.
 */
export async function seedHistory(adminUrl: string, templateRunId: string, runsPerClient: number): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `with src as (select * from workflow_runs where id = $1 and status = 'succeeded'),
       runs as (
         insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, input, status, current_step, idempotency_key,
           created_at, updated_at, finished_at, definition_hash, due_at, trigger)
         select gen_random_uuid(), c.partner_id, c.id, s.workflow_key, s.workflow_version, s.input, s.status, null, 'history-' || g,
           now() - make_interval(secs => g), now() - make_interval(secs => g), now() - make_interval(secs => g), s.definition_hash, now(), s.trigger
         from src s, clients c, generate_series(1, $2::int) g
         returning id, partner_id, client_id, finished_at
       )
       insert into step_runs (id, partner_id, client_id, run_id, step_key, attempt, status, output, started_at, finished_at)
       select gen_random_uuid(), r.partner_id, r.client_id, r.id, k, 1, 'succeeded', 'null'::jsonb, r.finished_at, r.finished_at
       from runs r, unnest(array['one', 'two', 'three']) k`,
      [templateRunId, runsPerClient],
    );
    const { rowCount } = await admin.query("select 1 from workflow_runs where idempotency_key = 'history-1'");
    if (!rowCount) throw new Error(`history not seeded: run ${templateRunId} is not a finished run`);
    await admin.query("analyze workflow_runs, step_runs");
  } finally {
    await admin.end();
  }
}
