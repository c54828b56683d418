/**
 * The approval notice monitor with a step fleet: a run the fleet parks on an
 * approval has its assignees e-mailed within a pass or two, once, and stop()
 * waits for a pass under way.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { useTestTenants } from "@storeflow/db/test";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { createRunStore, type SweepApprovalNoticesOptions, type TApprovalNotice, type TRunStore } from "@storeflow/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitUntil } from "../test/fleet";
import { startFleets, startRuns, testPrefix } from "../test/in-process-fleet";
import { startApprovalNoticeMonitor } from "./approval-notice-monitor";
import { createQueuePublisher } from "./step-fleet";

const state = useTestTenants();
let store: TRunStore;
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 8 });
});
afterAll(() => store?.close());

const workflow: TWorkflowDefinitionInput = {
  key: "test.notice-monitor",
  version: "1.0.0",
  start: "approve",
  steps: [{ key: "approve", kind: "approval", title: "Price change", assignees: { roles: ["client_admin"] }, expiresInMs: 3_600_000 }],
};

describe("approval notice monitor", () => {
  it("e-mails the assignees of approvals the fleet parks runs on, once each", { timeout: 60_000 }, async () => {
    const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
    const redisUrl = process.env.REDIS_URL!;
    const prefix = testPrefix("notices");
    const sent: { to: string; subject: string }[] = [];
    const mailer: SweepApprovalNoticesOptions["mailer"] = {
      async send({ to, subject }) {
        await sleep(20);
        sent.push({ to, subject });
      },
    };
    const notices: TApprovalNotice[] = [];
    const errors: unknown[] = [];
    const fleet = await startFleets(1, { store, redisUrl, prefix, actions: { resolve: () => undefined }, concurrency: 4 });
    const monitor = startApprovalNoticeMonitor({ store, db: state.t.db, mailer, portalUrl: "https://portal.example.test", everyMs: 100, onNotice: (n) => notices.push(n), onError: (e) => errors.push(e) });
    try {
      const publishing = createQueuePublisher({ redisUrl, prefix });
      const runIds = await startRuns({ store, publisher: publishing.publisher, scope, definition: workflow, bindings: [], count: 2, tag: prefix });
      await publishing.close();
      expect(await waitUntil(async () => notices.length === 2, { timeoutMs: 15_000, everyMs: 50 })).toBe(true);
      // A few more passes find nothing more to say.
      await sleep(500);
      const approvals = await state.t.adminDb.approval.findMany({ where: { runId: { in: runIds } }, select: { id: true, notifiedAt: true } });
      expect(notices.map((n) => n.approvalId).sort()).toEqual(approvals.map((a) => a.id).sort());
      expect(approvals.every((a) => a.notifiedAt !== null)).toBe(true);
      expect(sent).toEqual([
        { to: state.tenants.usersA.client_admin.email, subject: "Approval needed: Price change" },
        { to: state.tenants.usersA.client_admin.email, subject: "Approval needed: Price change" },
      ]);
      expect(errors).toEqual([]);
    } finally {
      await monitor.stop();
      await fleet.stop();
    }
  });
});
