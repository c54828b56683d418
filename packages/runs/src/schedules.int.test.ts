/**
 * Schedules against the real PostgreSQL with row-level security: managed in the
 * actor's tenant scope and audited, fired in the system scope once per slot.
 */
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { beforeEach, describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { type TOperator } from "./operator-actions";
import { InvalidCronError, InvalidTimezoneError } from "./schedule-cron";
import { fireSchedule, findFiringSchedule, listFiringSchedules } from "./schedule-firing";
import { createSchedule, deleteSchedule, type TScheduleRef, type TScheduleSync, updateSchedule } from "./schedules";

const h = useRunHarness();
const { state, publisher } = h;

const report: TWorkflowDefinitionInput = {
  key: "test.nightly-report",
  version: "1.0.0",
  start: "summarise",
  steps: [{ key: "summarise", kind: "transform", expression: "{ 'day': input.day }" }],
};

const operatorA = (): TOperator => ({ db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, clientId: null, userId: state.tenants.usersA.partner_operator.id } });
const operatorB = (): TOperator => ({ db: state.t.db, scope: { partnerId: state.tenants.partnerB.id, clientId: null, userId: state.tenants.ownerB.id } });

let synced: TScheduleRef[] = [];
const sync: TScheduleSync = {
  async syncSchedule(ref) {
    synced.push(ref);
  },
};
beforeEach(async () => {
  synced = [];
  // Tests share the file's database: each starts with no schedules and its clients as seeded.
  await state.t.adminDb.workflowSchedule.deleteMany();
  await state.t.adminDb.client.updateMany({ data: { timezone: "UTC", status: "active" } });
});

const audits = (targetId: string) => state.t.adminDb.auditEvent.findMany({ where: { targetId }, orderBy: { createdAt: "asc" } });
const schedulesOf = (clientId: string) => state.t.adminDb.workflowSchedule.findMany({ where: { clientId } });
const create = (input: Partial<Parameters<typeof createSchedule>[1]> = {}, operator = operatorA()) =>
  createSchedule({ operator, store: h.store, sync }, { clientId: state.tenants.clientA1.id, definition: report, cron: "0 6 * * *", input: { day: "today" }, ...input });
const refOf = (schedule: { id: string; clientId: string }) => ({ partnerId: state.tenants.partnerA.id, clientId: schedule.clientId, scheduleId: schedule.id });

describe("schedule management", () => {
  it("creates a schedule read in the client's own time zone, stores its definition, audits it and mirrors it", async () => {
    const clientId = state.tenants.clientA2.id;
    await state.t.adminDb.client.update({ where: { id: clientId }, data: { timezone: "Asia/Kolkata" } });
    const before = Date.now();
    const schedule = await create({ clientId, cron: " 30  9 * * * " });
    expect(schedule).toMatchObject({ clientId, cron: "30 9 * * *", timezone: "Asia/Kolkata", enabled: true, input: { day: "today" }, lastFiredAt: null });
    // 09:30 in Kolkata (UTC+05:30, no daylight saving) is 04:00 UTC.
    expect(schedule.nextFiringAt!.toISOString()).toMatch(/T04:00:00\.000Z$/);
    expect(schedule.nextFiringAt!.getTime() - before).toBeLessThanOrEqual(86_400_000);
    const stored = await state.t.adminDb.workflowDefinition.findUniqueOrThrow({ where: { partnerId_hash: { partnerId: state.tenants.partnerA.id, hash: schedule.definitionHash } } });
    expect(stored.key).toBe(report.key);
    expect((await audits(schedule.id)).map((a) => [a.action, a.actorUserId, a.clientId])).toEqual([["schedule.created", operatorA().scope.userId, clientId]]);
    expect(synced).toEqual([refOf(schedule)]);
  });

  it("keeps a committed change when mirroring it fails: the queue's periodic sync repairs the mirror", async () => {
    const failing: TScheduleSync = { syncSchedule: () => Promise.reject(new Error("redis is down")) };
    const schedule = await createSchedule({ operator: operatorA(), store: h.store, sync: failing }, { clientId: state.tenants.clientA1.id, definition: report, cron: "0 6 * * *" });
    expect(await schedulesOf(state.tenants.clientA1.id)).toEqual([expect.objectContaining({ id: schedule.id })]);
  });

  it("rejects a bad cron expression with a typed error, creating, auditing and mirroring nothing", async () => {
    const auditedBefore = await state.t.adminDb.auditEvent.count();
    for (const cron of ["61 * * * *", "every day", "* * * * * *", "0 0 30 2 *"]) {
      const error = await create({ cron }).catch((e: unknown) => e);
      expect(error, cron).toBeInstanceOf(InvalidCronError);
      expect(error).toMatchObject({ code: "BAD_REQUEST", field: "cron" });
    }
    expect(await schedulesOf(state.tenants.clientA1.id)).toHaveLength(0);
    expect(await state.t.adminDb.auditEvent.count()).toBe(auditedBefore);
    expect(synced).toHaveLength(0);
  });

  it("rejects a time zone that is not an IANA zone, given or the client's own", async () => {
    for (const timezone of ["Mars/Olympus_Mons", "+01:00", "UTC+1"]) {
      const error = await create({ timezone }).catch((e: unknown) => e);
      expect(error, timezone).toBeInstanceOf(InvalidTimezoneError);
      expect(error).toMatchObject({ code: "BAD_REQUEST", field: "timezone" });
    }
    const clientId = state.tenants.clientA2.id;
    await state.t.adminDb.client.update({ where: { id: clientId }, data: { timezone: "Nowhere/Special" } });
    await expect(create({ clientId })).rejects.toBeInstanceOf(InvalidTimezoneError);
    expect(await schedulesOf(state.tenants.clientA1.id)).toHaveLength(0);
    expect(await schedulesOf(clientId)).toHaveLength(0);
  });

  it("rejects a definition that does not hold against the bindings as bad input", async () => {
    const needsShop: TWorkflowDefinitionInput = { ...report, start: "fetch", steps: [{ key: "fetch", kind: "action", connection: "shop", operation: "orders", input: {} }] };
    await expect(create({ definition: needsShop })).rejects.toMatchObject({ code: "BAD_REQUEST", field: "definition" });
    expect(await create({ definition: needsShop, bindings: ["shop"] })).toMatchObject({ bindings: ["shop"] });
  });

  it("updates timing, input and whether it fires, auditing what changed, and deletes", async () => {
    const schedule = await create({ timezone: "Europe/Berlin" });
    synced = [];
    const updated = await updateSchedule({ operator: operatorA(), sync }, { scheduleId: schedule.id, cron: "15 7 * * 1-5", enabled: false, input: { day: "weekday" } });
    expect(updated).toMatchObject({ cron: "15 7 * * 1-5", timezone: "Europe/Berlin", enabled: false, input: { day: "weekday" }, nextFiringAt: null });
    await expect(updateSchedule({ operator: operatorA(), sync }, { scheduleId: schedule.id, timezone: "Europe/Nowhere" })).rejects.toBeInstanceOf(InvalidTimezoneError);
    await expect(updateSchedule({ operator: operatorA(), sync }, { scheduleId: schedule.id, cron: "0 25 * * *" })).rejects.toBeInstanceOf(InvalidCronError);
    await deleteSchedule({ operator: operatorA(), sync }, { scheduleId: schedule.id });
    expect(await schedulesOf(state.tenants.clientA1.id)).toHaveLength(0);
    const trail = await audits(schedule.id);
    expect(trail.map((a) => a.action)).toEqual(["schedule.created", "schedule.updated", "schedule.deleted"]);
    expect(trail[1]!.data).toEqual({ cron: { from: "0 6 * * *", to: "15 7 * * 1-5" }, enabled: { from: true, to: false }, inputChanged: true });
    expect(synced).toEqual([refOf(schedule), refOf(schedule)]);
  });

  it("cannot see or touch another partner's schedule or client: not found, nothing changed, nothing audited", async () => {
    const schedule = await create();
    synced = [];
    await expect(updateSchedule({ operator: operatorB(), sync }, { scheduleId: schedule.id, enabled: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteSchedule({ operator: operatorB(), sync }, { scheduleId: schedule.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(create({}, operatorB())).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A client user sees only their own client's schedules.
    const clientAdminA2: TOperator = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA2.id, userId: state.tenants.clientAdminA2.id } };
    await expect(deleteSchedule({ operator: clientAdminA2, sync }, { scheduleId: schedule.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await state.t.adminDb.workflowSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ enabled: true });
    expect((await audits(schedule.id)).map((a) => a.action)).toEqual(["schedule.created"]);
    expect(await schedulesOf(state.tenants.clientB1.id)).toHaveLength(0);
    expect(synced).toHaveLength(0);
  });
});

describe("firing a schedule", () => {
  const slotMs = Date.parse("2026-03-02T06:00:00.000Z");

  it("starts one run per slot however often the slot fires, with the schedule's input and trigger, and records the slot", async () => {
    const schedule = await create();
    const ref = refOf(schedule);
    const first = await fireSchedule({ store: h.store, publisher, ...ref, slotMs });
    const again = await fireSchedule({ store: h.store, publisher, ...ref, slotMs });
    expect(first).toMatchObject({ fired: true, created: true });
    expect(again).toEqual({ fired: true, created: false, runId: first.fired && first.runId });
    const runs = await state.t.adminDb.workflowRun.findMany({ where: { triggerRef: schedule.id } });
    expect(runs).toEqual([
      expect.objectContaining({
        trigger: "schedule",
        idempotencyKey: `schedule:${schedule.id}:2026-03-02T06:00:00.000Z`,
        input: { day: "today" },
        definitionHash: schedule.definitionHash,
        clientId: state.tenants.clientA1.id,
      }),
    ]);
    expect(h.published).toHaveLength(1);
    expect(await state.t.adminDb.workflowSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ lastFiredAt: new Date(slotMs) });

    // The next slot is a new run; a late retry of the earlier one leaves the last firing where it is.
    await fireSchedule({ store: h.store, publisher, ...ref, slotMs: slotMs + 86_400_000 });
    await fireSchedule({ store: h.store, publisher, ...ref, slotMs });
    expect(await state.t.adminDb.workflowRun.count({ where: { triggerRef: schedule.id } })).toBe(2);
    expect(await state.t.adminDb.workflowSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ lastFiredAt: new Date(slotMs + 86_400_000) });
    await h.drain();
    expect((await h.run(first.fired ? first.runId : "")).status).toBe("succeeded");
  });

  it("fires nothing for a disabled or deleted schedule, an archived client, or a ref naming another tenant", async () => {
    const disabled = await create({ enabled: false });
    const deleted = await create();
    await deleteSchedule({ operator: operatorA(), sync }, { scheduleId: deleted.id });
    const archived = await create({ clientId: state.tenants.clientA2.id });
    await state.t.adminDb.client.update({ where: { id: state.tenants.clientA2.id }, data: { status: "archived" } });
    const live = await create();
    const refs = [refOf(disabled), refOf(deleted), refOf(archived), { ...refOf(live), partnerId: state.tenants.partnerB.id }, { ...refOf(live), clientId: state.tenants.clientA2.id }];
    for (const ref of refs) expect(await fireSchedule({ store: h.store, publisher, ...ref, slotMs })).toEqual({ fired: false });
    expect(await state.t.adminDb.workflowRun.count({ where: { triggerRef: { in: [disabled.id, deleted.id, archived.id, live.id] } } })).toBe(0);
    expect(h.published).toHaveLength(0);
    expect((await listFiringSchedules(h.store)).map((s) => s.scheduleId)).toEqual([live.id]);
    expect(await findFiringSchedule(h.store, refOf(disabled))).toBeNull();
    expect(await findFiringSchedule(h.store, refOf(live))).toEqual({ ...refOf(live), cron: "0 6 * * *", timezone: "UTC" });
  });
});
