/**
 * Crash test: three worker processes execute 300 runs of a 5-step workflow while a
 * harness SIGKILLs one of them at random moments, at least 30 times. Every run
 * must finish, every step must be recorded as completed exactly once, and the
 * ledger (a far end deduplicating by idempotency key) must hold exactly one entry
 * per step under the key derived from (run, step, iteration).
 */
import { randomBytes } from "node:crypto";
import { useTestTenants } from "@storeflow/db/test";
import { describe, expect, it } from "vitest";
import { countTerminal, createLedger, ledgerOutcome, bundleLedgerWorker, spawnLedgerWorker, startLedgerRuns, waitUntil } from "../test/fleet";

const state = useTestTenants();
const RUNS = 300;
const STEPS = ["reserve", "charge", "notify", "ship", "close"];
const MIN_KILLS = 30;

describe("crash test", () => {
  it(`${RUNS} runs survive ${MIN_KILLS}+ SIGKILLs with every step completed once`, { timeout: 300_000 }, async () => {
    const { t, tenants } = state;
    await createLedger(t.adminDb);
    const bundle = await bundleLedgerWorker();
    const scopes = [
      { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id },
      { partnerId: tenants.partnerB.id, clientId: tenants.clientB1.id },
    ];
    const prefix = `sf-crash-${randomBytes(4).toString("hex")}`;
    const runIds = await startLedgerRuns({ appUrl: t.appUrl, redisUrl: process.env.REDIS_URL!, prefix, scopes, steps: STEPS, count: RUNS, keyPrefix: "crash" });

    const env = { ...process.env, APP_DATABASE_URL: t.appUrl, QUEUE_PREFIX: prefix };
    const workers = [spawnLedgerWorker(bundle, env), spawnLedgerWorker(bundle, env), spawnLedgerWorker(bundle, env)];
    let kills = 0;
    let killsMidLoad = 0;
    try {
      // Each kill hits a worker that is taking work, a random moment after it
      // became ready, while runs are still unfinished.
      while (kills < MIN_KILLS) {
        const victim = await Promise.race(workers.map((w, i) => w.ready.then(() => i)));
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
        if ((await countTerminal(t.adminDb, runIds)) < RUNS) killsMidLoad++;
        workers[victim]!.process.kill("SIGKILL");
        kills++;
        workers[victim] = spawnLedgerWorker(bundle, env);
      }
      await waitUntil(async () => (await countTerminal(t.adminDb, runIds)) === RUNS, { timeoutMs: 120_000 });
    } finally {
      for (const w of workers) w.process.kill("SIGTERM");
    }

    expect(killsMidLoad).toBeGreaterThanOrEqual(MIN_KILLS);
    const outcome = await ledgerOutcome(t.adminDb, runIds);
    expect(outcome.statuses).toEqual({ succeeded: RUNS });
    expect(outcome.stepsCompleted).toBe(RUNS * STEPS.length);
    expect(outcome.distinctStepsCompleted).toBe(RUNS * STEPS.length);
    const expectedKeys = runIds.flatMap((id) => STEPS.map((s) => `${id}:${s}:0`)).sort();
    expect(outcome.ledgerKeys.sort()).toEqual(expectedKeys);
    // Calls beyond one per step are re-executions the crashes caused, all deduplicated by key.
    const [redelivered] = await t.adminDb.$queryRaw<{ n: bigint }[]>`select count(*) as n from step_runs where deliveries > 1`;
    console.log(`crash test: ${kills} kills (${killsMidLoad} mid-load), ${outcome.calls - RUNS * STEPS.length} repeated side-effect calls deduplicated, ${Number(redelivered!.n)} attempts re-delivered`);
  });
});
