import { afterAll, describe, expect, it } from "vitest";
import { assertNoEviction, connectRedis } from "./redis";

const redis = connectRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
afterAll(async () => redis.quit());

describe("assertNoEviction", () => {
  it("accepts noeviction and refuses any other policy, naming it", async () => {
    const [, original] = (await redis.config("GET", "maxmemory-policy")) as string[];
    try {
      await redis.config("SET", "maxmemory-policy", "noeviction");
      await expect(assertNoEviction(redis)).resolves.toBeUndefined();
      await redis.config("SET", "maxmemory-policy", "allkeys-lru");
      await expect(assertNoEviction(redis)).rejects.toThrow(/"allkeys-lru".*noeviction/);
    } finally {
      await redis.config("SET", "maxmemory-policy", original ?? "noeviction");
    }
  });
});
