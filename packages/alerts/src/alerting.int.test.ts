/**
 * Alerting against the real PostgreSQL, with a controlled clock: rules raise
 * each alert once per subject and resolve it when the condition clears,
 * notifications group, snoozes hold them back, and deliveries reach the
 * simulator's SMTP, Slack and Teams and a signed-webhook receiver, retried with
 * backoff past a failing endpoint.
 */
import { createServer, type IncomingMessage } from "node:http";
import { type AddressInfo } from "node:net";
import { type TSlackSimulator, type TTeamsSimulator, type TWebhookReceiverSimulator } from "@storeflow/simulator";
import { describe, expect, it } from "vitest";
import { useAlertsHarness } from "../test/alerts-harness";
import { acknowledgeAlert, createAlertChannel, createAlertRule, listAlertEvents, listAlerts, sendTestAlert, snoozeAlert, snoozeAlertRule, verifyAlertWebhook } from "./index";

const h = useAlertsHarness();
const MINUTE = 60_000;

async function emailChannel(recipients = ["ops@partner-a.test"]) {
  return (await createAlertChannel(h.admin(), h.ring, { kind: "email", name: `Ops mail ${recipients.length}`, recipients })).channel;
}

const kinds = (changes: { kind: string }[]) => changes.map((c) => c.kind);

describe("missed cadence", () => {
  it("fires once when a scheduled installation has no run at all, e-mails it, and resolves on the next success", async () => {
    const { partnerA, clientA1 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA1.id, { cadenceMs: 15 * MINUTE });
    const channel = await emailChannel();
    const rule = await createAlertRule(h.admin(), { name: "Inventory sync stopped", condition: { kind: "missed_cadence" }, channelIds: [channel.id], groupWindowMs: 0 });

    // Inside its cadence: quiet.
    expect(kinds((await h.sweep(h.at(14))).changes)).toEqual([]);

    const fired = await h.sweep(h.at(16));
    expect(fired.changes).toEqual([expect.objectContaining({ kind: "raised", ruleId: rule.id, subjectType: "installation", subjectId: sync.id })]);
    expect(fired.deliveries.map((d) => d.status)).toEqual(["delivered"]);
    expect(h.smtp.messages).toHaveLength(1);
    const [mail] = h.smtp.messages;
    expect(mail!.to).toEqual(["ops@partner-a.test"]);
    expect(mail!.from).toContain("PartnerA Cloud");
    expect(mail!.subject).toBe("[Alert] Inventory sync stopped: 1 alert firing");
    expect(mail!.text).toContain(`${sync.templateKey} · ${clientA1.name} (${clientA1.name}): No successful run for 16 min (expected every 15 min): no run at all`);
    expect(mail!.text).toContain(`${"https://portal.example.test"}/alerts`);

    // Still silent: the same alert stays open, nothing is sent again.
    const again = await h.sweep(h.at(40));
    expect(again.changes).toEqual([]);
    expect(again.notifications).toEqual([]);
    expect(h.smtp.messages).toHaveLength(1);
    expect(await listAlerts(h.admin(), { status: "open" })).toEqual([expect.objectContaining({ ruleId: rule.id, subjectId: sync.id, summary: expect.stringContaining("no run at all") })]);

    await h.run(sync, { status: "succeeded", at: h.at(41) });
    const cleared = await h.sweep(h.at(42));
    expect(kinds(cleared.changes)).toEqual(["resolved"]);
    // The channel hears once that it is back to normal, through the same outbox.
    expect(cleared.notifications).toEqual([expect.objectContaining({ type: "alert.resolved", ruleId: rule.id })]);
    expect(cleared.deliveries.map((d) => d.status)).toEqual(["delivered"]);
    expect(h.smtp.messages).toHaveLength(2);
    expect(h.smtp.messages[1]!.subject).toBe("[Resolved] Inventory sync stopped: 1 alert resolved");
    expect(h.smtp.messages[1]!.text).toContain(`${sync.templateKey} · ${clientA1.name} (${clientA1.name}): back to normal after 26 min`);
    expect(await listAlerts(h.admin(), { status: "open" })).toEqual([]);
    const [alert] = await listAlerts(h.admin(), { status: "resolved" });
    expect(alert).toMatchObject({ resolvedAt: h.at(42) });
    expect((await listAlertEvents(h.admin(), { alertId: alert!.id })).map((e) => [e.kind, e.at, e.data.resolved ?? false])).toEqual([
      ["notified", h.at(42), true],
      ["resolved", h.at(42), false],
      ["notified", h.at(16), false],
      ["raised", h.at(16), false],
    ]);
    // Once: later passes send nothing more.
    expect((await h.sweep(h.at(50))).notifications).toEqual([]);
    expect(h.smtp.messages).toHaveLength(2);
  });

  it("counts failed runs as missed and says so; uses the rule's own cadence over the SLA's", async () => {
    const { partnerA, clientA1 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA1.id);
    const channel = await emailChannel();
    await createAlertRule(h.admin(), { name: "Hourly export", condition: { kind: "missed_cadence", cadenceMs: 60 * MINUTE, graceMs: 5 * MINUTE }, channelIds: [channel.id], groupWindowMs: 0 });
    await h.run(sync, { status: "succeeded", at: h.at(1) });
    await h.run(sync, { status: "failed", at: h.at(50) });

    expect((await h.sweep(h.at(65))).changes).toEqual([]);
    const fired = await h.sweep(h.at(67));
    expect(kinds(fired.changes)).toEqual(["raised"]);
    expect(h.smtp.messages[0]!.text).toContain("No successful run for 66 min (expected every 1 h): last run 17 min ago failed");
  });
});

describe("breach rules", () => {
  it("fire on recorded SLA breaches of their kind, once however many follow, and resolve after the quiet period", async () => {
    const { partnerA, clientA1 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA1.id, { cadenceMs: 15 * MINUTE });
    const channel = await emailChannel();
    await createAlertRule(h.admin(), { name: "Cadence breaches", condition: { kind: "breach", breachKind: "cadence", clearAfterMs: 30 * MINUTE }, channelIds: [channel.id], groupWindowMs: 0 });
    const breach = (kind: "cadence" | "run_duration", minute: number) =>
      h.t.adminDb.slaBreach.create({ data: { partnerId: partnerA.id, clientId: clientA1.id, installationId: sync.id, kind, dedupeKey: `${kind}-${minute}`, deadline: h.at(minute - 1), detectedAt: h.at(minute) } });

    await breach("run_duration", 1);
    expect((await h.sweep(h.at(2))).changes).toEqual([]);
    await breach("cadence", 3);
    expect(kinds((await h.sweep(h.at(4))).changes)).toEqual(["raised"]);
    await breach("cadence", 20);
    expect((await h.sweep(h.at(21))).changes).toEqual([]);
    expect(h.smtp.messages).toHaveLength(1);
    expect(h.smtp.messages[0]!.text).toContain("1 SLA breach (cadence) in the last 30 min");
    expect(await listAlerts(h.admin(), {})).toEqual([expect.objectContaining({ summary: "2 SLA breaches (cadence) in the last 30 min", lastSeenAt: h.at(21) })]);
    // Quiet for 30 minutes after the last breach.
    expect((await h.sweep(h.at(49))).changes).toEqual([]);
    expect(kinds((await h.sweep(h.at(51))).changes)).toEqual(["resolved"]);
  });
});

describe("grouping, tenancy and snoozing", () => {
  async function failingInstallations() {
    const { partnerA, partnerB, clientA1, clientA2, clientB1 } = h.tenants;
    const installs = [await h.installation(partnerA.id, clientA1.id), await h.installation(partnerA.id, clientA1.id), await h.installation(partnerA.id, clientA2.id), await h.installation(partnerB.id, clientB1.id)];
    for (const installation of installs) for (let i = 0; i < 5; i++) await h.run(installation, { status: i === 0 ? "succeeded" : "failed", at: h.at(-10 + i) });
    return installs;
  }

  it("sends the alerts one rule raises within its grouping window as one Slack message, and only its own partner's", async () => {
    await failingInstallations();
    const webhook = h.sim.vendor<TSlackSimulator>("slack").registerWebhook({ channel: "#ops" });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "slack", name: "Ops Slack", url: webhook.url });
    expect(channel.url).toBeNull();
    expect(channel.secretHint).toMatch(/^127\.0\.0\.1:\d+ •+/);
    await createAlertRule(h.admin(), { name: "Failing workflows", condition: { kind: "failure_rate", threshold: 0.5, windowMs: 30 * MINUTE, minRuns: 5 }, channelIds: [channel.id], groupWindowMs: MINUTE });

    const raised = await h.sweep(h.at(0));
    expect(kinds(raised.changes)).toEqual(["raised", "raised", "raised"]);
    expect(raised.notifications).toEqual([]);
    expect((await h.sweep(h.at(0.5))).notifications).toEqual([]);
    const sent = await h.sweep(h.at(1));
    expect(sent.notifications).toHaveLength(1);
    expect(sent.notifications[0]!.alertIds).toHaveLength(3);
    const messages = h.sim.vendor<TSlackSimulator>("slack").messagesIn("#ops");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toBe("Failing workflows: 3 alerts firing");
    expect(JSON.stringify(messages[0]!.blocks)).toContain("4 of 5 runs failed (80%) in the last 30 min");
    expect(JSON.stringify(messages[0]!.blocks)).not.toContain(h.tenants.clientB1.name);
    // Partner B sees none of it.
    expect(await listAlerts(h.admin("B"), { status: "all" })).toEqual([]);
  });

  it("holds a snoozed alert back and reminds at the snooze's end; a snoozed rule sends what is still open when it ends", async () => {
    const [first] = await failingInstallations();
    const channel = await emailChannel();
    const rule = await createAlertRule(h.admin(), { name: "Failing", condition: { kind: "failure_rate", threshold: 0.5, windowMs: 60 * MINUTE, minRuns: 5 }, channelIds: [channel.id], clientId: h.tenants.clientA1.id, installationId: first!.id, groupWindowMs: 0 });
    await h.sweep(h.at(0));
    expect(h.smtp.messages).toHaveLength(1);
    const [alert] = await listAlerts(h.admin(), {});

    await snoozeAlert(h.admin(), { alertId: alert!.id, until: h.at(30) }, h.at(2));
    expect((await h.sweep(h.at(29))).notifications).toEqual([]);
    expect((await h.sweep(h.at(30))).notifications).toHaveLength(1);
    expect(h.smtp.messages).toHaveLength(2);

    // A rule-wide snooze: the alert resolves while it lasts, and its resolved notification is sent when it ends.
    await snoozeAlertRule(h.admin(), { ruleId: rule.id, until: h.at(60) }, h.at(31));
    await h.run(first!, { status: "succeeded", at: h.at(32) });
    await h.run(first!, { status: "succeeded", at: h.at(33) });
    await h.run(first!, { status: "succeeded", at: h.at(34) });
    expect(kinds((await h.sweep(h.at(35))).changes)).toEqual(["resolved"]);
    expect((await h.sweep(h.at(59))).notifications).toEqual([]);
    expect((await h.sweep(h.at(60))).notifications).toEqual([expect.objectContaining({ type: "alert.resolved", alertIds: [alert!.id] })]);
    expect(h.smtp.messages).toHaveLength(3);
    expect(h.smtp.messages[2]!.subject).toBe("[Resolved] Failing: 1 alert resolved");
    const history = (await listAlertEvents(h.admin(), {})).map((e) => e.kind).reverse();
    expect(history).toEqual(["raised", "notified", "snoozed", "notified", "snoozed", "resolved", "notified"]);
  });

  it("sends no reminder for an acknowledged alert", async () => {
    const [first] = await failingInstallations();
    const channel = await emailChannel();
    await createAlertRule(h.admin(), { name: "Failing", condition: { kind: "failure_rate", threshold: 0.5, windowMs: 60 * MINUTE, minRuns: 5 }, channelIds: [channel.id], installationId: first!.id, groupWindowMs: 5 * MINUTE });
    await h.sweep(h.at(0));
    const [alert] = await listAlerts(h.admin(), {});
    const acknowledged = await acknowledgeAlert(h.admin(), { alertId: alert!.id }, h.at(1));
    expect(acknowledged).toMatchObject({ acknowledgedBy: h.tenants.usersA.partner_admin.id, acknowledgedAt: h.at(1) });
    expect((await h.sweep(h.at(6))).notifications).toEqual([]);
    expect(h.smtp.messages).toHaveLength(0);
  });
});

describe("resolved notifications", () => {
  const flappy = async (groupWindowMs: number, notifyResolved?: boolean) => {
    const { partnerA, clientA1 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA1.id);
    const room = `#flap-${groupWindowMs}`;
    const webhook = h.sim.vendor<TSlackSimulator>("slack").registerWebhook({ channel: room });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "slack", name: `Flap Slack ${room}`, url: webhook.url });
    const rule = await createAlertRule(h.admin(), {
      name: `Sync health ${groupWindowMs}`,
      condition: { kind: "failure_rate", threshold: 0.5, windowMs: 10 * MINUTE, minRuns: 1 },
      channelIds: [channel.id],
      installationId: sync.id,
      groupWindowMs,
      ...(notifyResolved === undefined ? {} : { notifyResolved }),
    });
    const slack = () => h.sim.vendor<TSlackSimulator>("slack").messagesIn(room).map((m) => m.text);
    return { sync, rule, slack };
  };

  it("does not spam a flapping condition: clearing and firing again inside the grouping window reopens the alert and sends nothing", async () => {
    const { sync, rule, slack } = await flappy(5 * MINUTE);
    await h.run(sync, { status: "failed", at: h.at(0) });
    expect(kinds((await h.sweep(h.at(1))).changes)).toEqual(["raised"]);
    await h.sweep(h.at(6));
    expect(slack()).toEqual(["Sync health 300000: 1 alert firing"]);

    // Cleared at 12 (the failure left the window), firing again at 14, cleared at 26, firing at 28: all within five minutes of each clearing.
    await h.run(sync, { status: "succeeded", at: h.at(11) });
    expect(kinds((await h.sweep(h.at(12))).changes)).toEqual(["resolved"]);
    await h.run(sync, { status: "failed", at: h.at(13) });
    await h.run(sync, { status: "failed", at: h.at(13.5) });
    expect(kinds((await h.sweep(h.at(14))).changes)).toEqual(["reopened"]);
    await h.run(sync, { status: "succeeded", at: h.at(20) });
    await h.run(sync, { status: "succeeded", at: h.at(21) });
    await h.run(sync, { status: "succeeded", at: h.at(22) });
    expect(kinds((await h.sweep(h.at(26))).changes)).toEqual(["resolved"]);
    await h.run(sync, { status: "failed", at: h.at(27) });
    await h.run(sync, { status: "failed", at: h.at(27.5) });
    await h.run(sync, { status: "failed", at: h.at(27.7) });
    await h.run(sync, { status: "failed", at: h.at(27.8) });
    expect(kinds((await h.sweep(h.at(28))).changes)).toEqual(["reopened"]);
    expect(slack()).toEqual(["Sync health 300000: 1 alert firing"]);
    const [alert] = await listAlerts(h.admin(), { status: "all" });
    expect(alert).toMatchObject({ status: "open", resolvedAt: null, notifiedAt: h.at(6) });
    expect(await h.t.adminDb.alert.count({ where: { ruleId: rule.id } })).toBe(1);

    // It clears for good: one resolved message when the window has passed, and never again.
    for (let i = 0; i < 6; i++) await h.run(sync, { status: "succeeded", at: h.at(36 + i * 0.1) });
    expect(kinds((await h.sweep(h.at(40))).changes)).toEqual(["resolved"]);
    expect((await h.sweep(h.at(44))).notifications).toEqual([]);
    expect((await h.sweep(h.at(45))).notifications).toEqual([expect.objectContaining({ type: "alert.resolved" })]);
    await h.sweep(h.at(50));
    expect(slack()).toEqual(["Sync health 300000: 1 alert firing", "Sync health 300000: 1 alert resolved"]);
    expect((await h.events()).map((e) => e.kind)).toEqual(["raised", "notified", "resolved", "raised", "resolved", "raised", "resolved", "notified"]);
  });

  it("sends none for an alert that cleared before its firing notification, nor for a rule that opts out", async () => {
    const { sync, slack } = await flappy(5 * MINUTE);
    await h.run(sync, { status: "failed", at: h.at(0) });
    await h.sweep(h.at(1));
    await h.run(sync, { status: "succeeded", at: h.at(2) });
    await h.run(sync, { status: "succeeded", at: h.at(2.5) });
    expect(kinds((await h.sweep(h.at(3))).changes)).toEqual(["resolved"]);
    await h.sweep(h.at(20));
    expect(slack()).toEqual([]);

    const quiet = await flappy(0, false);
    expect(quiet.rule.notifyResolved).toBe(false);
    await h.run(quiet.sync, { status: "failed", at: h.at(30) });
    await h.sweep(h.at(31));
    await h.run(quiet.sync, { status: "succeeded", at: h.at(42) });
    expect(kinds((await h.sweep(h.at(43))).changes)).toEqual(["resolved"]);
    await h.sweep(h.at(60));
    expect(quiet.slack()).toEqual(["Sync health 0: 1 alert firing"]);
  });

  it("tells a signed webhook with type alert.resolved and when it cleared", async () => {
    const receiver = h.sim.vendor<TWebhookReceiverSimulator>("webhook-receiver");
    const placeholder = receiver.registerEndpoint("resolved");
    const { channel, signingSecret } = await createAlertChannel(h.admin(), h.ring, { kind: "webhook", name: "Pager resolved", url: placeholder });
    receiver.registerEndpoint("resolved", { secret: signingSecret! });
    const { partnerA, clientA1 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA1.id, { cadenceMs: 15 * MINUTE });
    await createAlertRule(h.admin(), { name: "Stopped", condition: { kind: "missed_cadence" }, channelIds: [channel.id], installationId: sync.id, groupWindowMs: 0 });
    await h.sweep(h.at(16));
    await h.run(sync, { status: "succeeded", at: h.at(20) });
    await h.sweep(h.at(21));
    const deliveries = receiver.deliveriesTo("resolved");
    const bodies = deliveries.map((d) => JSON.parse(d.body) as { type: string; alerts: { resolvedAt?: string }[] });
    expect(deliveries.map((d) => d.verified)).toEqual([true, true]);
    expect(bodies.map((b) => b.type)).toEqual(["alert.firing", "alert.resolved"]);
    expect(bodies[1]!.alerts[0]!.resolvedAt).toBe(h.at(21).toISOString());
  });
});

describe("deliveries", () => {
  /** A local endpoint that answers 500 to its first `failures` requests, then 200. */
  async function flakyEndpoint(failures: number) {
    const requests: { headers: IncomingMessage["headers"]; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        requests.push({ headers: req.headers, body });
        res.statusCode = requests.length <= failures ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/storeflow`;
    return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  async function webhookRule(url: string) {
    const { channel, signingSecret } = await createAlertChannel(h.admin(), h.ring, { kind: "webhook", name: "Pager", url });
    const { partnerA, clientA1 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA1.id, { cadenceMs: 15 * MINUTE });
    await createAlertRule(h.admin(), { name: "Stopped", condition: { kind: "missed_cadence" }, channelIds: [channel.id], installationId: sync.id, groupWindowMs: 0 });
    return { channel, signingSecret: signingSecret!, sync };
  }

  it("retries a failing endpoint with backoff, with the same delivery id and a valid signature each time, until it answers", async () => {
    const endpoint = await flakyEndpoint(2);
    try {
      const { signingSecret } = await webhookRule(endpoint.url);
      const first = await h.sweep(h.at(16));
      expect(first.deliveries).toEqual([expect.objectContaining({ status: "retrying", attempt: 1, error: "HTTP 500" })]);
      // Backoff: one minute, then two.
      expect((await h.sweep(h.at(16.9))).deliveries).toEqual([]);
      expect((await h.sweep(h.at(17))).deliveries).toEqual([expect.objectContaining({ status: "retrying", attempt: 2 })]);
      expect((await h.sweep(h.at(18.9))).deliveries).toEqual([]);
      expect((await h.sweep(h.at(19))).deliveries).toEqual([expect.objectContaining({ status: "delivered", attempt: 3 })]);
      expect((await h.sweep(h.at(30))).deliveries).toEqual([]);

      expect(endpoint.requests).toHaveLength(3);
      const ids = new Set(endpoint.requests.map((r) => r.headers["webhook-id"]));
      expect(ids.size).toBe(1);
      const [delivery] = await h.t.adminDb.alertDelivery.findMany();
      expect([...ids]).toEqual([delivery!.id]);
      expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastError: null });
      for (const { headers, body } of endpoint.requests) {
        const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
        expect(verifyAlertWebhook({ secret: signingSecret, body, headers: flat })).toBe(true);
        expect(verifyAlertWebhook({ secret: signingSecret, body: body.replace("Stopped", "StoppeD"), headers: flat })).toBe(false);
        expect(JSON.parse(body)).toMatchObject({ id: delivery!.id, type: "alert.firing", rule: { name: "Stopped" }, alerts: [expect.objectContaining({ summary: expect.stringContaining("no run at all") })] });
      }
    } finally {
      await endpoint.close();
    }
  });

  it("is verified by a Standard Webhooks receiver with the secret shown once, which is stored sealed", async () => {
    const receiver = h.sim.vendor<TWebhookReceiverSimulator>("webhook-receiver");
    const placeholder = receiver.registerEndpoint("pager");
    const { channel, signingSecret } = await webhookRule(placeholder);
    receiver.registerEndpoint("pager", { secret: signingSecret });
    await h.sweep(h.at(16));
    expect(receiver.deliveriesTo("pager")).toEqual([expect.objectContaining({ verified: true, duplicate: false })]);

    const stored = await h.t.adminDb.alertChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(JSON.stringify(stored)).not.toContain(signingSecret.slice(6, 30));
    expect(Buffer.from(stored.secretCiphertext!).toString("latin1")).not.toContain(signingSecret.slice(6, 30));
  });

  it("gives up after the last attempt and records it in the alert's history", async () => {
    const endpoint = await flakyEndpoint(100);
    try {
      await webhookRule(endpoint.url);
      await h.sweep(h.at(16), { maxAttempts: 2 });
      const last = await h.sweep(h.at(17), { maxAttempts: 2 });
      expect(last.deliveries).toEqual([expect.objectContaining({ status: "failed", attempt: 2, error: "HTTP 500" })]);
      expect((await h.sweep(h.at(100), { maxAttempts: 2 })).deliveries).toEqual([]);
      expect((await h.events()).map((e) => e.kind)).toEqual(["raised", "notified", "delivery_failed"]);
    } finally {
      await endpoint.close();
    }
  });

  it("refuses a private address the operator has not allowed, without sending", async () => {
    await webhookRule("http://10.20.30.40/hook");
    const [outcome] = (await h.sweep(h.at(16))).deliveries;
    expect(outcome).toMatchObject({ status: "retrying", error: expect.stringContaining("BlockedDestinationError") });
  });

  it("sends a test alert to a Teams channel through the outbox, and keeps the URL out of errors", async () => {
    const teams = h.sim.vendor<TTeamsSimulator>("teams");
    const webhook = teams.registerWebhook({ channel: "Store ops" });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "teams", name: "Teams", url: webhook.url });
    const { deliveryIds } = await sendTestAlert(h.admin(), { channelId: channel.id });
    expect((await h.sweep(new Date())).deliveries).toEqual([expect.objectContaining({ deliveryId: deliveryIds[0], status: "delivered" })]);
    const [message] = teams.messagesIn("Store ops");
    expect(JSON.stringify(message!.cards)).toContain("Test alert: this channel is set up");

    const broken = await createAlertChannel(h.admin(), h.ring, { kind: "slack", name: "Gone", url: `${h.sim.url}/slack/services/T0/B0/secret-token-123` });
    await sendTestAlert(h.admin(), { channelId: broken.channel.id });
    const [failed] = (await h.sweep(new Date())).deliveries;
    expect(failed!.status).toBe("retrying");
    expect(failed!.error).not.toContain("secret-token-123");
  });
});
