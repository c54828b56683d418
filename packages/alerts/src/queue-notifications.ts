import type pg from "pg";
import { describeCondition, ZAlertCondition } from "./conditions";
import { recordEvent } from "./alert-events";
import { type TNotificationPayload } from "./payload";
import { uuidv7 } from "./ids";
import { inTransaction } from "@storeflow/runs";

/** Options for {@link queueAlertNotifications}. */
export interface QueueAlertNotificationsOptions {
  /** storeflow_app pool in the system scope. */
  pool: pg.Pool;
  /** @defaultValue the current time */
  now?: Date;
}

/** One notification: a rule's alerts handed to its channels together, as firing or as resolved. */
export interface TQueuedNotification {
  ruleId: string;
  partnerId: string;
  type: "alert.firing" | "alert.resolved";
  alertIds: string[];
  deliveryIds: string[];
}

interface TPendingAlert {
  id: string;
  client_id: string;
  client_name: string;
  subject_type: string;
  subject_id: string;
  subject_label: string;
  summary: string;
  raised_at: Date;
  resolved_at: Date | null;
  notify_at: Date;
}

interface TChannelRow {
  id: string;
  kind: string;
  config: { recipients?: string[] };
}

interface TLockedRule {
  id: string;
  partner_id: string;
  name: string;
  condition: unknown;
  channel_ids: string[];
}

const PENDING_COLUMNS = "a.id, a.client_id, c.name as client_name, a.subject_type, a.subject_id, a.subject_label, a.summary, a.raised_at, a.resolved_at";
const WITH_CLIENT = "alerts a join clients c on c.id = a.client_id and c.partner_id = a.partner_id";

/** Alerts still to be sent as firing (not snoozed), and those owed a resolved notification. */
async function pendingAlerts(db: pg.PoolClient, rule: TLockedRule, type: TQueuedNotification["type"], now: Date): Promise<TPendingAlert[]> {
  const { rows } =
    type === "alert.firing"
      ? await db.query<TPendingAlert>({
          name: "alerts.pending-of-rule",
          text: `select ${PENDING_COLUMNS}, a.notify_at from ${WITH_CLIENT}
                 where a.rule_id = $1 and a.partner_id = $2 and a.status = 'open' and a.notified_at is null and (a.snoozed_until is null or a.snoozed_until <= $3)
                 order by a.raised_at, a.id
                 for update of a`,
          values: [rule.id, rule.partner_id, now],
        })
      : await db.query<TPendingAlert>({
          name: "alerts.pending-resolved-of-rule",
          text: `select ${PENDING_COLUMNS}, a.resolved_notify_at as notify_at from ${WITH_CLIENT}
                 where a.rule_id = $1 and a.partner_id = $2 and a.status = 'resolved' and a.resolved_notify_at is not null
                 order by a.resolved_at, a.id
                 for update of a`,
          values: [rule.id, rule.partner_id],
        });
  return rows;
}

/**
 * A rule's alerts of one kind whose notification is due, together with the
 * rule's others of that kind still waiting: an alert raised (or resolved)
 * within the grouping window of the first goes out with it.
 */
async function notifyRuleOf(db: pg.PoolClient, rule: TLockedRule, type: TQueuedNotification["type"], now: Date): Promise<TQueuedNotification | undefined> {
  const alerts = await pendingAlerts(db, rule, type, now);
  if (!alerts.some((a) => a.notify_at <= now)) return undefined;
  const { rows: channels } = await db.query<TChannelRow>({
    name: "alerts.rule-channels",
    text: "select id, kind::text, config from alert_channels where partner_id = $1 and id = any($2::uuid[]) and archived_at is null order by created_at",
    values: [rule.partner_id, rule.channel_ids],
  });
  const payload: TNotificationPayload = {
    type,
    rule: { id: rule.id, name: rule.name, condition: describeCondition(ZAlertCondition.parse(rule.condition)) },
    alerts: alerts.map((a) => ({
      id: a.id,
      clientId: a.client_id,
      clientName: a.client_name,
      subjectType: a.subject_type,
      subjectId: a.subject_id,
      subject: a.subject_label,
      summary: a.summary,
      raisedAt: a.raised_at.toISOString(),
      ...(type === "alert.resolved" && a.resolved_at ? { resolvedAt: a.resolved_at.toISOString() } : {}),
    })),
  };
  const alertIds = alerts.map((a) => a.id);
  const deliveryIds: string[] = [];
  for (const channel of channels) {
    const recipients = channel.kind === "email" ? (channel.config.recipients ?? []) : [null];
    for (const recipient of recipients) deliveryIds.push(await insertDelivery(db, { partnerId: rule.partner_id, channelId: channel.id, ruleId: rule.id, recipient, alertIds, payload, now }));
  }
  await db.query(
    type === "alert.firing"
      ? { name: "alerts.mark-notified", text: "update alerts set notified_at = $2 where id = any($1::uuid[])", values: [alertIds, now] }
      : { name: "alerts.mark-resolved-notified", text: "update alerts set resolved_notify_at = null, resolved_notified_at = $2 where id = any($1::uuid[])", values: [alertIds, now] },
  );
  const resolved = type === "alert.resolved" ? { resolved: true } : {};
  for (const alertId of alertIds) {
    await recordEvent(db, { partnerId: rule.partner_id, ruleId: rule.id, alertId, kind: "notified", at: now, data: { ...resolved, grouped: alertIds.length, channels: channels.map((c) => c.id), deliveryIds } });
  }
  return { ruleId: rule.id, partnerId: rule.partner_id, type, alertIds, deliveryIds };
}

/** Both of a rule's notifications that are due, under the rule's lock; a snoozed rule (or one another process holds) waits. */
async function notifyRule(db: pg.PoolClient, ruleId: string, now: Date): Promise<TQueuedNotification[]> {
  const { rows: rules } = await db.query<TLockedRule>({
    name: "alerts.lock-rule-to-notify",
    text: `select id, partner_id, name, condition, channel_ids from alert_rules
           where id = $1 and enabled and archived_at is null and (snoozed_until is null or snoozed_until <= $2)
           for update skip locked`,
    values: [ruleId, now],
  });
  const rule = rules[0];
  if (!rule) return [];
  const queued: TQueuedNotification[] = [];
  for (const type of ["alert.firing", "alert.resolved"] as const) {
    const notification = await notifyRuleOf(db, rule, type, now);
    if (notification) queued.push(notification);
  }
  return queued;
}

/** Writes one delivery to the outbox; the delivery pass sends it. */
export async function insertDelivery(
  db: Pick<pg.PoolClient, "query">,
  delivery: { partnerId: string; channelId: string; ruleId: string | null; recipient: string | null; alertIds: string[]; payload: TNotificationPayload; now: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>({
    name: "alerts.insert-delivery",
    text: `insert into alert_deliveries (id, partner_id, channel_id, rule_id, recipient, alert_ids, payload, next_attempt_at, created_at)
           values ($8, $1, $2, $3, $4, $5, $6, $7, $7) returning id`,
    values: [delivery.partnerId, delivery.channelId, delivery.ruleId, delivery.recipient, delivery.alertIds, delivery.payload, delivery.now, uuidv7()],
  });
  return rows[0]!.id;
}

/**
 * Hands each rule's due alerts to its channels as one notification (and its
 * alerts owed a resolved notification as another), each rule
 * in its own transaction with the outbox rows it writes: a notification is
 * either fully queued with its alerts marked, or not at all, so nothing is lost
 * or sent twice by two workers.
 */
export async function queueAlertNotifications({ pool, now = new Date() }: QueueAlertNotificationsOptions): Promise<TQueuedNotification[]> {
  const { rows } = await pool.query<{ rule_id: string }>({
    name: "alerts.rules-with-due-alerts",
    text: `select rule_id from alerts
           where status = 'open' and notified_at is null and notify_at <= $1 and (snoozed_until is null or snoozed_until <= $1)
           union
           select rule_id from alerts where resolved_notify_at <= $1 and status = 'resolved'`,
    values: [now],
  });
  const queued: TQueuedNotification[] = [];
  for (const { rule_id } of rows) queued.push(...(await inTransaction(pool, (db) => notifyRule(db, rule_id, now))));
  return queued;
}
