/** client.usage, client.setLimits and client.setRunsPaused: a partner admin manages a client's run limits, quota and pause. */
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { callerAs, startAndRun, useApiTenants } from "./test/harness";

const state = useApiTenants();
const as = (user: { id: string; email: string }) => callerAs(state, user);

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const clientRow = (id: string) =>
  state.t.adminDb.client.findUniqueOrThrow({
    where: { id },
    select: { maxConcurrentSteps: true, runsPerMinute: true, monthlyRunQuota: true, quotaWarnPercent: true, runsPausedAt: true, runsPauseReason: true },
  });
const auditsOf = (clientId: string) => state.t.adminDb.auditEvent.findMany({ where: { targetId: clientId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { action: true, actorUserId: true, data: true } });

beforeEach(async () => {
  await state.t.adminDb.client.updateMany({ data: { maxConcurrentSteps: 20, runsPerMinute: null, monthlyRunQuota: null, quotaWarnPercent: 80, runsPausedAt: null, runsPauseReason: null } });
});

describe("client limits", () => {
  it("sets limits, reads them back with this month's usage, and audits the change", async () => {
    const clientId = state.tenants.clientA1.id;
    const admin = state.tenants.usersA.partner_admin;
    const api = await as(admin);
    const before = await api.client.usage({ id: clientId });
    expect(before).toMatchObject({ clientId, monthlyRunQuota: null, warnAt: null, runsPerMinute: null, maxConcurrentSteps: 20, paused: false, pauseReason: null });
    expect(before.runsThisMonth).toBeGreaterThanOrEqual(1);

    await startAndRun({ store: state.store, scope: { partnerId: state.tenants.partnerA.id, clientId } });
    const set = await api.client.setLimits({ id: clientId, runsPerMinute: 90, monthlyRunQuota: 1000, quotaWarnPercent: 75 });
    expect(set).toMatchObject({ runsThisMonth: before.runsThisMonth + 1, monthlyRunQuota: 1000, quotaWarnPercent: 75, warnAt: 750, runsPerMinute: 90, maxConcurrentSteps: 20 });
    expect(await clientRow(clientId)).toMatchObject({ runsPerMinute: 90, monthlyRunQuota: 1000, quotaWarnPercent: 75, maxConcurrentSteps: 20 });

    // Null clears a limit; omitted fields stay as they are.
    expect(await api.client.setLimits({ id: clientId, runsPerMinute: null, maxConcurrentSteps: 5 })).toMatchObject({ runsPerMinute: null, maxConcurrentSteps: 5, monthlyRunQuota: 1000 });
    expect((await auditsOf(clientId)).filter((a) => a.action === "client.limits_changed")).toEqual([
      { action: "client.limits_changed", actorUserId: admin.id, data: { before: { runsPerMinute: null, monthlyRunQuota: null, quotaWarnPercent: 80 }, changes: { runsPerMinute: 90, monthlyRunQuota: 1000, quotaWarnPercent: 75 } } },
      { action: "client.limits_changed", actorUserId: admin.id, data: { before: { runsPerMinute: 90, maxConcurrentSteps: 20 }, changes: { runsPerMinute: null, maxConcurrentSteps: 5 } } },
    ]);
    // A client user reads its own usage.
    expect(await (await as(state.tenants.usersA.client_viewer)).client.usage({ id: clientId })).toMatchObject({ clientId, monthlyRunQuota: 1000, maxConcurrentSteps: 5 });
  });

  it("refuses limits out of bounds with a message naming the field, and changes nothing", async () => {
    const clientId = state.tenants.clientA1.id;
    const api = await as(state.tenants.usersA.partner_owner);
    const rowBefore = await clientRow(clientId);
    const auditBefore = await state.t.adminDb.auditEvent.count();
    const cases = [
      [{ runsPerMinute: 0 }, "runsPerMinute", "Allow at least 1 run a minute, or clear the limit"],
      [{ maxConcurrentSteps: 0 }, "maxConcurrentSteps", "Allow at least 1 step at once; to stop the client's runs, pause them"],
      [{ maxConcurrentSteps: 2.5 }, "maxConcurrentSteps", "Use a whole number"],
      [{ monthlyRunQuota: -3 }, "monthlyRunQuota", "Allow at least 1 run a month, or clear the quota"],
      [{ quotaWarnPercent: 101 }, "quotaWarnPercent", "Warn at 1 to 100 percent of the quota"],
      [{}, undefined, "Change at least one limit"],
    ] as const;
    for (const [limits, field, message] of cases) {
      const error = await refusal(api.client.setLimits({ id: clientId, ...limits }));
      expect(error.code, JSON.stringify(limits)).toBe("BAD_REQUEST");
      const issues = (error.cause as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
      expect(issues.map((i) => [i.path[0], i.message]), JSON.stringify(limits)).toEqual([[field, message]]);
    }
    expect(await clientRow(clientId)).toEqual(rowBefore);
    expect(await state.t.adminDb.auditEvent.count()).toBe(auditBefore);
  });

  it("is for partner owners and admins, and does not find another tenant's client", async () => {
    const input = { id: state.tenants.clientA1.id, runsPerMinute: 5 };
    for (const user of [state.tenants.usersA.partner_operator, state.tenants.usersA.client_admin]) {
      expect((await refusal((await as(user)).client.setLimits(input))).code).toBe("FORBIDDEN");
      expect((await refusal((await as(user)).client.setRunsPaused({ id: input.id, paused: true }))).code).toBe("FORBIDDEN");
    }
    const ownerB = await as(state.tenants.ownerB);
    expect((await refusal(ownerB.client.setLimits(input))).code).toBe("NOT_FOUND");
    expect((await refusal(ownerB.client.usage({ id: input.id }))).code).toBe("NOT_FOUND");
    expect((await refusal((await as(state.tenants.usersA.client_admin)).client.usage({ id: state.tenants.clientA2.id }))).code).toBe("NOT_FOUND");
    expect(await clientRow(input.id)).toMatchObject({ runsPerMinute: null, runsPausedAt: null });
  });
});

describe("pausing a client's runs", () => {
  it("pauses and resumes by hand, audited, and refuses to pause twice or resume what is not paused", async () => {
    const clientId = state.tenants.clientA2.id;
    const owner = state.tenants.usersA.partner_owner;
    const api = await as(owner);
    expect(await api.client.setRunsPaused({ id: clientId, paused: true })).toMatchObject({ paused: true, pauseReason: "manual", pausedAt: expect.any(Date) });
    const twice = await refusal(api.client.setRunsPaused({ id: clientId, paused: true }));
    expect([twice.code, twice.message]).toEqual(["CONFLICT", "The client's runs are already paused (paused by hand)"]);

    expect(await api.client.setRunsPaused({ id: clientId, paused: false })).toMatchObject({ paused: false, pauseReason: null, pausedAt: null });
    const notPaused = await refusal(api.client.setRunsPaused({ id: clientId, paused: false }));
    expect([notPaused.code, notPaused.message]).toEqual(["CONFLICT", "The client's runs are not paused"]);
    expect((await auditsOf(clientId)).filter((a) => a.action.startsWith("client.runs_"))).toEqual([
      { action: "client.runs_paused", actorUserId: owner.id, data: { reason: "manual" } },
      { action: "client.runs_resumed", actorUserId: owner.id, data: { reason: "manual" } },
    ]);
  });

  it("resumes a quota pause only once the client is back under its quota, and never a pause set elsewhere", async () => {
    const clientId = state.tenants.clientA1.id;
    const api = await as(state.tenants.usersA.partner_admin);
    const { runsThisMonth } = await api.client.usage({ id: clientId });
    await state.t.adminDb.client.update({ where: { id: clientId }, data: { monthlyRunQuota: runsThisMonth, runsPausedAt: new Date(), runsPauseReason: "quota" } });

    const over = await refusal(api.client.setRunsPaused({ id: clientId, paused: false }));
    expect([over.code, over.message]).toEqual(["CONFLICT", `The client has used ${runsThisMonth} of its ${runsThisMonth} runs this month; raise or clear its monthly quota to resume its runs`]);
    expect(await clientRow(clientId)).toMatchObject({ runsPauseReason: "quota", runsPausedAt: expect.any(Date) });

    await api.client.setLimits({ id: clientId, monthlyRunQuota: runsThisMonth + 10 });
    expect(await api.client.setRunsPaused({ id: clientId, paused: false })).toMatchObject({ paused: false, runsThisMonth, monthlyRunQuota: runsThisMonth + 10 });
    expect((await auditsOf(clientId)).at(-1)).toMatchObject({ action: "client.runs_resumed", data: { reason: "quota" } });

    await state.t.adminDb.client.update({ where: { id: clientId }, data: { runsPausedAt: new Date(), runsPauseReason: "unpaid_invoice" } });
    const billing = await refusal(api.client.setRunsPaused({ id: clientId, paused: false }));
    expect([billing.code, billing.message]).toEqual(["CONFLICT", "The client's runs are paused: unpaid_invoice; that pause is lifted where it was set"]);
    expect(await clientRow(clientId)).toMatchObject({ runsPauseReason: "unpaid_invoice" });
  });
});
