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
 * A counting semaphore per client, shared by every worker process: a sorted set
 * of leases scored by their expiry on Redis's clock. A live worker renews its
 * leases; a killed worker's leases lapse after `leaseMs` (the job lock's
 * duration, when BullMQ re-delivers its jobs too) and are pruned by the next
 * `enter`, so a crash never keeps a client's slot for good.
 *
 * A job turned away for want of a slot waits in the client's parked list (its
 * job already delayed by the caller), and each step that leaves a slot hands
 * back the oldest parked job for the caller to promote: a client over its limit
 * costs one deferral per job, in order, instead of every job polling for a slot.
 */
export interface TClientSlots {
  /** Takes a slot if fewer than `limit` leases are live. */
  enter(clientId: string, limit: number): Promise<TLease | null>;
  /**
   * Parks a delayed job until a slot frees, unless one is free already.
   * @returns false when a slot is free now: the caller should promote the job itself
   */
  park(clientId: string, jobId: string, limit: number): Promise<boolean>;
  /** The step is done: gives back its slot and its job's fair-share count. @returns the parked job to promote, if any */
  leave(lease: TLease): Promise<string | null>;
  /** Gives back only the slot: the job went back to the queue, where it still counts for fair share. @returns the parked job to promote, if any */
  release(lease: TLease): Promise<string | null>;
  /** The next parked job, when the one handed back could not be promoted (it had run meanwhile). */
  nextParked(clientId: string): Promise<string | null>;
  /** Stops renewing; leases still held lapse on their own. */
  stop(): void;
}

const ENTER = defineLuaScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0`);

// Checked again here, atomically with the push: a slot freed since enter
// said no would otherwise wake nobody, its leaver having found no one parked.
const PARK = defineLuaScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`);

const LEAVE = defineLuaScript(`redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '1' and redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
return redis.call('LPOP', KEYS[3])`);

// XX: a lease that already lapsed (this process stalled past it) is not revived over another's.
const RENEW = defineLuaScript(`${LUA_NOW_MS}
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0`);

/**
 * Parks a delayed job (see TClientSlots.park) for whoever has a connection and
 * no slots of their own: a publisher that found its client at its limit.
 * @returns false when a slot is free now: the caller should promote the job itself
 */
export async function parkJob(redis: Redis, prefix: string, { clientId, jobId, limit, parkedMs }: { clientId: string; jobId: string; limit: number; parkedMs: number }): Promise<boolean> {
  const keys = clientKeys(prefix, clientId);
  return Number(await PARK.run(redis, [keys.slots, keys.parked], [jobId, limit, parkedMs])) === 1;
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
    async enter(clientId, limit) {
      const lease = { clientId, id: randomUUID() };
      if (Number(await ENTER.run(redis, [clientKeys(prefix, clientId).slots], [lease.id, limit, leaseMs])) === 0) return null;
      held.add(lease);
      return lease;
    },
    park: (clientId, jobId, limit) => parkJob(redis, prefix, { clientId, jobId, limit, parkedMs }),
    leave: (lease) => free(lease, true),
    release: (lease) => free(lease, false),
    nextParked: (clientId) => redis.lpop(clientKeys(prefix, clientId).parked),
    stop() {
      clearInterval(renewer);
    },
  };
}
