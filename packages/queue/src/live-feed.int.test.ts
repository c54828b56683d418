/** The engine's live feed over real Redis: what the fleet publishes after a step or a run change is what a live hub's subscriber hears. */
import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import { createLiveFeedPublisher, subscribeLiveFeed } from "./live-feed";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `sf-live-${randomBytes(4).toString("hex")}`;
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
afterAll(async () => {
  await redis.quit();
});

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it("publishes each settled step (never a stale delivery) and each run change with ids and the status only, on its prefix's channel, those of a moment in one PUBLISH", async () => {
  const heard: string[] = [];
  const otherPrefix: string[] = [];
  const feed = subscribeLiveFeed({ redisUrl, prefix, onMessage: (payload) => heard.push(payload) });
  const other = subscribeLiveFeed({ redisUrl, prefix: `${prefix}-other`, onMessage: (payload) => otherPrefix.push(payload) });
  const job = { partnerId: randomUUID(), clientId: randomUUID(), runId: randomUUID() };
  // The subscription is in flight until Redis counts it.
  const subscribers = async () => Number(((await redis.pubsub("NUMSUB", `${prefix}:live-feed`)) as [string, number])[1]);
  for (let i = 0; i < 100 && (await subscribers()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));

  const publisher = createLiveFeedPublisher(redis, prefix);
  // What actually crossed Redis: one message for changes handed over together, whatever their number.
  const raw: string[] = [];
  const rawSubscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
  rawSubscriber.on("message", (_channel: string, payload: string) => raw.push(payload));
  await rawSubscriber.subscribe(`${prefix}:live-feed`);
  publisher.stepSettled(job, { kind: "stale" });
  publisher.stepSettled(job, { kind: "succeeded", next: "ship" });
  publisher.stepSettled(job, { kind: "failed", reason: "vendor said no: secret-ish detail" });
  publisher.runsChanged([{ runId: job.runId, partnerId: job.partnerId, clientId: job.clientId, status: "failed" }]);
  await until(() => heard.length === 3, "two steps and a run");
  await until(() => raw.length === 1, "the raw batch");
  await rawSubscriber.quit();
  expect(raw).toHaveLength(1);
  await feed.close();
  await other.close();

  expect(heard.map((payload) => JSON.parse(payload) as unknown)).toEqual([
    { kind: "step", id: job.runId, runId: job.runId, partnerId: job.partnerId, clientId: job.clientId, status: "succeeded" },
    { kind: "step", id: job.runId, runId: job.runId, partnerId: job.partnerId, clientId: job.clientId, status: "failed" },
    { kind: "run", id: job.runId, runId: job.runId, partnerId: job.partnerId, clientId: job.clientId, status: "failed" },
  ]);
  expect(heard.join()).not.toContain("secret-ish");
  expect(otherPrefix).toEqual([]);
});
