import { type TRunChange, type TStepJob, type TStepResult } from "@storeflow/runs";
import { Redis } from "ioredis";

/**
 * The engine's changes for live views, over Redis pub/sub rather than
 * PostgreSQL NOTIFY: a NOTIFY serialises the commits of every notifying
 * transaction, and the engine commits once per step and once per start. Each
 * settled step, and each run the executor's batched statements start or end
 * (the run store's `announce`), is published here after its commit. At most
 * once: a message lost to a Redis blip costs a view one refresh, and the portal
 * re-reads everything when its stream reconnects. The payload carries ids, the
 * tenant and the status only.
 */
export const liveFeedChannel = (prefix: string) => `${prefix}:live-feed`;

/** One message of the feed: the live hub's notification shape, kind "step" (`id` is the run's) or "run". */
export interface TLiveFeedMessage {
  kind: "step" | "run";
  id: string;
  runId: string;
  partnerId: string;
  clientId: string;
  status: string;
}

/** Hands the engine's changes to the live feed; see {@link createLiveFeedPublisher}. */
export interface TLiveFeedPublisher {
  /** A step of a job's run settled. */
  stepSettled(job: Pick<TStepJob, "partnerId" | "clientId" | "runId">, result: TStepResult): void;
  /** Runs started or ended: the run store's `announce`. */
  runsChanged(changes: readonly TRunChange[]): void;
}

/**
 * How long changes gather before they go as one message: a person watching a
 * page does not see 25 ms, and a process starting or settling a few hundred a
 * second then sends a few dozen PUBLISHes rather than one per change, each a
 * write to Redis's socket that costs the process more than the change itself.
 */
const GATHER_MS = 25;

/**
 * Publishes the engine's changes. Whatever is handed over within GATHER_MS
 * shares one PUBLISH of a JSON array. Never throws: a live view is not worth
 * failing a step for.
 */
export function createLiveFeedPublisher(redis: Redis, prefix: string): TLiveFeedPublisher {
  const channel = liveFeedChannel(prefix);
  let pending: TLiveFeedMessage[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    redis.publish(channel, JSON.stringify(batch)).catch(() => {});
  };
  const push = (message: TLiveFeedMessage) => {
    // Unreferenced: a process on its way out does not wait for a live view (the portal re-reads on reconnect anyway).
    if (pending.length === 0) setTimeout(flush, GATHER_MS).unref();
    pending.push(message);
  };
  return {
    stepSettled(job, result) {
      // A duplicate delivery changed nothing the page shows.
      if (result.kind === "stale") return;
      push({ kind: "step", id: job.runId, runId: job.runId, partnerId: job.partnerId, clientId: job.clientId, status: result.kind });
    },
    runsChanged(changes) {
      for (const { runId, partnerId, clientId, status } of changes) push({ kind: "run", id: runId, runId, partnerId, clientId, status });
    },
  };
}

/** Options for {@link subscribeLiveFeed}. */
export interface SubscribeLiveFeedOptions {
  redisUrl: string;
  /** The fleet's BullMQ prefix (QUEUE_PREFIX). @defaultValue "sf" */
  prefix?: string;
  /** Each message (one element of a published batch) as JSON; the live hub parses and scopes it. */
  onMessage: (payload: string) => void;
}

/** One subscriber connection to the engine's live feed, for a process's live hub. */
export function subscribeLiveFeed({ redisUrl, prefix = "sf", onMessage }: SubscribeLiveFeedOptions): { close(): Promise<void> } {
  // A subscriber connection may do nothing else; ioredis re-subscribes by itself after a reconnect.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const channel = liveFeedChannel(prefix);
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
