/**
 * An operator cancelling a run while a person decides its approval or an event
 * resumes its wait: each path locks the run row before its approvals and waits,
 * so the two serialize instead of deadlocking (PostgreSQL would abort one).
 */
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { ApprovalClosedError, decideApproval } from "./approvals";
import { publishEvent } from "./events";
import { cancelRun, type TOperator } from "./operator-actions";

const h = useRunHarness();
const ROUNDS = 50;
const HOUR = 3_600_000;

const waitWorkflow: TWorkflowDefinitionInput = {
  key: "test.lock-wait",
  version: "1.0.0",
  start: "paid",
  steps: [
    { key: "paid", kind: "waitForEvent", event: "order.paid", correlationKey: "input.order", waitForMs: HOUR, next: "ship" },
    { key: "ship", kind: "transform", expression: "'ship'" },
  ],
};

const approvalWorkflow: TWorkflowDefinitionInput = {
  key: "test.lock-approval",
  version: "1.0.0",
  start: "approve",
  steps: [
    { key: "approve", kind: "approval", title: "Refund", assignees: { roles: ["client_admin"] }, expiresInMs: HOUR, next: "refund" },
    { key: "refund", kind: "transform", expression: "'refunded'" },
  ],
};

const operator = (): TOperator => ({
  db: h.state.t.db,
  scope: { partnerId: h.state.tenants.partnerA.id, clientId: null, userId: h.state.tenants.usersA.partner_operator.id },
});

/** A run of client A1 parked on its first step; jobs left from earlier rounds are dropped. */
async function parkedRun(definition: TWorkflowDefinitionInput, input: unknown) {
  h.published.length = 0;
  const { runId } = await h.start(definition, input);
  expect((await h.drain()).map((r) => r.kind)).toEqual(["parked"]);
  return runId;
}

const settled = (work: Promise<unknown>) => work.then((value) => ({ value }), (error: unknown) => ({ error }));

describe("lock order between operator actions and decisions or events", () => {
  it(`cancels a run while an event resumes its wait, ${ROUNDS} times, without either failing`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const order = crypto.randomUUID();
      const runId = await parkedRun(waitWorkflow, { order });
      const [cancelled, published] = await Promise.all([
        settled(cancelRun({ operator: operator(), publisher: h.publisher }, { runId, reason: "duplicate order" })),
        settled(publishEvent({ store: h.store, publisher: h.publisher, scope: h.scopeA(), event: "order.paid", correlationKey: order, payload: {}, idempotencyKey: order })),
      ]);
      expect(cancelled).toEqual({ value: { runId, status: "cancelled" } });
      expect(published).toMatchObject({ value: { created: true } });
      const wait = await h.state.t.adminDb.runWait.findFirstOrThrow({ where: { runId } });
      // Whichever committed first decided the wait: received by the event, or cancelled with the run.
      const resumed = (published as { value: { resumedRunIds: string[] } }).value.resumedRunIds.includes(runId);
      expect(wait.status).toBe(resumed ? "received" : "cancelled");
      expect(await h.run(runId)).toMatchObject({ status: "cancelled" });
    }
  });

  it(`cancels a run while a person decides its approval, ${ROUNDS} times, the decision at most refused as closed`, async () => {
    const admin = h.state.tenants.usersA.client_admin;
    for (let round = 0; round < ROUNDS; round++) {
      const runId = await parkedRun(approvalWorkflow, {});
      const approval = await h.state.t.adminDb.approval.findFirstOrThrow({ where: { runId } });
      const [cancelled, decided] = await Promise.all([
        settled(cancelRun({ operator: operator(), publisher: h.publisher }, { runId, reason: "duplicate order" })),
        settled(decideApproval({ store: h.store, publisher: h.publisher, scope: h.scopeA(), userId: admin.id, role: "client_admin", approvalId: approval.id, decision: "approved" })),
      ]);
      expect(cancelled).toEqual({ value: { runId, status: "cancelled" } });
      const after = await h.state.t.adminDb.approval.findUniqueOrThrow({ where: { id: approval.id } });
      if ("error" in decided) {
        expect(decided.error).toBeInstanceOf(ApprovalClosedError);
        expect(after.status).toBe("cancelled");
      } else {
        expect(after.status).toBe("approved");
      }
      expect(await h.run(runId)).toMatchObject({ status: "cancelled" });
    }
  });
});
