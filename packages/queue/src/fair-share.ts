import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";

/**
 * Per-client count of step jobs queued or running, kept in Redis so every
 * process sees the same figure. A job is published with its client's count as
 * its BullMQ priority (lower runs first): each client's first queued job goes
 * before any client's second, so a client flooding the fleet waits behind its
 * own backlog while another client's occasional run goes straight through.
 * The worker counts the job out when its step is done, in the same script that
 * frees the step's concurrency slot (client-slots.ts).
 *
 * Counts that a killed worker never released expire after a quiet minute, so
 * drift only ever costs a client some priority, for a while.
 */
export interface TFairShare {
  /** Counts each job in and returns its priority. */
  acquire(clientIds: readonly string[]): Promise<number[]>;
}

// BullMQ's highest priority number (2^21); 0 would bypass priorities altogether.
const LOWEST_PRIORITY = 2_097_152;
const QUIET_EXPIRY_MS = 60_000;

export function createFairShare(redis: Redis, prefix: string): TFairShare {
  return {
    async acquire(clientIds) {
      const pipeline = redis.pipeline();
      for (const id of clientIds) {
        const { fair } = clientKeys(prefix, id);
        pipeline.incr(fair).pexpire(fair, QUIET_EXPIRY_MS);
      }
      const replies = (await pipeline.exec()) ?? [];
      return clientIds.map((_, i) => {
        const [error, count] = replies[i * 2]!;
        if (error) throw error;
        return Math.min(Math.max(Number(count), 1), LOWEST_PRIORITY);
      });
    },
  };
}
