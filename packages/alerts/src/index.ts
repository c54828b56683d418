export { ALERT_BREACH_KINDS, describeCondition, ZAlertCondition, type TAlertCondition, type TAlertConditionKind } from "./conditions";
export {
  ZAlertChannelDto,
  ZAlertDeliveryDto,
  ZAlertDto,
  ZAlertEventDto,
  ZAlertRuleDto,
  ZCreatedAlertChannelDto,
  type TAlertChannelDto,
  type TAlertDeliveryDto,
  type TAlertDto,
  type TAlertEventDto,
  type TAlertRuleDto,
} from "./dto";
export {
  archiveAlertChannel,
  createAlertChannel,
  listAlertChannels,
  listAlertDeliveries,
  rotateAlertChannelSecret,
  sendTestAlert,
  updateAlertChannel,
  ZAlertChannelIdInput,
  ZCreateAlertChannelInput,
  ZListAlertDeliveriesInput,
  ZUpdateAlertChannelInput,
} from "./channels";
export {
  archiveAlertRule,
  createAlertRule,
  listAlertRules,
  snoozeAlertRule,
  updateAlertRule,
  ZAlertRuleIdInput,
  ZCreateAlertRuleInput,
  ZSnoozeAlertRuleInput,
  ZUpdateAlertRuleInput,
} from "./rules";
export { acknowledgeAlert, listAlertEvents, listAlerts, snoozeAlert, ZAlertIdInput, ZListAlertEventsInput, ZListAlertsInput, ZSnoozeAlertInput } from "./alerts";
export { evaluateAlertRules, type EvaluateAlertRulesOptions, type TAlertChange, type TEvaluateResult } from "./evaluate-rules";
export { queueAlertNotifications, type QueueAlertNotificationsOptions, type TQueuedNotification } from "./queue-notifications";
export { deliverAlertNotifications, type DeliverAlertNotificationsOptions, type TDeliveryOutcome } from "./deliver";
export { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyAlertWebhook } from "./signature";
export { sweepAlerts, type SweepAlertsOptions, type TAlertSweepResult } from "./sweep-alerts";
export { rotateAlertChannelKeys } from "./channel-secret";
