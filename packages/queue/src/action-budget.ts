import { setTimeout as sleep } from "node:timers/promises";
import { type TActionRegistry, type TConnectionBudget } from "@storeflow/runs";
import { type Redis } from "ioredis";
import { z } from "zod";
import { defineLuaScript, LUA_NOW_MS, LUA_TAKE_TOKEN } from "./lua-script";

const ZConnectionBudget = z.object({ capacity: z.int().min(1), refillPerSecond: z.number().positive(), key: z.string().min(1).optional() });

/**
 * A token bucket that hands out reservations: a call takes its token at once,
 * and when the bucket is short the count goes negative and the reply says how
 * long until that call's token has refilled. Callers sleep that long instead of
 * asking again, so waiters go in arrival order at exactly the refill rate, with
 * one round trip per call. A reservation whose caller gives up (its step timed
 * out) is forfeited: the far end then sees fewer calls than the budget, never
 * more. No call reserves further ahead than the horizon, which bounds what
 * forfeits can waste; beyond it the reply (negative) says when to ask again.
 */
const RESERVE = defineLuaScript(`${LUA_NOW_MS}
${LUA_TAKE_TOKEN}
return takeToken(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))`);

const RESERVE_HORIZON_MS = 5000;

/** Options for {@link withActionBudgets}. */
export interface WithActionBudgetsOptions {
  redis: Redis;
  prefix: string;
  /** Called after each call that had to wait for its token, with how long it waited. */
  onWait?: (seconds: number) => void;
}

/**
 * Wraps a registry so that each call through a connection with a declared
 * budget first takes a token from its (partner, client, connection) bucket,
 * waiting when the bucket is empty. The wait honours the call's signal, so it
 * counts against the step's timeout like the call itself.
 */
export function withActionBudgets(actions: TActionRegistry, { redis, prefix, onWait }: WithActionBudgetsOptions): TActionRegistry {
  const takeToken = async (key: string, budget: TConnectionBudget, signal: AbortSignal) => {
    const { capacity, refillPerSecond } = ZConnectionBudget.parse(budget);
    let reply = Number(await RESERVE.run(redis, [key], [capacity, refillPerSecond, RESERVE_HORIZON_MS]));
    if (reply === 0) return;
    const started = performance.now();
    // Negative: not reserved yet, ask again then; positive: reserved, go then.
    while (reply < 0) {
      await sleep(-reply, undefined, { signal });
      reply = Number(await RESERVE.run(redis, [key], [capacity, refillPerSecond, RESERVE_HORIZON_MS]));
    }
    if (reply > 0) await sleep(reply, undefined, { signal });
    onWait?.((performance.now() - started) / 1000);
  };
  return {
    resolve(connection, operation) {
      const handler = actions.resolve(connection, operation);
      const meter = actions.budget?.bind(actions);
      if (!handler || !meter) return handler;
      return async (call) => {
        const budget = await meter(call);
        if (budget) await takeToken(`${prefix}:budget:${call.run.partnerId}:${call.run.clientId}:${budget.key ?? connection}`, budget, call.signal);
        return handler(call);
      };
    },
  };
}
