export { JOBS, SCHEDULE_JOB_NAME, type TJobName, type TJobSpec } from "./jobs";
export { createQueuePublisher, startStepFleet, type StartStepFleetOptions } from "./step-fleet";
export { readQueueEnv } from "./env";
export { createScheduleMirror, type CreateScheduleMirrorOptions, type TScheduleMirror, type TScheduleSyncPass } from "./schedule-mirror";
export { startScheduleWorker, type StartScheduleWorkerOptions } from "./schedule-worker";
export { startQuotaMonitor, type StartQuotaMonitorOptions } from "./quota-monitor";
export { startApprovalNoticeMonitor, type StartApprovalNoticeMonitorOptions } from "./approval-notice-monitor";
export { startWebhookRelay, type StartWebhookRelayOptions } from "./webhook-relay";
export { startConnectionHealthMonitor, type StartConnectionHealthMonitorOptions } from "./connection-health-monitor";
