/**
 * pnpm bench:dashboards — seeds BENCH_DASHBOARD_RUNS (default 5,000,000) finished runs across
 * 200 clients (two installations each) of one partner over the last 30 days into the bench
 * database, with the hour and day rollups (per installation and per client), the run_duration
 * breaches and the counted failures they imply, all in SQL (generate_series). About one run in
 * a hundred failed and was retried by an operator to success: it is in the rollups once, as it
 * ended, and has no counted failure left (what the rollup pass leaves behind). Then times each dashboard query through the same domain functions the
 * API calls, as the application role under row-level security. Prints p50/p95 per query;
 * the last line is one JSON object of query name to p95 in ms. Target: p95 < 150 ms.
 */
import { createDb, withTenant } from "@storeflow/db";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { exportClientCsv, exportPartnerCsv } from "../src/csv";
import { getClientDashboard, listSlaBreaches } from "../src/dashboard";
import { DURATION_EDGES_MS } from "../src/histogram";
import { getPartnerOverview } from "../src/partner-dashboard";
import { getMonthlyReport } from "../src/report";

const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 5_000_000);
const CLIENTS = 200;
const ITERATIONS = Number(process.env.BENCH_DASHBOARD_ITERATIONS ?? 40);
const CHUNK = 500_000;
const TARGET_MS = 300_000;

const ownerUrl = process.env.DATABASE_URL;
const appUrl = process.env.APP_DATABASE_URL;
if (!ownerUrl || !appUrl) throw new Error("DATABASE_URL and APP_DATABASE_URL must point at the bench database (run scripts/bench.sh dashboards)");

const log = (message: string) => console.log(`[bench:dashboards] ${message}`);
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
};

async function seed(owner: pg.Client): Promise<{ partnerId: string; clientIds: string[] }> {
  const partnerId = randomUUID();
  await owner.query("set synchronous_commit = off");
  await owner.query(`insert into partners (id, slug, name, product_name, support_email, updated_at) values ($1, $2, 'Bench Partner', 'Bench Cloud', 'help@bench.test', now())`, [partnerId, `bench-${partnerId.slice(0, 8)}`]);
  await owner.query(
    `insert into clients (id, partner_id, slug, name, updated_at) select gen_random_uuid(), $1, 'client-' || g, 'Client ' || lpad(g::text, 3, '0'), now() from generate_series(1, $2) g`,
    [partnerId, CLIENTS],
  );
  await owner.query(`insert into workflow_definitions (partner_id, hash, key, version, definition) values ($1, 'bench', 'bench', '1.0.0', '{}')`, [partnerId]);
  // Two installations per client, numbered 0..399 so runs can pick one by g % 400.
  await owner.query(
    `create temp table bench_installations as
     select gen_random_uuid() as id, c.id as client_id, (array['inventory-sync', 'order-routing'])[k] as template_key, row_number() over (order by c.id, k) - 1 as n
     from clients c cross join generate_series(1, 2) k where c.partner_id = $1`,
    [partnerId],
  );
  await owner.query(
    `insert into installations (id, partner_id, client_id, template_key, template_version, definition_hash, params, bindings, updated_at)
     select id, $1, client_id, template_key, '1.0.0', 'bench', '{}', '{}', now() from bench_installations`,
    [partnerId],
  );
  await owner.query(
    `insert into sla_targets (installation_id, partner_id, client_id, template_key, template_version, run_duration_ms, success_rate, window_ms, max_backlog_age_ms)
     select id, $1, client_id, template_key, '1.0.0', $2, 0.95, 86400000, 300000 from bench_installations`,
    [partnerId, TARGET_MS],
  );
  const installations = (await owner.query<{ n: string }>("select count(*)::text as n from bench_installations")).rows[0]!.n;
  for (let from = 1; from <= RUNS; from += CHUNK) {
    const to = Math.min(RUNS, from + CHUNK - 1);
    await timed(`runs ${from}..${to}`, () =>
      owner.query(
        // Durations log-uniform from 1 ms to 10 min (about 5% past the 5-minute target); 95% succeed, 3% fail (left on their
        // step for an operator), 2% are cancelled. One in a hundred failed first and an operator retried it to success
        // (a second round, its duration including the wait for the operator).
        `insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, definition_hash, input, status, idempotency_key, installation_id,
           created_at, updated_at, finished_at, sla_deadline, current_step, step_attempt, retry_round)
         select gen_random_uuid(), $1, i.client_id, 'bench', '1.0.0', 'bench', '{}', r.status::"RunStatus", 'bench-' || g, i.id,
           r.created_at, r.created_at + r.duration, r.created_at + r.duration, r.created_at + make_interval(secs => $4::float8 / 1000),
           case when r.status = 'failed' then 'work' end, 1 + r.retried, r.retried
         from generate_series($2::int, $3::int) g
         join bench_installations i on i.n = g % ${installations}
         cross join lateral (select now() - random() * interval '30 days' as created_at, (random() < 0.01)::int as retried,
                                    exp(random() * ln(600000.0)) as ms,
                                    case when random() < 0.95 then 'succeeded' when random() < 0.6 then 'failed' else 'cancelled' end as status
                             where g > 0) d
         cross join lateral (select d.created_at, d.retried, case when d.retried = 1 then 'succeeded' else d.status end as status,
                                    make_interval(secs => (d.ms + d.retried * 1800000 * random()) / 1000) as duration) r`,
        [partnerId, from, to, TARGET_MS],
      ),
    );
  }
  const edges = `'{${DURATION_EDGES_MS.join(",")}}'::float8[]`;
  for (const grain of ["hour", "day"]) {
    await timed(`${grain} rollups`, () =>
      owner.query(
        `with runs as (
           select installation_id, client_id, date_trunc('${grain}', finished_at, 'UTC') as bucket, status, finished_at > sla_deadline as late,
             extract(epoch from finished_at - created_at) * 1000 as ms
           from workflow_runs where partner_id = $1
         ), bins as (
           select installation_id, client_id, bucket, width_bucket(ms, ${edges}) as bin, count(*) as n from runs group by 1, 2, 3, 4
         ), hist as (
           select installation_id, bucket, jsonb_object_agg(bin, n) as sparse from bins group by 1, 2
         ), counts as (
           select installation_id, client_id, bucket, count(*)::int as runs, count(*) filter (where status = 'succeeded')::int as succeeded,
             count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'cancelled')::int as cancelled,
             count(*) filter (where status = 'succeeded' and not late)::int as attained, count(*) filter (where late)::int as breaches, sum(ms) as sum_ms
           from runs group by 1, 2, 3
         )
         insert into sla_rollups (partner_id, client_id, installation_id, grain, bucket_start, runs, succeeded, failed, cancelled, attained, breaches, duration_sum_ms, duration_histogram)
         select $1, c.client_id, c.installation_id, '${grain}', c.bucket, c.runs, c.succeeded, c.failed, c.cancelled, c.attained, c.breaches, c.sum_ms,
           array(select coalesce((h.sparse ->> i::text)::int, 0) from generate_series(0, ${DURATION_EDGES_MS.length}) i)
         from counts c join hist h using (installation_id, bucket)`,
        [partnerId],
      ),
    );
  }
  // The client level, written in time order as the rollup pass writes it.
  await timed("client rollups", () =>
    owner.query(
      `insert into sla_client_rollups (partner_id, client_id, grain, bucket_start, runs, succeeded, failed, cancelled, attained, breaches)
       select partner_id, client_id, grain::text, bucket_start, sum(runs), sum(succeeded), sum(failed), sum(cancelled), sum(attained), sum(breaches)
       from sla_rollups where partner_id = $1 group by partner_id, client_id, grain, bucket_start order by bucket_start, grain, client_id`,
      [partnerId],
    ),
  );
  await timed("counted failures", () =>
    owner.query(
      `insert into sla_counted_failures (run_id, partner_id, client_id, installation_id, finished_at, duration_ms)
       select id, partner_id, client_id, installation_id, finished_at, extract(epoch from finished_at - created_at) * 1000
       from workflow_runs where partner_id = $1 and status = 'failed'`,
      [partnerId],
    ),
  );
  await timed("breaches", () =>
    owner.query(
      `insert into sla_breaches (id, partner_id, client_id, installation_id, kind, run_id, dedupe_key, deadline, detected_at, details)
       select gen_random_uuid(), partner_id, client_id, installation_id, 'run_duration', id, id::text, sla_deadline, finished_at, '{}'
       from workflow_runs where partner_id = $1 and finished_at > sla_deadline`,
      [partnerId],
    ),
  );
  // A running database's autovacuum would have set the visibility map by now, so index-only scans skip the heap.
  await timed("vacuum analyze", () => owner.query("vacuum analyze"));
  const clientIds = (await owner.query<{ id: string }>("select id::text from clients where partner_id = $1 order by name", [partnerId])).rows.map((r) => r.id);
  return { partnerId, clientIds };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function main() {
  log(`seeding ${RUNS.toLocaleString("en")} runs across ${CLIENTS} clients and 30 days`);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const { partnerId, clientIds } = await timed("seed", () => seed(owner));
  await owner.end();

  const db = createDb({ url: appUrl!, max: 4 });
  const userId = randomUUID();
  const partnerActor = { db, scope: { partnerId, userId }, role: "partner_owner" as const };
  const clientActor = (clientId: string) => ({ db, scope: { partnerId, clientId, userId }, role: "client_admin" as const });
  const pick = (i: number) => clientIds[(i * 37) % clientIds.length]!;
  const month = new Date().toISOString().slice(0, 7);
  const queries: Record<string, (i: number) => Promise<unknown>> = {
    "client.dashboard.24h": (i) => getClientDashboard({ actor: clientActor(pick(i)) }, { clientId: pick(i), range: "24h" }),
    "client.dashboard.7d": (i) => getClientDashboard({ actor: clientActor(pick(i)) }, { clientId: pick(i), range: "7d" }),
    "client.dashboard.30d": (i) => getClientDashboard({ actor: clientActor(pick(i)) }, { clientId: pick(i), range: "30d" }),
    "client.breaches.7d": (i) => listSlaBreaches({ actor: clientActor(pick(i)) }, { clientId: pick(i), range: "7d", limit: 100 }),
    "client.monthlyReport": (i) => getMonthlyReport({ actor: clientActor(pick(i)) }, { clientId: pick(i), month }),
    "client.csv.series.30d": (i) => exportClientCsv({ actor: clientActor(pick(i)) }, { clientId: pick(i), table: "series", range: "30d" }),
    "partner.overview.24h": () => getPartnerOverview({ actor: partnerActor }, { range: "24h" }),
    "partner.overview.7d": () => getPartnerOverview({ actor: partnerActor }, { range: "7d" }),
    "partner.overview.30d": () => getPartnerOverview({ actor: partnerActor }, { range: "30d" }),
    "partner.csv.heatmap.30d": () => exportPartnerCsv({ actor: partnerActor }, { table: "heatmap", range: "30d" }),
  };
  // Connections and plans warm up once; the figures are for a running portal.
  await withTenant(db, partnerActor.scope, (tx) => tx.$queryRaw`select 1`);
  const p95s: Record<string, number> = {};
  for (const [name, query] of Object.entries(queries)) {
    await query(0);
    const samples: number[] = [];
    for (let i = 1; i <= ITERATIONS; i++) {
      const start = performance.now();
      await query(i);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const [p50, p95] = [percentile(samples, 0.5), percentile(samples, 0.95)];
    p95s[name] = Math.round(p95 * 10) / 10;
    console.log(`${name.padEnd(26)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   (${ITERATIONS} runs)`);
  }
  await db.$disconnect();
  console.log(JSON.stringify(p95s));
}

await main();
