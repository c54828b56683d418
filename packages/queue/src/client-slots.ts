import { randomUUID } from "node:crypto";
import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";
import { defineLuaScript, LUA_NOW_MS } from "./lua-script";

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
 */
export interface TClientSlots {
  /** Takes a slot if fewer than `limit` leases are live; otherwise says how many of the client's jobs are queued or running. */
  enter(clientId: string, limit: number): Promise<{ lease: TLease } | { backlog: number }>;
  /** The step is done: gives back its slot and its job's fair-share count, in one round trip. */
  leave(lease: TLease): Promise<void>;
  /** Gives back only the slot: the job went back to the queue, where it still counts for fair share. */
  release(lease: TLease): Promise<void>;
  /** Stops renewing; leases still held lapse on their own. */
  stop(): void;
}

const ENTER = defineLuaScript(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return -1
end
return tonumber(redis.call('GET', KEYS[2]) or '0')`);

const LEAVE = defineLuaScript(`redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
return 0`);

// XX: a lease that already lapsed (this process stalled past it) is not revived over another's.
const RENEW = defineLuaScript(`${LUA_NOW_MS}
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0`);

/** Options for {@link createClientSlots}. */
export interface CreateClientSlotsOptions {
  redis: Redis;
  prefix: string;
  /** How long a lease lives unrenewed; renewed every third of it. */
  leaseMs: number;
  onError?: (error: unknown) => void;
}

export function createClientSlots({ redis, prefix, leaseMs, onError }: CreateClientSlotsOptions): TClientSlots {
  const held = new Set<TLease>();
  // Commands sent together share one round trip on the connection.
  const renew = () =>
    Promise.all([...held].map((lease) => RENEW.run(redis, [clientKeys(prefix, lease.clientId).slots], [lease.id, leaseMs]))).catch(onError);
  const renewer = setInterval(() => void renew(), Math.max(100, Math.floor(leaseMs / 3)));
  renewer.unref();

  return {
    async enter(clientId, limit) {
      const keys = clientKeys(prefix, clientId);
      const lease = { clientId, id: randomUUID() };
      const reply = Number(await ENTER.run(redis, [keys.slots, keys.fair], [lease.id, limit, leaseMs]));
      if (reply >= 0) return { backlog: reply };
      held.add(lease);
      return { lease };
    },
    async leave(lease) {
      held.delete(lease);
      const keys = clientKeys(prefix, lease.clientId);
      await LEAVE.run(redis, [keys.slots, keys.fair], [lease.id]);
    },
    async release(lease) {
      held.delete(lease);
      await redis.zrem(clientKeys(prefix, lease.clientId).slots, lease.id);
    },
    stop() {
      clearInterval(renewer);
    },
  };
}
