/**
 * A worker process for the fleet tests: the production step fleet (worker,
 * publisher, reconciler), with one test connector, `ledger.apply`, standing in
 * for a far end that honours idempotency keys (as Stripe and Shopify do).
 */
import { createRunStore, type TActionRegistry } from "@storeflow/runs";
import { startStepFleet } from "../src/step-fleet";

const store = createRunStore({ url: process.env.APP_DATABASE_URL!, max: 6 });

const actions: TActionRegistry = {
  resolve: (connectionName, operation) =>
    connectionName === "ledger" && operation === "apply"
      ? async ({ idempotencyKey, input }) => {
          // A far end that takes a while, so SIGKILLs land mid-step.
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
          await store.pool.query("insert into test_ledger_calls (key) values ($1)", [idempotencyKey]);
          await store.pool.query("insert into test_ledger (key, step) values ($1, $2) on conflict (key) do nothing", [idempotencyKey, String(input.step)]);
          return { applied: idempotencyKey };
        }
      : undefined,
};

const fleet = startStepFleet({
  store,
  redisUrl: process.env.REDIS_URL!,
  prefix: process.env.QUEUE_PREFIX!,
  actions,
  concurrency: 8,
  lockDurationMs: 2000,
  reconcileEveryMs: 500,
  checkAfterMs: 1500,
});

// The harness kills only workers that are taking work.
fleet.ready.then(() => process.stdout.write("ready\n"));

process.on("SIGTERM", async () => {
  // A test that kills Redis as it stops the workers would leave them waiting on it for ever.
  setTimeout(() => process.exit(1), 5000).unref();
  await fleet.stop();
  await store.close();
  process.exit(0);
});
