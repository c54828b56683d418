import { ZDecideApprovalInput } from "@storeflow/runs";
import { ZApprovalDecisionDto, ZApprovalDto, ZPageDto } from "../dto";
import { decideApprovalAsActor } from "../runs/decide-approval";
import { listApprovals, ZListApprovalsInput } from "../runs/list-approvals";
import { clientProcedure, createTRPCRouter } from "../trpc";

/** Human gates in runs: what waits on whom, and deciding it. */
export const approvalRouter = createTRPCRouter({
  list: clientProcedure("run.read")
    .meta({ sample: (t) => ({ clientId: t.clientId }) })
    .input(ZListApprovalsInput)
    .output(ZPageDto(ZApprovalDto))
    .query(({ ctx, input }) => listApprovals(ctx.actor, input)),

  /** The decider is the session's user, with the role of their active membership. */
  decide: clientProcedure("approval.decide")
    .meta({ sample: (t) => ({ approvalId: t.pendingApprovalId, decision: "approved", reason: "Receipt checked" }) })
    .input(ZDecideApprovalInput)
    .output(ZApprovalDecisionDto)
    .mutation(({ ctx, input }) => decideApprovalAsActor({ actor: ctx.actor, store: ctx.runStore, publisher: ctx.stepPublisher, input })),
});
