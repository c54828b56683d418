import {
  bulkRetryRuns,
  cancelRun,
  replayRun,
  resolveRun,
  restartRun,
  retryRun,
  skipStep,
  ZBulkRetryInput,
  ZCancelRunInput,
  ZResolveRunInput,
  ZRunIdInput,
  ZSkipStepInput,
} from "@storeflow/runs";
import { type TActor } from "@storeflow/accounts";
import { type TContext } from "../context";
import { ZPageDto, ZRunDto, ZRunGraphDto, ZRunSummaryDto } from "../dto";
import { getRun } from "../runs/get-run";
import { getRunGraph } from "../runs/get-run-graph";
import { listRuns, ZListRunsInput } from "../runs/list-runs";
import { getRunOverview, ZRunOverviewDto, ZRunOverviewInput } from "../runs/run-overview";
import { clientProcedure, createTRPCRouter } from "../trpc";

const operate = clientProcedure("run.operate");
const withOperator = (ctx: TContext & { actor: TActor }) => ({ operator: ctx.actor, publisher: ctx.stepPublisher });

/** Runs and the exception queue's actions on them; row-level security limits each to the actor's scope. */
export const runRouter = createTRPCRouter({
  list: clientProcedure("run.read")
    .meta({ sample: (t) => ({ clientId: t.clientId, status: ["failed"] }) })
    .input(ZListRunsInput)
    .output(ZPageDto(ZRunSummaryDto))
    .query(({ ctx, input }) => listRuns(ctx.actor, input)),

  get: clientProcedure("run.read")
    .meta({ sample: (t) => ({ runId: t.failedRunId }) })
    .input(ZRunIdInput)
    .output(ZRunDto)
    .query(({ ctx, input }) => getRun(ctx.actor, input)),

  /** Per client: runs today by status, open exceptions and backlog, for the overview pages. */
  overview: clientProcedure("run.read")
    .meta({ sample: (t) => ({ clientId: t.clientId }) })
    .input(ZRunOverviewInput)
    .output(ZRunOverviewDto)
    .query(({ ctx, input }) => getRunOverview(ctx.actor, input)),

  /** The workflow the run follows, as steps and edges, for the run detail's graph. */
  graph: clientProcedure("run.read")
    .meta({ sample: (t) => ({ runId: t.failedRunId }) })
    .input(ZRunIdInput)
    .output(ZRunGraphDto)
    .query(({ ctx, input }) => getRunGraph(ctx.actor, input)),

  retry: operate
    .meta({ sample: (t) => ({ runId: t.failedRunId }) })
    .input(ZRunIdInput)
    .mutation(({ ctx, input }) => retryRun(withOperator(ctx), input)),

  bulkRetry: operate
    .meta({ sample: (t) => ({ clientId: t.clientId, workflowKey: "seed.refund" }) })
    .input(ZBulkRetryInput)
    .mutation(({ ctx, input }) => bulkRetryRuns(withOperator(ctx), input)),

  skipStep: operate
    .meta({ sample: (t) => ({ runId: t.failedRunId, output: '{"refundId": "manual"}', note: "Refunded by phone" }) })
    .input(ZSkipStepInput)
    .mutation(({ ctx, input }) => skipStep(withOperator(ctx), input)),

  cancel: operate
    .meta({ sample: (t) => ({ runId: t.failedRunId, reason: "Duplicate order" }) })
    .input(ZCancelRunInput)
    .mutation(({ ctx, input }) => cancelRun(withOperator(ctx), input)),

  resolve: operate
    .meta({ sample: (t) => ({ runId: t.failedRunId, note: "Customer refunded in store" }) })
    .input(ZResolveRunInput)
    .mutation(({ ctx, input }) => resolveRun(withOperator(ctx), input)),

  replay: operate
    .meta({ sample: (t) => ({ runId: t.failedRunId }) })
    .input(ZRunIdInput)
    .mutation(({ ctx, input }) => replayRun(withOperator(ctx), input)),

  /** Retry from the start on the installation's current template version, as a new linked run. */
  restart: operate
    .meta({ sample: (t) => ({ runId: t.failedInstalledRunId }) })
    .input(ZRunIdInput)
    .mutation(({ ctx, input }) => restartRun(withOperator(ctx), input)),
});
