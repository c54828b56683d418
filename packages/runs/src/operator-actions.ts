import { recordAudit } from "@storeflow/audit";
import { Prisma, type TDb, type TTenantScope, type TTx, withTenant, type WorkflowRun } from "@storeflow/db";
import { decideNext, enclosingForEach, stepByKey, ZWorkflowDefinition } from "@storeflow/engine";
import { ConflictError, DomainError, NotFoundError } from "@storeflow/errors";
import { injectTraceContext } from "@storeflow/telemetry";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { stepJobId, type TStepJob, type TStepPublisher } from "./step-job";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";

/**
 * Who acts, and with what: operator actions run in the actor's tenant scope, so
 * row-level security hides every run the actor may not touch (another partner's,
 * or, for a client user, a sibling client's), and each change is audited in the
 * transaction that makes it. Jobs are published after the commit; a crash in
 * between leaves the run due, and the reconciler publishes its job.
 */
export interface TOperator {
  db: TDb;
  scope: TTenantScope & { userId: string };
}

export interface OperatorActionOptions {
  operator: TOperator;
  publisher: TStepPublisher;
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
}

export const ZRunIdInput = z.object({ runId: z.uuid() });
/** JSON text, as an operator types it into a form; parsed, or a field issue saying why not. */
const ZJsonText = z
  .string()
  .max(100_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as z.infer<ReturnType<typeof z.json>>;
    } catch {
      ctx.addIssue({ code: "custom", message: "Write valid JSON, for example {\"refundId\": \"re_123\"}" });
      return z.NEVER;
    }
  });

const ZSkipNote = z.string().trim().min(1, "Say why the step is skipped").max(2000);
/** What {@link skipStep} takes: the output the skipped step is taken to have produced, which later steps read. */
const ZSkipStep = ZRunIdInput.extend({ output: z.json(), note: ZSkipNote });
/** The same from a form, the output written as JSON text. */
export const ZSkipStepInput = ZRunIdInput.extend({ output: ZJsonText, note: ZSkipNote });
export const ZCancelRunInput = ZRunIdInput.extend({ reason: z.string().trim().min(1, "Say why the run is cancelled").max(2000) });
export const ZResolveRunInput = ZRunIdInput.extend({ note: z.string().trim().min(1, "Write what was done about it").max(2000) });
export const ZBulkRetryInput = z.object({
  clientId: z.uuid().optional(),
  workflowKey: z.string().min(1).max(100).optional(),
  /** The step the runs failed on. */
  stepKey: z.string().min(1).max(100).optional(),
  failedSince: z.coerce.date().optional(),
  /** At most this many runs per call, oldest failure first. */
  limit: z.int().min(1).max(500).default(100),
});

type TRunRow = WorkflowRun;

const dueAt = (checkAfterMs: number) => new Date(Date.now() + checkAfterMs);

async function findRun(tx: TTx, runId: string): Promise<TRunRow> {
  const run = await tx.workflowRun.findUnique({ where: { id: runId } });
  if (!run) throw new NotFoundError("The run");
  return run;
}

/**
 * Finds the run to change and locks its row until the action commits, before
 * touching anything the run waits on: decideApproval and publishEvent take the
 * run row first too, so an action and a decision or event on the same run
 * queue up instead of deadlocking, and the action sees the run as they left it.
 */
async function lockRun(tx: TTx, runId: string): Promise<TRunRow> {
  await tx.$queryRaw`select id from workflow_runs where id = ${runId}::uuid for no key update`;
  return findRun(tx, runId);
}

/** Closes the approvals and event waits the run still has open, as they were: nobody may decide or resume them any more. */
async function cancelOpenApprovalsAndWaits(tx: TTx, runId: string): Promise<void> {
  await tx.approval.updateMany({ where: { runId, status: "pending" }, data: { status: "cancelled" } });
  await tx.runWait.updateMany({ where: { runId, status: "open" }, data: { status: "cancelled", resolvedAt: new Date() } });
}

function assertStatus(run: TRunRow, allowed: readonly TRunRow["status"][], action: string) {
  if (!allowed.includes(run.status)) throw new ConflictError(`Only a ${allowed.join(" or ")} run can be ${action}; this one is ${run.status}`);
}

const changedMeanwhile = () => new ConflictError("The run changed while you were looking at it; reload and try again");

/** The run's next job, in the run's own trace however long after it started an operator moves it on. */
function jobFor(run: TRunRow, changes: Pick<TStepJob, "stepKey" | "iteration" | "attempt">): TStepJob {
  return { partnerId: run.partnerId, clientId: run.clientId, runId: run.id, generation: run.generation, ...changes, ...(run.traceparent ? { traceparent: run.traceparent } : {}) };
}

/**
 * Puts a failed run back on its failed step under a new attempt, in a new
 * retry round; compare-and-set on the attempt it failed at. An approval or
 * event wait belongs to the round it opened in, so the step opens a fresh one
 * for people to decide or the event to end, rather than ending as its last one
 * did (rejected, expired). One still open, because the step failed some other
 * way, is cancelled with its round.
 */
async function requeueFailedRun(tx: TTx, run: TRunRow, checkAfterMs: number): Promise<TStepJob> {
  const job = jobFor(run, { stepKey: run.currentStep!, iteration: run.currentIteration, attempt: run.stepAttempt + 1 });
  const { count } = await tx.workflowRun.updateMany({
    where: { id: run.id, status: "failed", stepAttempt: run.stepAttempt },
    data: {
      status: "running",
      stepAttempt: job.attempt,
      retryRound: { increment: 1 },
      pendingJobId: stepJobId(job),
      dueAt: dueAt(checkAfterMs),
      error: Prisma.DbNull,
      // Should it fail again, that failure is triaged afresh.
      triage: Prisma.DbNull,
      finishedAt: null,
      updatedAt: new Date(),
    },
  });
  if (count === 0) throw changedMeanwhile();
  await cancelOpenApprovalsAndWaits(tx, run.id);
  return job;
}

/** Retries a failed run from the step it failed on; earlier steps keep their results. */
export async function retryRun({ operator, publisher, checkAfterMs = DEFAULT_CHECK_AFTER_MS }: OperatorActionOptions, input: z.infer<typeof ZRunIdInput>) {
  const { runId } = ZRunIdInput.parse(input);
  const job = await withTenant(operator.db, operator.scope, async (tx) => {
    const run = await lockRun(tx, runId);
    assertStatus(run, ["failed"], "retried");
    const requeued = await requeueFailedRun(tx, run, checkAfterMs);
    await recordAudit({ tx, scope: operator.scope, clientId: run.clientId, action: "run.retried", target: { type: "run", id: run.id }, data: { step: requeued.stepKey, attempt: requeued.attempt } });
    return requeued;
  });
  await publisher.publish([job]);
  return { runId, stepKey: job.stepKey, attempt: job.attempt };
}

/** Retries every failed run matching the filter, each from its failed step, in one audited change. */
export async function bulkRetryRuns({ operator, publisher, checkAfterMs = DEFAULT_CHECK_AFTER_MS }: OperatorActionOptions, input: z.input<typeof ZBulkRetryInput>) {
  const filter = ZBulkRetryInput.parse(input);
  const jobs = await withTenant(operator.db, operator.scope, async (tx) => {
    // A client outside the actor's scope is not found, rather than matching no runs.
    if (filter.clientId && !(await tx.client.findUnique({ where: { id: filter.clientId }, select: { id: true } }))) throw new NotFoundError("The client");
    const runs = await tx.workflowRun.findMany({
      where: {
        status: "failed",
        clientId: filter.clientId,
        workflowKey: filter.workflowKey,
        currentStep: filter.stepKey,
        finishedAt: filter.failedSince ? { gte: filter.failedSince } : undefined,
      },
      orderBy: { finishedAt: "asc" },
      take: filter.limit,
    });
    const requeued: TStepJob[] = [];
    for (const run of runs) requeued.push(await requeueFailedRun(tx, run, checkAfterMs));
    if (requeued.length > 0) {
      await recordAudit({
        tx,
        scope: operator.scope,
        action: "run.bulk_retried",
        target: { type: "run" },
        data: { filter: { ...filter, failedSince: filter.failedSince?.toISOString() }, count: requeued.length, runIds: requeued.map((job) => job.runId) },
      });
    }
    return requeued;
  });
  if (jobs.length > 0) await publisher.publish(jobs);
  return { retried: jobs.length, runIds: jobs.map((job) => job.runId) };
}

/**
 * Skips a failed run's failed step with an output the operator provides, then
 * carries on as if the step had produced it (a branch after it reads it too).
 */
export async function skipStep({ operator, publisher, checkAfterMs = DEFAULT_CHECK_AFTER_MS }: OperatorActionOptions, input: z.input<typeof ZSkipStep>) {
  const { runId, output, note } = ZSkipStep.parse(input);
  const job = await withTenant(operator.db, operator.scope, async (tx) => {
    const run = await lockRun(tx, runId);
    assertStatus(run, ["failed"], "skipped forward");
    const stepKey = run.currentStep!;
    const stored = await tx.workflowDefinition.findUniqueOrThrow({ where: { partnerId_hash: { partnerId: run.partnerId, hash: run.definitionHash } } });
    const definition = ZWorkflowDefinition.parse(stored.definition);
    if (!stepByKey(definition, stepKey)) throw new DomainError("BAD_REQUEST", `Step "${stepKey}" is not in the run's workflow`);
    // An item's step hands on to the next item or back to its forEach, which a bare skip would bypass.
    if (enclosingForEach(definition, stepKey)) {
      throw new DomainError("BAD_REQUEST", `Step "${stepKey}" runs for each item of a list and cannot be skipped for one item; retry the run or resolve it`);
    }
    const earlier = await tx.stepRun.findMany({ where: { runId, output: { not: Prisma.DbNull } }, select: { stepKey: true, output: true } });
    const steps = Object.fromEntries(earlier.map((s) => [s.stepKey, { output: s.output }]));
    const context = { input: run.input, steps: { ...steps, [stepKey]: { output } }, run: { id: run.id, clientId: run.clientId } };
    const decision = await decideNext({ definition, stepKey, outcome: { status: "succeeded", output }, context }).catch((error: unknown) => {
      throw new DomainError("BAD_REQUEST", `That output does not let the run go on: ${error instanceof Error ? error.message : String(error)}`, "output");
    });
    const next = decision.kind === "step" ? jobFor(run, { stepKey: decision.stepKey, iteration: 0, attempt: 1 }) : null;
    const { count } = await tx.workflowRun.updateMany({
      where: { id: runId, status: "failed", stepAttempt: run.stepAttempt },
      data: next
        ? {
            status: "running",
            currentStep: next.stepKey,
            currentIteration: 0,
            stepAttempt: 1,
            pendingJobId: stepJobId(next),
            dueAt: dueAt(checkAfterMs),
            error: Prisma.DbNull,
            triage: Prisma.DbNull,
            finishedAt: null,
            updatedAt: new Date(),
          }
        : { status: "succeeded", currentStep: null, pendingJobId: null, error: Prisma.DbNull, finishedAt: new Date(), updatedAt: new Date() },
    });
    if (count === 0) throw changedMeanwhile();
    await cancelOpenApprovalsAndWaits(tx, runId);
    await tx.stepRun.create({
      data: {
        id: uuidv7(),
        partnerId: run.partnerId,
        clientId: run.clientId,
        runId,
        stepKey,
        iteration: run.currentIteration,
        attempt: run.stepAttempt + 1,
        status: "succeeded",
        output: output as Prisma.InputJsonValue,
        error: { skipped: true, note, userId: operator.scope.userId },
        finishedAt: new Date(),
      },
    });
    await recordAudit({ tx, scope: operator.scope, clientId: run.clientId, action: "run.step_skipped", target: { type: "run", id: runId }, data: { step: stepKey, note, next: next?.stepKey ?? null } });
    return next;
  });
  if (job) await publisher.publish([job]);
  return { runId, next: job?.stepKey ?? null };
}

/**
 * Cancels a running or failed run. Its queued job, if any, finds the run no longer
 * running and does nothing; open approvals and event waits close with it.
 */
export async function cancelRun({ operator }: OperatorActionOptions, input: z.input<typeof ZCancelRunInput>) {
  const { runId, reason } = ZCancelRunInput.parse(input);
  await withTenant(operator.db, operator.scope, async (tx) => {
    const run = await lockRun(tx, runId);
    assertStatus(run, ["running", "failed"], "cancelled");
    const { count } = await tx.workflowRun.updateMany({
      where: { id: runId, status: run.status, stepAttempt: run.stepAttempt, currentStep: run.currentStep },
      data: { status: "cancelled", pendingJobId: null, finishedAt: new Date(), updatedAt: new Date(), resolution: { note: reason, userId: operator.scope.userId, at: new Date().toISOString() } },
    });
    if (count === 0) throw changedMeanwhile();
    await cancelOpenApprovalsAndWaits(tx, runId);
    await recordAudit({ tx, scope: operator.scope, clientId: run.clientId, action: "run.cancelled", target: { type: "run", id: runId }, data: { reason, was: run.status } });
  });
  return { runId, status: "cancelled" as const };
}

/**
 * Closes a failed run by hand with a note of what was done about it: it leaves
 * the exception queue, its history kept, and nobody is left asked to decide it.
 */
export async function resolveRun({ operator }: OperatorActionOptions, input: z.input<typeof ZResolveRunInput>) {
  const { runId, note } = ZResolveRunInput.parse(input);
  await withTenant(operator.db, operator.scope, async (tx) => {
    const run = await lockRun(tx, runId);
    assertStatus(run, ["failed"], "resolved");
    const { count } = await tx.workflowRun.updateMany({
      where: { id: runId, status: "failed", stepAttempt: run.stepAttempt },
      data: { status: "resolved", updatedAt: new Date(), resolution: { note, userId: operator.scope.userId, at: new Date().toISOString() } },
    });
    if (count === 0) throw changedMeanwhile();
    await cancelOpenApprovalsAndWaits(tx, runId);
    await recordAudit({ tx, scope: operator.scope, clientId: run.clientId, action: "run.resolved", target: { type: "run", id: runId }, data: { note } });
  });
  return { runId, status: "resolved" as const };
}

/** Starts a run linked to `run` as its parent, with its input and installation, from `definitionHash`. */
async function startLinkedRun(tx: TTx, run: TRunRow, definitionHash: string, checkAfterMs: number): Promise<TStepJob> {
  const stored = await tx.workflowDefinition.findUniqueOrThrow({ where: { partnerId_hash: { partnerId: run.partnerId, hash: definitionHash } } });
  const definition = ZWorkflowDefinition.parse(stored.definition);
  // The new run's trace is the operator's request's (its tRPC span), as startRun's is whatever starts it.
  const traceparent = injectTraceContext();
  const job: TStepJob = { partnerId: run.partnerId, clientId: run.clientId, runId: uuidv7(), stepKey: definition.start, iteration: 0, attempt: 1, generation: 0, runStart: true, ...(traceparent ? { traceparent } : {}) };
  await tx.workflowRun.create({
    data: {
      id: job.runId,
      partnerId: run.partnerId,
      clientId: run.clientId,
      workflowKey: definition.key,
      workflowVersion: definition.version,
      definitionHash,
      input: run.input as Prisma.InputJsonValue,
      currentStep: definition.start,
      pendingJobId: stepJobId(job),
      dueAt: dueAt(checkAfterMs),
      idempotencyKey: `replay:${run.id}:${job.runId}`,
      trigger: "replay",
      triggerRef: run.id,
      parentRunId: run.id,
      correlationKey: run.correlationKey,
      installationId: run.installationId,
      traceparent: traceparent ?? null,
    },
  });
  return job;
}

/**
 * Starts a new run with the original's input and workflow version, linked to it
 * as its parent. The original is left as it was.
 */
export async function replayRun({ operator, publisher, checkAfterMs = DEFAULT_CHECK_AFTER_MS }: OperatorActionOptions, input: z.infer<typeof ZRunIdInput>) {
  const { runId } = ZRunIdInput.parse(input);
  const job = await withTenant(operator.db, operator.scope, async (tx) => {
    const run = await findRun(tx, runId);
    const replay = await startLinkedRun(tx, run, run.definitionHash, checkAfterMs);
    await recordAudit({ tx, scope: operator.scope, clientId: run.clientId, action: "run.replayed", target: { type: "run", id: run.id }, data: { replayRunId: replay.runId } });
    return replay;
  });
  await publisher.publish([job]);
  return { runId: job.runId, replayOf: runId };
}

/**
 * Retries a failed run from the start on its installation's current template
 * version and parameters: a new run with the original's input, linked to it;
 * the original is resolved with a note pointing at the new one.
 */
export async function restartRun({ operator, publisher, checkAfterMs = DEFAULT_CHECK_AFTER_MS }: OperatorActionOptions, input: z.infer<typeof ZRunIdInput>) {
  const { runId } = ZRunIdInput.parse(input);
  const job = await withTenant(operator.db, operator.scope, async (tx) => {
    const run = await findRun(tx, runId);
    assertStatus(run, ["failed"], "restarted");
    if (!run.installationId) throw new DomainError("BAD_REQUEST", "This run was not started from an installed template, so it has no current version to restart on", "runId");
    const installation = await tx.installation.findFirst({ where: { id: run.installationId, uninstalledAt: null }, select: { definitionHash: true, templateVersion: true } });
    if (!installation) throw new ConflictError("The template this run belongs to is no longer installed");
    const restart = await startLinkedRun(tx, run, installation.definitionHash, checkAfterMs);
    const note = `Restarted from the start on version ${installation.templateVersion} as run ${restart.runId}`;
    const { count } = await tx.workflowRun.updateMany({
      where: { id: runId, status: "failed", stepAttempt: run.stepAttempt },
      data: { status: "resolved", updatedAt: new Date(), resolution: { note, userId: operator.scope.userId, at: new Date().toISOString() } },
    });
    if (count === 0) throw changedMeanwhile();
    await cancelOpenApprovalsAndWaits(tx, runId);
    await recordAudit({
      tx,
      scope: operator.scope,
      clientId: run.clientId,
      action: "run.restarted",
      target: { type: "run", id: run.id },
      data: { restartRunId: restart.runId, templateVersion: installation.templateVersion },
    });
    return restart;
  });
  await publisher.publish([job]);
  return { runId: job.runId, restartOf: runId };
}
