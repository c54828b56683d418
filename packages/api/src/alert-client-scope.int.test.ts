/**
 * Client users on the alerts procedures: they read their own client's alerts and
 * those alerts' history, a client admin acknowledges them, and nothing of a
 * sibling client, another partner, or the partner's own setup (rules, channels,
 * rule-wide history) reaches them: row-level security enforces it below the
 * procedures, which this file also checks directly.
 */
import { snoozeAlertRule } from "@storeflow/alerts";
import { withTenant } from "@storeflow/db";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { callerAs, useApiTenants } from "./test/harness";

const state = useApiTenants();

/** An open alert of a partner-wide rule (no client) about client A1's installation: still A1's alert. */
let partnerWideAlertId: string;

beforeAll(async () => {
  const { tenants, t } = state;
  const admin = { db: t.adminDb, role: "partner_owner" as const, scope: { partnerId: tenants.partnerA.id, userId: tenants.usersA.partner_owner.id } };
  // History on every seeded alert, and a rule-wide event a client must not see.
  for (const alertId of Object.values(tenants.alertIds)) {
    const { partnerId, ruleId } = await t.adminDb.alert.findUniqueOrThrow({ where: { id: alertId }, select: { partnerId: true, ruleId: true } });
    await t.adminDb.alertEvent.create({ data: { partnerId, ruleId, alertId, kind: "raised", at: new Date(), data: { summary: `raised ${alertId}` } } });
  }
  await snoozeAlertRule(admin, { ruleId: tenants.alertRuleIds.a1, until: new Date(Date.now() + 3_600_000) });
  const channelId = tenants.alertChannelIds.a1;
  const rule = await t.adminDb.alertRule.create({ data: { partnerId: tenants.partnerA.id, name: "Partner-wide", condition: { kind: "connection_unhealthy" }, channelIds: [channelId] }, select: { id: true } });
  const now = new Date();
  partnerWideAlertId = (
    await t.adminDb.alert.create({
      data: { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, ruleId: rule.id, subjectType: "connection", subjectId: tenants.connectionIds.a1, subjectLabel: "A1 store", summary: "Health check failing", raisedAt: now, lastSeenAt: now, notifyAt: now },
      select: { id: true },
    })
  ).id;
});

const codeOf = async (call: Promise<unknown>) => {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
};

describe("alerts for client users", () => {
  it("lists only the client's own alerts, with their rule's name, for the viewer and the admin", async () => {
    const { tenants } = state;
    for (const role of ["client_viewer", "client_admin"] as const) {
      const api = await callerAs(state, tenants.usersA[role]);
      const alerts = await api.alert.list({ status: "all" });
      expect(alerts.map((a) => a.id).sort()).toEqual([tenants.alertIds.a1, partnerWideAlertId].sort());
      expect(new Set(alerts.map((a) => a.clientId))).toEqual(new Set([tenants.clientA1.id]));
      expect(alerts.find((a) => a.id === partnerWideAlertId)?.ruleName).toBe("Partner-wide");
    }
    // Partner staff still see every client's.
    const partner = await callerAs(state, tenants.usersA.partner_operator);
    expect((await partner.alert.list({ status: "all" })).map((a) => a.id)).toEqual(expect.arrayContaining([tenants.alertIds.a1, tenants.alertIds.a2, partnerWideAlertId]));
  });

  it("shows the history of the client's alerts only: not a sibling's, not rule-wide events, and refuses another alert's id", async () => {
    const { tenants } = state;
    const api = await callerAs(state, tenants.usersA.client_viewer);
    const events = await api.alert.history({ limit: 500 });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.alertId === tenants.alertIds.a1 || e.alertId === partnerWideAlertId)).toBe(true);
    expect(events.some((e) => e.alertId === null)).toBe(false);
    expect(JSON.stringify(events)).not.toContain(tenants.alertIds.a2);
    expect(await codeOf(api.alert.history({ alertId: tenants.alertIds.a2 }))).toBe("NOT_FOUND");
    expect(await codeOf(api.alert.history({ alertId: tenants.alertIds.b1 }))).toBe("NOT_FOUND");
    // The partner's staff see the rule-wide snooze.
    const partner = await callerAs(state, tenants.usersA.partner_admin);
    expect((await partner.alert.history({ limit: 500 })).some((e) => e.alertId === null && e.kind === "snoozed")).toBe(true);
  });

  it("lets the client admin acknowledge their client's alert (audited), refuses a sibling's or another partner's as not found, and the viewer entirely", async () => {
    const { tenants, t } = state;
    const admin = await callerAs(state, tenants.usersA.client_admin);
    const viewer = await callerAs(state, tenants.usersA.client_viewer);

    expect(await codeOf(viewer.alert.acknowledge({ alertId: tenants.alertIds.a1 }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.alert.acknowledge({ alertId: tenants.alertIds.a2 }))).toBe("NOT_FOUND");
    expect(await codeOf(admin.alert.acknowledge({ alertId: tenants.alertIds.b1 }))).toBe("NOT_FOUND");
    const untouched = await t.adminDb.alert.findMany({ where: { id: { in: [tenants.alertIds.a2, tenants.alertIds.b1] } }, select: { acknowledgedAt: true } });
    expect(untouched).toEqual([{ acknowledgedAt: null }, { acknowledgedAt: null }]);

    const acknowledged = await admin.alert.acknowledge({ alertId: tenants.alertIds.a1 });
    // Recorded, but the partner's own notification of it is still owed.
    expect(acknowledged).toMatchObject({ id: tenants.alertIds.a1, acknowledgedBy: tenants.usersA.client_admin.id, notifiedAt: null });
    const audit = await t.adminDb.auditEvent.findFirst({ where: { action: "alert.acknowledged", targetId: tenants.alertIds.a1 }, select: { actorUserId: true, clientId: true } });
    expect(audit).toEqual({ actorUserId: tenants.usersA.client_admin.id, clientId: tenants.clientA1.id });
    expect((await admin.alert.history({ alertId: tenants.alertIds.a1 })).map((e) => e.kind)).toContain("acknowledged");
  });

  it("keeps snoozing, rules, channels and deliveries from client users", async () => {
    const { tenants } = state;
    const admin = await callerAs(state, tenants.usersA.client_admin);
    expect(await codeOf(admin.alert.snooze({ alertId: tenants.alertIds.a1, until: new Date(Date.now() + 3_600_000) }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.alert.rule.list({}))).toBe("FORBIDDEN");
    expect(await codeOf(admin.alert.channel.list({}))).toBe("FORBIDDEN");
    expect(await codeOf(admin.alert.channel.deliveries({}))).toBe("FORBIDDEN");
  });
});

describe("row-level security under the procedures", () => {
  it("a client scope reads and changes only its own client's alerts, and none of the partner's channels or deliveries", async () => {
    const { tenants, t } = state;
    const scope = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, userId: tenants.usersA.client_admin.id };
    await withTenant(t.db, scope, async (tx) => {
      expect(new Set((await tx.alert.findMany({ select: { clientId: true } })).map((a) => a.clientId))).toEqual(new Set([tenants.clientA1.id]));
      const { count } = await tx.alert.updateMany({ where: { id: tenants.alertIds.a2 }, data: { summary: "tampered" } });
      expect(count).toBe(0);
      expect(await tx.alertChannel.count()).toBe(0);
      expect(await tx.alertDelivery.count()).toBe(0);
      // Of rules, only those that raised one of its alerts.
      expect((await tx.alertRule.findMany({ select: { id: true } })).map((r) => r.id)).not.toContain(tenants.alertRuleIds.a2);
      expect(await tx.alertEvent.count({ where: { alertId: null } })).toBe(0);
    });
    // Writing history onto a sibling's alert is refused by the policy.
    const sibling = await t.adminDb.alert.findUniqueOrThrow({ where: { id: tenants.alertIds.a2 }, select: { ruleId: true } });
    await expect(
      withTenant(t.db, scope, (tx) => tx.alertEvent.create({ data: { partnerId: tenants.partnerA.id, ruleId: sibling.ruleId, alertId: tenants.alertIds.a2, kind: "acknowledged", at: new Date() } })),
    ).rejects.toThrow();
    expect((await t.adminDb.alert.findUniqueOrThrow({ where: { id: tenants.alertIds.a2 }, select: { summary: true } })).summary).not.toBe("tampered");
  });
});
