/** Approval steps: opening once, parking on a delayed timeout, decisions and their audit, expiry, escalation, who may decide. */
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { DomainError } from "@storeflow/errors";
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { ApprovalClosedError, decideApproval, type TDecisionAudit } from "./approvals";
import { resolveRun, retryRun, skipStep, type TOperator } from "./operator-actions";
import { reconcileRuns } from "./reconcile";
import { stepJobId } from "./step-job";

const h = useRunHarness();
const HOUR = 3_600_000;
const MINUTE = 60_000;

function approvalWorkflow(routes: { onReject?: boolean; onExpire?: boolean; escalateTo?: () => string } = {}): TWorkflowDefinitionInput {
  return {
    key: "test.approval",
    version: "1.0.0",
    start: "amount",
    steps: [
      { key: "amount", kind: "transform", expression: "input.total * 100", next: "approve" },
      {
        key: "approve",
        kind: "approval",
        title: "Refund over 100",
        assignees: { roles: ["client_admin"] },
        expiresInMs: HOUR,
        details: { cents: "steps.amount.output", order: "input.order" },
        next: "refund",
        ...(routes.onReject ? { onReject: "declined" } : {}),
        ...(routes.onExpire ? { onExpire: "unanswered" } : {}),
        ...(routes.escalateTo ? { escalateAfterMs: 10 * MINUTE, escalateTo: { userIds: [routes.escalateTo()] } } : {}),
      },
      { key: "refund", kind: "transform", expression: "'refunded after ' & steps.approve.output.decision" },
      ...(routes.onReject ? [{ key: "declined", kind: "transform" as const, expression: "'declined: ' & steps.approve.output.reason" }] : []),
      ...(routes.onExpire ? [{ key: "unanswered", kind: "transform" as const, expression: "steps.approve.output.decision" }] : []),
    ],
  };
}

const clientAdmin = () => ({ id: h.state.tenants.usersA.client_admin.id, role: "client_admin" });
const approvalOf = (runId: string) => h.state.t.adminDb.approval.findFirstOrThrow({ where: { runId } });
const outputOf = async (runId: string, stepKey: string) => (await h.attempts(runId)).filter((s) => s.stepKey === stepKey).at(-1)?.output;

/** A run parked on its approval, and the delayed timeout job it waits with. */
async function parked(workflow = approvalWorkflow()) {
  const { runId } = await h.start(workflow, { total: 150, order: "o-1" });
  const results = await h.drain();
  expect(results.map((r) => r.kind)).toEqual(["succeeded", "parked"]);
  return { runId, approval: await approvalOf(runId), timeout: h.takeDelayed(runId) };
}

function decide(approvalId: string, decision: "approved" | "rejected", user = clientAdmin(), scope: { partnerId: string; clientId?: string } = h.scopeA(), audit?: TDecisionAudit) {
  return decideApproval({ store: h.store, publisher: h.publisher, scope, userId: user.id, role: user.role, approvalId, decision, reason: decision === "rejected" ? "receipt missing" : "fine", audit });
}

const operator = (): TOperator => ({
  db: h.state.t.db,
  scope: { partnerId: h.state.tenants.partnerA.id, clientId: null, userId: h.state.tenants.usersA.partner_operator.id },
});
const approvalsOf = (runId: string) => h.state.t.adminDb.approval.findMany({ where: { runId }, orderBy: { id: "asc" } });

const auditOf = (approvalId: string) => h.state.t.adminDb.auditEvent.findMany({ where: { targetType: "approval", targetId: approvalId } });

async function refusal(decision: Promise<unknown>) {
  const error = await decision.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("approval step", () => {
  it("opens one approval with its details evaluated and parks the run on a delayed timeout job, re-armed on an early wake-up", async () => {
    const before = Date.now();
    const { runId, approval, timeout } = await parked();
    expect(approval).toMatchObject({ stepKey: "approve", iteration: 0, title: "Refund over 100", status: "pending", details: { cents: 15000, order: "o-1" }, escalateAt: null });
    expect(approval.assignees).toEqual({ roles: ["client_admin"] });
    expect(approval.expiresAt.getTime() - before).toBeGreaterThanOrEqual(HOUR - 1000);
    expect(timeout).toMatchObject({ stepKey: "approve", iteration: 0, attempt: 2 });
    expect(timeout.delayMs).toBeGreaterThan(HOUR - MINUTE);
    expect(timeout.delayMs).toBeLessThanOrEqual(HOUR);
    const waiting = await h.run(runId);
    expect(waiting).toMatchObject({ status: "running", currentStep: "approve", stepAttempt: 2, pendingJobId: stepJobId(timeout) });
    expect(waiting.dueAt.getTime()).toBeGreaterThan(before + HOUR);

    const again = await h.deliver(timeout);
    expect(again).toMatchObject({ kind: "parked" });
    expect(h.takeDelayed(runId)).toMatchObject({ attempt: 3 });
    expect(await h.state.t.adminDb.approval.count({ where: { runId } })).toBe(1);
    expect((await approvalOf(runId)).expiresAt).toEqual(approval.expiresAt);
    // Attempts that park leave the step unfinished: it succeeds once, when decided.
    const approveAttempts = (await h.attempts(runId)).filter((s) => s.stepKey === "approve");
    expect(approveAttempts.map((s) => [s.attempt, s.status, s.output])).toEqual([
      [1, "running", null],
      [2, "running", null],
    ]);
    expect(approveAttempts[0]!.input).toMatchObject({ approvalId: approval.id });
  });

  it("moves the run on when an assignee approves, recording who and why, and the old timeout job then changes nothing", async () => {
    const { runId, approval, timeout } = await parked();
    expect(await decide(approval.id, "approved")).toEqual({ approvalId: approval.id, runId, status: "approved", nextStep: "refund" });
    expect(await approvalOf(runId)).toMatchObject({ status: "approved", decidedByUserId: clientAdmin().id, reason: "fine" });
    expect(h.published).toEqual([expect.objectContaining({ runId, stepKey: "refund", attempt: 1 })]);
    await h.drain();
    expect(await h.run(runId)).toMatchObject({ status: "succeeded" });
    expect(await outputOf(runId, "refund")).toBe("refunded after approved");
    expect(await outputOf(runId, "approve")).toMatchObject({ decision: "approved", userId: clientAdmin().id, reason: "fine", decidedAt: expect.any(String) });
    expect(await h.deliver(timeout)).toEqual({ kind: "stale" });
    expect(await auditOf(approval.id)).toEqual([]);
  });

  it("records the audit event it is given in the decision's transaction, redacted, and a refused decision records none", async () => {
    const { runId, approval } = await parked();
    const audit = { action: "approval.approved", data: { via: "test", apiToken: "t0ken" } };
    await decide(approval.id, "approved", clientAdmin(), h.scopeA(), audit);
    const expected = {
      partnerId: h.scopeA().partnerId,
      clientId: h.scopeA().clientId,
      actorUserId: clientAdmin().id,
      action: "approval.approved",
      targetType: "approval",
      targetId: approval.id,
      data: { via: "test", apiToken: "[redacted]", runId, reason: "fine", nextStep: "refund" },
    };
    expect(await auditOf(approval.id)).toEqual([expect.objectContaining(expected)]);

    const again = await refusal(decide(approval.id, "rejected", clientAdmin(), h.scopeA(), { action: "approval.rejected" }));
    expect(again).toBeInstanceOf(ApprovalClosedError);
    const viewer = { id: h.state.tenants.usersA.client_viewer.id, role: "client_viewer" };
    expect((await refusal(decide(approval.id, "rejected", viewer, h.scopeA(), { action: "approval.rejected" }))).code).toBe("FORBIDDEN");
    expect(await auditOf(approval.id)).toEqual([expect.objectContaining(expected)]);
  });

  it("undoes the decision when its audit event cannot be written", async () => {
    const { runId, approval } = await parked();
    // JSON cannot hold a bigint: the audit insert throws after the decision is recorded in the same transaction.
    const unwritable = { action: "approval.approved", data: { amount: 1n } };
    await expect(decide(approval.id, "approved", clientAdmin(), h.scopeA(), unwritable)).rejects.toThrow(/BigInt/);
    expect(await approvalOf(runId)).toMatchObject({ status: "pending", decidedAt: null });
    expect(await h.run(runId)).toMatchObject({ status: "running", currentStep: "approve", stepAttempt: 2 });
    expect(h.published).toEqual([]);
    expect(await auditOf(approval.id)).toEqual([]);
    expect((await decide(approval.id, "approved")).nextStep).toBe("refund");
  });

  it("goes to onReject when rejected, and without one fails the run into the exception queue", async () => {
    const routed = await parked(approvalWorkflow({ onReject: true }));
    expect((await decide(routed.approval.id, "rejected")).nextStep).toBe("declined");
    await h.drain();
    expect(await outputOf(routed.runId, "declined")).toBe("declined: receipt missing");

    const unrouted = await parked();
    expect((await decide(unrouted.approval.id, "rejected")).nextStep).toBeNull();
    expect(h.published).toEqual([]);
    const failed = await h.run(unrouted.runId);
    expect(failed).toMatchObject({ status: "failed", currentStep: "approve", pendingJobId: null });
    expect(failed.error).toEqual({ step: "approve", exception: true, reason: expect.stringMatching(/approval "Refund over 100" was rejected by user .*: receipt missing$/) });
  });

  it("expires on its timeout job: onExpire if the step has one, else the exception queue; deciding afterwards is refused", async () => {
    const routed = await parked(approvalWorkflow({ onExpire: true }));
    await expireNow(routed.approval.id);
    // Past its expiry but not yet swept by its timeout job: already too late, and nothing changes.
    const early = await refusal(decide(routed.approval.id, "approved"));
    expect(early).toBeInstanceOf(ApprovalClosedError);
    expect(early).toMatchObject({ code: "CONFLICT", status: "expired" });
    expect(await approvalOf(routed.runId)).toMatchObject({ status: "pending", decidedAt: null });
    expect(h.published).toEqual([]);

    expect(await h.deliver(routed.timeout)).toEqual({ kind: "succeeded", next: "unanswered" });
    await h.drain();
    expect(await approvalOf(routed.runId)).toMatchObject({ status: "expired" });
    expect(await outputOf(routed.runId, "unanswered")).toBe("expired");
    expect(await h.run(routed.runId)).toMatchObject({ status: "succeeded" });
    expect(await refusal(decide(routed.approval.id, "approved"))).toMatchObject({ status: "expired" });

    const unrouted = await parked();
    await expireNow(unrouted.approval.id);
    expect(await h.deliver(unrouted.timeout)).toEqual({ kind: "failed", reason: 'step "approve": approval "Refund over 100" expired without a decision' });
    expect(await h.run(unrouted.runId)).toMatchObject({ status: "failed", error: { step: "approve", exception: true } });
  });

  it.each(["rejected", "expired"] as const)("opens a fresh approval when an operator retries a run whose approval was %s, the old one kept as it ended", async (ending) => {
    const { runId, approval, timeout } = await parked();
    if (ending === "rejected") await decide(approval.id, "rejected");
    else {
      await expireNow(approval.id);
      expect(await h.deliver(timeout)).toMatchObject({ kind: "failed" });
    }
    expect(await h.run(runId)).toMatchObject({ status: "failed", currentStep: "approve" });

    const before = Date.now();
    await retryRun({ operator: operator(), publisher: h.publisher }, { runId });
    expect((await h.drain()).map((r) => r.kind)).toEqual(["parked"]);
    const [old, fresh] = await approvalsOf(runId);
    expect(old).toMatchObject({ id: approval.id, status: ending, round: 0 });
    expect(fresh).toMatchObject({ stepKey: "approve", iteration: 0, round: 1, status: "pending", details: { cents: 15000, order: "o-1" } });
    expect(fresh!.expiresAt.getTime() - before).toBeGreaterThanOrEqual(HOUR - 1000);
    expect(await refusal(decide(approval.id, "approved"))).toBeInstanceOf(ApprovalClosedError);

    // The fresh approval's own wake-up finds it, not the old one.
    expect(await h.deliver(h.takeDelayed(runId))).toMatchObject({ kind: "parked" });
    expect(await approvalsOf(runId)).toHaveLength(2);
    expect((await decide(fresh!.id, "approved")).nextStep).toBe("refund");
    await h.drain();
    expect(await h.run(runId)).toMatchObject({ status: "succeeded" });
    expect(await outputOf(runId, "refund")).toBe("refunded after approved");
  });

  it("cancels an approval left pending when an operator retries a run whose approval step failed otherwise, and opens a fresh one", async () => {
    const { runId, approval } = await parked();
    // As a wake-up that failed for good leaves it: the run failed on the step, its approval still pending.
    await h.state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { status: "failed", pendingJobId: null, error: { step: "approve", reason: "lost", exception: false } } });
    await retryRun({ operator: operator(), publisher: h.publisher }, { runId });
    expect((await h.drain()).map((r) => r.kind)).toEqual(["parked"]);
    const [old, fresh] = await approvalsOf(runId);
    expect(old).toMatchObject({ id: approval.id, status: "cancelled" });
    expect(fresh).toMatchObject({ status: "pending", round: 1 });
    expect(await refusal(decide(approval.id, "approved"))).toMatchObject({ status: "cancelled" });
    expect((await decide(fresh!.id, "approved")).nextStep).toBe("refund");
  });

  it("cancels an approval left pending when an operator resolves the run or skips its approval step", async () => {
    for (const close of [
      (runId: string) => resolveRun({ operator: operator(), publisher: h.publisher }, { runId, note: "Refunded at the till" }),
      (runId: string) => skipStep({ operator: operator(), publisher: h.publisher }, { runId, output: "{}", note: "Approved by phone" }),
    ]) {
      const { runId, approval } = await parked();
      await h.state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { status: "failed", pendingJobId: null, error: { step: "approve", reason: "lost", exception: false } } });
      await close(runId);
      expect(await approvalOf(runId)).toMatchObject({ id: approval.id, status: "cancelled" });
      expect(await refusal(decide(approval.id, "approved"))).toMatchObject({ status: "cancelled" });
      h.published.splice(0);
    }
  });

  it("escalates at its escalation time: escalateTo may decide from then on, and the approval stays pending until its expiry", async () => {
    const partnerAdmin = { id: h.state.tenants.usersA.partner_admin.id, role: "partner_admin" };
    const { runId, approval, timeout } = await parked(approvalWorkflow({ escalateTo: () => partnerAdmin.id }));
    expect(timeout.delayMs).toBeLessThanOrEqual(10 * MINUTE);
    expect(timeout.delayMs).toBeGreaterThan(9 * MINUTE);
    expect((await refusal(decide(approval.id, "approved", partnerAdmin))).code).toBe("FORBIDDEN");

    await h.state.t.adminDb.approval.update({ where: { id: approval.id }, data: { escalateAt: new Date(Date.now() - 1000) } });
    const woken = await h.deliver(timeout);
    expect(woken).toMatchObject({ kind: "parked" });
    // Parked again until the expiry, some 50 minutes on.
    expect((woken as { wakeInMs: number }).wakeInMs).toBeGreaterThan(49 * MINUTE);
    const escalated = await approvalOf(runId);
    expect(escalated).toMatchObject({ status: "pending" });
    expect(escalated.escalatedAt).not.toBeNull();
    const parkedAttempt = (await h.attempts(runId)).filter((s) => s.stepKey === "approve").at(-1);
    expect(parkedAttempt?.input).toMatchObject({ approvalId: approval.id, escalatedAt: expect.any(String) });

    expect((await decide(approval.id, "approved", partnerAdmin)).nextStep).toBe("refund");
    expect(await approvalOf(runId)).toMatchObject({ status: "approved", decidedByUserId: partnerAdmin.id });
  });

  it("refuses someone who is not an assignee, by role or by id, and changes nothing", async () => {
    const { runId, approval } = await parked();
    const viewer = { id: h.state.tenants.usersA.client_viewer.id, role: "client_viewer" };
    const error = await refusal(decide(approval.id, "approved", viewer));
    expect(error.code).toBe("FORBIDDEN");
    // The role name is not enough without the membership's role, nor an id that is not named.
    expect((await refusal(decide(approval.id, "approved", { id: viewer.id, role: "client_admin_" }))).code).toBe("FORBIDDEN");
    expect(await approvalOf(runId)).toMatchObject({ status: "pending", decidedByUserId: null });
    expect(await h.run(runId)).toMatchObject({ currentStep: "approve", stepAttempt: 2 });
    expect(h.published).toEqual([]);
  });

  it("refuses a second decision with ApprovalClosedError and keeps the first", async () => {
    const { runId, approval } = await parked();
    await decide(approval.id, "approved");
    const published = h.published.length;
    const second = await refusal(decide(approval.id, "rejected"));
    expect(second).toBeInstanceOf(ApprovalClosedError);
    expect(second).toMatchObject({ code: "CONFLICT", status: "approved" });
    expect(await approvalOf(runId)).toMatchObject({ status: "approved", reason: "fine" });
    expect(h.published).toHaveLength(published);
    expect((await h.attempts(runId)).filter((s) => s.stepKey === "approve" && s.output !== null)).toHaveLength(1);
  });

  it("finds nothing for another partner's scope or a sibling client's, and changes nothing", async () => {
    const { runId, approval } = await parked();
    const ownerB = { id: h.state.tenants.ownerB.id, role: "client_admin" };
    const asPartnerB = await refusal(decide(approval.id, "approved", ownerB, { partnerId: h.state.tenants.partnerB.id }));
    expect(asPartnerB.code).toBe("NOT_FOUND");
    const asClientA2 = await refusal(decide(approval.id, "approved", clientAdmin(), { partnerId: h.scopeA().partnerId, clientId: h.state.tenants.clientA2.id }));
    expect(asClientA2.code).toBe("NOT_FOUND");
    expect(await approvalOf(runId)).toMatchObject({ status: "pending" });
    expect(await h.run(runId)).toMatchObject({ currentStep: "approve", stepAttempt: 2 });
    expect(h.published).toEqual([]);
  });

  it("is guarded by the reconciler: a lost timeout job is re-published once due, and re-arms without a second approval", async () => {
    const { runId, approval, timeout } = await parked();
    const isJobAlive = async (jobId: string) => jobId === stepJobId(timeout);
    await h.state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { dueAt: new Date(Date.now() - 1000) } });
    // The delayed job still there: the parked run is left alone.
    expect(await reconcileRuns({ store: h.store, publisher: h.publisher, isJobAlive })).toBe(0);
    expect(h.published).toEqual([]);

    await h.state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { dueAt: new Date(Date.now() - 1000) } });
    expect(await reconcileRuns({ store: h.store, publisher: h.publisher, isJobAlive: async () => false })).toBe(1);
    expect(h.published).toEqual([{ partnerId: timeout.partnerId, clientId: timeout.clientId, runId, stepKey: "approve", iteration: 0, attempt: 2, generation: 1 }]);
    const results = await h.drain();
    expect(results).toEqual([{ kind: "parked", wakeInMs: expect.any(Number) }]);
    expect((results[0] as { wakeInMs: number }).wakeInMs).toBeGreaterThan(HOUR - 2 * MINUTE);
    expect(h.takeDelayed(runId)).toMatchObject({ attempt: 3, generation: 1 });
    expect(await h.state.t.adminDb.approval.count({ where: { runId } })).toBe(1);
    expect((await decide(approval.id, "approved")).nextStep).toBe("refund");
  });
});

function expireNow(approvalId: string) {
  return h.state.t.adminDb.approval.update({ where: { id: approvalId }, data: { expiresAt: new Date(Date.now() - 1000) } });
}
