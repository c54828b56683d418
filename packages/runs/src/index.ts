export { createRunStore, type CreateRunStoreOptions, type TRunChange, type TRunStore } from "./run-store";
export { prepareDefinition, startRun, type StartRunOptions, type TPreparedDefinition, type TRunTriggerInfo } from "./start-run";
export { beginClaim, executeStep, type ExecuteStepOptions, type TStepMeasure, type TStepResult } from "./execute-step";
export { reconcileRuns, type ReconcileRunsOptions } from "./reconcile";
export { ZStepJob, STEP_JOB_NAME, stepIdempotencyKey, stepJobId, type TStepJob, type TStepPublisher } from "./step-job";
export { type TClassification, type TClassifier, type TClassifyCall } from "./classifier";
export { type TActionCall, type TActionHandler, type TActionRegistry, type TConnectionBudget } from "./actions";
export { DEFAULT_CHECK_AFTER_MS } from "./timing";
export {
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
  type OperatorActionOptions,
  type TOperator,
} from "./operator-actions";
export { decideApproval, ApprovalClosedError, ZDecideApprovalInput, type DecideApprovalOptions } from "./approvals";
export { publishEvent, ZPublishEventInput, type PublishEventOptions } from "./events";
export { type TWorkflowResolver } from "./steps/step-run";
export {
  createSchedule,
  deleteSchedule,
  updateSchedule,
  ZCreateScheduleInput,
  ZDeleteScheduleInput,
  ZScheduleRef,
  ZUpdateScheduleInput,
  type CreateScheduleOptions,
  type ScheduleActionOptions,
  type TScheduleDto,
  type TScheduleRef,
  type TScheduleSync,
} from "./schedules";
export { fireSchedule, findFiringSchedule, listFiringSchedules, scheduleIdempotencyKey, type FireScheduleOptions, type TScheduleFiring, type TScheduleTiming } from "./schedule-firing";
export { assertValidCron, assertValidTimezone, InvalidCronError, InvalidTimezoneError, nextFiringAt } from "./schedule-cron";
export { sweepRunQuotas, type SweepRunQuotasOptions, type TQuotaChange } from "./quota-sweep";
export { quotaMonth, type TQuotaMonth } from "./quota-month";
export { sweepApprovalNotices, type SweepApprovalNoticesOptions, type TApprovalNotice, type TApprovalNoticeKind } from "./approval-notices";
export {
  getClientRunUsage,
  setClientRunLimits,
  setClientRunsPaused,
  ZClientRunsRef,
  ZClientRunUsage,
  ZSetClientRunLimitsInput,
  ZSetClientRunsPausedInput,
  type TClientRunUsage,
} from "./client-run-limits";
export { inTransaction, type TQueryable } from "./transaction";
