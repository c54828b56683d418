import type pg from "pg";
import { ZAlertCondition } from "./conditions";
import { findFiringSubjects, type TFiringSubject } from "./firing-subjects";
import { recordEvent } from "./alert-events";
import { uuidv7 } from "./ids";
import { inTransaction } from "@storeflow/runs";

/** Options for {@link evaluateAlertRules}. */
export interface EvaluateAlertRulesOptions {
  /** storeflow_app pool in the system scope (`-c app.system=on`). */
  pool: pg.Pool;
  /** @defaultValue the current time */
  now?: Date;
}

/** An alert one evaluation raised, resolved, or reopened (its subject fired again before its resolved notification went out). */
export interface TAlertChange {
  kind: "raised" | "resolved" | "reopened";
  alertId: string;
  ruleId: string;
  partnerId: string;
  subjectType: string;
  subjectId: string;
}

export interface TEvaluateResult {
  changes: TAlertChange[];
  /** Rules another process was evaluating at the same moment: it covers them. */
  skipped: number;
  failed: { ruleId: string; error: unknown }[];
}

interface TRuleRow {
  id: string;
  partner_id: string;
  client_id: string | null;
  installation_id: string | null;
  condition: unknown;
  group_window_ms: number;
  notify_resolved: boolean;
}

interface TOpenAlert {
  id: string;
  subject_type: string;
  subject_id: string;
}

const subjectKey = (s: { subjectType: string; subjectId: string }) => `${s.subjectType}:${s.subjectId}`;

async function raise(db: pg.PoolClient, rule: TRuleRow, subject: TFiringSubject, now: Date): Promise<string | undefined> {
  // The partial unique index on open alerts is the last word: a concurrent raise makes this one a no-op.
  const { rows } = await db.query<{ id: string }>({
    name: "alerts.raise",
    text: `insert into alerts (id, partner_id, client_id, rule_id, subject_type, subject_id, subject_label, summary, details, raised_at, last_seen_at, notify_at)
           values ($11, $1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9::timestamptz + $10 * interval '1 millisecond')
           on conflict (rule_id, subject_type, subject_id) where status = 'open' do nothing
           returning id`,
    values: [rule.partner_id, subject.clientId, rule.id, subject.subjectType, subject.subjectId, subject.label, subject.summary, subject.details, now, rule.group_window_ms, uuidv7()],
  });
  const id = rows[0]?.id;
  if (id) await recordEvent(db, { partnerId: rule.partner_id, ruleId: rule.id, alertId: id, kind: "raised", at: now, data: { summary: subject.summary } });
  return id;
}

/**
 * Compares one rule's firing subjects with its open alerts, under a lock on the
 * rule row (a rule another process holds is skipped, not waited for): new
 * subjects raise an alert, subjects still firing refresh theirs, and open
 * alerts whose subject no longer fires resolve.
 */
async function evaluateRule(db: pg.PoolClient, ruleId: string, now: Date): Promise<TAlertChange[] | "skipped"> {
  const { rows } = await db.query<TRuleRow>({
    name: "alerts.lock-rule",
    text: `select id, partner_id, client_id, installation_id, condition, group_window_ms, notify_resolved from alert_rules
           where id = $1 and enabled and archived_at is null for update skip locked`,
    values: [ruleId],
  });
  const rule = rows[0];
  if (!rule) return "skipped";
  const condition = ZAlertCondition.parse(rule.condition);
  const firing = await findFiringSubjects(db, { partnerId: rule.partner_id, clientId: rule.client_id, installationId: rule.installation_id }, condition, now);
  const { rows: open } = await db.query<TOpenAlert>({
    name: "alerts.open-of-rule",
    text: "select id, subject_type, subject_id from alerts where rule_id = $1 and partner_id = $2 and status = 'open'",
    values: [rule.id, rule.partner_id],
  });
  const openByKey = new Map(open.map((a) => [subjectKey({ subjectType: a.subject_type, subjectId: a.subject_id }), a]));
  const changes: TAlertChange[] = [];
  for (const subject of firing) {
    const existing = openByKey.get(subjectKey(subject));
    openByKey.delete(subjectKey(subject));
    if (existing) {
      await db.query({
        name: "alerts.still-firing",
        text: "update alerts set last_seen_at = $2, summary = $3, details = $4 where id = $1",
        values: [existing.id, now, subject.summary, subject.details],
      });
      continue;
    }
    const reopened = await reopen(db, rule, subject, now);
    const alertId = reopened ?? (await raise(db, rule, subject, now));
    if (alertId) changes.push({ kind: reopened ? "reopened" : "raised", alertId, ruleId: rule.id, partnerId: rule.partner_id, subjectType: subject.subjectType, subjectId: subject.subjectId });
  }
  for (const cleared of openByKey.values()) {
    await resolveCleared(db, rule, cleared.id, now);
    changes.push({ kind: "resolved", alertId: cleared.id, ruleId: rule.id, partnerId: rule.partner_id, subjectType: cleared.subject_type, subjectId: cleared.subject_id });
  }
  return changes;
}

/**
 * A subject that fires again while its last alert's resolved notification is
 * still waiting out the grouping window gets that alert back, open, with the
 * notification dropped: the channels were told it fires and never that it
 * stopped, so a flap inside the window sends nothing at all.
 */
async function reopen(db: pg.PoolClient, rule: TRuleRow, subject: TFiringSubject, now: Date): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>({
    name: "alerts.reopen",
    text: `update alerts set status = 'open', resolved_at = null, resolved_notify_at = null, last_seen_at = $5, summary = $6, details = $7
           where id = (
             select id from alerts
             where rule_id = $1 and partner_id = $2 and subject_type = $3 and subject_id = $4 and status = 'resolved' and resolved_notify_at is not null
             order by resolved_at desc limit 1
           )
           returning id`,
    values: [rule.id, rule.partner_id, subject.subjectType, subject.subjectId, now, subject.summary, subject.details],
  });
  const id = rows[0]?.id;
  if (id) await recordEvent(db, { partnerId: rule.partner_id, ruleId: rule.id, alertId: id, kind: "raised", at: now, data: { summary: subject.summary, reopened: true } });
  return id;
}

/**
 * Resolves an alert whose condition cleared. Its channels are owed a resolved
 * notification only when they were told it fired (a firing notification was
 * handed to them) and the rule wants one; it falls due after the grouping
 * window, like the firing one, so alerts clearing together go out together.
 */
async function resolveCleared(db: pg.PoolClient, rule: TRuleRow, alertId: string, now: Date) {
  const { rows } = await db.query<{ owed: boolean }>({
    name: "alerts.resolve",
    text: `update alerts a set status = 'resolved', resolved_at = $2,
             resolved_notify_at = case when $3::boolean and exists (
               select 1 from alert_events e where e.alert_id = a.id and e.partner_id = a.partner_id and e.kind = 'notified' and not (e.data ? 'resolved')
             ) then $2::timestamptz + $4 * interval '1 millisecond' end
           where id = $1 and status = 'open'
           returning resolved_notify_at is not null as owed`,
    values: [alertId, now, rule.notify_resolved, rule.group_window_ms],
  });
  if (rows[0]) await recordEvent(db, { partnerId: rule.partner_id, ruleId: rule.id, alertId, kind: "resolved", at: now, data: { reason: "condition cleared", notify: rows[0].owed } });
}

/**
 * One pass over every enabled rule, each in its own transaction, so one rule's
 * failure does not hold back the others. Safe on every worker at once: the rule
 * lock and the open-alert unique index raise each alert once.
 */
export async function evaluateAlertRules({ pool, now = new Date() }: EvaluateAlertRulesOptions): Promise<TEvaluateResult> {
  const { rows } = await pool.query<{ id: string }>({
    name: "alerts.enabled-rules",
    text: "select id from alert_rules where enabled and archived_at is null order by id",
  });
  const result: TEvaluateResult = { changes: [], skipped: 0, failed: [] };
  for (const { id } of rows) {
    try {
      const changes = await inTransaction(pool, (db) => evaluateRule(db, id, now));
      if (changes === "skipped") result.skipped++;
      else result.changes.push(...changes);
    } catch (error) {
      result.failed.push({ ruleId: id, error });
    }
  }
  return result;
}
