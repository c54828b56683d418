import { describe, expect, it } from "vitest";
import { EMPTY_RULE_FORM, ruleFormOf, rulePayloadOf, ZRuleForm } from "./rule-form";

const messagesOf = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) => Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("ZRuleForm", () => {
  it("checks only the chosen condition's fields, and needs a name and a channel", () => {
    const form = { ...EMPTY_RULE_FORM, kind: "failure_rate" as const, thresholdPercent: "150", windowMinutes: "2", maxAgeMinutes: "nonsense" };
    expect(messagesOf(ZRuleForm.safeParse(form))).toEqual({
      name: "Name the rule",
      channelIds: "Choose at least one channel",
      thresholdPercent: "A whole percentage from 1 to 99",
      windowMinutes: "Between 5 and 43200 minutes",
    });
  });

  it("leaves a missed-cadence rule's cadence empty for the installation's SLA cadence", () => {
    const form = { ...EMPTY_RULE_FORM, name: "Stopped", channelIds: ["c1"] };
    expect(ZRuleForm.safeParse(form).success).toBe(true);
    expect(rulePayloadOf(form)).toEqual({ name: "Stopped", clientId: null, installationId: null, condition: { kind: "missed_cadence", graceMs: 300_000 }, channelIds: ["c1"], groupWindowMs: 60_000, notifyResolved: true });
  });
});

describe("rulePayloadOf and ruleFormOf", () => {
  it("round-trip a failure-rate rule in minutes and percent", () => {
    const rule = { name: "Failing", clientId: "cl", installationId: null, condition: { kind: "failure_rate" as const, threshold: 0.25, windowMs: 1_800_000, minRuns: 10 }, channelIds: ["c1"], groupWindowMs: 0, notifyResolved: false };
    const form = ruleFormOf(rule);
    expect(form).toMatchObject({ kind: "failure_rate", thresholdPercent: "25", windowMinutes: "30", minRuns: "10", clientId: "cl", groupWindowSeconds: "0", notifyResolved: false });
    expect(rulePayloadOf(form)).toEqual(rule);
  });
});
