/**
 * Approval notices against the real PostgreSQL, through the mail outbox: who is
 * e-mailed (assignees who may decide in the approval's client, escalateTo's
 * people once escalated), once each, never about a closed approval, and once
 * however many sweeps run at once.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { createMailer, type Mailer, type MailMessage } from "@storeflow/mail";
import { beforeEach, describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { decideApproval } from "./approvals";
import { sweepApprovalNotices, type TApprovalNotice } from "./approval-notices";
import { cancelRun } from "./operator-actions";

const h = useRunHarness();
const { state } = h;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const PORTAL = "https://portal.example.test";

/** Client admins of the client, partner operators, the partner owner by id; a viewer and another partner's client admin by id too, who get nothing. */
function noticeWorkflow({ escalate = false } = {}): TWorkflowDefinitionInput {
  const { usersA, clientAdminB1 } = state.tenants;
  return {
    key: "test.notice",
    version: "1.0.0",
    start: "approve",
    steps: [
      {
        key: "approve",
        kind: "approval",
        title: "Refund over 100",
        assignees: { roles: ["client_admin", "partner_operator"], userIds: [usersA.partner_owner.id, usersA.client_viewer.id, clientAdminB1.id] },
        expiresInMs: HOUR,
        ...(escalate ? { escalateAfterMs: 10 * MINUTE, escalateTo: { roles: ["partner_admin"], userIds: [usersA.client_admin.id] } } : {}),
        next: "done",
      },
      { key: "done", kind: "transform", expression: "'ok'" },
    ],
  };
}

const outbox = () => createMailer({ db: state.t.db, transport: "outbox", from: "Storeflow <no-reply@storeflow.test>" });
const sweep = (mailer: Mailer = outbox()) => sweepApprovalNotices({ store: h.store, db: state.t.db, mailer, portalUrl: `${PORTAL}/` });
const sent = () => state.t.adminDb.outboxEmail.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { to: true, subject: true, text: true, html: true } });
const approvalOf = (runId: string) => state.t.adminDb.approval.findFirstOrThrow({ where: { runId } });
const assigneeEmails = () => [state.tenants.usersA.client_admin.email, state.tenants.usersA.partner_operator.email, state.tenants.usersA.partner_owner.email].sort();

async function parked(workflow = noticeWorkflow()) {
  const { runId } = await h.start(workflow);
  expect((await h.drain()).map((r) => r.kind)).toEqual(["parked"]);
  return { runId, approval: await approvalOf(runId), timeout: h.takeDelayed(runId) };
}

/** Passes each message on to the outbox, after `delayMs`, except to `refuse`, which it throws for. */
function wrappedOutbox({ delayMs = 0, refuse = [] as string[] } = {}) {
  const messages: MailMessage[] = [];
  const inner = outbox();
  const mailer: Mailer = {
    async send(message) {
      await sleep(delayMs);
      if (refuse.includes(message.to)) throw new Error(`550 no such mailbox: ${message.to}`);
      messages.push(message);
      await inner.send(message);
    },
  };
  return { mailer, messages };
}

beforeEach(async () => {
  // Tests share the file's database: each starts with no approvals and an empty outbox.
  await state.t.adminDb.approval.deleteMany();
  await state.t.adminDb.outboxEmail.deleteMany();
});

describe("approval notices", () => {
  it("e-mails each assignee who may decide in the approval's client once, in the partner's name, with the title and a link", async () => {
    const { approval } = await parked();
    const { mailer, messages } = wrappedOutbox();
    const notices = await sweep(mailer);

    const { partnerA, clientA1, usersA } = state.tenants;
    expect(notices).toEqual([
      {
        kind: "assigned",
        approvalId: approval.id,
        partnerId: partnerA.id,
        clientId: clientA1.id,
        sentTo: expect.arrayContaining([usersA.client_admin.id, usersA.partner_operator.id, usersA.partner_owner.id]),
        failed: [],
        recorded: true,
      },
    ]);
    expect(notices[0]!.sentTo).toHaveLength(3);
    const emails = await sent();
    // Not the viewer named by id, not the sibling client's admin, not partner B's admin named by id, not the partner admin.
    expect(emails.map((e) => e.to).sort()).toEqual(assigneeEmails());
    expect(messages.map((m) => m.fromName)).toEqual(["PartnerA Cloud", "PartnerA Cloud", "PartnerA Cloud"]);
    for (const email of emails) {
      expect(email.subject).toBe("Approval needed: Refund over 100");
      expect(email.text).toContain(`${PORTAL}/approvals/${approval.id}\n`);
      expect(email.text).toContain("Workflow: test.notice\nStep: approve\n");
      expect(email.text).toContain(`Client: ${clientA1.name}\n`);
      expect(email.text).toMatch(/Expires: .+ \(UTC\)\n/);
      expect(email.html).toContain(`href="${PORTAL}/approvals/${approval.id}"`);
    }
    expect(await approvalOf(approval.runId)).toMatchObject({ notifiedAt: expect.any(Date), escalationNotifiedAt: null });

    expect(await sweep()).toEqual([]);
    expect(await sent()).toHaveLength(3);
  });

  it("e-mails escalateTo's people once the approval escalates, once", async () => {
    const { runId, approval, timeout } = await parked(noticeWorkflow({ escalate: true }));
    expect((await sweep()).map((n) => n.kind)).toEqual(["assigned"]);
    // Not escalated yet: nothing more to say.
    expect(await sweep()).toEqual([]);

    await state.t.adminDb.approval.update({ where: { id: approval.id }, data: { escalateAt: new Date(Date.now() - 1000) } });
    expect(await h.deliver(timeout)).toMatchObject({ kind: "parked" });
    expect((await approvalOf(runId)).escalatedAt).not.toBeNull();

    const { usersA } = state.tenants;
    const notices = await sweep();
    expect(notices).toEqual([expect.objectContaining({ kind: "escalated", approvalId: approval.id, sentTo: [usersA.partner_admin.id, usersA.client_admin.id], recorded: true })]);
    const escalations = (await sent()).filter((e) => e.subject === "Escalated: Refund over 100");
    expect(escalations.map((e) => e.to).sort()).toEqual([usersA.partner_admin.email, usersA.client_admin.email].sort());
    expect(escalations.every((e) => e.text.includes(`${PORTAL}/approvals/${approval.id}`) && /escalated to you/.test(e.text))).toBe(true);
    expect(await approvalOf(runId)).toMatchObject({ escalationNotifiedAt: expect.any(Date) });

    expect(await sweep()).toEqual([]);
    expect(await sent()).toHaveLength(3 + 2);
  });

  it("never e-mails about an approval that was decided, cancelled or expired before a sweep found it", async () => {
    const decided = await parked();
    const clientAdmin = state.tenants.usersA.client_admin;
    await decideApproval({ store: h.store, publisher: h.publisher, scope: h.scopeA(), userId: clientAdmin.id, role: "client_admin", approvalId: decided.approval.id, decision: "approved" });
    expect((await h.drain()).map((r) => r.kind)).toEqual(["succeeded"]);
    const cancelled = await parked();
    const operator = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, clientId: null, userId: state.tenants.usersA.partner_operator.id } };
    await cancelRun({ operator, publisher: h.publisher }, { runId: cancelled.runId, reason: "duplicate order" });
    // Past its expiry, its step's wake-up not yet come: it can no longer be decided.
    const lapsed = await parked();
    await state.t.adminDb.approval.update({ where: { id: lapsed.approval.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await sweep()).toEqual([]);
    expect(await sent()).toEqual([]);
    const approvals = await state.t.adminDb.approval.findMany({ select: { status: true, notifiedAt: true } });
    expect(approvals.map((a) => a.status).sort()).toEqual(["approved", "cancelled", "pending"]);
    expect(approvals.every((a) => a.notifiedAt === null)).toBe(true);
  });

  it("sends each notice once when sweeps run at once", async () => {
    const approvals = [await parked(), await parked(), await parked()];
    const { mailer } = wrappedOutbox({ delayMs: 40 });
    const [first, second] = await Promise.all([sweep(mailer), sweep(mailer)]);

    // Each held its approval while it e-mailed: the other sweep skipped it and took the next.
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect([...first, ...second].map((n) => n.approvalId).sort()).toEqual(approvals.map((a) => a.approval.id).sort());
    const emails = await sent();
    expect(emails).toHaveLength(3 * 3);
    for (const { approval } of approvals) {
      expect(emails.filter((e) => e.text.includes(approval.id)).map((e) => e.to).sort()).toEqual(assigneeEmails());
    }
    expect(await sweep()).toEqual([]);
  });

  it("reports a refused address and still tells the others once; when every e-mail fails, a later pass tries again", async () => {
    const { usersA } = state.tenants;
    const one = await parked();
    const refusingOne = wrappedOutbox({ refuse: [usersA.partner_owner.email] });
    const [notice] = (await sweep(refusingOne.mailer)) as [TApprovalNotice];
    expect(notice).toMatchObject({ approvalId: one.approval.id, recorded: true, failed: [{ userId: usersA.partner_owner.id, error: expect.any(Error) }] });
    expect(notice.sentTo).toHaveLength(2);
    expect(await sweep()).toEqual([]);
    expect(await sent()).toHaveLength(2);

    const other = await parked();
    const down = wrappedOutbox({ refuse: assigneeEmails() });
    expect(await sweep(down.mailer)).toEqual([expect.objectContaining({ approvalId: other.approval.id, sentTo: [], recorded: false })]);
    expect((await approvalOf(other.runId)).notifiedAt).toBeNull();
    expect(await sweep()).toEqual([expect.objectContaining({ approvalId: other.approval.id, recorded: true })]);
    expect(await sent()).toHaveLength(2 + 3);
  });
});
