import { recordAuditOn } from "@storeflow/audit";
import { stepByKey } from "@storeflow/engine";
import { NotFoundError } from "@storeflow/errors";
import type pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { type TRunStore } from "./run-store";
import { settleStep } from "./settle";
import { type TStepJob, type TStepPublisher } from "./step-job";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";
import { inTransaction } from "./transaction";
import { decisionAfter, endedRecord, planTransition } from "./transition";

export const ZPublishEventInput = z.object({
  event: z.string().min(1).max(200),
  correlationKey: z.string().min(1).max(500),
  payload: z.json(),
  /** The sender's id for the event: a repeated delivery with the same key is stored and acted on once. */
  idempotencyKey: z.string().min(1).max(200),
  /** The run whose step emitted the event, if one did. */
  sourceRunId: z.uuid().optional(),
});

/** The audit event a published event records, in the event's client. */
export interface TPublishAudit {
  /** The person who published it, if one did. */
  userId: string | null;
  /** For example `event.published`. */
  action: string;
  /** Added to what the event records itself: its name, keys and the runs it resumed. */
  data?: Record<string, unknown>;
}

/** Options for {@link publishEvent}. */
export interface PublishEventOptions extends z.input<typeof ZPublishEventInput> {
  store: TRunStore;
  publisher: TStepPublisher;
  /** The client the event belongs to; a client outside the partner is not found. */
  scope: { partnerId: string; clientId: string };
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
  /** Records the event in the audit trail, in the transaction that stores it; a repeated delivery records none. @defaultValue no audit event */
  audit?: TPublishAudit;
}

async function storeEvent(db: pg.PoolClient, scope: PublishEventOptions["scope"], event: z.output<typeof ZPublishEventInput>): Promise<{ id: string; created: boolean }> {
  const { rows } = await db.query<{ id: string }>({
    name: "runs.store-event",
    text: `insert into workflow_events (id, partner_id, client_id, event, correlation_key, payload, idempotency_key, source_run_id)
           select $1, c.partner_id, c.id, $4, $5, $6::jsonb, $7, $8 from clients c where c.id::text = $3 and c.partner_id::text = $2
           on conflict (client_id, idempotency_key) do nothing
           returning id`,
    values: [uuidv7(), scope.partnerId, scope.clientId, event.event, event.correlationKey, JSON.stringify(event.payload), event.idempotencyKey, event.sourceRunId ?? null],
  });
  if (rows[0]) return { id: rows[0].id, created: true };
  const existing = await db.query<{ id: string }>({
    name: "runs.find-event",
    text: "select id from workflow_events where partner_id::text = $1 and client_id::text = $2 and idempotency_key = $3",
    values: [scope.partnerId, scope.clientId, event.idempotencyKey],
  });
  // Client ids are unique across partners, so only a client outside the partner lands here.
  if (!existing.rows[0]) throw new NotFoundError("The client");
  return { id: existing.rows[0].id, created: false };
}

interface TOpenWait {
  id: string;
  run_id: string;
  step_key: string;
  iteration: number;
  definition_hash: string;
  step_attempt: number;
  generation: number;
  traceparent: string | null;
}

/**
 * Locks the running runs with an open wait for the event, in id order. Before
 * their waits: every change to a run and what it waits on takes the run row
 * first (decideApproval, cancelRun), so an event and a cancellation of the
 * same run cannot deadlock.
 */
async function lockWaitingRuns(db: pg.PoolClient, scope: PublishEventOptions["scope"], event: string, correlationKey: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>({
    name: "runs.lock-waiting-runs",
    text: `select r.id from workflow_runs r
           where r.partner_id::text = $1 and r.client_id::text = $2 and r.status::text = 'running'
             and r.id in (select w.run_id from run_waits w
                          where w.partner_id::text = $1 and w.client_id::text = $2 and w.event = $3 and w.correlation_key = $4 and w.status = 'open')
           order by r.id
           for no key update`,
    values: [scope.partnerId, scope.clientId, event, correlationKey],
  });
  return rows.map((row) => row.id);
}

/**
 * Locks every open, unexpired wait for the event whose run, locked by
 * {@link lockWaitingRuns}, is parked on it, in a fixed order so concurrent
 * events do not deadlock. A wait opened since is not resumed here: its step
 * takes the stored event itself when it next looks (see receiveEarlierEvent).
 */
async function lockOpenWaits(db: pg.PoolClient, scope: PublishEventOptions["scope"], event: string, correlationKey: string): Promise<TOpenWait[]> {
  const runIds = await lockWaitingRuns(db, scope, event, correlationKey);
  if (runIds.length === 0) return [];
  const { rows } = await db.query<TOpenWait>({
    name: "runs.lock-open-waits",
    text: `select w.id, w.run_id, w.step_key, w.iteration, r.definition_hash, r.step_attempt, r.generation, r.traceparent
           from run_waits w join workflow_runs r on r.id = w.run_id and r.partner_id = w.partner_id and r.client_id = w.client_id
           where w.partner_id::text = $1 and w.client_id::text = $2 and w.event = $3 and w.correlation_key = $4
             and w.status = 'open' and w.expires_at > now() and w.run_id = any($5::uuid[])
             and r.status::text = 'running' and r.current_step = w.step_key and r.current_iteration = w.iteration and r.retry_round = w.round
           order by w.id
           for update of w`,
    values: [scope.partnerId, scope.clientId, event, correlationKey, runIds],
  });
  return rows;
}

interface TResumeOptions {
  db: pg.PoolClient;
  store: TRunStore;
  scope: PublishEventOptions["scope"];
  wait: TOpenWait;
  eventId: string;
  payload: unknown;
  checkAfterMs: number;
}

/** Ends one wait with the event and moves its run on, the event's payload as the step's output. */
async function resumeWait({ db, store, scope, wait, eventId, payload, checkAfterMs }: TResumeOptions): Promise<TStepJob | null> {
  const definition = await store.loadDefinition(scope.partnerId, wait.definition_hash);
  if (stepByKey(definition, wait.step_key)?.kind !== "waitForEvent") throw new Error(`step "${wait.step_key}" of run ${wait.run_id} is not a waitForEvent`);
  // The run goes on in its own trace, not the event's.
  const job: TStepJob = {
    ...scope,
    runId: wait.run_id,
    stepKey: wait.step_key,
    iteration: wait.iteration,
    attempt: wait.step_attempt,
    generation: wait.generation,
    ...(wait.traceparent ? { traceparent: wait.traceparent } : {}),
  };
  const ran = { kind: "done" as const, output: payload };
  // A waitForEvent's continuation never reads the run, so it needs no context.
  const context = { input: null, steps: {}, run: { id: job.runId, clientId: job.clientId } };
  const transition = await planTransition(db, { definition, job, decision: await decisionAfter(definition, job, ran, context) });
  if ((await settleStep(db, { job, transition, record: endedRecord(ran), checkAfterMs })) === null) throw new Error(`run ${job.runId} moved while its wait was locked`);
  await db.query({
    name: "runs.receive-event",
    text: `update run_waits set status = 'received', event_id = $4, resolved_at = now() where id = $1 and partner_id::text = $2 and client_id::text = $3`,
    values: [wait.id, scope.partnerId, scope.clientId, eventId],
  });
  return transition.next;
}

/**
 * Records a business event for a client once per idempotency key and, in the
 * same transaction, resumes every run parked on an open wait for it (same
 * event, same correlation key), the payload as the wait step's output. A
 * repeated delivery finds the event stored and resumes nothing: the first one
 * already did, and a run that starts waiting later finds the stored event
 * itself. With `audit`, a stored event's audit event is written last in the
 * same transaction, so both commit or neither does. Resumed runs' next jobs
 * are published after the commit.
 */
export async function publishEvent({ store, publisher, scope, checkAfterMs = DEFAULT_CHECK_AFTER_MS, audit, ...input }: PublishEventOptions) {
  const event = ZPublishEventInput.parse(input);
  const outcome = await inTransaction(store.pool, async (db) => {
    const stored = await storeEvent(db, scope, event);
    const resumed = { runIds: [] as string[], jobs: [] as TStepJob[] };
    if (!stored.created) return { eventId: stored.id, created: false, ...resumed };
    for (const wait of await lockOpenWaits(db, scope, event.event, event.correlationKey)) {
      const next = await resumeWait({ db, store, scope, wait, eventId: stored.id, payload: event.payload, checkAfterMs });
      resumed.runIds.push(wait.run_id);
      if (next) resumed.jobs.push(next);
    }
    if (audit) {
      await recordAuditOn(db, {
        scope: { ...scope, userId: audit.userId },
        action: audit.action,
        target: { type: "event", id: stored.id },
        data: { ...audit.data, event: event.event, correlationKey: event.correlationKey, idempotencyKey: event.idempotencyKey, resumedRunIds: resumed.runIds },
      });
    }
    return { eventId: stored.id, created: true, ...resumed };
  });
  if (outcome.jobs.length > 0) await publisher.publish(outcome.jobs);
  return { eventId: outcome.eventId, created: outcome.created, resumedRunIds: outcome.runIds };
}
