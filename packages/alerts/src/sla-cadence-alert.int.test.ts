/**
 * The must-show, end to end with the SLA package's own pass: a
 * workflow on a cadence that silently stops (no run at all) gets a cadence
 * breach recorded by packages/sla, and a breach rule on it e-mails once.
 */
import { runSlaPass } from "@storeflow/sla";
import { createTemplateCatalog } from "@storeflow/templates";
import { describe, expect, it } from "vitest";
import { useAlertsHarness } from "../test/alerts-harness";
import { createAlertChannel, createAlertRule, listAlerts } from "./index";

const h = useAlertsHarness();
const MINUTE = 60_000;
// The targets are seeded by the harness: no template of this build is installed here.
const slaPass = (now: Date) => runSlaPass({ pool: h.pool, templates: createTemplateCatalog([]), clock: () => now, settleMs: 0, retention: false });

describe("missed cadence through the SLA pass", () => {
  it("alerts once when a scheduled workflow never runs, from the cadence breaches the SLA pass records", async () => {
    const { partnerA, clientA1 } = h.tenants;
    const sync = await h.installation(partnerA.id, clientA1.id, { cadenceMs: 15 * MINUTE });
    const { channel } = await createAlertChannel(h.admin(), h.ring, { kind: "email", name: "Ops", recipients: ["ops@partner-a.test"] });
    await createAlertRule(h.admin(), { name: "Cadence missed", condition: { kind: "breach", breachKind: "cadence", clearAfterMs: 30 * MINUTE }, channelIds: [channel.id], groupWindowMs: 0 });

    await slaPass(h.at(10));
    expect((await h.sweep(h.at(10))).changes).toEqual([]);

    for (const minute of [16, 31, 46]) {
      await slaPass(h.at(minute));
      await h.sweep(h.at(minute));
    }
    expect(await h.t.adminDb.slaBreach.count({ where: { installationId: sync.id, kind: "cadence" } })).toBeGreaterThanOrEqual(3);
    expect(await listAlerts(h.admin(), { status: "open" })).toEqual([expect.objectContaining({ subjectId: sync.id, ruleName: "Cadence missed" })]);
    expect(h.smtp.messages).toHaveLength(1);
    expect(h.smtp.messages[0]!.subject).toBe("[Alert] Cadence missed: 1 alert firing");
    expect(h.smtp.messages[0]!.text).toContain("SLA breach (cadence)");
  });
});
