import { join } from "node:path";
import type pg from "pg";
import { spawnChild, stopChild } from "./children";

/** Options for {@link startBaseline}. */
export interface StartBaselineOptions {
  /** Owner login on the bench database: makes the scratch table the server writes to. */
  adminPool: pg.Pool;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  port: number;
  poolMax: number;
}

/** Starts bench/baseline-server.ts on 127.0.0.1 and resolves once it listens. */
export async function startBaseline({ adminPool, databaseUrl, redisUrl, queuePrefix, port, poolMax }: StartBaselineOptions) {
  await adminPool.query("create table bench_baseline_events (delivery_id text primary key, payload jsonb not null, received_at timestamptz not null default now())");
  const child = spawnChild(process.execPath, ["--import", "tsx", join(import.meta.dirname, "baseline-server.ts")], {
    cwd: join(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      BASELINE_DATABASE_URL: databaseUrl,
      BASELINE_POOL_MAX: String(poolMax),
      BASELINE_PORT: String(port),
      BASELINE_QUEUE: "baseline-ingest",
      BASELINE_QUEUE_PREFIX: queuePrefix,
      REDIS_URL: redisUrl,
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the baseline server exited with ${code} before listening`)));
  });
  return { url: `http://127.0.0.1:${port}/ingest`, pid: child.pid!, stop: () => stopChild(child) };
}
