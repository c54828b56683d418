import { type TRunStore } from "@storeflow/runs";
import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";

/** What a client may run now, from its `clients` row. */
export interface TClientLimits {
  maxConcurrentSteps: number;
  /** Runs it may start a minute across the fleet; null: no limit. */
  runsPerMinute: number | null;
  /** Quota reached or invoice unpaid: its steps wait until this clears. */
  paused: boolean;
}

export interface TClientLimitsReader {
  read(scope: { partnerId: string; clientId: string }): Promise<TClientLimits>;
}

/** Options for {@link createClientLimitsReader}. */
export interface CreateClientLimitsReaderOptions {
  store: TRunStore;
  /** How long a process trusts what it read: a changed limit or pause takes effect within this. @defaultValue 5000 */
  cacheMs?: number;
  /** Where each limit read is posted for publishers (clientKeys' limit and startRate), valid for a few cache periods. */
  redis: Redis;
  prefix: string;
}

// The column's default; only a job naming a client that does not exist (forged,
// or deleted with its runs) meets it, and the executor then finds no run.
const UNKNOWN_CLIENT: TClientLimits = { maxConcurrentSteps: 20, runsPerMinute: null, paused: false };
const MAX_CACHED_CLIENTS = 10_000;

/**
 * Reads client limits through the run store's pool, whose connections are in
 * the system scope (policy clients_system_read); the query still names both
 * partner and client. Each process asks at most once per client per `cacheMs`,
 * whatever its step rate.
 */
export function createClientLimitsReader({ store, cacheMs = 5000, redis, prefix }: CreateClientLimitsReaderOptions): TClientLimitsReader {
  const cache = new Map<string, { expiresAt: number; limits: Promise<TClientLimits> }>();
  const load = async (partnerId: string, clientId: string): Promise<TClientLimits> => {
    const { rows } = await store.pool.query<{ max_concurrent_steps: number; runs_per_minute: number | null; paused: boolean }>({
      name: "queue.client-limits",
      text: "select max_concurrent_steps, runs_per_minute, runs_paused_at is not null as paused from clients where id = $1 and partner_id = $2",
      values: [clientId, partnerId],
    });
    const [row] = rows;
    if (!row) return UNKNOWN_CLIENT;
    // Not enforced by a constraint: a limit below 1 would stall the client's runs for good, so it reads as none.
    const runsPerMinute = row.runs_per_minute !== null && row.runs_per_minute >= 1 ? row.runs_per_minute : null;
    const maxConcurrentSteps = Math.max(0, row.max_concurrent_steps);
    // A publisher that finds the client's slots full parks its job at once, and holds a
    // start to the client's rate of starts (see createStepPublisher).
    const keys = clientKeys(prefix, clientId);
    await redis
      .multi()
      .set(keys.limit, maxConcurrentSteps, "PX", cacheMs * 3)
      .set(keys.startRate, runsPerMinute ?? 0, "PX", cacheMs * 3)
      .exec();
    return { maxConcurrentSteps, runsPerMinute, paused: row.paused };
  };
  return {
    read({ partnerId, clientId }) {
      const key = `${partnerId}/${clientId}`;
      const cached = cache.get(key);
      if (cached && cached.expiresAt > Date.now()) return cached.limits;
      cache.delete(key);
      if (cache.size >= MAX_CACHED_CLIENTS) cache.delete(cache.keys().next().value!);
      const limits = load(partnerId, clientId);
      cache.set(key, { expiresAt: Date.now() + cacheMs, limits });
      limits.catch(() => cache.delete(key));
      return limits;
    },
  };
}
