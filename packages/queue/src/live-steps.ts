import { type TStepJob, type TStepResult } from "@storeflow/runs";
import { Redis } from "ioredis";

/**
 * Step progress for live views, over Redis pub/sub rather than PostgreSQL
 * NOTIFY: a NOTIFY serialises the commits of every notifying transaction, and
 * the engine commits once per step (see the live_status_notify migration), so
 * run and approval status stay on NOTIFY and each settled step is published
 * here after its commit. At most once: a message lost to a Redis blip costs a
 * view one refresh, and the portal re-reads everything when its stream
 * reconnects. The payload carries ids, the tenant and the outcome only.
 */
export const liveStepsChannel = (prefix: string) => `${prefix}:live-steps`;

/** What {@link publishStepSettled} sends: the live hub's notification shape, kind "step". */
export interface TLiveStepMessage {
  kind: "step";
  id: string;
  runId: string;
  partnerId: string;
  clientId: string;
  status: Exclude<TStepResult["kind"], "stale">;
}

/** Hands settled steps to the live feed; see {@link createLiveStepPublisher}. */
export type TLiveStepPublisher = (job: Pick<TStepJob, "partnerId" | "clientId" | "runId">, result: TStepResult) => void;

/**
 * Tells live views that a step of a job's run settled. The steps settled in one
 * tick share one PUBLISH of a JSON array, so a busy worker adds one Redis
 * command per tick rather than one per step. Never throws: a live view is not
 * worth failing a step for.
 */
export function createLiveStepPublisher(redis: Redis, prefix: string): TLiveStepPublisher {
  const channel = liveStepsChannel(prefix);
  let pending: TLiveStepMessage[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    redis.publish(channel, JSON.stringify(batch)).catch(() => {});
  };
  return (job, result) => {
    // A duplicate delivery changed nothing the page shows.
    if (result.kind === "stale") return;
    if (pending.length === 0) setImmediate(flush);
    pending.push({ kind: "step", id: job.runId, runId: job.runId, partnerId: job.partnerId, clientId: job.clientId, status: result.kind });
  };
}

/** Options for {@link subscribeLiveSteps}. */
export interface SubscribeLiveStepsOptions {
  redisUrl: string;
  /** The step fleet's BullMQ prefix (QUEUE_PREFIX). @defaultValue "sf" */
  prefix?: string;
  /** Each step's message (one element of a published batch) as JSON; the live hub parses and scopes it. */
  onMessage: (payload: string) => void;
}

/** One subscriber connection to the fleet's settled steps, for a process's live hub. */
export function subscribeLiveSteps({ redisUrl, prefix = "sf", onMessage }: SubscribeLiveStepsOptions): { close(): Promise<void> } {
  // A subscriber connection may do nothing else; ioredis re-subscribes by itself after a reconnect.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const channel = liveStepsChannel(prefix);
  redis.on("message", (from: string, payload: string) => {
    if (from !== channel) return;
    let batch: unknown;
    try {
      batch = JSON.parse(payload);
    } catch {
      return;
    }
    if (Array.isArray(batch)) for (const message of batch) onMessage(JSON.stringify(message));
  });
  redis.on("error", () => {});
  void redis.subscribe(channel).catch(() => {});
  return {
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
