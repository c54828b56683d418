/**
 * Round trips per run of the engine benchmark's workflow: starts BENCH_RUNS
 * (default 500) runs of the 3-step no-op workflow through the product path,
 * with one step fleet in this process, and counts every PostgreSQL statement
 * and Redis command sent, by name. Wall-clock figures on a shared machine are
 * noisy; these counts are not.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createTestDatabase } from "@storeflow/db/test/database";
import { seedTenants } from "@storeflow/db/test/tenants";
import { createRunStore, prepareDefinition, startRun } from "@storeflow/runs";
import { Redis } from "ioredis";
import pg from "pg";
import { createQueuePublisher, startStepFleet } from "../src/step-fleet";
import { seedHistory } from "./history";
import { benchWorkflow } from "./workflow";

const RUNS = Number(process.env.BENCH_RUNS ?? 500);
// BENCH_PER_S: start runs one at a time at this pace, as (c) does, instead of 32 at once; fewer share each round trip.
const PER_S = Number(process.env.BENCH_PER_S ?? 0);
const HISTORY_RUNS_PER_CLIENT = Number(process.env.BENCH_HISTORY ?? 10_000);
// The client's limits, as a partner would set them for a big client (the engine benchmark's flood uses 16 and 12,000): what they cost a run.
const LIMIT = Number(process.env.BENCH_LIMIT ?? 10_000);
const RUNS_PER_MINUTE = Number(process.env.BENCH_RUNS_PER_MINUTE ?? 0);
const sql = new Map<string, number>();
const redis = new Map<string, number>();
const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config] = args;
  const name = typeof config === "string" ? config.slice(0, 40) : ((config as { name?: string; text?: string }).name ?? (config as { text?: string }).text?.slice(0, 40) ?? "?");
  bump(sql, name);
  return clientQuery.apply(this, args);
} as typeof pg.Client.prototype.query;

// A script is named by the key names it touches (after the client's hash tag), BullMQ's by its own name.
const scripts = new Map<string, string>();
const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, command, ...rest) {
  const { name, args } = command as unknown as { name: string; args: unknown[] };
  if (name === "evalsha" || name === "eval") {
    const keys = args.slice(2, 2 + Number(args[1])).map((key) => String(key).replace(/^.*\}/, "").replace(/^.*:/, ""));
    bump(redis, `${name} ${scripts.get(String(args[0])) ?? keys.join(",")}`);
  } else bump(redis, name);
  return sendCommand.call(this, command, ...rest);
};
const defineCommand = Redis.prototype.defineCommand;
Redis.prototype.defineCommand = function (this: Redis, name, definition) {
  scripts.set(createHash("sha1").update(definition.lua).digest("hex"), name);
  return defineCommand.call(this, name, definition);
};

/** CPU seconds the database's backends have used so far, read from /proc (PostgreSQL on this machine). */
async function backendCpuSeconds(admin: pg.Client, database: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1", [database]);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / 100;
}

const print = (title: string, counts: Map<string, number>) => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`${title}: ${(total / RUNS).toFixed(2)} per run`);
  for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${(count / RUNS).toFixed(2)}  ${name}`);
};

async function main() {
  const database = await createTestDatabase();
  const tenants = await seedTenants(database.adminDb);
  await database.adminDb.client.updateMany({ data: { maxConcurrentSteps: LIMIT, runsPerMinute: RUNS_PER_MINUTE || null } });
  const store = createRunStore({ url: database.appUrl, max: 8 });
  const scope = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id };
  const prepared = await prepareDefinition(store, scope.partnerId, benchWorkflow, ["bench"]);
  const prefix = `sf-rt-${Date.now()}`;
  const fleet = startStepFleet({
    store,
    redisUrl: process.env.REDIS_URL!,
    prefix,
    concurrency: 32,
    actions: { resolve: (connection, operation) => (connection === "bench" && operation === "noop" ? async () => null : undefined) },
  });
  const publishing = createQueuePublisher({ redisUrl: process.env.REDIS_URL!, prefix });
  await fleet.ready;
  // Warm-up outside the counts: prepared statements, scripts loaded, limits read.
  await Promise.all(Array.from({ length: 20 }, (_, i) => startRun({ store, publisher: publishing.publisher, scope, prepared, input: { i }, idempotencyKey: `warm-${i}` })));
  const open = async () => (await database.adminDb.$queryRaw<{ n: number }[]>`select count(*)::int as n from workflow_runs where status = 'running'`)[0]!.n;
  while ((await open()) > 0) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1000));
  const [warm] = await database.adminDb.$queryRaw<{ id: string }[]>`select id::text from workflow_runs where idempotency_key = 'warm-0'`;
  await seedHistory(database.adminUrl, warm!.id, HISTORY_RUNS_PER_CLIENT);
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  const databaseName = new URL(database.appUrl).pathname.slice(1);
  const pgBefore = await backendCpuSeconds(admin, databaseName);
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  sql.clear();
  redis.clear();
  const start = (i: number) => startRun({ store, publisher: publishing.publisher, scope, prepared, input: { i }, idempotencyKey: `rt-${i}` });
  if (PER_S > 0) {
    const starts: Promise<unknown>[] = [];
    for (let i = 0; i < RUNS; i++) {
      const wait = began + (i * 1000) / PER_S - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      starts.push(start(i));
    }
    await Promise.all(starts);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < RUNS) await start(next++);
      }),
    );
  }
  while ((await open()) > 0) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgSeconds = (await backendCpuSeconds(admin, databaseName)) - pgBefore;
  await admin.end();
  await new Promise((r) => setTimeout(r, 200));
  const failed = await database.adminDb.$queryRaw<{ status: string; error: unknown }[]>`select status::text, error from workflow_runs where status <> 'succeeded' and idempotency_key like 'rt-%'`;
  console.log(`${RUNS} runs in ${seconds.toFixed(2)} s (${Math.round(RUNS / seconds)} runs/s), ${failed.length} not succeeded`, ...failed.slice(0, 3));
  console.log(`CPU per run: this process ${((cpu.user + cpu.system) / 1000 / RUNS).toFixed(3)} ms, PostgreSQL backends ${((pgSeconds * 1000) / RUNS).toFixed(3)} ms`);
  print("PostgreSQL statements", sql);
  print("Redis commands", redis);
  await fleet.stop();
  await publishing.close();
  await store.close();
  await database.drop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
