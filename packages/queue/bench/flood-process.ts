/**
 * The fairness benchmark's flooding client, in a process of its own, as another
 * client's webhook traffic would arrive through other ingress processes: once
 * its connections are open it prints "ready" and waits for a line on stdin, as
 * a running ingress would not be booting when a flood comes; it then starts
 * FLOOD_COUNT runs for FLOOD_CLIENT, FLOOD_IN_FLIGHT at a time, prints
 * "flooded" and exits. Its own connections and event loop keep the flood from
 * queueing the measured client's starts behind it inside one process.
 */
import { once } from "node:events";
import { createRunStore, prepareDefinition, startRun } from "@storeflow/runs";
import { createLiveFeedPublisher } from "../src/live-feed";
import { createQueuePublisher } from "../src/step-fleet";
import { benchWorkflow } from "./workflow";

const scope = { partnerId: process.env.FLOOD_PARTNER!, clientId: process.env.FLOOD_CLIENT! };
const count = Number(process.env.FLOOD_COUNT);
const inFlight = Number(process.env.FLOOD_IN_FLIGHT ?? 64);
const POOL_SIZE = 16;

async function main() {
  const publishing = createQueuePublisher({ redisUrl: process.env.REDIS_URL!, prefix: process.env.QUEUE_PREFIX! });
  const store = createRunStore({ url: process.env.APP_DATABASE_URL!, max: POOL_SIZE, announce: createLiveFeedPublisher(publishing.redis, process.env.QUEUE_PREFIX!).runsChanged });
  const prepared = await prepareDefinition(store, scope.partnerId, benchWorkflow, ["bench"]);
  await Promise.all([publishing.queue.waitUntilReady(), ...Array.from({ length: POOL_SIZE }, () => store.pool.query("select 1"))]);
  process.stdout.write("ready\n");
  await once(process.stdin, "data");
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        await startRun({ store, publisher: publishing.publisher, scope, prepared, input: { i }, idempotencyKey: `flood-${i}` });
      }
    }),
  );
  process.stdout.write("flooded\n");
  await publishing.close();
  await store.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
