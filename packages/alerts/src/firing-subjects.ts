import { type TAlertCondition, formatDuration } from "./conditions";
import { type TQueryable } from "@storeflow/runs";

/** One subject for which a rule's condition holds now. */
export interface TFiringSubject {
  subjectType: "installation" | "connection";
  subjectId: string;
  clientId: string;
  label: string;
  summary: string;
  details: Record<string, unknown>;
}

/** Whose subjects a rule watches: the partner's, narrowed to a client and/or an installation. */
export interface TRuleScope {
  partnerId: string;
  clientId: string | null;
  installationId: string | null;
}

interface TInstallationRow {
  subject_id: string;
  client_id: string;
  label: string;
}

// $1 partner, $2 client or null, $3 installation or null: the rule's scope over installations `i` and their clients `c`.
const INSTALLATIONS = "installations i join clients c on c.id = i.client_id and c.partner_id = i.partner_id";
const IN_SCOPE = `i.partner_id = $1 and ($2::uuid is null or i.client_id = $2) and ($3::uuid is null or i.id = $3)
    and i.uninstalled_at is null and c.status = 'active'`;
const LABEL = "i.template_key || ' · ' || c.name";

const scopeValues = (scope: TRuleScope) => [scope.partnerId, scope.clientId, scope.installationId];
const iso = (value: Date | null) => value?.toISOString() ?? null;

async function breaches(db: TQueryable, scope: TRuleScope, condition: Extract<TAlertCondition, { kind: "breach" }>, now: Date): Promise<TFiringSubject[]> {
  const { rows } = await db.query<TInstallationRow & { breaches: number; last_at: Date; kinds: string[] }>({
    name: "alerts.firing-breach",
    text: `select i.id as subject_id, i.client_id, ${LABEL} as label, b.breaches, b.last_at, b.kinds
           from ${INSTALLATIONS}
           join lateral (
             select count(*)::int as breaches, max(detected_at) as last_at, array_agg(distinct kind::text order by kind::text) as kinds
             from sla_breaches
             where installation_id = i.id and partner_id = i.partner_id and detected_at > $4 and detected_at <= $5 and ($6::text is null or kind::text = $6)
           ) b on b.breaches > 0
           where ${IN_SCOPE}`,
    values: [...scopeValues(scope), new Date(now.getTime() - condition.clearAfterMs), now, condition.breachKind ?? null],
  });
  return rows.map((row) => ({
    subjectType: "installation",
    subjectId: row.subject_id,
    clientId: row.client_id,
    label: row.label,
    summary: `${row.breaches} SLA breach${row.breaches === 1 ? "" : "es"} (${row.kinds.join(", ").replaceAll("_", " ")}) in the last ${formatDuration(condition.clearAfterMs)}`,
    details: { breaches: row.breaches, kinds: row.kinds, lastBreachAt: iso(row.last_at) },
  }));
}

async function failureRate(db: TQueryable, scope: TRuleScope, condition: Extract<TAlertCondition, { kind: "failure_rate" }>, now: Date): Promise<TFiringSubject[]> {
  const { rows } = await db.query<TInstallationRow & { runs: number; failed: number }>({
    name: "alerts.firing-failure-rate",
    text: `select i.id as subject_id, i.client_id, ${LABEL} as label, r.runs, r.failed
           from ${INSTALLATIONS}
           join lateral (
             select count(*)::int as runs, (count(*) filter (where status in ('failed', 'resolved')))::int as failed
             from workflow_runs
             where installation_id = i.id and partner_id = i.partner_id and created_at > $4 and created_at <= $5
               and status in ('succeeded', 'failed', 'resolved')
           ) r on r.runs >= $6 and r.failed::float8 / r.runs > $7
           where ${IN_SCOPE}`,
    values: [...scopeValues(scope), new Date(now.getTime() - condition.windowMs), now, condition.minRuns, condition.threshold],
  });
  return rows.map((row) => ({
    subjectType: "installation",
    subjectId: row.subject_id,
    clientId: row.client_id,
    label: row.label,
    summary: `${row.failed} of ${row.runs} runs failed (${Math.round((row.failed / row.runs) * 1000) / 10}%) in the last ${formatDuration(condition.windowMs)}`,
    details: { runs: row.runs, failed: row.failed, failureRate: row.failed / row.runs },
  }));
}

/**
 * An enabled installation with a cadence (the rule's, else its SLA target's)
 * and no successful run for longer than that: also when it has no run at all,
 * which is how a schedule that silently stopped shows. The clock starts at its
 * latest success, or at its last change (installed, re-enabled) before one.
 */
async function missedCadence(db: TQueryable, scope: TRuleScope, condition: Extract<TAlertCondition, { kind: "missed_cadence" }>, now: Date): Promise<TFiringSubject[]> {
  const { rows } = await db.query<TInstallationRow & { cadence_ms: string; since: Date; last_success_at: Date | null; last_run_at: Date | null; last_run_status: string | null }>({
    name: "alerts.firing-missed-cadence",
    text: `select * from (
             select i.id as subject_id, i.client_id, ${LABEL} as label, cad.cadence_ms,
                    coalesce(ok.finished_at, i.updated_at) as since, ok.finished_at as last_success_at, last.created_at as last_run_at, last.status::text as last_run_status
             from ${INSTALLATIONS}
             left join sla_targets t on t.installation_id = i.id
             cross join lateral (select coalesce($4::bigint, t.cadence_ms) as cadence_ms) cad
             left join lateral (
               select finished_at from workflow_runs
               where installation_id = i.id and partner_id = i.partner_id and status = 'succeeded' and created_at <= $6
               order by created_at desc limit 1
             ) ok on true
             left join lateral (
               select created_at, status from workflow_runs
               where installation_id = i.id and partner_id = i.partner_id and created_at <= $6
               order by created_at desc limit 1
             ) last on true
             where ${IN_SCOPE} and i.enabled and cad.cadence_ms is not null
           ) s
           where s.since < $6::timestamptz - ((s.cadence_ms + $5) * interval '1 millisecond')`,
    values: [...scopeValues(scope), condition.cadenceMs ?? null, condition.graceMs, now],
  });
  return rows.map((row) => {
    const cadenceMs = Number(row.cadence_ms);
    const silentFor = now.getTime() - row.since.getTime();
    const last = row.last_run_at ? `last run ${formatDuration(now.getTime() - row.last_run_at.getTime())} ago ${row.last_run_status}` : "no run at all";
    return {
      subjectType: "installation",
      subjectId: row.subject_id,
      clientId: row.client_id,
      label: row.label,
      summary: `No successful run for ${formatDuration(silentFor)} (expected every ${formatDuration(cadenceMs)}): ${last}`,
      details: { cadenceMs, lastSuccessAt: iso(row.last_success_at), lastRunAt: iso(row.last_run_at), lastRunStatus: row.last_run_status },
    };
  });
}

async function backlogAge(db: TQueryable, scope: TRuleScope, condition: Extract<TAlertCondition, { kind: "backlog_age" }>, now: Date): Promise<TFiringSubject[]> {
  const { rows } = await db.query<TInstallationRow & { waiting: number; oldest: Date }>({
    name: "alerts.firing-backlog-age",
    text: `select i.id as subject_id, i.client_id, ${LABEL} as label, r.waiting, r.oldest
           from ${INSTALLATIONS}
           join lateral (
             select count(*)::int as waiting, min(created_at) as oldest
             from workflow_runs
             where installation_id = i.id and partner_id = i.partner_id and status = 'running' and created_at < $4
           ) r on r.waiting > 0
           where ${IN_SCOPE}`,
    values: [...scopeValues(scope), new Date(now.getTime() - condition.maxAgeMs)],
  });
  return rows.map((row) => ({
    subjectType: "installation",
    subjectId: row.subject_id,
    clientId: row.client_id,
    label: row.label,
    summary: `${row.waiting} run${row.waiting === 1 ? "" : "s"} unfinished for over ${formatDuration(condition.maxAgeMs)}, the oldest for ${formatDuration(now.getTime() - row.oldest.getTime())}`,
    details: { waiting: row.waiting, oldestStartedAt: iso(row.oldest) },
  }));
}

/** Live connections whose latest check failed; narrowed to an installation, the connections it binds. */
async function unhealthyConnections(db: TQueryable, scope: TRuleScope): Promise<TFiringSubject[]> {
  const { rows } = await db.query<{ subject_id: string; client_id: string; label: string; detail: string | null; checked_at: Date | null }>({
    name: "alerts.firing-connection-unhealthy",
    text: `select k.id as subject_id, k.client_id, k.name || ' · ' || c.name as label, k.health_detail as detail, k.health_checked_at as checked_at
           from connections k
           join clients c on c.id = k.client_id and c.partner_id = k.partner_id
           where k.partner_id = $1 and ($2::uuid is null or k.client_id = $2) and k.archived_at is null and c.status = 'active' and k.health = 'unhealthy'
             and ($3::uuid is null or exists (
               select 1 from installations i, jsonb_each_text(i.bindings) b
               where i.id = $3 and i.partner_id = k.partner_id and b.value = k.id::text
             ))`,
    values: scopeValues(scope),
  });
  return rows.map((row) => ({
    subjectType: "connection",
    subjectId: row.subject_id,
    clientId: row.client_id,
    label: row.label,
    summary: `Health check failing${row.detail ? `: ${row.detail.slice(0, 200)}` : ""}`,
    details: { healthCheckedAt: iso(row.checked_at) },
  }));
}

/** The subjects for which `condition` holds at `now`, within `scope`. */
export function findFiringSubjects(db: TQueryable, scope: TRuleScope, condition: TAlertCondition, now: Date): Promise<TFiringSubject[]> {
  switch (condition.kind) {
    case "breach":
      return breaches(db, scope, condition, now);
    case "failure_rate":
      return failureRate(db, scope, condition, now);
    case "missed_cadence":
      return missedCadence(db, scope, condition, now);
    case "backlog_age":
      return backlogAge(db, scope, condition, now);
    case "connection_unhealthy":
      return unhealthyConnections(db, scope);
  }
}
