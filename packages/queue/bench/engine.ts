/**
 * pnpm bench:engine — throughput and latency of the run engine on the real
 * PostgreSQL and Redis, with two worker processes:
 *  (a) raw BullMQ no-op jobs/s, the ceiling on this machine;
 *  (b) runs/s and steps/s for RUNS runs of a 3-step no-op workflow through the
 *      product path (stored definitions, step records, idempotency, fair
 *      publishing), by a client whose concurrency limit is not what binds;
 *  (c) trigger-to-first-step latency (step_runs.started_at - workflow_runs.created_at,
 *      both by the database clock) at a paced 500 runs/s;
 *  (d) worker RSS, the highest seen across the runs;
 *  fairness: client B's paced first-step p99 while client A's flood of RUNS
 *      runs, all accepted, is worked off under the limits a partner would give
 *      a big client (BENCH_FLOOD_LIMIT concurrent steps,
 *      BENCH_FLOOD_RUNS_PER_MINUTE starts, 0 for no rate), over B's p99 at the
 *      same pace with nothing else running; and the same ratio for a window
 *      while A's starts are still arriving, sent as fast as 64 callers can
 *      (paced once they are held back; see start-pacing.ts).
 * For (c) and the loaded fairness windows it also prints where the CPU went,
 * by process role, PostgreSQL and Redis included: a latency taken on a
 * saturated machine is the scheduler's as much as the engine's.
 * Runs start from a definition prepared once, as an installation's are, in a
 * database that first gets BENCH_HISTORY (default 10,000) finished runs per
 * client and is analysed (see history.ts), as a working one would be.
 * Its last line is one JSON object with the figures.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import { createTestDatabase } from "@storeflow/db/test/database";
import { seedTenants } from "@storeflow/db/test/tenants";
import { createRunStore, prepareDefinition, startRun, type TPreparedDefinition, type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { Queue } from "bullmq";
import { createLiveFeedPublisher } from "../src/live-feed";
import { createQueuePublisher } from "../src/step-fleet";
import { bundleTestWorker } from "../test/fleet";
import { startCpuMeter } from "./cpu-meter";
import { seedHistory } from "./history";
import { benchWorkflow } from "./workflow";
import { WorkerGroup } from "./worker-group";

const RUNS = Number(process.env.BENCH_RUNS ?? 20_000);
const RAW_JOBS = Number(process.env.BENCH_RAW_JOBS ?? 50_000);
const PACED_PER_S = 500;
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 6);
const FAIRNESS_PER_S = 50;
// Long enough for a p99 that is not just the third-worst of a few hundred starts.
const FAIRNESS_SECONDS = Number(process.env.BENCH_FAIRNESS_SECONDS ?? 12);
const FLOOD_LIMIT = Number(process.env.BENCH_FLOOD_LIMIT ?? 16);
const FLOOD_RUNS_PER_MINUTE = Number(process.env.BENCH_FLOOD_RUNS_PER_MINUTE ?? 12_000);
const WORKERS = 2;
const HISTORY_RUNS_PER_CLIENT = Number(process.env.BENCH_HISTORY ?? 10_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rawBullmq(bundle: string, env: NodeJS.ProcessEnv): Promise<number> {
  const queueName = "raw-bench";
  const queue = new Queue(queueName, { connection: { url: env.REDIS_URL! }, prefix: env.QUEUE_PREFIX });
  for (let i = 0; i < RAW_JOBS; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, RAW_JOBS - i) }, (_, j) => ({ name: "noop", data: { i: i + j }, opts: { removeOnComplete: true } })));
  }
  const workers = new WorkerGroup();
  await workers.start(bundle, { ...env, BENCH_MODE: "raw", BENCH_QUEUE: queueName, BENCH_CONCURRENCY: "50" }, WORKERS);
  const ready = performance.now();
  while ((await queue.getJobCountByTypes("wait", "active", "prioritized")) > 0) await sleep(20);
  const seconds = (performance.now() - ready) / 1000;
  await workers.stop();
  await queue.obliterate({ force: true });
  await queue.close();
  return RAW_JOBS / seconds;
}

/** A client and the definition its runs start from, prepared once as an installation would be. */
interface TScope {
  partnerId: string;
  clientId: string;
  prepared: TPreparedDefinition;
}

/** Starts runs with at most `inFlight` starts outstanding; returns their ids. */
async function flood(store: TRunStore, publisher: TStepPublisher, scope: TScope, count: number, tag: string, inFlight = 32): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        ids[i] = (await startRun({ store, publisher, scope, prepared: scope.prepared, input: { i }, idempotencyKey: `${tag}-${i}` })).runId;
      }
    }),
  );
  return ids;
}

/** Starts the flood process (see flood-process.ts) and waits until it is connected: `go()` sets it flooding, `done` settles at its end. */
async function floodFromAnotherProcess(bundle: string, env: NodeJS.ProcessEnv): Promise<{ pid: number; go(): void; done: Promise<void> }> {
  const child = spawn(process.execPath, [bundle], { env, stdio: ["pipe", "pipe", "inherit"] });
  const done = new Promise<void>((resolve, reject) => child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`flood process exited with ${code}`)))));
  await Promise.race([once(createInterface({ input: child.stdout! }), "line"), done]);
  return { pid: child.pid!, go: () => child.stdin!.end("go\n"), done };
}

/** Starts `perSecond` runs a second for `seconds`, each at its own time slot; sooner, once `until` (if given) says so. */
async function paced(store: TRunStore, publisher: TStepPublisher, scope: TScope, perSecond: number, seconds: number, tag: string, until?: () => boolean): Promise<string[]> {
  const count = perSecond * seconds;
  const t0 = performance.now();
  const starts: Promise<string>[] = [];
  for (let i = 0; i < count && !until?.(); i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    starts.push(startRun({ store, publisher, scope, prepared: scope.prepared, input: { i }, idempotencyKey: `${tag}-${i}` }).then((r) => (publishedAt.set(r.runId, Date.now()), r.runId)));
  }
  return Promise.all(starts);
}

/** When each paced run's first job was in the queue, by this process's clock (the database's, on this one machine). */
const publishedAt = new Map<string, number>();

/**
 * Splits trigger-to-first-step at the publish: the part before is the starting
 * process (its insert's commit coming back, its publish), the part after is
 * the queue and the fleet.
 */
async function latencySplit(store: TRunStore, runIds: string[]): Promise<string> {
  const { rows } = await store.pool.query<{ id: string; created: number; started: number }>(
    `select r.id, extract(epoch from r.created_at) * 1000 as created, extract(epoch from s.started_at) * 1000 as started
     from workflow_runs r join step_runs s on s.run_id = r.id and s.step_key = 'one' and s.attempt = 1 where r.id = any($1::uuid[])`,
    [runIds],
  );
  const p99 = (values: number[]) => round(values.sort((a, b) => a - b)[Math.floor(0.99 * (values.length - 1))] ?? 0);
  const toPublished = rows.map((row) => publishedAt.get(row.id)! - Number(row.created));
  const toStarted = rows.map((row) => Number(row.started) - publishedAt.get(row.id)!);
  return `start to published p99 ${p99(toPublished)} ms, published to first step p99 ${p99(toStarted)} ms`;
}

/** Waits until none of the client's runs is running; a cheap count, so polling does not load the database it measures. */
async function waitFinished(store: TRunStore, scope: TScope) {
  for (;;) {
    const { rows } = await store.pool.query<{ open: number }>("select count(*)::int as open from workflow_runs where client_id = $1 and status = 'running'", [scope.clientId]);
    if (rows[0]!.open === 0) return;
    await sleep(100);
  }
}

async function firstStepLatency(store: TRunStore, runIds: string[]) {
  const { rows } = await store.pool.query<{ p50: number; p99: number }>(
    `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99
     from (select extract(epoch from (s.started_at - r.created_at)) * 1000 as ms
           from workflow_runs r join step_runs s on s.run_id = r.id and s.step_key = 'one' and s.attempt = 1
           where r.id = any($1::uuid[])) latencies`,
    [runIds],
  );
  return { p50: Number(rows[0]!.p50), p99: Number(rows[0]!.p99) };
}

/** The slowest first step of each second of a window, in order: where in it a p99 came from. */
async function slowestBySecond(store: TRunStore, runIds: string[]): Promise<string> {
  const { rows } = await store.pool.query<{ ms: number }>(
    `with latencies as (
       select r.created_at, extract(epoch from (s.started_at - r.created_at)) * 1000 as ms
       from workflow_runs r join step_runs s on s.run_id = r.id and s.step_key = 'one' and s.attempt = 1
       where r.id = any($1::uuid[])
     )
     select floor(extract(epoch from created_at - (select min(created_at) from latencies))) as second, max(ms) as ms
     from latencies group by 1 order by 1`,
    [runIds],
  );
  return rows.map((row) => Math.round(Number(row.ms))).join(", ");
}

async function span(store: TRunStore, runIds: string[]) {
  const { rows } = await store.pool.query<{ seconds: number; failed: number }>(
    `select extract(epoch from (max(finished_at) - min(created_at)))::float8 as seconds, count(*) filter (where status <> 'succeeded')::int as failed
     from workflow_runs where id = any($1::uuid[])`,
    [runIds],
  );
  return rows[0]!;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main() {
  const database = await createTestDatabase();
  const tenants = await seedTenants(database.adminDb);
  const prefix = `sf-bench-${randomBytes(4).toString("hex")}`;
  const publishing = createQueuePublisher({ redisUrl: process.env.REDIS_URL!, prefix });
  const { publisher } = publishing;
  // Starts announce their runs to live views as the worker's ingress does.
  const store = createRunStore({ url: database.appUrl, max: 16, announce: createLiveFeedPublisher(publishing.redis, prefix).runsChanged });
  const bulk = { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id, prepared: await prepareDefinition(store, tenants.partnerA.id, benchWorkflow, ["bench"]) };
  const clientA = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, prepared: await prepareDefinition(store, tenants.partnerA.id, benchWorkflow, ["bench"]) };
  // The flooding client runs under the limits a partner would give a big client:
  // a concurrency limit (a step job carries its run through all three steps, so
  // a slot holds a whole run) and a rate of run starts, which is what bounds the
  // work of no-op steps; the throughput client's limit never binds.
  await database.adminDb.client.updateMany({ data: { maxConcurrentSteps: 10_000 } });
  await database.adminDb.client.update({ where: { id: clientA.clientId }, data: { maxConcurrentSteps: FLOOD_LIMIT, runsPerMinute: FLOOD_RUNS_PER_MINUTE || null } });
  const clientB = { partnerId: tenants.partnerB.id, clientId: tenants.clientB1.id, prepared: await prepareDefinition(store, tenants.partnerB.id, benchWorkflow, ["bench"]) };
  const env = { ...process.env, APP_DATABASE_URL: database.appUrl, QUEUE_PREFIX: prefix };
  const bundle = await bundleTestWorker("../bench/bench-worker.ts");
  const floodBundle = await bundleTestWorker("../bench/flood-process.ts");
  try {
    const cores = availableParallelism();
    console.log(`machine: ${cores} cores; ${WORKERS} worker processes`);
    const rawJobsPerS = await rawBullmq(bundle, env);
    console.log(`(a) raw BullMQ no-op: ${Math.round(rawJobsPerS)} jobs/s (${RAW_JOBS} jobs)`);

    const workers = new WorkerGroup();
    await workers.start(bundle, { ...env, BENCH_MODE: "engine" }, WORKERS);
    // Warm-up: definitions cached, prepared statements planned, connections open.
    const [warmRunId] = await flood(store, publisher, clientB, 500, "warm");
    await waitFinished(store, clientB);
    await seedHistory(database.adminUrl, warmRunId!, HISTORY_RUNS_PER_CLIENT);

    const throughputIds = await flood(store, publisher, bulk, RUNS, "throughput", 64);
    await waitFinished(store, bulk);
    const throughput = await span(store, throughputIds);
    const runsPerS = RUNS / throughput.seconds;
    console.log(`(b) ${RUNS} runs x 3 steps: ${Math.round(runsPerS)} runs/s, ${Math.round(runsPerS * 3)} steps/s (${round(throughput.seconds, 2)} s, ${throughput.failed} not succeeded); ratio to raw BullMQ ${round(runsPerS / rawJobsPerS, 3)}`);

    // Where the CPU goes while latency is measured: on a saturated machine each hop between processes waits for a core.
    const roles = { workers: () => workers.pids(), "bench (starts B's runs)": () => [process.pid] };
    const pacedCpu = startCpuMeter(roles);
    const pacedIds = await paced(store, publisher, clientB, PACED_PER_S, PACED_SECONDS, "paced");
    const pacedCpuShares = pacedCpu.read();
    await waitFinished(store, clientB);
    const pacedLatency = await firstStepLatency(store, pacedIds);
    console.log(`(c) trigger to first step at ${PACED_PER_S} runs/s: p50 ${round(pacedLatency.p50, 2)} ms, p99 ${round(pacedLatency.p99, 2)} ms; ${await latencySplit(store, pacedIds)}`);
    console.log(`  CPU meanwhile (100% is one core of ${cores}): ${pacedCpuShares}`);

    // The unloaded value: nothing else running, autovacuum included, which the runs so far would otherwise set off now.
    await database.adminDb.$executeRawUnsafe("vacuum (analyze) workflow_runs, step_runs");
    const aloneIds = await paced(store, publisher, clientB, FAIRNESS_PER_S, FAIRNESS_SECONDS, "alone");
    await waitFinished(store, clientB);
    const alone = await firstStepLatency(store, aloneIds);
    const openOfA = async () =>
      (await store.pool.query<{ open: number }>("select count(*)::int as open from workflow_runs where client_id = $1 and status = 'running'", [clientA.clientId])).rows[0]!.open;
    // Client B's window while A's burst of starts is still arriving: accepting them (inserts, publishes, paced once held back) takes the machine too.
    const flooding = await floodFromAnotherProcess(floodBundle, { ...env, FLOOD_PARTNER: clientA.partnerId, FLOOD_CLIENT: clientA.clientId, FLOOD_COUNT: String(RUNS) });
    const floodStart = performance.now();
    flooding.go();
    let acceptedAt: number | undefined;
    const accepted = flooding.done.then(() => (acceptedAt = performance.now()));
    await sleep(500);
    const arrivingCpu = startCpuMeter({ ...roles, "flood process (starts A's runs)": () => [flooding.pid] });
    // Until the last of A's starts is in: after that, B's runs are beside A's backlog.
    const arrivingIds = await paced(store, publisher, clientB, FAIRNESS_PER_S, FAIRNESS_SECONDS, "arriving", () => acceptedAt !== undefined);
    const arrivingCpuShares = arrivingCpu.read();
    await waitFinished(store, clientB);
    const arriving = await firstStepLatency(store, arrivingIds);
    const acceptSeconds = ((await accepted) - floodStart) / 1000;
    // Client B's window while A's flood, all accepted, is worked off under A's limits.
    const openBefore = await openOfA();
    const backlogCpu = startCpuMeter(roles);
    const windowStart = performance.now();
    const backlogIds = await paced(store, publisher, clientB, FAIRNESS_PER_S, FAIRNESS_SECONDS, "backlog");
    const backlogCpuShares = backlogCpu.read();
    await waitFinished(store, clientB);
    const aPerS = (openBefore - (await openOfA())) / ((performance.now() - windowStart) / 1000);
    const backlog = await firstStepLatency(store, backlogIds);
    console.log(`  client B alone: ${await latencySplit(store, aloneIds)}; while A's starts arrive: ${await latencySplit(store, arrivingIds)}; beside A's backlog: ${await latencySplit(store, backlogIds)}`);
    const backlogRatio = backlog.p99 / alone.p99;
    const arrivingRatio = arriving.p99 / alone.p99;
    console.log(
      `fairness: client B at ${FAIRNESS_PER_S} runs/s, first-step p99 ${round(alone.p99, 2)} ms alone; client A floods ${RUNS} runs under its limits ` +
        `(${FLOOD_LIMIT} steps at once, ${FLOOD_RUNS_PER_MINUTE || "no limit on"} runs a minute), all accepted in about ${round(acceptSeconds)} s, ` +
        `then worked off at ${Math.round(aPerS)} runs/s (${openBefore} open when B's window began)`,
    );
    console.log(`  while A's starts arrive: B's p99 ${round(arriving.p99, 2)} ms over ${arrivingIds.length} runs, ratio ${round(arrivingRatio, 2)}; CPU (100% is one core of ${cores}): ${arrivingCpuShares}`);
    console.log(`  B's slowest first step, each second: alone ${await slowestBySecond(store, aloneIds)} ms; while A's starts arrive ${await slowestBySecond(store, arrivingIds)} ms; beside A's backlog ${await slowestBySecond(store, backlogIds)} ms`);
    console.log(`  beside A's backlog: B's p99 ${round(backlog.p99, 2)} ms, ratio ${round(backlogRatio, 2)}; CPU: ${backlogCpuShares}`);

    await workers.stop();
    console.log(`(d) worker RSS peak: ${round(workers.peakRssMb)} MB`);
    console.log(
      JSON.stringify({
        raw_bullmq_jobs_per_s: Math.round(rawJobsPerS),
        runs_per_s: Math.round(runsPerS),
        steps_per_s: Math.round(runsPerS * 3),
        first_step_p50_ms: round(pacedLatency.p50, 2),
        first_step_p99_ms: round(pacedLatency.p99, 2),
        worker_rss_mb: round(workers.peakRssMb),
        // The must-show's figure is the worse of B's two windows beside A's flood.
        fairness_p99_ratio: round(Math.max(backlogRatio, arrivingRatio), 2),
        fairness_while_arriving_p99_ratio: round(arrivingRatio, 2),
        fairness_beside_backlog_p99_ratio: round(backlogRatio, 2),
      }),
    );
  } finally {
    // A's backlog is left unfinished: its jobs go with the queue.
    await publishing.queue.obliterate({ force: true });
    await publishing.close();
    await store.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
