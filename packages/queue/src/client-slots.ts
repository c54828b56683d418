import { randomUUID } from "node:crypto";
import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";
import { defineLuaScript, LUA_NOW_MS } from "./lua-script";

/** How long a parked job waits at most for a wake-up before it comes back by itself. */
export const DEFAULT_PARKED_MS = 10_000;

/** One executing step's hold on a slot of its client. */
export interface TLease {
  clientId: string;
  id: string;
}

/**
 * How long a slot kept for a particular job waits for that job to enter it:
 * as long as a lease, so a job that was promoted and then lost (its worker
 * died before the job reached it) costs its client that slot no longer than a
 * crashed worker's lease does.
 */
export const RESERVED_SLOT_MS = 30_000;

/**
 * A counting semaphore per client, shared by every worker process: a sorted set
 * of leases scored by their expiry on Redis's clock. A live worker renews its
 * leases; a killed worker's leases lapse after `leaseMs` (the job lock's
 * duration, when BullMQ re-delivers its jobs too) and are pruned by the next
 * `enter`, so a crash never keeps a client's slot for good.
 *
 * A job turned away for want of a slot waits in the client's parked list (its
 * job already delayed by the caller), and each step that leaves a slot hands
 * it over to the oldest parked job for the caller to promote. A slot handed
 * over, or taken by a publisher for a job it sends on (see TFairShare), is
 * kept for that job (a member `job:<id>`) until it enters: another job of the
 * client that comes first cannot take it, so a client over its limit costs
 * about one deferral per job, in order, instead of promoted jobs losing their
 * slots to newer ones and going round again.
 */
export interface TClientSlots {
  /** Takes the slot kept for job `jobId`, or else a slot if fewer than `limit` are held. */
  enter(clientId: string, limit: number, jobId: string): Promise<TLease | null>;
  /**
   * Parks a delayed job until a slot frees, unless one is free already (it is then kept for the job).
   * @returns false when a slot is free now: the caller should promote the job itself
   */
  park(clientId: string, jobId: string, limit: number): Promise<boolean>;
  /** The step is done: gives back its slot and its job's fair-share count. @returns the parked job to promote, the slot kept for it */
  leave(lease: TLease): Promise<string | null>;
  /** Gives back only the slot: the job went back to the queue, where it still counts for fair share. @returns as leave does */
  release(lease: TLease): Promise<string | null>;
  /** The parked job handed `failedId`'s kept slot when `failedId` could not be promoted (it had run meanwhile); null frees the slot. */
  nextParked(clientId: string, failedId: string): Promise<string | null>;
  /** Stops renewing; leases still held lapse on their own. */
  stop(): void;
}

// On the slots key, KEYS[1]: keep(ms) lets it outlive its newest member, never
// shortening it; keepFor(jobId) keeps a slot for that job; handOver(parkedKey)
// keeps one for the oldest parked job and returns it (false when none is parked).
const LUA_KEEP_SLOTS = `local function keep(ms)
  if redis.call('PTTL', KEYS[1]) < ms then redis.call('PEXPIRE', KEYS[1], ms) end
end
local function keepFor(jobId)
  redis.call('ZADD', KEYS[1], now + ${RESERVED_SLOT_MS}, 'job:' .. jobId)
  keep(${RESERVED_SLOT_MS})
end
local function handOver(parkedKey)
  local parked = redis.call('LPOP', parkedKey)
  if parked then keepFor(parked) end
  return parked
end`;

const ENTER = defineLuaScript(`${LUA_NOW_MS}
${LUA_KEEP_SLOTS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZREM', KEYS[1], 'job:' .. ARGV[4]) == 1 or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  keep(tonumber(ARGV[3]))
  return 1
end
return 0`);

// Checked again here, atomically with the push: a slot freed since enter
// said no would otherwise wake nobody, its leaver having found no one parked.
// Of the jobs in ARGV[3..], as many as slots are free are kept a slot each and
// handed back to be promoted, the rest parked in order.
const PARK = defineLuaScript(`${LUA_NOW_MS}
${LUA_KEEP_SLOTS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
local promote = {}
for i = 3, #ARGV do
  if free > 0 then
    keepFor(ARGV[i])
    promote[#promote + 1] = ARGV[i]
    free = free - 1
  else
    redis.call('RPUSH', KEYS[2], ARGV[i])
  end
end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return promote`);

const LEAVE = defineLuaScript(`${LUA_NOW_MS}
${LUA_KEEP_SLOTS}
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '1' and redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
return handOver(KEYS[3])`);

// Only a slot still kept for the job that failed passes on: one it entered meanwhile is in use.
const PASS_ON = defineLuaScript(`${LUA_NOW_MS}
${LUA_KEEP_SLOTS}
if redis.call('ZREM', KEYS[1], 'job:' .. ARGV[1]) == 0 then return false end
return handOver(KEYS[2])`);

// XX: a lease that already lapsed (this process stalled past it) is not revived over another's.
const RENEW = defineLuaScript(`${LUA_NOW_MS}
${LUA_KEEP_SLOTS}
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
keep(tonumber(ARGV[2]))
return 0`);

/**
 * Parks delayed jobs (see TClientSlots.park) for whoever has a connection and
 * no slots of their own: a publisher that found its client at its limit.
 * @returns the jobs kept a slot instead: the caller should promote them itself
 */
export async function parkJobs(redis: Redis, prefix: string, { clientId, jobIds, limit, parkedMs }: { clientId: string; jobIds: readonly string[]; limit: number; parkedMs: number }): Promise<string[]> {
  const keys = clientKeys(prefix, clientId);
  return (await PARK.run(redis, [keys.slots, keys.parked], [limit, parkedMs, ...jobIds])) as string[];
}

/** Options for {@link createClientSlots}. */
export interface CreateClientSlotsOptions {
  redis: Redis;
  prefix: string;
  /** How long a lease lives unrenewed; renewed every third of it. */
  leaseMs: number;
  /**
   * How long a parked job stays parked at most: the delay its caller gave it,
   * after which it comes back by itself (its wake-up lost to a crash, or its
   * client's leases lapsed). @defaultValue 10000
   */
  parkedMs?: number;
  onError?: (error: unknown) => void;
}

export function createClientSlots({ redis, prefix, leaseMs, parkedMs = DEFAULT_PARKED_MS, onError }: CreateClientSlotsOptions): TClientSlots {
  const held = new Set<TLease>();
  // Commands sent together share one round trip on the connection.
  const renew = () =>
    Promise.all([...held].map((lease) => RENEW.run(redis, [clientKeys(prefix, lease.clientId).slots], [lease.id, leaseMs]))).catch(onError);
  const renewer = setInterval(() => void renew(), Math.max(100, Math.floor(leaseMs / 3)));
  renewer.unref();
  const free = async (lease: TLease, countedOut: boolean) => {
    held.delete(lease);
    const keys = clientKeys(prefix, lease.clientId);
    const parked = await LEAVE.run(redis, [keys.slots, keys.fair, keys.parked], [lease.id, countedOut ? 1 : 0]);
    return typeof parked === "string" ? parked : null;
  };

  return {
    async enter(clientId, limit, jobId) {
      const lease = { clientId, id: randomUUID() };
      if (Number(await ENTER.run(redis, [clientKeys(prefix, clientId).slots], [lease.id, limit, leaseMs, jobId])) === 0) return null;
      held.add(lease);
      return lease;
    },
    park: async (clientId, jobId, limit) => (await parkJobs(redis, prefix, { clientId, jobIds: [jobId], limit, parkedMs })).length === 0,
    leave: (lease) => free(lease, true),
    release: (lease) => free(lease, false),
    async nextParked(clientId, failedId) {
      const keys = clientKeys(prefix, clientId);
      const parked = await PASS_ON.run(redis, [keys.slots, keys.parked], [failedId]);
      return typeof parked === "string" ? parked : null;
    },
    stop() {
      clearInterval(renewer);
    },
  };
}
