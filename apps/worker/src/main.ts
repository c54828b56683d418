import { disconnectDbs, getDb, pingDb, readDbEnv } from "@storeflow/db";
import { EnvError, readEnvs } from "@storeflow/env";
import { startHealthServer } from "./health-server";
import { assertNoEviction, connectRedis } from "./redis";
import { readWorkerEnv } from "./env";

function log(level: "info" | "error", msg: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ level, msg, ...extra }));
}

async function main() {
  const env = readEnvs(() => readDbEnv(), () => readWorkerEnv());
  const redis = connectRedis(env.REDIS_URL);
  await assertNoEviction(redis);
  const db = getDb();
  await pingDb(db);

  const server = await startHealthServer({
    port: env.WORKER_PORT,
    checkReady: async () => {
      await Promise.all([pingDb(db), redis.ping()]);
    },
  });
  log("info", "worker ready", { port: env.WORKER_PORT });

  const stop = (signal: string) => {
    log("info", "worker stopping", { signal });
    server.close();
    void Promise.allSettled([redis.quit(), disconnectDbs()]).then(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
