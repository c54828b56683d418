import { recordAudit } from "@storeflow/audit";
import { type Prisma, type TTx, withTenant } from "@storeflow/db";
import { assertValidDefinition, DefinitionError } from "@storeflow/engine";
import { ConflictError, DomainError, NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { definitionHash } from "./definition-hash";
import { type TOperator } from "./operator-actions";
import { type TRunStore } from "./run-store";
import { assertValidCron, assertValidTimezone, nextFiringAt } from "./schedule-cron";

/** Names one schedule with its tenant: what the queue's scheduler carries and fires. */
export const ZScheduleRef = z.object({ partnerId: z.uuid(), clientId: z.uuid(), scheduleId: z.uuid() });
export type TScheduleRef = z.infer<typeof ZScheduleRef>;

/**
 * Mirrors one schedule's current row into whatever fires it (the queue's job
 * schedulers), after each change here commits. It is a shortcut, not the
 * mechanism: the queue reconciles every schedule periodically, so a change made
 * while it failed or no worker listened is mirrored at the next pass.
 */
export interface TScheduleSync {
  syncSchedule(ref: TScheduleRef): Promise<void>;
}

/** Options for the schedule actions. */
export interface ScheduleActionOptions {
  operator: TOperator;
  /** Told of each committed change. @defaultValue none: the queue's periodic sync picks the change up */
  sync?: TScheduleSync;
}

/** Options for {@link createSchedule}: it also stores the schedule's definition. */
export interface CreateScheduleOptions extends ScheduleActionOptions {
  store: TRunStore;
}

const ZCron = z.string().trim().min(1, "Write a cron expression").max(100);
const ZTimezone = z.string().trim().min(1).max(64);
const ZScheduleInputJson = z.json();

export const ZCreateScheduleInput = z.object({
  clientId: z.uuid(),
  /** The workflow definition each firing runs; validated against `bindings` and stored by its hash. */
  definition: z.record(z.string(), z.unknown()),
  /** Connection bindings the client's installation provides for the definition's steps. */
  bindings: z.array(z.string().min(1).max(100)).max(50).default([]),
  cron: ZCron,
  /** IANA zone the cron expression is read in. @defaultValue the client's time zone */
  timezone: ZTimezone.optional(),
  /** The input every run of the schedule starts with. */
  input: ZScheduleInputJson.default({}),
  enabled: z.boolean().default(true),
});
export const ZUpdateScheduleInput = z
  .object({ scheduleId: z.uuid(), cron: ZCron.optional(), timezone: ZTimezone.optional(), input: ZScheduleInputJson.optional(), enabled: z.boolean().optional() })
  .refine((update) => Object.entries(update).some(([key, value]) => key !== "scheduleId" && value !== undefined), "Say what to change");
export const ZDeleteScheduleInput = z.object({ scheduleId: z.uuid() });

/** What the actions return: the schedule as stored, and when it fires next (null when disabled). */
export interface TScheduleDto {
  id: string;
  clientId: string;
  definitionHash: string;
  bindings: string[];
  cron: string;
  timezone: string;
  input: unknown;
  enabled: boolean;
  lastFiredAt: Date | null;
  nextFiringAt: Date | null;
}

const SCHEDULE = {
  id: true,
  partnerId: true,
  clientId: true,
  definitionHash: true,
  bindings: true,
  cron: true,
  timezone: true,
  input: true,
  enabled: true,
  lastFiredAt: true,
} satisfies Prisma.WorkflowScheduleSelect;
type TScheduleRow = Prisma.WorkflowScheduleGetPayload<{ select: typeof SCHEDULE }>;

function toDto(row: TScheduleRow): TScheduleDto {
  const { id, clientId, definitionHash, bindings, cron, timezone, input, enabled, lastFiredAt } = row;
  return { id, clientId, definitionHash, bindings, cron, timezone, input, enabled, lastFiredAt, nextFiringAt: enabled ? nextFiringAt(cron, timezone) : null };
}

const refOf = (row: TScheduleRow): TScheduleRef => ({ partnerId: row.partnerId, clientId: row.clientId, scheduleId: row.id });

// The row is committed: a mirror that fails now is repaired by the queue's periodic sync.
const mirror = (sync: TScheduleSync | undefined, ref: TScheduleRef) => sync?.syncSchedule(ref).catch(() => undefined);

async function findSchedule(tx: TTx, scheduleId: string): Promise<TScheduleRow> {
  const schedule = await tx.workflowSchedule.findUnique({ where: { id: scheduleId }, select: SCHEDULE });
  if (!schedule) throw new NotFoundError("The schedule");
  return schedule;
}

function validDefinition(definition: unknown, bindings: readonly string[]) {
  try {
    return assertValidDefinition(definition, { bindings });
  } catch (error) {
    if (error instanceof DefinitionError) throw new DomainError("BAD_REQUEST", error.message, "definition");
    throw error;
  }
}

/**
 * Schedules a workflow for one of the actor's clients. The cron expression is
 * read in `timezone`, or the client's own time zone when none is given.
 * @throws InvalidCronError, InvalidTimezoneError, or a BAD_REQUEST naming what the definition lacks
 */
export async function createSchedule({ operator, store, sync }: CreateScheduleOptions, input: z.input<typeof ZCreateScheduleInput>): Promise<TScheduleDto> {
  const { clientId, definition, bindings, cron, timezone, input: runInput, enabled } = ZCreateScheduleInput.parse(input);
  const valid = validDefinition(definition, bindings);
  const row = await withTenant(operator.db, operator.scope, async (tx) => {
    // Row-level security hides a client outside the actor's scope.
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { id: true, status: true, timezone: true } });
    if (!client) throw new NotFoundError("The client");
    if (client.status !== "active") throw new ConflictError("The client is archived; its workflows cannot be scheduled");
    const zone = assertValidTimezone(timezone ?? client.timezone);
    const expression = assertValidCron(cron, zone);
    const hash = definitionHash(valid);
    // Content-addressed and committed on its own, so the schedule's foreign key finds it.
    await store.saveDefinition(operator.scope.partnerId, hash, valid);
    const created = await tx.workflowSchedule.create({
      data: { partnerId: operator.scope.partnerId, clientId, definitionHash: hash, bindings, cron: expression, timezone: zone, input: runInput as Prisma.InputJsonValue, enabled },
      select: SCHEDULE,
    });
    await recordAudit({
      tx,
      scope: operator.scope,
      clientId,
      action: "schedule.created",
      target: { type: "schedule", id: created.id },
      data: { workflow: valid.key, version: valid.version, cron: expression, timezone: zone, enabled },
    });
    return created;
  });
  await mirror(sync, refOf(row));
  return toDto(row);
}

/** Changes a schedule's timing, input or whether it fires; its workflow stays. */
export async function updateSchedule({ operator, sync }: ScheduleActionOptions, input: z.input<typeof ZUpdateScheduleInput>): Promise<TScheduleDto> {
  const { scheduleId, ...changes } = ZUpdateScheduleInput.parse(input);
  const row = await withTenant(operator.db, operator.scope, async (tx) => {
    const before = await findSchedule(tx, scheduleId);
    const timezone = changes.timezone === undefined ? before.timezone : assertValidTimezone(changes.timezone);
    const cron = assertValidCron(changes.cron ?? before.cron, timezone);
    const enabled = changes.enabled ?? before.enabled;
    const updated = await tx.workflowSchedule.update({
      where: { id: scheduleId },
      data: { cron, timezone, enabled, ...(changes.input === undefined ? {} : { input: changes.input as Prisma.InputJsonValue }), updatedAt: new Date() },
      select: SCHEDULE,
    });
    const changed = Object.fromEntries(
      (["cron", "timezone", "enabled"] as const).filter((field) => before[field] !== updated[field]).map((field) => [field, { from: before[field], to: updated[field] }]),
    );
    await recordAudit({
      tx,
      scope: operator.scope,
      clientId: before.clientId,
      action: "schedule.updated",
      target: { type: "schedule", id: scheduleId },
      data: { ...changed, ...(changes.input === undefined ? {} : { inputChanged: true }) },
    });
    return updated;
  });
  await mirror(sync, refOf(row));
  return toDto(row);
}

/** Deletes a schedule; a firing already under way may still start its run. */
export async function deleteSchedule({ operator, sync }: ScheduleActionOptions, input: z.input<typeof ZDeleteScheduleInput>): Promise<{ scheduleId: string }> {
  const { scheduleId } = ZDeleteScheduleInput.parse(input);
  const row = await withTenant(operator.db, operator.scope, async (tx) => {
    const schedule = await findSchedule(tx, scheduleId);
    await tx.workflowSchedule.delete({ where: { id: scheduleId } });
    await recordAudit({
      tx,
      scope: operator.scope,
      clientId: schedule.clientId,
      action: "schedule.deleted",
      target: { type: "schedule", id: scheduleId },
      data: { cron: schedule.cron, timezone: schedule.timezone, definitionHash: schedule.definitionHash },
    });
    return schedule;
  });
  await mirror(sync, refOf(row));
  return { scheduleId };
}
