import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { type TTx, withTenant } from "@storeflow/db";
import { NotFoundError, ValidationError } from "@storeflow/errors";
import { z } from "zod";
import { type TAlertDto, type TAlertEventDto } from "./dto";
import { MAX_SNOOZE_MS } from "./rules";

export const ZListAlertsInput = z
  .object({
    status: z.enum(["open", "resolved", "all"]).default("open"),
    ruleId: z.uuid().optional(),
    limit: z.number().int().min(1).max(200).default(100),
  })
  .default({ status: "open", limit: 100 });
export const ZListAlertEventsInput = z.object({ alertId: z.uuid().optional(), limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 });
export const ZAlertIdInput = z.object({ alertId: z.uuid() });
export const ZSnoozeAlertInput = z.object({
  alertId: z.uuid(),
  /** Null ends the snooze, and a notification still owed goes out at once. */
  until: z.date().nullable(),
});

const select = {
  id: true,
  ruleId: true,
  clientId: true,
  subjectType: true,
  subjectId: true,
  subjectLabel: true,
  status: true,
  summary: true,
  raisedAt: true,
  lastSeenAt: true,
  notifiedAt: true,
  snoozedUntil: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  resolvedAt: true,
  rule: { select: { name: true } },
} as const;

type TAlertRow = Omit<TAlertDto, "ruleName" | "subject"> & { subjectLabel: string; rule: { name: string } };
const toDto = ({ rule, subjectLabel, ...row }: TAlertRow): TAlertDto => ({ ...row, subject: subjectLabel, ruleName: rule.name });

/** Open alerts oldest first (what needs attention longest), closed ones newest first. */
export async function listAlerts(actor: TActor, input: z.input<typeof ZListAlertsInput>): Promise<TAlertDto[]> {
  const { status, ruleId, limit } = ZListAlertsInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const rows = await tx.alert.findMany({
      where: { ...(status === "all" ? {} : { status }), ...(ruleId ? { ruleId } : {}) },
      orderBy: status === "open" ? [{ raisedAt: "asc" }, { id: "asc" }] : [{ raisedAt: "desc" }, { id: "desc" }],
      take: limit,
      select,
    });
    return rows.map(toDto);
  });
}

/** The history: raised, notified, snoozed, acknowledged, resolved, newest first; of one alert, or of all the actor sees (a client scope: its own alerts, never rule-wide events). */
export async function listAlertEvents(actor: TActor, input: z.input<typeof ZListAlertEventsInput>): Promise<TAlertEventDto[]> {
  const { alertId, limit } = ZListAlertEventsInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    if (alertId) await findAlert(tx, alertId);
    const rows = await tx.alertEvent.findMany({
      where: alertId ? { alertId } : {},
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, ruleId: true, alertId: true, kind: true, at: true, actorUserId: true, data: true },
    });
    return rows.map((row) => ({ ...row, data: (row.data ?? {}) as Record<string, unknown> }));
  });
}

async function findAlert(tx: TTx, alertId: string) {
  const row = await tx.alert.findFirst({ where: { id: alertId }, select });
  if (!row) throw new NotFoundError("Alert");
  return row;
}

async function findOpenAlert(tx: TTx, alertId: string) {
  const row = await findAlert(tx, alertId);
  if (row.status !== "open") throw new ValidationError([{ path: ["alertId"], message: "This alert has already resolved" }]);
  return row;
}

/**
 * Silences one open alert until `until`. Its notification is owed again then:
 * if it is still open at that time, it is sent as a reminder.
 */
export async function snoozeAlert(actor: TActor, input: z.input<typeof ZSnoozeAlertInput>, now = new Date()): Promise<TAlertDto> {
  const { alertId, until } = ZSnoozeAlertInput.parse(input);
  if (until && (until <= now || until.getTime() - now.getTime() > MAX_SNOOZE_MS)) throw new ValidationError([{ path: ["until"], message: "Snooze until a time in the next 30 days" }]);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findOpenAlert(tx, alertId);
    const row = await tx.alert.update({
      where: { id: alertId },
      data: until ? { snoozedUntil: until, notifyAt: until, notifiedAt: null } : { snoozedUntil: null, notifyAt: now },
      select,
    });
    await tx.alertEvent.create({ data: { partnerId: actor.scope.partnerId, ruleId: current.ruleId, alertId, kind: "snoozed", at: now, actorUserId: actor.scope.userId, data: { until: until?.toISOString() ?? null } } });
    await recordAudit({ tx, scope: actor.scope, action: until ? "alert.snoozed" : "alert.unsnoozed", target: { type: "alert", id: alertId }, data: { until: until?.toISOString() ?? null } });
    return toDto(row);
  });
}

/**
 * Someone is on it: recorded with who. Partner staff acknowledging also means
 * no reminder is sent for it (and ends its snooze); a client user's
 * acknowledgement is only recorded, and leaves the partner's notifications as they were.
 */
export async function acknowledgeAlert(actor: TActor, input: z.input<typeof ZAlertIdInput>, now = new Date()): Promise<TAlertDto> {
  const { alertId } = ZAlertIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findOpenAlert(tx, alertId);
    if (current.acknowledgedAt) return toDto(current);
    const silence = actor.scope.clientId ? {} : { notifiedAt: current.notifiedAt ?? now, snoozedUntil: null };
    const row = await tx.alert.update({
      where: { id: alertId },
      data: { acknowledgedAt: now, acknowledgedBy: actor.scope.userId, ...silence },
      select,
    });
    await tx.alertEvent.create({ data: { partnerId: actor.scope.partnerId, ruleId: current.ruleId, alertId, kind: "acknowledged", at: now, actorUserId: actor.scope.userId } });
    await recordAudit({ tx, scope: actor.scope, action: "alert.acknowledged", target: { type: "alert", id: alertId }, data: {} });
    return toDto(row);
  });
}
