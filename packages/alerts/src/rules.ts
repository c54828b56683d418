import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { isUniqueViolation, type TTx, withTenant } from "@storeflow/db";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "@storeflow/errors";
import { z } from "zod";
import { describeCondition, ZAlertCondition } from "./conditions";
import { type TAlertRuleDto } from "./dto";
import { resolveAlert } from "./resolve-on-tx";

const ZRuleFields = z.object({
  name: z.string().trim().min(1, "Name the rule").max(120),
  /** Narrows the rule to one client. */
  clientId: z.uuid().nullable().default(null),
  /** Narrows the rule to one installation (of `clientId`, when both are set). */
  installationId: z.uuid().nullable().default(null),
  condition: ZAlertCondition,
  channelIds: z.array(z.uuid()).min(1, "Choose at least one channel").max(10),
  /** @defaultValue 60000 */
  groupWindowMs: z.number().int().min(0).max(3_600_000, "Group alerts for at most an hour").default(60_000),
  enabled: z.boolean().default(true),
  /** Also notify the channels when an alert they were told of clears. @defaultValue true */
  notifyResolved: z.boolean().default(true),
});
export const ZCreateAlertRuleInput = ZRuleFields;
export const ZUpdateAlertRuleInput = ZRuleFields.partial().extend({ ruleId: z.uuid() });
export const ZAlertRuleIdInput = z.object({ ruleId: z.uuid() });
const MAX_SNOOZE_MS = 30 * 24 * 3_600_000;
export const ZSnoozeAlertRuleInput = z.object({
  ruleId: z.uuid(),
  /** Null ends a snooze. */
  until: z.date().nullable(),
});

type TRuleRow = Omit<TAlertRuleDto, "condition" | "description" | "openAlerts"> & { condition: unknown; _count: { alerts: number } };
const select = {
  id: true,
  name: true,
  clientId: true,
  installationId: true,
  condition: true,
  channelIds: true,
  groupWindowMs: true,
  notifyResolved: true,
  enabled: true,
  snoozedUntil: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { alerts: { where: { status: "open" } } } },
} as const;

function toDto({ _count, condition, ...row }: TRuleRow): TAlertRuleDto {
  const parsed = ZAlertCondition.parse(condition);
  return { ...row, condition: parsed, description: describeCondition(parsed), openAlerts: _count.alerts };
}

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error)) throw new ConflictError("Another rule has that name", "name");
  throw error;
}

/**
 * Every id the rule names must be the partner's own and live: under row-level
 * security another partner's id is simply not found, and says so.
 */
async function checkReferences(tx: TTx, fields: { clientId: string | null; installationId: string | null; channelIds: string[] }) {
  if (fields.clientId && !(await tx.client.findFirst({ where: { id: fields.clientId, status: "active" }, select: { id: true } }))) {
    throw new DomainError("NOT_FOUND", "No such client", "clientId");
  }
  if (fields.installationId) {
    const installation = await tx.installation.findFirst({ where: { id: fields.installationId, uninstalledAt: null }, select: { clientId: true } });
    if (!installation) throw new DomainError("NOT_FOUND", "No such installation", "installationId");
    if (fields.clientId && installation.clientId !== fields.clientId) throw new ValidationError([{ path: ["installationId"], message: "That installation belongs to another client" }]);
  }
  const channels = await tx.alertChannel.findMany({ where: { id: { in: fields.channelIds }, archivedAt: null }, select: { id: true } });
  const found = new Set(channels.map((c) => c.id));
  const missing = fields.channelIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new DomainError("NOT_FOUND", "No such alert channel", `channelIds.${missing}`);
}

async function findLive(tx: TTx, ruleId: string) {
  const row = await tx.alertRule.findFirst({ where: { id: ruleId, archivedAt: null }, select });
  if (!row) throw new NotFoundError("Alert rule");
  return row as TRuleRow;
}

export async function createAlertRule(actor: TActor, input: z.input<typeof ZCreateAlertRuleInput>): Promise<TAlertRuleDto> {
  const fields = ZCreateAlertRuleInput.parse(input);
  const channelIds = [...new Set(fields.channelIds)];
  return withTenant(actor.db, actor.scope, async (tx) => {
    await checkReferences(tx, { ...fields, channelIds });
    const row = await tx.alertRule.create({ data: { ...fields, channelIds, partnerId: actor.scope.partnerId, condition: fields.condition as object }, select }).catch(nameTaken);
    await recordAudit({ tx, scope: actor.scope, action: "alert_rule.created", target: { type: "alert_rule", id: row.id }, data: { name: fields.name, condition: fields.condition, clientId: fields.clientId, installationId: fields.installationId, channelIds } });
    return toDto(row as TRuleRow);
  });
}

/**
 * Changes a rule. Its open alerts stay as they are and the next evaluation
 * measures them against the new condition: those it no longer covers resolve.
 */
export async function updateAlertRule(actor: TActor, input: z.input<typeof ZUpdateAlertRuleInput>): Promise<TAlertRuleDto> {
  const { ruleId, ...changes } = ZUpdateAlertRuleInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findLive(tx, ruleId);
    const channelIds = changes.channelIds ? [...new Set(changes.channelIds)] : current.channelIds;
    const next = { clientId: changes.clientId !== undefined ? changes.clientId : current.clientId, installationId: changes.installationId !== undefined ? changes.installationId : current.installationId, channelIds };
    await checkReferences(tx, next);
    const data = { ...changes, ...next, ...(changes.condition ? { condition: changes.condition as object } : {}), updatedAt: new Date() };
    const row = await tx.alertRule.update({ where: { id: ruleId }, data, select }).catch(nameTaken);
    await recordAudit({ tx, scope: actor.scope, action: "alert_rule.updated", target: { type: "alert_rule", id: ruleId }, data: { name: row.name, changed: Object.keys(changes) } });
    return toDto(row as TRuleRow);
  });
}

/** Deletes a rule from use: it stops evaluating, its open alerts resolve, and its history stays. */
export async function archiveAlertRule(actor: TActor, input: z.input<typeof ZAlertRuleIdInput>, now = new Date()): Promise<{ archived: true }> {
  const { ruleId } = ZAlertRuleIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findLive(tx, ruleId);
    await tx.alertRule.update({ where: { id: ruleId }, data: { archivedAt: now, enabled: false, updatedAt: now } });
    const open = await tx.alert.findMany({ where: { ruleId, status: "open" }, select: { id: true } });
    for (const { id } of open) await resolveAlert(tx, { alertId: id, partnerId: actor.scope.partnerId, ruleId, now, reason: "rule deleted", actorUserId: actor.scope.userId });
    await recordAudit({ tx, scope: actor.scope, action: "alert_rule.archived", target: { type: "alert_rule", id: ruleId }, data: { name: current.name, resolvedAlerts: open.length } });
    return { archived: true as const };
  });
}

/** No notifications from the rule until `until` (alerts are still raised and kept); at its end, alerts still open are sent. */
export async function snoozeAlertRule(actor: TActor, input: z.input<typeof ZSnoozeAlertRuleInput>, now = new Date()): Promise<TAlertRuleDto> {
  const { ruleId, until } = ZSnoozeAlertRuleInput.parse(input);
  if (until && (until <= now || until.getTime() - now.getTime() > MAX_SNOOZE_MS)) throw new ValidationError([{ path: ["until"], message: "Snooze until a time in the next 30 days" }]);
  return withTenant(actor.db, actor.scope, async (tx) => {
    await findLive(tx, ruleId);
    const row = await tx.alertRule.update({ where: { id: ruleId }, data: { snoozedUntil: until, updatedAt: now }, select });
    await tx.alertEvent.create({ data: { partnerId: actor.scope.partnerId, ruleId, alertId: null, kind: "snoozed", at: now, actorUserId: actor.scope.userId, data: { until: until?.toISOString() ?? null } } });
    await recordAudit({ tx, scope: actor.scope, action: until ? "alert_rule.snoozed" : "alert_rule.unsnoozed", target: { type: "alert_rule", id: ruleId }, data: { until: until?.toISOString() ?? null } });
    return toDto(row as TRuleRow);
  });
}

export async function listAlertRules(actor: TActor): Promise<TAlertRuleDto[]> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const rows = await tx.alertRule.findMany({ where: { archivedAt: null }, orderBy: { createdAt: "asc" }, select });
    return rows.map((row) => toDto(row as TRuleRow));
  });
}

export { MAX_SNOOZE_MS };
