import { evaluate, NonRetryableError, type TStep } from "@storeflow/engine";
import { v7 as uuidv7 } from "uuid";
import { type TStepJob } from "../step-job";
import { type TQueryable } from "../transaction";
import { type TStepEnv, type TStepRun } from "./step-run";

type TWaitForEventStep = Extract<TStep, { kind: "waitForEvent" }>;

interface TWaitState {
  id: string;
  status: "open" | "received" | "expired" | "cancelled";
  correlation_key: string;
  expires_at: string;
  expired: boolean;
  wake_in_ms: number;
  /** The payload of the event that ended the wait, once received. */
  payload: unknown;
}

async function findWait(db: TQueryable, job: TStepJob): Promise<TWaitState | undefined> {
  const { rows } = await db.query<TWaitState>({
    name: "runs.find-wait",
    text: `select w.id, w.status, w.correlation_key, to_json(w.expires_at) #>> '{}' as expires_at, w.expires_at <= now() as expired,
             greatest(0, extract(epoch from w.expires_at - now()) * 1000)::float8 as wake_in_ms, e.payload
           from run_waits w join workflow_runs r on r.id = w.run_id and r.partner_id = w.partner_id and r.client_id = w.client_id and r.retry_round = w.round
             left join workflow_events e on e.id = w.event_id and e.client_id = w.client_id
           where w.run_id = $1 and w.partner_id::text = $2 and w.client_id::text = $3 and w.step_key = $4 and w.iteration = $5`,
    values: [job.runId, job.partnerId, job.clientId, job.stepKey, job.iteration],
  });
  return rows[0];
}

/**
 * Opens the wait once per (run, step, iteration) and retry round: a repeated
 * attempt finds the one it opened; after an operator's retry, the step waits
 * afresh (see retryRun).
 */
async function openWait(db: TQueryable, job: TStepJob, step: TWaitForEventStep, correlationKey: string): Promise<void> {
  await db.query({
    name: "runs.open-wait",
    text: `insert into run_waits (id, partner_id, client_id, run_id, step_key, iteration, round, event, correlation_key, expires_at)
           select $6, r.partner_id, r.client_id, r.id, $4, $5, r.retry_round, $7, $8, now() + make_interval(secs => $9::float8 / 1000)
           from workflow_runs r where r.id = $1 and r.partner_id::text = $2 and r.client_id::text = $3
           on conflict (run_id, step_key, iteration, round) do nothing`,
    values: [job.runId, job.partnerId, job.clientId, job.stepKey, job.iteration, uuidv7(), step.event, correlationKey, step.waitForMs],
  });
}

/**
 * Ends an open wait with the earliest matching event received since the run
 * started and before the wait expired, if there is one: the event may have
 * come before the run reached this step, or, for a wait opened by an
 * operator's retry, after the previous round's wait expired. Conditional on
 * the wait being open, as is publishEvent's, so one event ends it, whichever
 * looks first.
 */
async function receiveEarlierEvent(db: TQueryable, job: TStepJob, wait: TWaitState, event: string): Promise<void> {
  await db.query({
    name: "runs.receive-earlier-event",
    text: `update run_waits w set status = 'received', event_id = e.id, resolved_at = now()
           from (select e.id, e.received_at from workflow_events e join workflow_runs r on r.id = $4 and r.partner_id = e.partner_id and r.client_id = e.client_id
                 where e.partner_id::text = $2 and e.client_id::text = $3 and e.event = $5 and e.correlation_key = $6 and e.received_at >= r.created_at
                 order by e.received_at, e.id limit 1) e
           where w.id = $1 and w.partner_id::text = $2 and w.client_id::text = $3 and w.status = 'open' and e.received_at < w.expires_at`,
    values: [wait.id, job.partnerId, job.clientId, job.runId, event, wait.correlation_key],
  });
}

async function expireWait(db: TQueryable, job: TStepJob, waitId: string): Promise<void> {
  await db.query({
    name: "runs.expire-wait",
    text: `update run_waits set status = 'expired', resolved_at = now()
           where id = $1 and partner_id::text = $2 and client_id::text = $3 and status = 'open' and expires_at <= now()`,
    values: [waitId, job.partnerId, job.clientId],
  });
}

async function correlationKeyOf(step: TWaitForEventStep, env: TStepEnv): Promise<string> {
  const key = await evaluate(step.correlationKey, env.context);
  if (typeof key === "string" && key.length > 0) return key;
  if (typeof key === "number") return String(key);
  throw new NonRetryableError(`correlationKey gave ${JSON.stringify(key) ?? "nothing"}, not a string or number`);
}

function afterWait(step: TWaitForEventStep, wait: TWaitState): TStepRun {
  switch (wait.status) {
    case "open":
      return { kind: "parked", wakeInMs: wait.wake_in_ms, input: { waitId: wait.id, correlationKey: wait.correlation_key, expiresAt: wait.expires_at } };
    case "received":
      return { kind: "done", output: wait.payload ?? null };
    case "expired":
      if (step.onTimeout !== undefined) return { kind: "done", output: { timedOut: true }, next: step.onTimeout };
      throw new NonRetryableError(`no "${step.event}" event for "${wait.correlation_key}" arrived within ${step.waitForMs} ms`);
    case "cancelled":
      return { kind: "exception", reason: `the wait for "${step.event}" was cancelled` };
  }
}

/**
 * Opens the step's wait and parks the run on it, unless a matching event is
 * already there. Parked, the run's pending job is the step's next attempt,
 * delayed to the wait's expiry (so the reconciler guards it); an event moves
 * the run on by itself (see publishEvent). A timeout without onTimeout is the
 * step failing, which its onError handles.
 */
export async function runWaitForEvent(step: TWaitForEventStep, env: TStepEnv): Promise<TStepRun> {
  const db = env.store.pool;
  let wait = await findWait(db, env.job);
  if (!wait) {
    await openWait(db, env.job, step, await correlationKeyOf(step, env));
    wait = await findWait(db, env.job);
  }
  if (wait?.status === "open") {
    await receiveEarlierEvent(db, env.job, wait, step.event);
    if (wait.expired) await expireWait(db, env.job, wait.id);
    wait = await findWait(db, env.job);
  }
  if (!wait) throw new Error(`the wait of step "${step.key}" vanished while it opened`);
  return afterWait(step, wait);
}
