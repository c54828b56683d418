import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { defineTemplate, reportedKpi, type TInstallContext, type TTemplateTrigger } from "../template";
import { DEDUPE_KEY, readMilestoneExpression } from "./milestone";
import { type TCustomerNotificationsParams, ZCustomerNotificationsParams } from "./params";
import { sendPlanExpression } from "./quiet-hours";
import { composeExpression } from "./render";

const KEY = "customer-notifications";
const VERSION = "1.0.0";

const onEvent = (binding: string, event: string): TTemplateTrigger => ({ kind: "event", binding, event, idempotencyKey: DEDUPE_KEY });

function triggers(params: TCustomerNotificationsParams): TTemplateTrigger[] {
  const on = new Set(params.milestones);
  return [
    ...(on.has("order_confirmed") ? [onEvent("shop", "order.created")] : []),
    // Without a warehouse bound, its trigger is dropped at install and Shopify's fulfilment alone reports the shipment.
    ...(on.has("order_shipped") ? [onEvent("warehouse", "order.shipped"), onEvent("shop", "order.fulfilled")] : []),
    ...(on.has("refund_issued") ? [onEvent("shop", "refund.created")] : []),
    // Ready for pickup has no webhook of its own: staff or another workflow start it with { milestone, orderId }.
    { kind: "manual" },
  ];
}

const milestone = "steps.read_milestone.output";
const skipReasonOf = (step: string) => `steps.${step}.output.skipReason != null`;

/**
 * One run per milestone of an order. Its duplicates (a webhook delivered again
 * under a new id, or ShipBob and Shopify both reporting the shipment) are kept
 * out by the run's idempotency key, which each event trigger derives from
 * `read_milestone`'s dedupeKey (DEDUPE_KEY); the send step's idempotency key
 * gives every retry of it the same Message-ID (see deriveMessageId), so a retry
 * after a lost reply reads as a repeat in the customer's mailbox.
 *
 * No step calls the optional warehouse: its events only start runs, and the
 * customer's address comes from the shop.
 */
function definition(params: TCustomerNotificationsParams, context: TInstallContext): TWorkflowDefinitionInput {
  const bypass = params.refundsBypassQuietHours ? ["refund_issued"] : [];
  return {
    key: KEY,
    version: VERSION,
    title: "Customer notifications",
    start: "read_milestone",
    steps: [
      { key: "read_milestone", kind: "transform", title: "Read the milestone", expression: readMilestoneExpression(params.milestones), next: "route" },
      {
        key: "route",
        kind: "branch",
        cases: [
          { when: skipReasonOf("read_milestone"), next: "skipped" },
          { when: `${milestone}.needsLookup`, next: "lookup_order" },
        ],
        otherwise: "compose",
      },
      {
        key: "lookup_order",
        kind: "action",
        title: "Find the customer on the shop order",
        connection: "shop",
        operation: "getOrder",
        input: { orderId: `${milestone}.orderId` },
        retry: { attempts: 4, initialDelayMs: 2000, maxDelayMs: 60_000 },
        onError: { action: "exception" },
        next: "compose",
      },
      { key: "compose", kind: "transform", title: "Write the e-mail", expression: composeExpression({ params, facts: milestone, order: "steps.lookup_order.output" }), next: "plan_send" },
      {
        key: "plan_send",
        kind: "transform",
        title: "Check quiet hours",
        expression: sendPlanExpression({
          enabled: params.quietHoursEnabled,
          start: params.quietHoursStart,
          end: params.quietHoursEnd,
          timeZone: params.timeZone ?? context.timezone,
          bypass,
          milestone: `${milestone}.milestone`,
        }),
        next: "gate",
      },
      {
        key: "gate",
        kind: "branch",
        cases: [
          { when: skipReasonOf("compose"), next: "skipped" },
          { when: "steps.plan_send.output.held", next: "wait_quiet_hours" },
        ],
        otherwise: "send",
      },
      { key: "wait_quiet_hours", kind: "wait", title: "Hold until quiet hours end", until: "steps.plan_send.output.sendAt", next: "send" },
      {
        key: "send",
        kind: "action",
        title: "E-mail the customer",
        connection: "mail",
        operation: "send",
        input: { to: "steps.compose.output.to", subject: "steps.compose.output.subject", text: "steps.compose.output.text", html: "steps.compose.output.html" },
        // 4xx answers (greylisting, a full mailbox) clear within minutes; a 5xx (no such mailbox) is permanent and goes to the exception queue.
        retry: { attempts: 5, initialDelayMs: 60_000, maxDelayMs: 900_000 },
        timeoutMs: 60_000,
        onError: { action: "exception" },
        next: "sent",
      },
      {
        key: "sent",
        kind: "transform",
        expression: `{
  "sent": true,
  "milestone": ${milestone}.milestone,
  "orderNumber": steps.compose.output.orderNumber,
  "to": steps.compose.output.to,
  "messageId": steps.send.output.messageId,
  "dedupeKey": ${milestone}.dedupeKey,
  "heldUntil": steps.plan_send.output.held ? steps.plan_send.output.sendAt : null,
  "kpis": {
    "notificationsSent": 1,
    "notificationsSkipped": 0,
    "quietHoursDelayMs": $toMillis(steps.plan_send.output.sendAt) - $toMillis(steps.plan_send.output.now)
  }
}`,
      },
      {
        key: "skipped",
        kind: "transform",
        expression: `{
  "sent": false,
  "milestone": ${milestone}.milestone,
  "reason": steps.compose.output.skipReason ? steps.compose.output.skipReason : ${milestone}.skipReason,
  "kpis": { "notificationsSent": 0, "notificationsSkipped": 1, "quietHoursDelayMs": 0 }
}`,
      },
    ],
  };
}

export const customerNotificationsTemplate = defineTemplate({
  key: KEY,
  version: VERSION,
  title: "Customer notifications",
  summary: "E-mails customers in the shop's brand when their order is confirmed, ready for pickup, shipped or refunded.",
  description: [
    "Sends the retailer's customers a branded e-mail (HTML and plain text, in the shop's name and colours, from the retailer's own mailbox) at each milestone of their order: confirmed when Shopify creates it, shipped when ShipBob ships it or Shopify marks it fulfilled (with the tracking link; a shop without ShipBob relies on Shopify alone), refunded when Shopify records a refund that returned money, and ready for pickup when staff or another workflow say so.",
    "Each milestone reaches the customer once per order, even when the shop or warehouse reports it twice or both report the same shipment; every refund is its own notice.",
    "A notice due during quiet hours (21:00–08:00 by default, in the client's time zone unless the installation names another) waits until they end and is then sent, never dropped; refund notices can be set to go out at once.",
    "These are transactional messages about the customer's own order, so they go out whether or not the customer accepted marketing; addresses on the never-e-mail list and orders without an e-mail address (a walk-in sale) are skipped and counted.",
    "Shipments of ShipBob orders from other sales channels are skipped. An order the shop cannot find, or an address the mail server refuses for good, goes to the exception queue with the server's answer.",
  ].join(" "),
  category: "customers",
  params: ZCustomerNotificationsParams,
  bindings: {
    shop: { title: "Shop", description: "Its order and refund events start notifications; the order gives the customer's e-mail for shipments and refunds.", connectors: ["shopify"] },
    warehouse: {
      title: "Warehouse",
      description: "Its shipped events start the shipping notice, with the carrier's tracking. Leave it out when the shop ships its own orders: Shopify's fulfilment then starts the notice.",
      connectors: ["shipbob"],
      optional: true,
    },
    mail: { title: "Outgoing mail", description: "The retailer's mailbox the notices are sent from; replies reach it.", connectors: ["email"] },
  },
  triggers,
  // Held notices end when quiet hours do, so a run may take the whole window (11 hours by default).
  sla: { runDurationMs: 13 * 3_600_000, successRate: 0.99, windowMs: 86_400_000, maxBacklogAgeMs: 5 * 60_000 },
  kpis: [
    { key: "notificationsSent", title: "Notifications sent", unit: "count", description: "Customer e-mails sent, one per milestone and order.", value: reportedKpi("notificationsSent") },
    { key: "notificationsSkipped", title: "Notifications skipped", unit: "count", description: "Milestones not e-mailed: switched off, no address, on the never-e-mail list, not a shop order.", value: reportedKpi("notificationsSkipped") },
    { key: "quietHoursDelayMs", title: "Held for quiet hours", unit: "ms", description: "How long a notice waited for quiet hours to end.", value: reportedKpi("quietHoursDelayMs") },
  ],
  definition,
});
