import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";
import { RESERVED_SLOT_MS } from "./client-slots";
import { defineLuaScript, LUA_NOW_MS } from "./lua-script";

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
  /**
   * Counts each job in and returns its priority. While a worker's reading of
   * the client's limit is fresh, a job due now is kept a free slot of its
   * client (see TClientSlots) if one is left, in the batch's order; for one
   * that finds none the reply is the limit: such a job is better parked at
   * once than queued to be turned away.
   */
  acquire(jobs: readonly { clientId: string; jobId: string; dueNow: boolean }[]): Promise<{ priority: number; fullAt: number | null }[]>;
}

// BullMQ's highest priority number (2^21); 0 would bypass priorities altogether.
const LOWEST_PRIORITY = 2_097_152;
const QUIET_EXPIRY_MS = 60_000;

// Counts in ARGV[2] jobs at once and keeps free slots for the due ones in ARGV[3..], in order;
// returns the count after them, the limit (-1 unknown) and how many were kept a slot.
const ACQUIRE = defineLuaScript(`${LUA_NOW_MS}
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local limit = tonumber(redis.call('GET', KEYS[3]) or '-1')
if limit < 0 then return {count, -1, 0} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local free = limit - redis.call('ZCARD', KEYS[2])
local kept = 0
for i = 3, #ARGV do
  if kept >= free then break end
  redis.call('ZADD', KEYS[2], now + ${RESERVED_SLOT_MS}, 'job:' .. ARGV[i])
  kept = kept + 1
end
if kept > 0 and redis.call('PTTL', KEYS[2]) < ${RESERVED_SLOT_MS} then redis.call('PEXPIRE', KEYS[2], ${RESERVED_SLOT_MS}) end
return {count, limit, kept}`);

export function createFairShare(redis: Redis, prefix: string): TFairShare {
  return {
    async acquire(jobs) {
      // One script call per client however many of its jobs go together, each job a count of its own.
      const positions = new Map<string, number[]>();
      jobs.forEach(({ clientId }, i) => {
        const at = positions.get(clientId);
        if (at) at.push(i);
        else positions.set(clientId, [i]);
      });
      const due = (at: number[]) => at.filter((i) => jobs[i]!.dueNow).map((i) => jobs[i]!.jobId);
      const shares: { priority: number; fullAt: number | null }[] = new Array(jobs.length);
      await Promise.all(
        [...positions].map(async ([id, at]) => {
          const keys = clientKeys(prefix, id);
          const [count, limit, kept] = (await ACQUIRE.run(redis, [keys.fair, keys.slots, keys.limit], [QUIET_EXPIRY_MS, at.length, ...due(at)])) as [number, number, number];
          let unfilled = kept;
          at.forEach((i, k) => {
            // A batch of a flooding client's jobs takes only the slots free now; the rest wait parked.
            const fits = limit < 0 || !jobs[i]!.dueNow || unfilled-- > 0;
            shares[i] = { priority: Math.min(Math.max(count - at.length + 1 + k, 1), LOWEST_PRIORITY), fullAt: fits ? null : limit };
          });
        }),
      );
      return shares;
    },
  };
}
