import {
  acknowledgeAlert,
  archiveAlertChannel,
  archiveAlertRule,
  createAlertChannel,
  createAlertRule,
  listAlertChannels,
  listAlertDeliveries,
  listAlertEvents,
  listAlertRules,
  listAlerts,
  rotateAlertChannelSecret,
  sendTestAlert,
  snoozeAlert,
  snoozeAlertRule,
  updateAlertChannel,
  updateAlertRule,
  ZAlertChannelDto,
  ZAlertChannelIdInput,
  ZAlertDeliveryDto,
  ZAlertDto,
  ZAlertEventDto,
  ZAlertIdInput,
  ZAlertRuleDto,
  ZAlertRuleIdInput,
  ZCreateAlertChannelInput,
  ZCreateAlertRuleInput,
  ZCreatedAlertChannelDto,
  ZListAlertDeliveriesInput,
  ZListAlertEventsInput,
  ZListAlertsInput,
  ZSnoozeAlertInput,
  ZSnoozeAlertRuleInput,
  ZUpdateAlertChannelInput,
  ZUpdateAlertRuleInput,
} from "@storeflow/alerts";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { clientProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

const inAnHour = () => new Date(Date.now() + 3_600_000);
const sampleRule = (t: { clientId: string; alertChannelId: string }) => ({
  name: `Failing ${t.clientId.slice(-8)}`,
  clientId: t.clientId,
  condition: { kind: "failure_rate" as const, threshold: 0.5, windowMs: 3_600_000 },
  channelIds: [t.alertChannelId],
});

const channelRouter = createTRPCRouter({
  list: partnerProcedure("alert.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(z.array(ZAlertChannelDto))
    .query(({ ctx }) => listAlertChannels(ctx.actor)),

  /** A signed webhook's signing secret is in the answer this once. */
  create: partnerProcedure("alert.manage")
    // A fresh name per call: the matrix creates one for each target in the caller's own partner.
    .meta({ sample: () => ({ kind: "webhook", name: `Pager ${randomUUID().slice(0, 8)}`, url: "https://hooks.example.test/storeflow" }) })
    .input(ZCreateAlertChannelInput)
    .output(ZCreatedAlertChannelDto)
    .mutation(({ ctx, input }) => createAlertChannel(ctx.actor, ctx.keyRing, input)),

  update: partnerProcedure("alert.manage")
    .meta({ sample: (t) => ({ channelId: t.alertChannelId, name: `Renamed ${t.alertChannelId.slice(-8)}` }) })
    .input(ZUpdateAlertChannelInput)
    .output(ZAlertChannelDto)
    .mutation(({ ctx, input }) => updateAlertChannel(ctx.actor, ctx.keyRing, input)),

  rotateSecret: partnerProcedure("alert.manage")
    .meta({ sample: (t) => ({ channelId: t.alertChannelId }) })
    .input(ZAlertChannelIdInput)
    .output(z.object({ channel: ZAlertChannelDto, signingSecret: z.string() }))
    .mutation(({ ctx, input }) => rotateAlertChannelSecret(ctx.actor, ctx.keyRing, input)),

  archive: partnerProcedure("alert.manage")
    .meta({ sample: (t) => ({ channelId: t.alertChannelId }) })
    .input(ZAlertChannelIdInput)
    .output(z.object({ archived: z.literal(true) }))
    .mutation(({ ctx, input }) => archiveAlertChannel(ctx.actor, input)),

  /** Queued like a real notification; its outcome shows in `deliveries`. */
  sendTest: partnerProcedure("alert.manage")
    .meta({ sample: (t) => ({ channelId: t.alertChannelId }) })
    .input(ZAlertChannelIdInput)
    .output(z.object({ deliveryIds: z.array(z.uuid()) }))
    .mutation(({ ctx, input }) => sendTestAlert(ctx.actor, input)),

  deliveries: partnerProcedure("alert.read")
    .meta({ sample: (t) => ({ channelId: t.alertChannelId }) })
    .input(ZListAlertDeliveriesInput)
    .output(z.array(ZAlertDeliveryDto))
    .query(({ ctx, input }) => listAlertDeliveries(ctx.actor, input)),
});

const ruleRouter = createTRPCRouter({
  list: partnerProcedure("alert.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(z.array(ZAlertRuleDto))
    .query(({ ctx }) => listAlertRules(ctx.actor)),

  create: partnerProcedure("alert.manage")
    .meta({ sample: sampleRule })
    .input(ZCreateAlertRuleInput)
    .output(ZAlertRuleDto)
    .mutation(({ ctx, input }) => createAlertRule(ctx.actor, input)),

  update: partnerProcedure("alert.manage")
    .meta({ sample: (t) => ({ ruleId: t.alertRuleId, enabled: false }) })
    .input(ZUpdateAlertRuleInput)
    .output(ZAlertRuleDto)
    .mutation(({ ctx, input }) => updateAlertRule(ctx.actor, input)),

  /** Delete: the rule stops, its open alerts resolve, its history stays. */
  archive: partnerProcedure("alert.manage")
    .meta({ sample: (t) => ({ ruleId: t.alertRuleId }) })
    .input(ZAlertRuleIdInput)
    .output(z.object({ archived: z.literal(true) }))
    .mutation(({ ctx, input }) => archiveAlertRule(ctx.actor, input)),

  snooze: partnerProcedure("alert.manage")
    .meta({ sample: (t) => ({ ruleId: t.alertRuleId, until: inAnHour() }) })
    .input(ZSnoozeAlertRuleInput)
    .output(ZAlertRuleDto)
    .mutation(({ ctx, input }) => snoozeAlertRule(ctx.actor, input)),
});

/**
 * Alerting: rules and channels (partner staff only), and alerts with their
 * history, which client users read (and client admins acknowledge) for their
 * own client only: row-level security narrows every query to the actor's scope.
 */
export const alertRouter = createTRPCRouter({
  channel: channelRouter,
  rule: ruleRouter,

  list: clientProcedure("alert.read")
    .meta({ sample: () => ({ status: "all" }) })
    .input(ZListAlertsInput)
    .output(z.array(ZAlertDto))
    .query(({ ctx, input }) => listAlerts(ctx.actor, input)),

  history: clientProcedure("alert.read")
    .meta({ sample: (t) => ({ alertId: t.alertId }) })
    .input(ZListAlertEventsInput)
    .output(z.array(ZAlertEventDto))
    .query(({ ctx, input }) => listAlertEvents(ctx.actor, input)),

  snooze: partnerProcedure("alert.respond")
    .meta({ sample: (t) => ({ alertId: t.alertId, until: inAnHour() }) })
    .input(ZSnoozeAlertInput)
    .output(ZAlertDto)
    .mutation(({ ctx, input }) => snoozeAlert(ctx.actor, input)),

  acknowledge: clientProcedure("alert.respond")
    .meta({ sample: (t) => ({ alertId: t.alertId }) })
    .input(ZAlertIdInput)
    .output(ZAlertDto)
    .mutation(({ ctx, input }) => acknowledgeAlert(ctx.actor, input)),
});
