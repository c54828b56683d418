/** approval.list and approval.decide through the API: who sees and decides what, and the run moving on. */
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { approvalWorkflow, callerAs, publishedSteps, runQueuedSteps, startAndRun, useApiTenants } from "./test/harness";

const state = useApiTenants();

const scopeA1 = () => ({ partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id });
const asUser = (user: { id: string; email: string }) => callerAs(state, user);
const usersA = () => state.tenants.usersA;

/** A fresh run of client A1 parked on its approval, and that approval's id. */
async function parkedInA1(definition = approvalWorkflow()) {
  const runId = await startAndRun({ store: state.store, scope: scopeA1(), definition, input: { order: "o-77" } });
  const approval = await state.t.adminDb.approval.findFirstOrThrow({ where: { runId }, select: { id: true } });
  return { runId, approvalId: approval.id };
}

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** Everything a refused decision must leave as it was. */
async function snapshot(runId: string, approvalId: string) {
  const { adminDb } = state.t;
  return {
    approval: await adminDb.approval.findUniqueOrThrow({ where: { id: approvalId } }),
    run: await adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } }),
    steps: await adminDb.stepRun.count({ where: { runId } }),
    audit: await adminDb.auditEvent.count(),
    published: publishedSteps.filter((job) => job.runId === runId).length,
  };
}

const stepJobsOf = (runId: string) => publishedSteps.filter((job) => job.runId === runId);

describe("approval.decide", () => {
  it("approves as an assignee: records who and why, audits it, and moves the parked run on to completion", async () => {
    const { runId, approvalId } = await parkedInA1();
    const admin = usersA().client_admin;
    const api = await asUser(admin);

    expect(await api.approval.decide({ approvalId, decision: "approved", reason: "Receipt checked" })).toEqual({ approvalId, runId, status: "approved", nextStep: "refund" });
    expect(await state.t.adminDb.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ status: "approved", decidedByUserId: admin.id, reason: "Receipt checked" });
    expect(await state.t.adminDb.auditEvent.findFirst({ where: { targetId: approvalId } })).toMatchObject({
      action: "approval.approved",
      actorUserId: admin.id,
      partnerId: state.tenants.partnerA.id,
      clientId: state.tenants.clientA1.id,
      data: { runId, reason: "Receipt checked", nextStep: "refund" },
    });

    const jobs = stepJobsOf(runId);
    expect(jobs).toEqual([expect.objectContaining({ stepKey: "refund", attempt: 1 })]);
    await runQueuedSteps(state.store, [...jobs]);
    const run = await (await asUser(admin)).run.get({ runId });
    expect(run.status).toBe("succeeded");
    expect(run.steps.map((s) => [s.stepKey, s.status])).toEqual([
      ["approve", "running"],
      ["approve", "succeeded"],
      ["refund", "succeeded"],
    ]);
    expect(run.steps.at(-1)?.output).toBe("refunded o-77");
    expect(run.approvals).toEqual([expect.objectContaining({ id: approvalId, status: "approved", decidedByUserId: admin.id })]);
  });

  it("rejects as a partner operator: the run takes the step's onReject route with the reason", async () => {
    const { runId, approvalId } = await parkedInA1();
    const api = await asUser(usersA().partner_operator);
    expect(await api.approval.decide({ approvalId, decision: "rejected", reason: "No receipt" })).toMatchObject({ status: "rejected", nextStep: "declined" });
    await runQueuedSteps(state.store, [...stepJobsOf(runId)]);
    const run = await api.run.get({ runId });
    expect(run.status).toBe("succeeded");
    expect(run.steps.at(-1)).toMatchObject({ stepKey: "declined", output: "declined: No receipt" });
  });

  it("refuses someone the approval does not name (FORBIDDEN), and changes nothing", async () => {
    const { runId, approvalId } = await parkedInA1(approvalWorkflow({ roles: ["client_admin"] }));
    const before = await snapshot(runId, approvalId);
    // The operator may decide approvals in general, but this one names client admins only.
    const error = await refusal((await asUser(usersA().partner_operator)).approval.decide({ approvalId, decision: "approved" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/not one of the people who may decide/);
    expect(await snapshot(runId, approvalId)).toEqual(before);
  });

  it("refuses a client viewer by role, even when the approval names them", async () => {
    const viewer = usersA().client_viewer;
    const { runId, approvalId } = await parkedInA1(approvalWorkflow({ userIds: [viewer.id] }));
    const before = await snapshot(runId, approvalId);
    expect((await refusal((await asUser(viewer)).approval.decide({ approvalId, decision: "approved" }))).code).toBe("FORBIDDEN");
    expect(await snapshot(runId, approvalId)).toEqual(before);
  });

  it("refuses a second decision (CONFLICT): the first one stands and is audited once", async () => {
    const { runId, approvalId } = await parkedInA1();
    await (await asUser(usersA().client_admin)).approval.decide({ approvalId, decision: "approved", reason: "fine" });
    const before = await snapshot(runId, approvalId);
    const error = await refusal((await asUser(usersA().partner_admin)).approval.decide({ approvalId, decision: "rejected", reason: "changed my mind" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/already approved/);
    expect(await snapshot(runId, approvalId)).toEqual(before);
    expect(await state.t.adminDb.auditEvent.count({ where: { targetId: approvalId } })).toBe(1);
  });

  it("does not find an approval of another partner, or of a client user's sibling client (NOT_FOUND), and changes nothing", async () => {
    const { runId, approvalId } = await parkedInA1();
    const before = await snapshot(runId, approvalId);
    for (const outsider of [state.tenants.ownerB, state.tenants.clientAdminB1, state.tenants.clientAdminA2]) {
      const error = await refusal((await asUser(outsider)).approval.decide({ approvalId, decision: "approved" }));
      expect(error.code, outsider.email).toBe("NOT_FOUND");
    }
    expect(await snapshot(runId, approvalId)).toEqual(before);
  });

  it("refuses bad input with BAD_REQUEST naming each bad field, and changes nothing", async () => {
    const { runId, approvalId } = await parkedInA1();
    const before = await snapshot(runId, approvalId);
    const api = await asUser(usersA().client_admin);
    const error = await refusal(api.approval.decide({ approvalId: "not-an-id", decision: "maybe" as "approved", reason: "x".repeat(2001) }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    expect((error.cause as ZodError).issues.map((issue) => issue.path[0]).sort()).toEqual(["approvalId", "decision", "reason"]);
    expect(await snapshot(runId, approvalId)).toEqual(before);
  });
});

describe("approval.list", () => {
  it("shows a client user only their client's approvals, with what the inbox needs, newest first", async () => {
    const { runId, approvalId } = await parkedInA1();
    const { items } = await (await asUser(usersA().client_admin)).approval.list({});
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((a) => a.clientId))).toEqual(new Set([state.tenants.clientA1.id]));
    expect(items.every((a) => a.status === "pending")).toBe(true);
    const created = items.map((a) => a.createdAt.getTime());
    expect(created).toEqual([...created].sort((x, y) => y - x));
    const mine = items.find((a) => a.id === approvalId);
    expect(mine).toMatchObject({
      runId,
      workflowKey: "test.refund-approval",
      stepKey: "approve",
      title: "Refund over 100",
      details: { order: "o-77" },
      assignees: { roles: expect.arrayContaining(["client_admin"]) },
      escalateTo: null,
      escalateAt: null,
      clientName: state.tenants.clientA1.name,
    });
    expect(mine!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await refusal((await asUser(usersA().client_admin)).approval.list({ clientId: state.tenants.clientA2.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists for a client user only the approvals that name them, by role, by user or by escalation; partner staff see them all", async () => {
    const { client_admin: admin, client_viewer: viewer } = usersA();
    const forAdmins = await parkedInA1(approvalWorkflow({ roles: ["client_admin"] }));
    const forOperators = await parkedInA1(approvalWorkflow({ roles: ["partner_operator"] }));
    const forTheViewer = await parkedInA1(approvalWorkflow({ userIds: [viewer.id] }));
    const escalated = await parkedInA1(approvalWorkflow({ roles: ["partner_operator"] }));
    await state.t.adminDb.approval.update({ where: { id: escalated.approvalId }, data: { escalateTo: { userIds: [admin.id] }, escalatedAt: new Date() } });
    const notYetEscalated = await parkedInA1(approvalWorkflow({ roles: ["partner_operator"] }));
    await state.t.adminDb.approval.update({ where: { id: notYetEscalated.approvalId }, data: { escalateTo: { roles: ["client_admin"] } } });

    const listed = async (user: { id: string; email: string }) => new Set((await (await asUser(user)).approval.list({ limit: 100 })).items.map((a) => a.id));
    const adminSees = await listed(admin);
    expect(adminSees.has(forAdmins.approvalId)).toBe(true);
    expect(adminSees.has(escalated.approvalId)).toBe(true);
    for (const hidden of [forOperators, forTheViewer, notYetEscalated]) expect(adminSees.has(hidden.approvalId)).toBe(false);
    // Filtering by their own client narrows the same set, never widens it.
    const byClient = (await (await asUser(admin)).approval.list({ clientId: state.tenants.clientA1.id, limit: 100 })).items.map((a) => a.id);
    expect(new Set(byClient)).toEqual(adminSees);

    const viewerSees = await listed(viewer);
    expect(viewerSees.has(forTheViewer.approvalId)).toBe(true);
    for (const hidden of [forAdmins, forOperators, escalated, notYetEscalated]) expect(viewerSees.has(hidden.approvalId)).toBe(false);

    const operatorPage = await (await asUser(usersA().partner_operator)).approval.list({ limit: 100 });
    const operatorSees = new Set(operatorPage.items.map((a) => a.id));
    for (const each of [forAdmins, forOperators, forTheViewer, escalated, notYetEscalated]) expect(operatorSees.has(each.approvalId)).toBe(true);
    expect(operatorSees.has(state.tenants.pendingApprovalIds.a2)).toBe(true);
    expect(operatorPage.items.find((a) => a.id === escalated.approvalId)).toMatchObject({ escalateTo: { userIds: [admin.id] }, escalatedAt: expect.any(Date), details: { order: "o-77" } });
  });

  it("refuses a client admin deciding an approval of their client that does not name them (FORBIDDEN), and changes nothing", async () => {
    const { runId, approvalId } = await parkedInA1(approvalWorkflow({ roles: ["partner_operator"] }));
    const before = await snapshot(runId, approvalId);
    const api = await asUser(usersA().client_admin);
    expect((await api.approval.list({ limit: 100 })).items.map((a) => a.id)).not.toContain(approvalId);
    expect((await refusal(api.approval.decide({ approvalId, decision: "approved" }))).code).toBe("FORBIDDEN");
    expect(await snapshot(runId, approvalId)).toEqual(before);
  });

  it("lets partner staff filter by client and status and page through, never reaching another partner", async () => {
    const api = await asUser(usersA().partner_operator);
    const all = await api.approval.list({ limit: 100 });
    expect(new Set(all.items.map((a) => a.clientId))).toEqual(new Set([state.tenants.clientA1.id, state.tenants.clientA2.id]));
    expect((await api.approval.list({ clientId: state.tenants.clientA2.id })).items.map((a) => a.id)).toEqual([state.tenants.pendingApprovalIds.a2]);
    expect((await refusal(api.approval.list({ clientId: state.tenants.clientB1.id }))).code).toBe("NOT_FOUND");

    const { approvalId } = await parkedInA1();
    await api.approval.decide({ approvalId, decision: "approved" });
    expect((await api.approval.list({ limit: 100 })).items.map((a) => a.id)).not.toContain(approvalId);
    expect((await api.approval.list({ status: ["approved", "rejected"], limit: 100 })).items.map((a) => a.id)).toContain(approvalId);

    const pending = (await api.approval.list({ limit: 100 })).items.map((a) => a.id);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.approval.list({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(pending);
    // The inbox's infinite query re-reads its first page with cursor null (a refetch after a decision).
    expect((await api.approval.list({ limit: 2, cursor: null })).items.map((a) => a.id)).toEqual(pending.slice(0, 2));
  });
});
