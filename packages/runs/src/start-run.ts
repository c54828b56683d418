import { assertValidDefinition, type TWorkflowDefinition } from "@storeflow/engine";
import { ATTR_CLIENT_ID, ATTR_PARTNER_ID, ATTR_RUN_ID, ATTR_WORKFLOW, injectTraceContext, type Span, withContextAttributes, withSpan } from "@storeflow/telemetry";
import { v7 as uuidv7 } from "uuid";
import { definitionHash } from "./definition-hash";
import { type TRunStore } from "./run-store";
import { stepJobId, type TStepJob, type TStepPublisher } from "./step-job";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";
import { type TQueryable } from "./transaction";

/** What started a run: the kind, what fired it, and the run it continues (replay, emit). */
export interface TRunTriggerInfo {
  kind: "manual" | "schedule" | "webhook" | "event" | "replay";
  ref?: string | null;
  parentRunId?: string | null;
}

declare const prepared: unique symbol;

/** A definition that held against its bindings and is stored for its partner: what runs start from. */
export interface TPreparedDefinition {
  readonly partnerId: string;
  readonly hash: string;
  readonly definition: TWorkflowDefinition;
  readonly [prepared]: true;
}

/**
 * Validates a definition against the connection bindings it will run with and
 * stores it, content-addressed, for the partner: done once when a workflow is
 * installed or scheduled, so starting each run costs no validation.
 * @throws DefinitionError naming what does not hold
 */
export async function prepareDefinition(store: TRunStore, partnerId: string, definition: unknown, bindings: readonly string[]): Promise<TPreparedDefinition> {
  const valid = assertValidDefinition(definition, { bindings });
  const hash = definitionHash(valid);
  await store.saveDefinition(partnerId, hash, valid);
  return { partnerId, hash, definition: valid } as TPreparedDefinition;
}

/** Options for {@link startRun}. */
export type StartRunOptions = TStartRunOptions &
  (
    | { prepared: TPreparedDefinition }
    | {
        /** Validated here: a definition that does not hold never becomes a run (DefinitionError). */
        definition: unknown;
        /** Connection bindings the installation provides; checked against the definition. */
        bindings: readonly string[];
      }
  );

interface TStartRunOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  scope: { partnerId: string; clientId: string };
  input: unknown;
  /** Same key, same run: a trigger delivered twice starts one run. */
  idempotencyKey: string;
  /** What started it, for the run explorer and for lineage. @defaultValue { kind: "manual" } */
  trigger?: TRunTriggerInfo;
  /** A business key to find the run by: an order number, a SKU. */
  correlationKey?: string | null;
  /** The installation the run belongs to: its bindings name the run's connections. */
  installationId?: string | null;
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
}

/**
 * Records a run with its first step's job id, then publishes that job. The run
 * row is the outbox: if this process dies between the commit and the publish,
 * the reconciler finds the job missing and publishes it. The start is a
 * `run.start` span under whatever is active (a relayed webhook, a request, an
 * emitting step), any wait to be admitted (TStepPublisher.admitStart) included;
 * the run keeps its traceparent, so the run is one trace.
 */
export async function startRun(options: StartRunOptions): Promise<{ runId: string; created: boolean }> {
  const { scope, publisher } = options;
  const runId = uuidv7();
  // The id the run is inserted under, on every span of the start; a repeated start finds another run, which its span then names.
  const attributes = { [ATTR_PARTNER_ID]: scope.partnerId, [ATTR_CLIENT_ID]: scope.clientId, [ATTR_RUN_ID]: runId };
  const record = (span: Span) => (publisher.admitStart ? publisher.admitStart(scope.clientId, () => recordRun(options, runId, span)) : recordRun(options, runId, span));
  return withContextAttributes(attributes, () => withSpan("run.start", NO_ATTRIBUTES, record));
}

const NO_ATTRIBUTES = Object.freeze({});

/** One run to record, a row of {@link insertRuns}' input; the input is wrapped so a null input stays a JSON null. */
export interface TRunInsert {
  id: string;
  partner_id: string;
  client_id: string;
  workflow_key: string;
  workflow_version: string;
  definition_hash: string;
  input: { value: unknown };
  current_step: string;
  pending_job_id: string;
  check_after_ms: number;
  idempotency_key: string;
  trigger: TRunTriggerInfo["kind"];
  trigger_ref: string | null;
  parent_run_id: string | null;
  correlation_key: string | null;
  installation_id: string | null;
  traceparent: string | null;
}

/**
 * Inserts runs with their first step's job id, in one statement (one commit)
 * for all of them. The client's and definition's existence are checked here
 * rather than by foreign keys, whose row locks serialise a client's concurrent
 * starts; the SLA deadline comes from the installation's targets in the same
 * statement (a primary-key lookup), so a run costs no extra round trip for it.
 * Rows go in by (client, idempotency key), so two statements that share keys
 * wait for each other in the same order and cannot deadlock.
 * @returns for each run, in order, whether it was inserted: false when its
 *   idempotency key was taken (or its client or definition is missing)
 */
export async function insertRuns(db: TQueryable, runs: readonly TRunInsert[]): Promise<boolean[]> {
  const { rows } = await db.query<{ id: string }>({
    name: "runs.start",
    text: `insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, definition_hash, input,
             current_step, step_attempt, pending_job_id, due_at, idempotency_key, trigger, trigger_ref, parent_run_id, correlation_key, installation_id, traceparent, sla_deadline)
           select i.id, c.partner_id, c.id, i.workflow_key, i.workflow_version, d.hash, i.input -> 'value', i.current_step, 1, i.pending_job_id,
             now() + make_interval(secs => i.check_after_ms / 1000), i.idempotency_key, i.trigger, i.trigger_ref, i.parent_run_id, i.correlation_key,
             i.installation_id, i.traceparent,
             now() + (select make_interval(secs => t.run_duration_ms::float8 / 1000) from sla_targets t where t.installation_id = i.installation_id and t.partner_id = c.partner_id)
           from jsonb_to_recordset($1::jsonb) as i(id uuid, partner_id uuid, client_id uuid, workflow_key text, workflow_version text, definition_hash text,
               input jsonb, current_step text, pending_job_id text, check_after_ms float8, idempotency_key text, trigger "RunTrigger", trigger_ref text,
               parent_run_id uuid, correlation_key text, installation_id uuid, traceparent text)
             join clients c on c.id = i.client_id and c.partner_id = i.partner_id
             join workflow_definitions d on d.partner_id = c.partner_id and d.hash = i.definition_hash
           order by c.id, i.idempotency_key
           on conflict (client_id, idempotency_key) do nothing
           returning id::text`,
    values: [JSON.stringify(runs)],
  });
  const inserted = new Set(rows.map((row) => row.id));
  return runs.map((run) => inserted.has(run.id));
}

async function recordRun(options: StartRunOptions, runId: string, span: Span): Promise<{ runId: string; created: boolean }> {
  const { store, publisher, scope, input, idempotencyKey, trigger = { kind: "manual" }, correlationKey = null, installationId = null, checkAfterMs = DEFAULT_CHECK_AFTER_MS } = options;
  const { hash, definition: valid, partnerId } =
    "prepared" in options ? options.prepared : await prepareDefinition(store, scope.partnerId, options.definition, options.bindings);
  if (partnerId !== scope.partnerId) throw new Error(`definition ${hash} was prepared for another partner`);
  // The run's trace is this span's: every step, on whichever worker and however often re-published, joins it.
  const traceparent = injectTraceContext();
  const job: TStepJob = { partnerId: scope.partnerId, clientId: scope.clientId, runId, stepKey: valid.start, iteration: 0, attempt: 1, generation: 0, runStart: true, ...(traceparent ? { traceparent } : {}) };
  if (span.isRecording()) span.setAttributes({ [ATTR_WORKFLOW]: valid.key, "storeflow.trigger": trigger.kind });
  const created = await store.recordRun({
    id: job.runId,
    partner_id: scope.partnerId,
    client_id: scope.clientId,
    workflow_key: valid.key,
    workflow_version: valid.version,
    definition_hash: hash,
    input: { value: input ?? null },
    current_step: valid.start,
    pending_job_id: stepJobId(job),
    check_after_ms: checkAfterMs,
    idempotency_key: idempotencyKey,
    trigger: trigger.kind,
    trigger_ref: trigger.ref ?? null,
    parent_run_id: trigger.parentRunId ?? null,
    correlation_key: correlationKey,
    installation_id: installationId,
    traceparent: traceparent ?? null,
  });
  if (!created) {
    const existing = await store.pool.query<{ id: string }>({
      name: "runs.find-by-idempotency-key",
      text: "select id from workflow_runs where partner_id = $1 and client_id = $2 and idempotency_key = $3",
      values: [scope.partnerId, scope.clientId, idempotencyKey],
    });
    const [run] = existing.rows;
    // Client ids are unique across partners, so only a mismatched scope lands here.
    if (!run) throw new Error(`client ${scope.clientId} does not belong to partner ${scope.partnerId}`);
    span.setAttributes({ [ATTR_RUN_ID]: run.id, "storeflow.run.created": false });
    return { runId: run.id, created: false };
  }
  await publisher.publish([job]);
  return { runId: job.runId, created: true };
}
