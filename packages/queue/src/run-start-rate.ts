import { type TRunStore, type TStepJob } from "@storeflow/runs";
import { type Redis } from "ioredis";
import { clientKeys } from "./client-keys";
import { defineLuaScript, LUA_NOW_MS, LUA_TAKE_TOKEN } from "./lua-script";

/** The grid held run starts fall due on; see LUA_RESERVE. */
export const START_GRID_MS = 25;

/**
 * `reserve(runId, perSecond)` takes a start for a run from its client's token
 * bucket (KEYS[1]), as a reservation: the bucket may go into debt, and the
 * run's start is due when its token has refilled. The reservation is kept in a
 * sorted set (KEYS[2]) scored by that time, so the run's start job, held until
 * then, finds it on coming back (and keeps it through a later concurrency
 * deferral or a re-delivery) instead of queueing for a token again.
 * Reservations are pruned `grace` after they fall due; one whose job never came
 * back (its run was cancelled) is forfeited, so the client then starts fewer
 * runs than its rate, never more.
 *
 * No reservation is made more than `horizon` ahead; beyond it the reply is
 * negative: how far past the horizon the next token is.
 *
 * A start that has to wait falls due on the next tick of a START_GRID_MS grid
 * after its token, never before it: a client's backlog of starts then comes
 * back in groups rather than one every few milliseconds, and each group shares
 * the fleet's wake-ups, statements and scripts, while the client still starts
 * no more than its rate. A finer grid would cost more wake-ups; a coarser one
 * lands bigger groups at once, which hold up another client's step arriving
 * with them (at 200 starts a second, groups of five here cost the workers what
 * groups of twenty on a 100 ms grid did, and no longer show in another client's
 * p99 beside the backlog: bench:engine).
 */
export const LUA_RESERVE = `${LUA_NOW_MS}
local horizon = tonumber(ARGV[1])
local grace = tonumber(ARGV[2])
${LUA_TAKE_TOKEN}
local function prune()
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - grace)
end
local function reserve(runId, perSecond)
  local due = redis.call('ZSCORE', KEYS[2], runId)
  if due then return math.max(0, tonumber(due) - now) end
  local wait = takeToken(KEYS[1], math.max(1, perSecond), perSecond, horizon)
  if wait < 0 then return wait end
  if wait > 0 then wait = math.ceil((now + wait) / ${START_GRID_MS}) * ${START_GRID_MS} - now end
  redis.call('ZADD', KEYS[2], now + wait, runId)
  redis.call('PEXPIRE', KEYS[2], horizon + grace)
  return wait
end`;

// ARGV[3] a run id, ARGV[4] the client's starts a second.
const RESERVE_START = defineLuaScript(`${LUA_RESERVE}
prune()
return reserve(ARGV[3], tonumber(ARGV[4]))`);

export type TRunStartJob = Pick<TStepJob, "partnerId" | "clientId" | "runId" | "iteration" | "attempt" | "runStart">;

/** Holds each client's run starts to its runs-per-minute across every worker process. */
export interface TRunStartLimiter {
  /**
   * 0 when `job` may go on: it is not its run's first step, or the run's
   * start has its token. Otherwise how long to defer the job before asking again.
   */
  waitMs(job: TRunStartJob, runsPerMinute: number): Promise<number>;
}

/** Options for {@link createRunStartLimiter}. */
export interface CreateRunStartLimiterOptions {
  redis: Redis;
  prefix: string;
  /** Its pool (system scope) tells a run's first step from its later ones. */
  store: TRunStore;
  /** How far ahead a start may be reserved. @defaultValue DEFAULT_START_HORIZON_MS */
  horizonMs?: number;
  /** How long past its due time a reservation waits for its job. @defaultValue DEFAULT_START_GRACE_MS */
  graceMs?: number;
}

export const DEFAULT_START_HORIZON_MS = 60_000;
export const DEFAULT_START_GRACE_MS = 600_000;

/** 0.5–1.5 times `ms`, so deferred jobs do not come back in step with each other. */
export const jittered = (ms: number) => Math.round(ms * (0.5 + Math.random()));

/** How long to hold a start for a reservation's reply: until its token, or about its token's time when past the horizon. */
export const holdFor = (reply: number, horizonMs: number) => (reply >= 0 ? reply : jittered(horizonMs - reply));

/**
 * Rate limits the start of runs, not their steps: the first step of a run takes
 * a token of its client's bucket (refilled at runs-per-minute / 60 a second,
 * holding at most one second's worth, at least one), and every later step goes
 * on untouched.
 *
 * A run's first step is the first step job it gets (iteration 0, attempt 1)
 * before any of its steps is recorded. The start that records a run marks its
 * job (TStepJob.runStart), which is taken at its word: a forged mark can only
 * hold a step to the rate. An unmarked candidate (a reconciler's re-publish)
 * costs one indexed look-up, made only for clients with a rate limit: a later
 * step that looks like a start (iteration 0, attempt 1) is told apart by the
 * step runs its run already has.
 *
 * A deferred start is held until its reserved token is due, so a backlog of
 * starts drains in order at the client's rate with about one extra delivery
 * each; starts beyond the horizon look again after about a horizon.
 */
export function createRunStartLimiter({ redis, prefix, store, horizonMs = DEFAULT_START_HORIZON_MS, graceMs = DEFAULT_START_GRACE_MS }: CreateRunStartLimiterOptions): TRunStartLimiter {
  const hasStarted = async (job: TRunStartJob) => {
    const { rows } = await store.pool.query<{ started: boolean }>({
      name: "queue.run-started",
      // Tenant compared as text: see TRunStore on why a look-up by id does.
      text: "select exists (select 1 from step_runs where run_id = $1 and partner_id::text = $2 and client_id::text = $3) as started",
      values: [job.runId, job.partnerId, job.clientId],
    });
    return rows[0]?.started ?? false;
  };
  return {
    async waitMs(job, runsPerMinute) {
      if (job.iteration !== 0 || job.attempt !== 1 || (!job.runStart && (await hasStarted(job)))) return 0;
      const perSecond = runsPerMinute / 60;
      const keys = clientKeys(prefix, job.clientId);
      return holdFor(Number(await RESERVE_START.run(redis, [keys.starts, keys.startsReserved], [horizonMs, graceMs, job.runId, perSecond])), horizonMs);
    },
  };
}
