import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";
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
   * Counts each job in and returns its priority, with its client's limit when
   * the client has no free slot now (as far as a worker last told the limit):
   * such a job is better parked at once than queued to be turned away.
   */
  acquire(clientIds: readonly string[]): Promise<{ priority: number; fullAt: number | null }[]>;
}

// BullMQ's highest priority number (2^21); 0 would bypass priorities altogether.
const LOWEST_PRIORITY = 2_097_152;
const QUIET_EXPIRY_MS = 60_000;

// Counts in ARGV[2] jobs at once and returns the count after them.
const ACQUIRE = defineLuaScript(`${LUA_NOW_MS}
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local limit = tonumber(redis.call('GET', KEYS[3]) or '-1')
if limit < 0 then return {count, -1} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) < limit then return {count, -1} end
return {count, limit}`);

export function createFairShare(redis: Redis, prefix: string): TFairShare {
  return {
    async acquire(clientIds) {
      // One script call per client however many of its jobs go together, each job a count of its own.
      const positions = new Map<string, number[]>();
      clientIds.forEach((id, i) => positions.set(id, [...(positions.get(id) ?? []), i]));
      const shares: { priority: number; fullAt: number | null }[] = new Array(clientIds.length);
      await Promise.all(
        [...positions].map(async ([id, at]) => {
          const keys = clientKeys(prefix, id);
          const [count, limit] = (await ACQUIRE.run(redis, [keys.fair, keys.slots, keys.limit], [QUIET_EXPIRY_MS, at.length])) as [number, number];
          at.forEach((i, k) => (shares[i] = { priority: Math.min(Math.max(count - at.length + 1 + k, 1), LOWEST_PRIORITY), fullAt: limit >= 0 ? limit : null }));
        }),
      );
      return shares;
    },
  };
}
