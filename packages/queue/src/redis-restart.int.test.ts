/**
 * Redis restart test: a Redis of the test's own (keeping nothing on disk, like a
 * cache node replaced under load) is killed and started empty while two workers
 * run 200 runs. Every job in Redis is lost; the reconciler must notice from
 * PostgreSQL and bring every run to completion with each step applied once.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { useTestTenants } from "@storeflow/db/test";
import { describe, expect, it } from "vitest";
import { countTerminal, createLedger, ledgerOutcome, bundleLedgerWorker, spawnLedgerWorker, startLedgerRuns, waitUntil } from "../test/fleet";

const state = useTestTenants();
const RUNS = 200;
const STEPS = ["pick", "pack", "ship"];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function startRedis(port: number): ChildProcess {
  if (spawnSync("redis-server", ["--version"]).status !== 0) throw new Error("redis-server must be on PATH for the Redis restart test (./scripts/test.sh installs it)");
  return spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
}

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      resolve(data.toString().startsWith("+PONG"));
      socket.destroy();
    });
    socket.on("error", () => resolve(false));
  });
}

describe("Redis restart", () => {
  it(`the reconciler completes all ${RUNS} runs after Redis restarts empty mid-load`, { timeout: 180_000 }, async () => {
    const { t, tenants } = state;
    await createLedger(t.adminDb);
    const bundle = await bundleLedgerWorker();
    const port = await freePort();
    let redis = startRedis(port);
    const workers: ReturnType<typeof spawnLedgerWorker>[] = [];
    try {
      expect(await waitUntil(() => redisAnswers(port), { timeoutMs: 10_000, everyMs: 50 })).toBe(true);
      const env = { ...process.env, APP_DATABASE_URL: t.appUrl, REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: `sf-restart-${randomBytes(4).toString("hex")}` };
      const scopes = [{ partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id }];
      const runIds = await startLedgerRuns({ appUrl: t.appUrl, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, scopes, steps: STEPS, count: RUNS, keyPrefix: "restart" });
      workers.push(spawnLedgerWorker(bundle, env), spawnLedgerWorker(bundle, env));

      // Mid-load: some runs finished, most not.
      expect(await waitUntil(async () => (await countTerminal(t.adminDb, runIds)) >= 10, { timeoutMs: 60_000 })).toBe(true);
      const finishedBefore = await countTerminal(t.adminDb, runIds);
      redis.kill("SIGKILL");
      await new Promise((r) => redis.once("exit", r));
      await new Promise((r) => setTimeout(r, 1000));
      redis = startRedis(port);

      expect(await waitUntil(async () => (await countTerminal(t.adminDb, runIds)) === RUNS, { timeoutMs: 120_000 })).toBe(true);
      expect(finishedBefore).toBeLessThan(RUNS);
      const outcome = await ledgerOutcome(t.adminDb, runIds);
      expect(outcome.statuses).toEqual({ succeeded: RUNS });
      expect(outcome.distinctStepsCompleted).toBe(RUNS * STEPS.length);
      expect(outcome.stepsCompleted).toBe(RUNS * STEPS.length);
      expect(outcome.ledgerKeys.sort()).toEqual(runIds.flatMap((id) => STEPS.map((s) => `${id}:${s}:0`)).sort());
      const [reconciled] = await t.adminDb.$queryRaw<{ n: bigint }[]>`select count(*) as n from workflow_runs where generation > 0`;
      // The repair came from the reconciler: runs were re-published under a new generation.
      expect(Number(reconciled!.n)).toBeGreaterThan(0);
      console.log(`Redis restart: ${finishedBefore} runs had finished before the restart, ${Number(reconciled!.n)} re-published by the reconciler`);
    } finally {
      for (const w of workers) w.process.kill("SIGTERM");
      redis.kill("SIGKILL");
    }
  });
});
