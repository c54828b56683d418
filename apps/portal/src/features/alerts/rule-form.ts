import { z } from "zod";

export const CONDITION_KINDS = [
  { value: "missed_cadence", label: "Missed cadence: no successful run for too long (also when none runs at all)" },
  { value: "failure_rate", label: "Failure rate over a window" },
  { value: "breach", label: "SLA breach recorded" },
  { value: "backlog_age", label: "Backlog age: a run unfinished for too long" },
  { value: "connection_unhealthy", label: "Connection unhealthy" },
] as const;
export const BREACH_KINDS = [
  { value: "", label: "Any kind" },
  { value: "run_duration", label: "Run duration" },
  { value: "backlog_age", label: "Backlog age" },
  { value: "cadence", label: "Cadence" },
  { value: "success_rate", label: "Success rate" },
] as const;

const MINUTE = 60_000;
/** A whole number typed into a text box; empty passes when `optional`. */
const count = (message: string, { min, max, optional = false }: { min: number; max: number; optional?: boolean }) =>
  z.string().refine((value) => (optional && value.trim() === "") || (/^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max), message);

/**
 * What the browser checks before saving a rule; the server checks again. Every
 * field of every condition is in the form (only the chosen condition's are
 * shown and checked), so switching the condition keeps what was typed.
 */
export const ZRuleForm = z
  .object({
    name: z.string().trim().min(1, "Name the rule").max(120, "Use at most 120 characters"),
    clientId: z.string(),
    installationId: z.string(),
    kind: z.enum(["missed_cadence", "failure_rate", "breach", "backlog_age", "connection_unhealthy"]),
    breachKind: z.enum(["", "run_duration", "backlog_age", "cadence", "success_rate"]),
    clearAfterMinutes: z.string(),
    thresholdPercent: z.string(),
    windowMinutes: z.string(),
    minRuns: z.string(),
    cadenceMinutes: z.string(),
    graceMinutes: z.string(),
    maxAgeMinutes: z.string(),
    channelIds: z.array(z.string()).min(1, "Choose at least one channel"),
    groupWindowSeconds: count("Group for 0 to 3600 seconds", { min: 0, max: 3600 }),
    notifyResolved: z.boolean(),
  })
  .superRefine((form, ctx) => {
    const check = (field: keyof typeof form, schema: z.ZodType) => {
      const result = schema.safeParse(form[field]);
      if (!result.success) ctx.addIssue({ code: "custom", path: [field], message: result.error.issues[0]!.message });
    };
    if (form.kind === "breach") check("clearAfterMinutes", count("Between 1 and 10080 minutes", { min: 1, max: 10_080 }));
    if (form.kind === "failure_rate") {
      check("thresholdPercent", count("A whole percentage from 1 to 99", { min: 1, max: 99 }));
      check("windowMinutes", count("Between 5 and 43200 minutes", { min: 5, max: 43_200 }));
      check("minRuns", count("At least 1 run", { min: 1, max: 10_000 }));
    }
    if (form.kind === "missed_cadence") {
      check("cadenceMinutes", count("Between 1 and 43200 minutes, or empty for the SLA cadence", { min: 1, max: 43_200, optional: true }));
      check("graceMinutes", count("Between 0 and 1440 minutes", { min: 0, max: 1440 }));
    }
    if (form.kind === "backlog_age") check("maxAgeMinutes", count("Between 1 and 43200 minutes", { min: 1, max: 43_200 }));
  });
export type TRuleForm = z.input<typeof ZRuleForm>;

export const EMPTY_RULE_FORM: TRuleForm = {
  name: "",
  clientId: "",
  installationId: "",
  kind: "missed_cadence",
  breachKind: "",
  clearAfterMinutes: "60",
  thresholdPercent: "20",
  windowMinutes: "60",
  minRuns: "5",
  cadenceMinutes: "",
  graceMinutes: "5",
  maxAgeMinutes: "30",
  channelIds: [],
  groupWindowSeconds: "60",
  notifyResolved: true,
};

type TCondition =
  | { kind: "breach"; breachKind?: "run_duration" | "backlog_age" | "cadence" | "success_rate"; clearAfterMs: number }
  | { kind: "failure_rate"; threshold: number; windowMs: number; minRuns: number }
  | { kind: "missed_cadence"; cadenceMs?: number; graceMs: number }
  | { kind: "backlog_age"; maxAgeMs: number }
  | { kind: "connection_unhealthy" };

function conditionOf(form: TRuleForm): TCondition {
  const minutes = (value: string) => Number(value) * MINUTE;
  switch (form.kind) {
    case "breach":
      return { kind: "breach", ...(form.breachKind ? { breachKind: form.breachKind } : {}), clearAfterMs: minutes(form.clearAfterMinutes) };
    case "failure_rate":
      return { kind: "failure_rate", threshold: Number(form.thresholdPercent) / 100, windowMs: minutes(form.windowMinutes), minRuns: Number(form.minRuns) };
    case "missed_cadence":
      return { kind: "missed_cadence", ...(form.cadenceMinutes.trim() ? { cadenceMs: minutes(form.cadenceMinutes) } : {}), graceMs: minutes(form.graceMinutes) };
    case "backlog_age":
      return { kind: "backlog_age", maxAgeMs: minutes(form.maxAgeMinutes) };
    case "connection_unhealthy":
      return { kind: "connection_unhealthy" };
  }
}

/** The input of alert.rule.create (and, with the rule's id, of alert.rule.update). */
export function rulePayloadOf(form: TRuleForm) {
  return {
    name: form.name.trim(),
    clientId: form.clientId || null,
    installationId: form.installationId || null,
    condition: conditionOf(form),
    channelIds: form.channelIds,
    groupWindowMs: Number(form.groupWindowSeconds) * 1000,
    notifyResolved: form.notifyResolved,
  };
}

/** A stored rule back in the form's terms, for editing. */
export function ruleFormOf(rule: { name: string; clientId: string | null; installationId: string | null; condition: TCondition; channelIds: string[]; groupWindowMs: number; notifyResolved: boolean }): TRuleForm {
  const c = rule.condition;
  const min = (ms: number | undefined, fallback: string) => (ms === undefined ? fallback : String(Math.round(ms / MINUTE)));
  return {
    ...EMPTY_RULE_FORM,
    name: rule.name,
    clientId: rule.clientId ?? "",
    installationId: rule.installationId ?? "",
    kind: c.kind,
    channelIds: rule.channelIds,
    groupWindowSeconds: String(Math.round(rule.groupWindowMs / 1000)),
    notifyResolved: rule.notifyResolved,
    ...(c.kind === "breach" ? { breachKind: c.breachKind ?? "", clearAfterMinutes: min(c.clearAfterMs, "60") } : {}),
    ...(c.kind === "failure_rate" ? { thresholdPercent: String(Math.round(c.threshold * 100)), windowMinutes: min(c.windowMs, "60"), minRuns: String(c.minRuns) } : {}),
    ...(c.kind === "missed_cadence" ? { cadenceMinutes: min(c.cadenceMs, ""), graceMinutes: min(c.graceMs, "0") } : {}),
    ...(c.kind === "backlog_age" ? { maxAgeMinutes: min(c.maxAgeMs, "30") } : {}),
  };
}
