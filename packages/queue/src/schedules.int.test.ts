/**
 * Schedules through BullMQ job schedulers against the real PostgreSQL and
 * Redis: every slot fires once across workers, the sync mirrors the schedules
 * table whatever changed it, and slots are computed in the schedule's zone.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { useTestTenants } from "@storeflow/db/test";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { createRunStore, createSchedule, deleteSchedule, type TOperator, type TRunStore, type TScheduleFiring, type TScheduleSync, updateSchedule } from "@storeflow/runs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testPrefix } from "../test/in-process-fleet";
import { createScheduleMirror, type TScheduleMirror } from "./schedule-mirror";
import { startScheduleWorker } from "./schedule-worker";
import { createQueuePublisher } from "./step-fleet";

const state = useTestTenants();
const redisUrl = process.env.REDIS_URL!;
let store: TRunStore;
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 6 });
});
afterAll(() => store?.close());

const report: TWorkflowDefinitionInput = {
  key: "test.report",
  version: "1.0.0",
  start: "summarise",
  steps: [{ key: "summarise", kind: "transform", expression: "{ 'day': input.day }" }],
};
const operator = (): TOperator => ({ db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, clientId: null, userId: state.tenants.usersA.partner_operator.id } });
const create = (input: Partial<Parameters<typeof createSchedule>[1]> = {}, sync?: TScheduleSync) =>
  createSchedule({ operator: operator(), store, sync }, { clientId: state.tenants.clientA1.id, definition: report, cron: "0 6 * * *", input: { day: "today" }, ...input });

let mirror: TScheduleMirror;
beforeEach(async () => {
  await state.t.adminDb.workflowSchedule.deleteMany();
  mirror = createScheduleMirror({ store, redisUrl, prefix: testPrefix("schedules") });
});
afterEach(async () => {
  await state.t.adminDb.workflowSchedule.deleteMany();
  await mirror.syncAll();
  await mirror.close();
});

const schedulerIds = async () => (await mirror.queue.getJobSchedulers()).map((scheduler) => scheduler.key).sort();

describe("schedule firing across workers", () => {
  it("fires each slot of an every-second schedule exactly once across two workers, one run per slot", { timeout: 30_000 }, async () => {
    const prefix = testPrefix("schedule-fleet");
    const schedule = await create();
    // Seconds fields are refused through the actions; one written directly lets the test see many slots.
    await state.t.adminDb.workflowSchedule.update({ where: { id: schedule.id }, data: { cron: "* * * * * *" } });
    const publishing = createQueuePublisher({ redisUrl, prefix });
    const firings: { worker: number; slotMs: number; firing: TScheduleFiring }[] = [];
    // Two processes' worth: each its own mirror, Redis connections and BullMQ worker, both syncing at start.
    const workers = [0, 1].map((worker) =>
      startScheduleWorker({ store, publisher: publishing.publisher, redisUrl, prefix, onFired: ({ slotMs }, firing) => firings.push({ worker, slotMs, firing }) }),
    );
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      await sleep(4_500);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await state.t.adminDb.workflowSchedule.delete({ where: { id: schedule.id } });
      const cleanup = createScheduleMirror({ store, redisUrl, prefix });
      await cleanup.syncAll();
      await cleanup.close();
      await publishing.close();
    }

    const slots = firings.map((f) => f.slotMs).sort((a, b) => a - b);
    // Four or five slots fall in the window; a worker stalled past a whole slot would let BullMQ skip one (it does not catch up).
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(slots.every((slot) => slot % 1000 === 0)).toBe(true);
    // No slot was taken by both workers, nor twice by one.
    expect(new Set(slots).size).toBe(slots.length);
    expect(firings.every(({ firing }) => firing.fired && firing.created)).toBe(true);
    const runs = await state.t.adminDb.workflowRun.findMany({ where: { triggerRef: schedule.id }, select: { idempotencyKey: true, trigger: true } });
    expect(runs.map((run) => run.idempotencyKey).sort()).toEqual(slots.map((slot) => `schedule:${schedule.id}:${new Date(slot).toISOString()}`));
    expect(runs.every((run) => run.trigger === "schedule")).toBe(true);
    console.log(`schedules: ${slots.length} slots fired once each, by workers ${firings.map((f) => f.worker).join("")}`);
  });
});

describe("schedule sync", () => {
  it("adds schedules created while no worker listened, leaves unchanged ones alone, updates changed ones and removes stale ones", async () => {
    const [kept, deleted, disabled, changed] = [await create(), await create(), await create(), await create()];
    expect(await mirror.syncAll()).toEqual({ upserted: 4, removed: 0, failed: [] });
    expect(await schedulerIds()).toEqual([kept.id, deleted.id, disabled.id, changed.id].sort());
    const keptNext = (await mirror.queue.getJobScheduler(kept.id))!.next;
    expect(await mirror.syncAll()).toEqual({ upserted: 0, removed: 0, failed: [] });

    await deleteSchedule({ operator: operator() }, { scheduleId: deleted.id });
    await updateSchedule({ operator: operator() }, { scheduleId: disabled.id, enabled: false });
    await updateSchedule({ operator: operator() }, { scheduleId: changed.id, cron: "45 23 * * 0" });
    expect(await mirror.syncAll()).toEqual({ upserted: 1, removed: 2, failed: [] });
    expect(await schedulerIds()).toEqual([kept.id, changed.id].sort());
    expect(await mirror.queue.getJobScheduler(changed.id)).toMatchObject({ pattern: "45 23 * * 0", tz: "UTC" });
    expect((await mirror.queue.getJobScheduler(kept.id))!.next).toBe(keptNext);
  });

  it("mirrors a change at once through the actions' sync hook", async () => {
    const schedule = await create({}, mirror);
    expect(await schedulerIds()).toEqual([schedule.id]);
    await updateSchedule({ operator: operator(), sync: mirror }, { scheduleId: schedule.id, cron: "0 7 * * *" });
    expect(await mirror.queue.getJobScheduler(schedule.id)).toMatchObject({ pattern: "0 7 * * *" });
    await updateSchedule({ operator: operator(), sync: mirror }, { scheduleId: schedule.id, enabled: false });
    expect(await schedulerIds()).toEqual([]);
    await updateSchedule({ operator: operator(), sync: mirror }, { scheduleId: schedule.id, enabled: true });
    await deleteSchedule({ operator: operator(), sync: mirror }, { scheduleId: schedule.id });
    expect(await schedulerIds()).toEqual([]);
  });

  it("computes the next slot in the schedule's zone, defaulting to the client's, and stamps its job with that slot", async () => {
    await state.t.adminDb.client.update({ where: { id: state.tenants.clientA1.id }, data: { timezone: "Asia/Kolkata" } });
    try {
      const now = Date.now();
      const kolkata = await create({ cron: "0 9 * * *" }, mirror);
      const scheduler = (await mirror.queue.getJobScheduler(kolkata.id))!;
      expect(scheduler).toMatchObject({ pattern: "0 9 * * *", tz: "Asia/Kolkata" });
      // 09:00 in Kolkata (UTC+05:30 all year) is 03:30 UTC: the first such instant from now.
      const today = new Date(now);
      let expected = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 3, 30);
      if (expected <= now) expected += 86_400_000;
      expect(scheduler.next).toBe(expected);
      expect(kolkata.nextFiringAt!.getTime()).toBe(expected);
      // The worker reads the slot from the job's prevMillis: the scheduler's job carries it.
      const job = await mirror.queue.getJob(`repeat:${kolkata.id}:${expected}`);
      expect(job?.opts.prevMillis).toBe(expected);
      expect(job?.data).toEqual({ partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id, scheduleId: kolkata.id });

      const newYork = await create({ cron: "0 9 * * *", timezone: "America/New_York" }, mirror);
      const next = (await mirror.queue.getJobScheduler(newYork.id))!.next!;
      expect(next).toBe(newYork.nextFiringAt!.getTime());
      // 09:00 Eastern is 13:00 UTC in daylight saving time, 14:00 outside it.
      expect([13, 14]).toContain(new Date(next).getUTCHours());
      expect(Number(new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hourCycle: "h23" }).format(next))).toBe(9);
    } finally {
      await state.t.adminDb.client.update({ where: { id: state.tenants.clientA1.id }, data: { timezone: "UTC" } });
    }
  });
});
