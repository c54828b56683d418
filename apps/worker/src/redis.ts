import Redis from "ioredis";

/**
 * BullMQ keeps queue state in Redis; with any eviction policy but `noeviction`
 * Redis may silently drop jobs under memory pressure, so the worker refuses to start.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
  const policy = reply[1];
  if (policy !== "noeviction") {
    throw new Error(`Redis maxmemory-policy is "${policy}"; set it to "noeviction" (redis-server --maxmemory-policy noeviction) before starting the worker`);
  }
}

export function connectRedis(url: string): Redis {
  // BullMQ requires maxRetriesPerRequest: null on connections used by workers.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}
