import { type TActor } from "@storeflow/accounts";
import { type Prisma, withTenant } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";
import { ZRunIdInput } from "@storeflow/runs";
import { type z } from "zod";
import { approvalSelect, runLinkSelect, runSummarySelect, toApproval, toRunSummary } from "./run-view";

/** Linked runs in one answer: more replays or emitted runs than this under one run is not a page anyone reads. */
const MAX_CHILDREN = 100;

const stepAttemptSelect = {
  id: true,
  stepKey: true,
  iteration: true,
  attempt: true,
  status: true,
  input: true,
  output: true,
  error: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.StepRunSelect;

/** One run with its step attempts (in the order they finished, unfinished ones last), its approvals and the runs linked to it. */
export async function getRun(actor: TActor, input: z.input<typeof ZRunIdInput>) {
  const { runId } = ZRunIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const run = await tx.workflowRun.findFirst({
      where: { id: runId, partnerId: actor.scope.partnerId },
      select: {
        ...runSummarySelect,
        input: true,
        resolution: true,
        triggerRef: true,
        steps: { select: stepAttemptSelect, orderBy: [{ finishedAt: { sort: "asc", nulls: "last" } }, { startedAt: "asc" }, { id: "asc" }] },
        approvals: { select: approvalSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      },
    });
    if (!run) throw new NotFoundError("The run");
    const tenant = { partnerId: actor.scope.partnerId, clientId: run.clientId };
    const parent = run.parentRunId ? await tx.workflowRun.findFirst({ where: { ...tenant, id: run.parentRunId }, select: runLinkSelect }) : null;
    const children = await tx.workflowRun.findMany({ where: { ...tenant, parentRunId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: MAX_CHILDREN, select: runLinkSelect });
    return { ...toRunSummary(run), approvals: run.approvals.map(toApproval), parent, children };
  });
}
