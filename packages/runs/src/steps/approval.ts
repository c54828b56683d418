import { type TStep } from "@storeflow/engine";
import { v7 as uuidv7 } from "uuid";
import { type TStepJob } from "../step-job";
import { type TQueryable } from "../transaction";
import { evaluateInputs } from "./evaluate-inputs";
import { type TEndedStepRun, type TStepEnv, type TStepRun } from "./step-run";

type TApprovalStep = Extract<TStep, { kind: "approval" }>;

export type TApprovalStatus = "pending" | "approved" | "rejected" | "expired" | "cancelled";

/** The approval of the run's current retry round, as its step reads it, with the database's clock already applied. */
interface TApprovalState {
  id: string;
  status: TApprovalStatus;
  decided_by_user_id: string | null;
  reason: string | null;
  decided_at: string | null;
  expires_at: string;
  escalated_at: string | null;
  /** Pending and due: its expiry or escalation has come. */
  clock_due: boolean;
  /** Until the next of its expiry and its escalation still to come. */
  wake_in_ms: number;
}

async function findApproval(db: TQueryable, job: TStepJob): Promise<TApprovalState | undefined> {
  const { rows } = await db.query<TApprovalState>({
    name: "runs.find-approval",
    text: `select a.id, a.status, a.decided_by_user_id, a.reason, to_json(a.decided_at) #>> '{}' as decided_at, to_json(a.expires_at) #>> '{}' as expires_at,
             to_json(a.escalated_at) #>> '{}' as escalated_at,
             a.status = 'pending' and (a.expires_at <= now() or (a.escalated_at is null and a.escalate_at <= now())) as clock_due,
             greatest(0, extract(epoch from least(a.expires_at, case when a.escalated_at is null then a.escalate_at end) - now()) * 1000)::float8 as wake_in_ms
           from approvals a join workflow_runs r on r.id = a.run_id and r.partner_id = a.partner_id and r.client_id = a.client_id and r.retry_round = a.round
           where a.run_id = $1 and a.partner_id::text = $2 and a.client_id::text = $3 and a.step_key = $4 and a.iteration = $5`,
    values: [job.runId, job.partnerId, job.clientId, job.stepKey, job.iteration],
  });
  return rows[0];
}

/**
 * Opens the approval once per (run, step, iteration) and retry round: a
 * repeated attempt finds the one it opened; after an operator's retry, the
 * step opens a new one for people to decide (see retryRun).
 */
async function openApproval(db: TQueryable, job: TStepJob, step: TApprovalStep, details: Record<string, unknown>): Promise<void> {
  await db.query({
    name: "runs.open-approval",
    text: `insert into approvals (id, partner_id, client_id, run_id, step_key, iteration, round, title, assignees, escalate_to, details, expires_at, escalate_at)
           select $6, r.partner_id, r.client_id, r.id, $4, $5, r.retry_round, $7, $8::jsonb, $9::jsonb, $10::jsonb,
             now() + make_interval(secs => $11::float8 / 1000), now() + make_interval(secs => $12::float8 / 1000)
           from workflow_runs r where r.id = $1 and r.partner_id::text = $2 and r.client_id::text = $3
           on conflict (run_id, step_key, iteration, round) do nothing`,
    values: [
      job.runId,
      job.partnerId,
      job.clientId,
      job.stepKey,
      job.iteration,
      uuidv7(),
      step.title,
      JSON.stringify(step.assignees),
      step.escalateTo ? JSON.stringify(step.escalateTo) : null,
      JSON.stringify(details),
      step.expiresInMs,
      step.escalateAfterMs ?? null,
    ],
  });
}

/**
 * Applies the clock to a pending approval: past its expiry it is expired;
 * past its escalation time it is marked escalated (escalateTo may then decide
 * too) and stays pending. Conditional on still being pending, so a decision
 * that got there first stands.
 */
async function applyClock(db: TQueryable, approvalId: string, job: TStepJob): Promise<void> {
  await db.query({
    name: "runs.approval-clock",
    text: `update approvals set
             status = case when expires_at <= now() then 'expired'::"ApprovalStatus" else status end,
             escalated_at = case when expires_at > now() and escalated_at is null and escalate_at <= now() then now() else escalated_at end
           where id = $1 and partner_id::text = $2 and client_id::text = $3 and status = 'pending'`,
    values: [approvalId, job.partnerId, job.clientId],
  });
}

/** How an approval that is no longer pending carries the run on: by its step's routes, or into the exception queue. */
export function approvalOutcome(step: TApprovalStep, approval: Pick<TApprovalState, "status" | "decided_by_user_id" | "reason" | "decided_at">): TEndedStepRun {
  const decision = { decision: approval.status, userId: approval.decided_by_user_id, reason: approval.reason, decidedAt: approval.decided_at };
  switch (approval.status) {
    case "pending":
      throw new Error("a pending approval has no outcome yet");
    case "approved":
      return { kind: "done", output: decision };
    case "rejected": {
      if (step.onReject !== undefined) return { kind: "done", output: decision, next: step.onReject };
      const because = approval.reason ? `: ${approval.reason}` : "";
      return { kind: "exception", reason: `approval "${step.title}" was rejected by user ${approval.decided_by_user_id}${because}` };
    }
    case "expired":
      if (step.onExpire !== undefined) return { kind: "done", output: { decision: "expired" }, next: step.onExpire };
      return { kind: "exception", reason: `approval "${step.title}" expired without a decision` };
    case "cancelled":
      return { kind: "exception", reason: `approval "${step.title}" was cancelled` };
  }
}

/**
 * Opens the step's approval and parks the run on it. The run's pending job is
 * then the step's next attempt, delayed to the approval's escalation or expiry,
 * so the reconciler guards a parked run like any other. Each wake-up applies
 * the clock and parks again or moves on; a decision moves the run on by itself
 * (see decideApproval), and this attempt's job then finds the run gone on.
 */
export async function runApproval(step: TApprovalStep, { store, job, context }: TStepEnv): Promise<TStepRun> {
  let approval = await findApproval(store.pool, job);
  if (!approval) {
    await openApproval(store.pool, job, step, await evaluateInputs(step.details ?? {}, context));
    approval = await findApproval(store.pool, job);
  }
  if (approval?.clock_due) {
    await applyClock(store.pool, approval.id, job);
    approval = await findApproval(store.pool, job);
  }
  if (!approval) throw new Error(`the approval of step "${step.key}" vanished while it opened`);
  if (approval.status !== "pending") return approvalOutcome(step, approval);
  return { kind: "parked", wakeInMs: approval.wake_in_ms, input: { approvalId: approval.id, expiresAt: approval.expires_at, escalatedAt: approval.escalated_at } };
}
