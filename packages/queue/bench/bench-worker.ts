/**
 * A benchmark worker process. BENCH_MODE=raw: a bare BullMQ worker with a no-op
 * processor, the ceiling the product path is compared with. BENCH_MODE=engine:
 * the production step fleet with one no-op action, `bench.noop`.
 */
import { createRunStore } from "@storeflow/runs";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { createLiveFeedPublisher } from "../src/live-feed";
import { startStepFleet } from "../src/step-fleet";

const redisUrl = process.env.REDIS_URL!;
const prefix = process.env.QUEUE_PREFIX!;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function main() {
  if (process.env.BENCH_MODE === "raw") {
    const worker = new Worker(process.env.BENCH_QUEUE!, async () => null, { connection: { url: redisUrl }, prefix, concurrency });
    await worker.waitUntilReady();
    process.stdout.write("ready\n");
    process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
    return;
  }
  // As the worker's main does: one live feed for the runs it ends and the steps it settles.
  const liveFeed = createLiveFeedPublisher(new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix);
  const store = createRunStore({ url: process.env.APP_DATABASE_URL!, max: Number(process.env.BENCH_POOL ?? 12), announce: liveFeed.runsChanged });
  const fleet = startStepFleet({
    store,
    redisUrl,
    prefix,
    concurrency,
    liveFeed,
    actions: { resolve: (connection, operation) => (connection === "bench" && operation === "noop" ? async () => null : undefined) },
  });
  await fleet.ready;
  process.stdout.write("ready\n");
  process.on("SIGTERM", () => void fleet.stop().then(() => store.close()).then(() => process.exit(0)));
}

void main();
