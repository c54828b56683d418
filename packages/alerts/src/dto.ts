import { z } from "zod";
import { ZAlertCondition } from "./conditions";

/** A channel as the API shows it: never its sealed part, only the hint of it. */
export const ZAlertChannelDto = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(["email", "slack", "teams", "webhook"]),
  recipients: z.array(z.string()),
  /** The signed webhook's URL; Slack and Teams URLs are secrets and show as `secretHint`. */
  url: z.string().nullable(),
  secretHint: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TAlertChannelDto = z.infer<typeof ZAlertChannelDto>;

/** A created channel, with a signed webhook's signing secret: the only time it is shown. */
export const ZCreatedAlertChannelDto = z.object({ channel: ZAlertChannelDto, signingSecret: z.string().nullable() });

export const ZAlertRuleDto = z.object({
  id: z.uuid(),
  name: z.string(),
  clientId: z.uuid().nullable(),
  installationId: z.uuid().nullable(),
  condition: ZAlertCondition,
  /** The condition in words. */
  description: z.string(),
  channelIds: z.array(z.uuid()),
  groupWindowMs: z.number().int(),
  /** Whether the channels also hear when an alert they were told of clears. */
  notifyResolved: z.boolean(),
  enabled: z.boolean(),
  snoozedUntil: z.date().nullable(),
  openAlerts: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TAlertRuleDto = z.infer<typeof ZAlertRuleDto>;

export const ZAlertDto = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  ruleName: z.string(),
  clientId: z.uuid(),
  subjectType: z.string(),
  subjectId: z.uuid(),
  subject: z.string(),
  status: z.enum(["open", "resolved"]),
  summary: z.string(),
  raisedAt: z.date(),
  lastSeenAt: z.date(),
  notifiedAt: z.date().nullable(),
  snoozedUntil: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  acknowledgedBy: z.uuid().nullable(),
  resolvedAt: z.date().nullable(),
});
export type TAlertDto = z.infer<typeof ZAlertDto>;

export const ZAlertEventDto = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  alertId: z.uuid().nullable(),
  kind: z.enum(["raised", "notified", "resolved", "snoozed", "acknowledged", "delivery_failed"]),
  at: z.date(),
  actorUserId: z.uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TAlertEventDto = z.infer<typeof ZAlertEventDto>;

export const ZAlertDeliveryDto = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  ruleId: z.uuid().nullable(),
  recipient: z.string().nullable(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TAlertDeliveryDto = z.infer<typeof ZAlertDeliveryDto>;
