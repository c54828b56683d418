import { createHash } from "node:crypto";
import { type Redis } from "ioredis";

/** A Lua script run by its SHA, so each call sends only the arguments. */
export interface TLuaScript {
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

export function defineLuaScript(source: string): TLuaScript {
  const sha = createHash("sha1").update(source).digest("hex");
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        // A restarted or flushed Redis has forgotten the script: send it once more.
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}

/** Redis's own clock in milliseconds, the same for every process that asks. */
export const LUA_NOW_MS = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

/**
 * `takeToken(key, capacity, perSecond, horizon)` takes a token from the bucket
 * at `key` (holding at most `capacity`, refilled at `perSecond`) as a
 * reservation: the bucket may go into debt, and the reply is how long until
 * the token is due. Beyond `horizon` ms nothing is taken and the reply is
 * negative: how far past the horizon the token would be. Needs LUA_NOW_MS first.
 */
export const LUA_TAKE_TOKEN = `local function takeToken(key, capacity, perSecond, horizon)
  local rate = perSecond / 1000
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
  local wait = 0
  if tokens < 1 then wait = math.ceil((1 - tokens) / rate) end
  if wait > horizon then return -(wait - horizon) end
  tokens = tokens - 1
  redis.call('HSET', key, 'tokens', tokens, 'at', now)
  redis.call('PEXPIRE', key, math.ceil((capacity - tokens) / rate) + 1000)
  return wait
end`;
