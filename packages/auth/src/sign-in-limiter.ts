import type Redis from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** Options for {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  redis: Redis;
  /** Key prefix, so tests and environments do not share counters. @defaultValue "sf:signin" */
  prefix?: string;
  /** Attempts per IP address per window. @defaultValue 30 */
  perIp?: number;
  /** Attempts per e-mail address per window. @defaultValue 10 */
  perEmail?: number;
  /** Window length in seconds. @defaultValue 900 */
  windowS?: number;
}

export interface SignInLimiter {
  /** Resolves to the seconds to wait when over the limit, else null. */
  consume(key: { ip: string; email: string }): Promise<number | null>;
}

/**
 * Counts every attempt (not only failures) in Redis so the limit holds across
 * portal replicas; the per-user lockout in the database is the durable second line.
 */
export function createSignInLimiter({ redis, prefix = "sf:signin", perIp = 30, perEmail = 10, windowS = 900 }: SignInLimiterOptions): SignInLimiter {
  const byIp = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:ip`, points: perIp, duration: windowS });
  const byEmail = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:email`, points: perEmail, duration: windowS });
  return {
    async consume({ ip, email }) {
      try {
        await Promise.all([byIp.consume(ip), byEmail.consume(email.toLowerCase())]);
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
  };
}
