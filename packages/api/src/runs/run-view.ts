import { type Prisma } from "@storeflow/db";

/**
 * What the API reads of runs and approvals. Selected column by column, so the
 * executor's bookkeeping (pending job, due time, generation, definition hash)
 * never leaves the database through these reads.
 */
export const runSummarySelect = {
  id: true,
  clientId: true,
  client: { select: { name: true } },
  workflowKey: true,
  workflowVersion: true,
  status: true,
  currentStep: true,
  trigger: true,
  correlationKey: true,
  parentRunId: true,
  error: true,
  triage: true,
  createdAt: true,
  updatedAt: true,
  finishedAt: true,
} as const satisfies Prisma.WorkflowRunSelect;

export const runLinkSelect = { id: true, workflowKey: true, status: true, trigger: true, createdAt: true, finishedAt: true } as const satisfies Prisma.WorkflowRunSelect;

export const approvalSelect = {
  id: true,
  runId: true,
  clientId: true,
  client: { select: { name: true } },
  run: { select: { workflowKey: true } },
  stepKey: true,
  iteration: true,
  title: true,
  details: true,
  assignees: true,
  escalateTo: true,
  status: true,
  expiresAt: true,
  escalateAt: true,
  escalatedAt: true,
  decidedByUserId: true,
  decidedAt: true,
  reason: true,
  createdAt: true,
} as const satisfies Prisma.ApprovalSelect;

type TRunSummaryRow = Prisma.WorkflowRunGetPayload<{ select: typeof runSummarySelect }>;
type TApprovalRow = Prisma.ApprovalGetPayload<{ select: typeof approvalSelect }>;

/** Who may decide, as the approval step stored it ({ roles, userIds }). */
interface TPeople {
  roles?: string[];
  userIds?: string[];
}

/** A triage a worker has claimed but not written yet ({ pending: true }) reads as none. */
const finishedTriage = (triage: unknown) => (typeof triage === "object" && triage !== null && "label" in triage ? triage : null);

/** Flattens the client's name into the run (and keeps whatever else the row carries). */
export function toRunSummary<TRow extends Pick<TRunSummaryRow, "client" | "triage">>({ client, triage, ...run }: TRow) {
  return { ...run, triage: finishedTriage(triage), clientName: client.name };
}

export function toApproval({ client, run, assignees, escalateTo, ...approval }: TApprovalRow) {
  return { ...approval, clientName: client.name, workflowKey: run.workflowKey, assignees: assignees as TPeople, escalateTo: escalateTo as TPeople | null };
}
