import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";
import { RESERVED_SLOT_MS } from "./client-slots";
import { defineLuaScript } from "./lua-script";
import { DEFAULT_START_GRACE_MS, DEFAULT_START_HORIZON_MS, holdFor, LUA_RESERVE } from "./run-start-rate";

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
   * Counts each job in and returns its priority. A run start due now is first
   * given a token of its client's rate of starts, at the runs a minute a
   * worker last posted (clientKeys' startRate; see run-start-rate.ts), and
   * `holdMs` is how long to hold it back for that token, 0 when it may go now
   * or its client has no rate or none posted (the worker then holds it). A
   * held start comes back when its token is due and the worker, finding the
   * reservation, runs it at once: a client's backlog of starts costs the
   * workers one delivery each. While a worker's reading of the client's limit
   * is fresh, a job due now and not held is kept a free slot of its client
   * (see TClientSlots) if one is left, in the batch's order; for one that finds
   * none `fullAt` is the limit: such a job is better parked at once than
   * queued to be turned away. One script call per client and send.
   */
  acquire(jobs: readonly TPublishedJob[]): Promise<{ priority: number; fullAt: number | null; holdMs: number }[]>;
}

/** A job as acquire sees it: `runStart` names the run whose start it is. */
export interface TPublishedJob {
  clientId: string;
  jobId: string;
  dueNow: boolean;
  runStart?: string;
}

// BullMQ's highest priority number (2^21); 0 would bypass priorities altogether.
const LOWEST_PRIORITY = 2_097_152;
const QUIET_EXPIRY_MS = 60_000;

// KEYS: the start bucket and reservations (LUA_RESERVE's), the count, the slots, the limit and the rate posted.
// ARGV[1], ARGV[2]: the start horizon and grace (see LUA_RESERVE); ARGV[3]: the count's expiry;
// ARGV[4]: how many jobs to count in; ARGV[5..]: for each job due now, in order, its id and its
// run's id when it is a run start ('' otherwise). Returns the count after them, the limit
// (-1 unknown), how many were kept a slot, and each due job's reservation reply (0: not held).
const ACQUIRE = defineLuaScript(`${LUA_RESERVE}
local count = redis.call('INCRBY', KEYS[3], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
local perMinute = tonumber(redis.call('GET', KEYS[6]) or '-1')
local holds = {}
local pruned = false
for i = 5, #ARGV, 2 do
  local hold = 0
  if perMinute > 0 and ARGV[i + 1] ~= '' then
    if not pruned then prune() pruned = true end
    hold = reserve(ARGV[i + 1], perMinute / 60)
  end
  holds[#holds + 1] = hold
end
local limit = tonumber(redis.call('GET', KEYS[5]) or '-1')
local kept = 0
if limit >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  local free = limit - redis.call('ZCARD', KEYS[4])
  for k = 1, #holds do
    if kept >= free then break end
    if holds[k] == 0 then
      redis.call('ZADD', KEYS[4], now + ${RESERVED_SLOT_MS}, 'job:' .. ARGV[3 + 2 * k])
      kept = kept + 1
    end
  end
  if kept > 0 and redis.call('PTTL', KEYS[4]) < ${RESERVED_SLOT_MS} then redis.call('PEXPIRE', KEYS[4], ${RESERVED_SLOT_MS}) end
end
local reply = {count, limit, kept}
for k = 1, #holds do reply[#reply + 1] = holds[k] end
return reply`);

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
      const shares: { priority: number; fullAt: number | null; holdMs: number }[] = new Array(jobs.length);
      await Promise.all(
        [...positions].map(async ([id, at]) => {
          const keys = clientKeys(prefix, id);
          const due = at.filter((i) => jobs[i]!.dueNow);
          const [count, limit, kept, ...replies] = (await ACQUIRE.run(
            redis,
            [keys.starts, keys.startsReserved, keys.fair, keys.slots, keys.limit, keys.startRate],
            [DEFAULT_START_HORIZON_MS, DEFAULT_START_GRACE_MS, QUIET_EXPIRY_MS, at.length, ...due.flatMap((i) => [jobs[i]!.jobId, jobs[i]!.runStart ?? ""])],
          )) as number[];
          const holdOf = new Map(due.map((i, k) => [i, replies[k]!]));
          let unfilled = kept!;
          at.forEach((i, k) => {
            const reply = holdOf.get(i) ?? 0;
            // A batch of a flooding client's jobs takes only the slots free now; the rest wait parked.
            const fits = limit! < 0 || !jobs[i]!.dueNow || reply !== 0 || unfilled-- > 0;
            shares[i] = {
              priority: Math.min(Math.max(count! - at.length + 1 + k, 1), LOWEST_PRIORITY),
              fullAt: fits ? null : limit!,
              holdMs: reply === 0 ? 0 : holdFor(reply, DEFAULT_START_HORIZON_MS),
            };
          });
        }),
      );
      return shares;
    },
  };
}
