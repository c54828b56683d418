/**
 * The administrative side against the real PostgreSQL: bad input is refused
 * with a typed error and changes nothing, another partner's ids are not found,
 * secrets never come back, deleting a rule resolves its alerts, and
 * connection-health and backlog rules fire and clear. Concurrent passes raise
 * and send each alert once.
 */
import { ConflictError, DomainError, ValidationError } from "@storeflow/errors";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { useAlertsHarness } from "../test/alerts-harness";
import { randomBytes } from "node:crypto";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { type TSlackSimulator } from "@storeflow/simulator";
import { archiveAlertRule, createAlertChannel, createAlertRule, listAlertChannels, listAlertEvents, listAlertRules, listAlerts, rotateAlertChannelKeys, sendTestAlert, snoozeAlert, updateAlertRule } from "./index";

const h = useAlertsHarness();
const MINUTE = 60_000;

async function counts() {
  const db = h.t.adminDb;
  return { rules: await db.alertRule.count(), channels: await db.alertChannel.count(), audit: await db.auditEvent.count(), events: await db.alertEvent.count() };
}

describe("rules and channels", () => {
  it("refuses bad input with a typed error naming the field, and writes nothing", async () => {
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "email", name: "Ops", recipients: ["ops@a.test"] });
    const before = await counts();
    const valid = { name: "Failing", condition: { kind: "failure_rate" as const, threshold: 0.5, windowMs: 30 * MINUTE }, channelIds: [channel.id] };

    await expect(createAlertRule(h.admin(), { ...valid, condition: { kind: "failure_rate", threshold: 1.5, windowMs: 30 * MINUTE } })).rejects.toThrow(ZodError);
    await expect(createAlertRule(h.admin(), { ...valid, condition: { kind: "no_such_kind" } as never })).rejects.toThrow(ZodError);
    await expect(createAlertRule(h.admin(), { ...valid, channelIds: [] })).rejects.toThrow("Choose at least one channel");
    await expect(createAlertChannel(h.admin(), h.ring, { kind: "slack", name: "S", url: "ftp://hooks.example/x" })).rejects.toThrow(ZodError);
    await expect(createAlertChannel(h.admin(), h.ring, { kind: "email", name: "Ops", recipients: ["ops@a.test"] })).rejects.toThrow(ConflictError);
    const wrongClient = await h.installation(h.tenants.partnerA.id, h.tenants.clientA2.id);
    await expect(createAlertRule(h.admin(), { ...valid, clientId: h.tenants.clientA1.id, installationId: wrongClient.id })).rejects.toThrow(ValidationError);

    expect(await counts()).toEqual(before);
  });

  it("treats another partner's client, installation and channel as not found, and shows each partner only its own", async () => {
    const { channel: channelB } = await createAlertChannel(h.admin("B"), h.ring, { kind: "email", name: "B ops", recipients: ["ops@b.test"] });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "email", name: "A ops", recipients: ["ops@a.test"] });
    const installationB = await h.installation(h.tenants.partnerB.id, h.tenants.clientB1.id);
    const base = { name: "Cross", condition: { kind: "connection_unhealthy" as const } };
    for (const input of [
      { ...base, channelIds: [channelB.id] },
      { ...base, channelIds: [channel.id], clientId: h.tenants.clientB1.id },
      { ...base, channelIds: [channel.id], installationId: installationB.id },
    ]) {
      const error = await createAlertRule(h.admin(), input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("NOT_FOUND");
    }
    const ruleB = await createAlertRule(h.admin("B"), { ...base, channelIds: [channelB.id] });
    await expect(updateAlertRule(h.admin(), { ruleId: ruleB.id, enabled: false })).rejects.toThrow("Alert rule was not found");
    expect((await listAlertChannels(h.admin())).map((c) => c.name)).toEqual(["A ops"]);
    expect(await listAlertRules(h.admin())).toEqual([]);
  });

  it("never returns or stores in the clear a Slack URL, and audits each change without it", async () => {
    const url = `${h.sim.url}/slack/services/T1/B1/very-secret-token-xyz`;
    const created = await createAlertChannel(h.admin(), h.ring, { kind: "slack", name: "Slack", url });
    const listed = await listAlertChannels(h.admin());
    const stored = await h.t.adminDb.alertChannel.findMany();
    const audit = await h.t.adminDb.auditEvent.findMany({ where: { action: { startsWith: "alert_channel." } } });
    for (const seen of [created, listed, stored.map(({ wrappedKey: _w, secretCiphertext: _c, ...rest }) => rest), audit]) expect(JSON.stringify(seen)).not.toContain("very-secret-token-xyz");
    expect(created.channel.secretHint).toMatch(/•+-xyz$/);
    expect(created.signingSecret).toBeNull();
  });

  it("re-wraps channel keys under a new KEK, after which the old one is not needed", async () => {
    const webhook = h.sim.vendor<TSlackSimulator>("slack").registerWebhook({ channel: "#rotated" });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "slack", name: "Slack", url: webhook.url });
    const next = parseKek(`test-2:${randomBytes(32).toString("base64")}`);
    expect(await rotateAlertChannelKeys({ db: h.pool, ring: createKeyRing({ current: next, previous: [h.kek] }) })).toEqual({ rewrapped: 1 });
    expect(await rotateAlertChannelKeys({ db: h.pool, ring: createKeyRing({ current: next, previous: [h.kek] }) })).toEqual({ rewrapped: 0 });
    await sendTestAlert(h.admin(), { channelId: channel.id });
    expect((await h.sweep(new Date(), { ring: createKeyRing({ current: next }) })).deliveries.map((d) => d.status)).toEqual(["delivered"]);
    expect(h.sim.vendor<TSlackSimulator>("slack").messagesIn("#rotated")).toHaveLength(1);
  });
});

describe("conditions and lifecycle", () => {
  it("fires for an unhealthy connection the rule's installation binds, and resolves (and says so) once it is healthy", async () => {
    const { partnerA, clientA1 } = h.tenants;
    const connection = await h.t.adminDb.connection.create({
      data: { partnerId: partnerA.id, clientId: clientA1.id, connectorKey: "shopify", name: `Shop ${Date.now()}`, config: {}, webhookToken: `tok-${Date.now()}`, health: "unhealthy", healthDetail: "401 Unauthorized" },
    });
    const other = await h.t.adminDb.connection.create({
      data: { partnerId: partnerA.id, clientId: clientA1.id, connectorKey: "shopify", name: `Other ${Date.now()}`, config: {}, webhookToken: `tok2-${Date.now()}`, health: "unhealthy" },
    });
    const sync = await h.installation(partnerA.id, clientA1.id);
    await h.t.adminDb.installation.update({ where: { id: sync.id }, data: { bindings: { shop: connection.id } } });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "email", name: "Ops", recipients: ["ops@a.test"] });
    await createAlertRule(h.admin(), { name: "Shop down", condition: { kind: "connection_unhealthy" }, installationId: sync.id, channelIds: [channel.id], groupWindowMs: 0 });

    const fired = await h.sweep(h.at(0));
    expect(fired.changes).toEqual([expect.objectContaining({ kind: "raised", subjectType: "connection", subjectId: connection.id })]);
    expect(fired.changes.map((c) => c.subjectId)).not.toContain(other.id);
    expect(h.smtp.messages[0]!.text).toContain("Health check failing: 401 Unauthorized");
    await h.t.adminDb.connection.update({ where: { id: connection.id }, data: { health: "healthy" } });
    const healthy = await h.sweep(h.at(1));
    expect(healthy.changes).toEqual([expect.objectContaining({ kind: "resolved", subjectId: connection.id })]);
    // Healthy again: the channel hears it once.
    expect(healthy.deliveries.map((d) => d.status)).toEqual(["delivered"]);
    expect(h.smtp.messages.map((m) => m.subject)).toEqual(["[Alert] Shop down: 1 alert firing", "[Resolved] Shop down: 1 alert resolved"]);
    expect(h.smtp.messages[1]!.text).toContain("back to normal after 1 min (was: Health check failing: 401 Unauthorized)");
  });

  it("fires on a run unfinished past the backlog age; deleting the rule resolves its alert and keeps the history", async () => {
    const { partnerA, clientA2 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA2.id);
    await h.run(sync, { status: "running", at: h.at(0) });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "email", name: "Ops", recipients: ["ops@a.test"] });
    const rule = await createAlertRule(h.admin(), { name: "Backlog", condition: { kind: "backlog_age", maxAgeMs: 30 * MINUTE }, clientId: clientA2.id, channelIds: [channel.id] });

    expect((await h.sweep(h.at(29))).changes).toEqual([]);
    expect((await h.sweep(h.at(31))).changes.map((c) => c.kind)).toEqual(["raised"]);
    const [alert] = await listAlerts(h.admin(), {});
    expect(alert!.summary).toBe("1 run unfinished for over 30 min, the oldest for 31 min");
    await expect(snoozeAlert(h.admin(), { alertId: alert!.id, until: h.at(20) }, h.at(31))).rejects.toThrow("Snooze until a time in the next 30 days");

    await archiveAlertRule(h.admin(), { ruleId: rule.id }, h.at(35));
    expect(await listAlerts(h.admin(), { status: "open" })).toEqual([]);
    expect((await listAlertEvents(h.admin(), { alertId: alert!.id })).map((e) => [e.kind, e.data])).toEqual([
      ["resolved", { reason: "rule deleted" }],
      ["raised", expect.any(Object)],
    ]);
    expect((await h.sweep(h.at(40))).changes).toEqual([]);
  });

  it("raises and sends each alert once when several workers sweep at the same moment", async () => {
    const { partnerA, clientA1 } = h.tenants;
    const installs = [await h.installation(partnerA.id, clientA1.id, { cadenceMs: 15 * MINUTE }), await h.installation(partnerA.id, clientA1.id, { cadenceMs: 15 * MINUTE })];
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "email", name: "Ops", recipients: ["ops@a.test", "lead@a.test"] });
    await createAlertRule(h.admin(), { name: "Stopped", condition: { kind: "missed_cadence" }, channelIds: [channel.id], groupWindowMs: 0 });

    const results = await Promise.all([h.sweep(h.at(20)), h.sweep(h.at(20)), h.sweep(h.at(20))]);
    await h.sweep(h.at(20));
    expect(results.flatMap((r) => r.changes).map((c) => c.subjectId).sort()).toEqual(installs.map((i) => i.id).sort());
    expect(await h.t.adminDb.alert.count()).toBe(2);
    // Two alerts grouped into one notification, to each of two recipients once.
    expect(h.smtp.messages.map((m) => m.to[0]).sort()).toEqual(["lead@a.test", "ops@a.test"]);
    expect(h.smtp.messages[0]!.subject).toBe("[Alert] Stopped: 2 alerts firing");
  });
});
