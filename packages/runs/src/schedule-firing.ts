import { type TRunStore } from "./run-store";
import { type TScheduleRef } from "./schedules";
import { startRun } from "./start-run";
import { type TStepPublisher } from "./step-job";

/**
 * What the queue's job schedulers need and run, in the run store's system scope:
 * the worker fires schedules of every tenant, and each statement names the
 * schedule's partner and client. A schedule fires while it is enabled and its
 * client active; the queries below agree on that, so a schedule that stops
 * qualifying both fires nothing and loses its scheduler at the next sync.
 */

/** A schedule as its job scheduler mirrors it. */
export interface TScheduleTiming extends TScheduleRef {
  cron: string;
  timezone: string;
}

/** Options for {@link fireSchedule}. */
export interface FireScheduleOptions extends TScheduleRef {
  store: TRunStore;
  publisher: TStepPublisher;
  /** The slot fired (epoch ms), as the queue scheduled it, not the moment it fired. */
  slotMs: number;
  checkAfterMs?: number;
}

export type TScheduleFiring = { fired: false } | { fired: true; runId: string; created: boolean };

const FIRING = `s.enabled and exists (select 1 from clients c where c.id = s.client_id and c.partner_id = s.partner_id and c.status = 'active')`;

/** Same schedule, same slot, same key: a slot fired twice (a retried or re-delivered job) starts one run. */
export const scheduleIdempotencyKey = (scheduleId: string, slotMs: number) => `schedule:${scheduleId}:${new Date(slotMs).toISOString()}`;

/**
 * Starts the schedule's run for one slot with the schedule's input, and records
 * the slot as its last firing. A deleted or disabled schedule fires nothing.
 * @throws DefinitionError if the stored definition no longer holds against the schedule's bindings
 */
export async function fireSchedule({ store, publisher, partnerId, clientId, scheduleId, slotMs, checkAfterMs }: FireScheduleOptions): Promise<TScheduleFiring> {
  const { rows } = await store.pool.query<{ definition_hash: string; bindings: string[]; input: unknown; installation_id: string | null }>({
    name: "schedules.load-for-firing",
    text: `select s.definition_hash, s.bindings, s.input, s.installation_id from workflow_schedules s
           where s.id = $1 and s.partner_id = $2 and s.client_id = $3 and ${FIRING}`,
    values: [scheduleId, partnerId, clientId],
  });
  const [schedule] = rows;
  if (!schedule) return { fired: false };
  const definition = await store.loadDefinition(partnerId, schedule.definition_hash);
  const { runId, created } = await startRun({
    store,
    publisher,
    scope: { partnerId, clientId },
    definition,
    bindings: schedule.bindings,
    input: schedule.input,
    idempotencyKey: scheduleIdempotencyKey(scheduleId, slotMs),
    trigger: { kind: "schedule", ref: scheduleId },
    installationId: schedule.installation_id,
    checkAfterMs,
  });
  // The latest slot that fired; a late retry of an earlier slot does not move it back.
  await store.pool.query({
    name: "schedules.record-firing",
    text: `update workflow_schedules set last_fired_at = $4
           where id = $1 and partner_id = $2 and client_id = $3 and (last_fired_at is null or last_fired_at < $4)`,
    values: [scheduleId, partnerId, clientId, new Date(slotMs)],
  });
  return { fired: true, runId, created };
}

interface TTimingRow {
  id: string;
  partner_id: string;
  client_id: string;
  cron: string;
  timezone: string;
}

const toTiming = (row: TTimingRow): TScheduleTiming => ({ scheduleId: row.id, partnerId: row.partner_id, clientId: row.client_id, cron: row.cron, timezone: row.timezone });

/** Every schedule that fires, across all tenants: what the queue's job schedulers must mirror. */
export async function listFiringSchedules(store: TRunStore): Promise<TScheduleTiming[]> {
  const { rows } = await store.pool.query<TTimingRow>({
    name: "schedules.list-firing",
    text: `select s.id, s.partner_id, s.client_id, s.cron, s.timezone from workflow_schedules s where ${FIRING} order by s.id`,
  });
  return rows.map(toTiming);
}

/** The schedule's timing if it fires, null if it is deleted, disabled or its client archived. */
export async function findFiringSchedule(store: TRunStore, { partnerId, clientId, scheduleId }: TScheduleRef): Promise<TScheduleTiming | null> {
  const { rows } = await store.pool.query<TTimingRow>({
    name: "schedules.find-firing",
    text: `select s.id, s.partner_id, s.client_id, s.cron, s.timezone from workflow_schedules s
           where s.id = $1 and s.partner_id = $2 and s.client_id = $3 and ${FIRING}`,
    values: [scheduleId, partnerId, clientId],
  });
  const [row] = rows;
  return row ? toTiming(row) : null;
}
