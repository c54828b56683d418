/**
 * A worker process for the shutdown test: the production step fleet with one
 * action, `hold.long`, that outlasts any grace period, so SIGTERM finds it in
 * flight. SHUTDOWN_GRACE_MS is how long the stop waits before handing back.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createRunStore } from "@storeflow/runs";
import { startStepFleet } from "../src/step-fleet";

const store = createRunStore({ url: process.env.APP_DATABASE_URL!, max: 4 });

const fleet = startStepFleet({
  store,
  redisUrl: process.env.REDIS_URL!,
  prefix: process.env.QUEUE_PREFIX!,
  concurrency: 8,
  lockDurationMs: Number(process.env.LOCK_DURATION_MS),
  actions: {
    resolve: (connection, operation) =>
      connection === "hold" && operation === "long"
        ? async ({ run }) => {
            process.stdout.write(`started ${run.id}\n`);
            await sleep(120_000);
            return null;
          }
        : undefined,
  },
});

fleet.ready.then(() => process.stdout.write("ready\n"));

process.on("SIGTERM", async () => {
  setTimeout(() => process.exit(1), 10_000).unref();
  const handedBack = await fleet.stop({ graceMs: Number(process.env.SHUTDOWN_GRACE_MS) });
  process.stdout.write(`handed back ${handedBack}\n`);
  process.exit(0);
});
