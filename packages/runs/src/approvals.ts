import { recordAuditOn } from "@storeflow/audit";
import { stepByKey } from "@storeflow/engine";
import { ConflictError, ForbiddenError, NotFoundError } from "@storeflow/errors";
import type pg from "pg";
import { z } from "zod";
import { type TRunStore } from "./run-store";
import { settleStep } from "./settle";
import { type TStepJob, type TStepPublisher } from "./step-job";
import { approvalOutcome, type TApprovalStatus } from "./steps/approval";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";
import { inTransaction } from "./transaction";
import { decisionAfter, endedRecord, planTransition } from "./transition";

/** A decision on an approval that is no longer pending; `status` says how it ended. */
export class ApprovalClosedError extends ConflictError {
  constructor(readonly status: Exclude<TApprovalStatus, "pending">) {
    super(`This approval is already ${status}; it can no longer be decided`);
    this.name = "ApprovalClosedError";
  }
}

export const ZDecideApprovalInput = z.object({
  approvalId: z.uuid(),
  decision: z.enum(["approved", "rejected"]),
  reason: z.string().trim().max(2000).optional(),
});

/** The audit event a decision records; the decider, in the approval's client, is who. */
export interface TDecisionAudit {
  /** For example `approval.approved`. */
  action: string;
  /** Added to what the decision records itself: the run, the reason and the next step. */
  data?: Record<string, unknown>;
}

/** Options for {@link decideApproval}. */
export interface DecideApprovalOptions extends z.input<typeof ZDecideApprovalInput> {
  store: TRunStore;
  publisher: TStepPublisher;
  /** The decider's tenant, from the session: an approval outside it is not found. */
  scope: { partnerId: string; clientId?: string | null };
  /** The deciding user, checked against the approval's assignees with the role of their active membership. */
  userId: string;
  role: string;
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
  /** Records the decision in the audit trail, in the decision's own transaction. @defaultValue no audit event */
  audit?: TDecisionAudit;
}

interface TPeople {
  roles?: string[];
  userIds?: string[];
}

interface TLockedApproval {
  id: string;
  partner_id: string;
  client_id: string;
  run_id: string;
  step_key: string;
  iteration: number;
  status: TApprovalStatus;
  assignees: TPeople;
  escalate_to: TPeople | null;
  escalated: boolean;
  expired: boolean;
  definition_hash: string;
  step_attempt: number;
  generation: number;
  traceparent: string | null;
  /** The run is running, on this approval's step and iteration, in the retry round the approval opened in. */
  parked: boolean;
}

/**
 * Locks the approval's run, then the approval, so neither moves until the
 * decision commits. The run first, as every change to a run and what it waits
 * on takes them (cancelRun, publishEvent): in the other order, a decision and
 * a cancellation of the same run could deadlock.
 */
async function lockApproval(db: pg.PoolClient, scope: DecideApprovalOptions["scope"], approvalId: string): Promise<TLockedApproval | undefined> {
  const values = [approvalId, scope.partnerId, scope.clientId ?? null];
  const { rowCount } = await db.query({
    name: "runs.lock-approval-run",
    text: `select r.id from workflow_runs r join approvals a on a.run_id = r.id and a.partner_id = r.partner_id and a.client_id = r.client_id
           where a.id::text = $1 and a.partner_id::text = $2 and ($3::text is null or a.client_id::text = $3)
           for no key update of r`,
    values,
  });
  if (rowCount === 0) return undefined;
  const { rows } = await db.query<TLockedApproval>({
    name: "runs.lock-approval",
    text: `select a.id, a.partner_id, a.client_id, a.run_id, a.step_key, a.iteration, a.status, a.assignees, a.escalate_to,
             a.escalated_at is not null as escalated, a.expires_at <= now() as expired,
             r.definition_hash, r.step_attempt, r.generation, r.traceparent,
             r.status = 'running' and r.current_step = a.step_key and r.current_iteration = a.iteration and r.retry_round = a.round as parked
           from approvals a join workflow_runs r on r.id = a.run_id and r.partner_id = a.partner_id and r.client_id = a.client_id
           where a.id::text = $1 and a.partner_id::text = $2 and ($3::text is null or a.client_id::text = $3)
           for update of a`,
    values,
  });
  return rows[0];
}

function names(people: TPeople | null, userId: string, role: string): boolean {
  return Boolean(people?.userIds?.includes(userId) || people?.roles?.includes(role));
}

async function recordDecision(db: pg.PoolClient, approval: TLockedApproval, decision: "approved" | "rejected", userId: string, reason: string | null): Promise<string> {
  const { rows } = await db.query<{ decided_at: string }>({
    name: "runs.record-decision",
    text: `update approvals set status = $4::"ApprovalStatus", decided_by_user_id = $5, decided_at = now(), reason = $6
           where id = $1 and partner_id = $2 and client_id = $3 and status = 'pending'
           returning to_json(decided_at) #>> '{}' as decided_at`,
    values: [approval.id, approval.partner_id, approval.client_id, decision, userId, reason],
  });
  return rows[0]!.decided_at;
}

/**
 * Records a person's decision on a pending approval and moves its run on, in
 * one transaction that holds both rows: approved goes to the step's next,
 * rejected to onReject or into the exception queue. Only an assignee may
 * decide (or, once escalated, someone escalateTo names). Deciding an approval
 * that is decided, expired or cancelled changes nothing and throws
 * {@link ApprovalClosedError}. With `audit`, the audit event is written last in
 * the same transaction, so a decision is never without its audit event, nor a
 * refused one with one. The run's next job is published after the commit; the
 * step's delayed timeout job then finds the run moved on and does nothing.
 */
export async function decideApproval({ store, publisher, scope, userId, role, checkAfterMs = DEFAULT_CHECK_AFTER_MS, audit, ...input }: DecideApprovalOptions) {
  const { approvalId, decision, reason } = ZDecideApprovalInput.parse(input);
  const decided = await inTransaction(store.pool, async (db) => {
    const approval = await lockApproval(db, scope, approvalId);
    if (!approval) throw new NotFoundError("The approval");
    if (!names(approval.assignees, userId, role) && !(approval.escalated && names(approval.escalate_to, userId, role))) {
      throw new ForbiddenError("You are not one of the people who may decide this approval");
    }
    if (approval.status !== "pending") throw new ApprovalClosedError(approval.status);
    if (approval.expired) throw new ApprovalClosedError("expired");
    if (!approval.parked) throw new ConflictError("The run no longer waits on this approval");

    const definition = await store.loadDefinition(approval.partner_id, approval.definition_hash);
    const step = stepByKey(definition, approval.step_key);
    if (step?.kind !== "approval") throw new Error(`step "${approval.step_key}" of run ${approval.run_id} is not an approval`);
    const job: TStepJob = {
      partnerId: approval.partner_id,
      clientId: approval.client_id,
      runId: approval.run_id,
      stepKey: approval.step_key,
      iteration: approval.iteration,
      attempt: approval.step_attempt,
      generation: approval.generation,
      // The run goes on in its own trace, not the decider's request's.
      ...(approval.traceparent ? { traceparent: approval.traceparent } : {}),
    };
    const why = reason || null;
    const decidedAt = await recordDecision(db, approval, decision, userId, why);
    const ran = approvalOutcome(step, { status: decision, decided_by_user_id: userId, reason: why, decided_at: decidedAt });
    // An approval's continuation never reads the run, so it needs no context.
    const context = { input: null, steps: {}, run: { id: job.runId, clientId: job.clientId } };
    const transition = await planTransition(db, { definition, job, decision: await decisionAfter(definition, job, ran, context) });
    if ((await settleStep(db, { job, transition, record: endedRecord(ran), checkAfterMs })) === null) throw new Error(`run ${job.runId} moved while its approval was locked`);
    if (audit) {
      await recordAuditOn(db, {
        scope: { partnerId: approval.partner_id, clientId: approval.client_id, userId },
        action: audit.action,
        target: { type: "approval", id: approval.id },
        data: { ...audit.data, runId: job.runId, reason: why, nextStep: transition.next?.stepKey ?? null },
      });
    }
    return { runId: job.runId, next: transition.next };
  });
  if (decided.next) await publisher.publish([decided.next]);
  return { approvalId, runId: decided.runId, status: decision, nextStep: decided.next?.stepKey ?? null };
}
