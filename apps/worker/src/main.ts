import { disconnectDbs, getDb, pingDb, readDbEnv } from "@storeflow/db";
import { EnvError, readEnvs } from "@storeflow/env";
import { startStepFleet } from "@storeflow/queue";
import { createRunStore, type TActionRegistry } from "@storeflow/runs";
import { startHealthServer } from "./health-server";
import { assertNoEviction, connectRedis } from "./redis";
import { readWorkerEnv } from "./env";

function log(level: "info" | "error", msg: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ level, msg, ...extra }));
}

// Connectors arrive with their own issue; until then every action step fails
// clearly ("no connector provides …") instead of pretending to succeed.
const actions: TActionRegistry = { resolve: () => undefined };

async function main() {
  const env = readEnvs(() => readDbEnv(), () => readWorkerEnv());
  const redis = connectRedis(env.REDIS_URL);
  await assertNoEviction(redis);
  const db = getDb();
  await pingDb(db);
  const store = createRunStore({ url: env.APP_DATABASE_URL, max: Math.min(env.WORKER_CONCURRENCY + 4, 40) });

  const fleet = startStepFleet({
    store,
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    actions,
    concurrency: env.WORKER_CONCURRENCY,
    checkAfterMs: env.RUN_CHECK_AFTER_S * 1000,
    log,
  });
  await fleet.ready;

  const server = await startHealthServer({
    port: env.WORKER_PORT,
    checkReady: async () => {
      await Promise.all([pingDb(db), redis.ping()]);
    },
  });
  log("info", "worker ready", { port: env.WORKER_PORT, concurrency: env.WORKER_CONCURRENCY });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "worker stopping", { signal });
    // Stop fetching and wait for in-flight steps; past the grace period, exit and
    // let their locks expire so another worker re-runs them (idempotently).
    const forced = setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_S * 1000);
    await fleet.stop();
    clearTimeout(forced);
    server.close();
    await Promise.allSettled([store.close(), redis.quit(), disconnectDbs()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
