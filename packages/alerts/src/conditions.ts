import { z } from "zod";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const ALERT_BREACH_KINDS = ["run_duration", "backlog_age", "cadence", "success_rate"] as const;

const ZDurationMs = (min: number, max: number, what: string) =>
  z
    .number()
    .int()
    .min(min, `${what} must be at least ${Math.round(min / MINUTE) || 1} minute${min >= 2 * MINUTE ? "s" : ""}`)
    .max(max, `${what} must be at most ${Math.round(max / DAY)} days`);

/**
 * What makes a rule fire, per subject (an installation, or for
 * connection_unhealthy a connection). Each is a state that holds or clears, so
 * an alert stays open while it holds and resolves when it does not.
 */
export const ZAlertCondition = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("breach"),
    /** @defaultValue any kind */
    breachKind: z.enum(ALERT_BREACH_KINDS).optional(),
    /** The alert stays open until no matching breach was recorded for this long. @defaultValue 1 hour */
    clearAfterMs: ZDurationMs(MINUTE, 7 * DAY, "The quiet period").default(60 * MINUTE),
  }),
  z.object({
    kind: z.literal("failure_rate"),
    /** Share of finished runs, 0-1, above which it fires. */
    threshold: z.number().gt(0, "The threshold must be above 0%").lt(1, "The threshold must be below 100%"),
    windowMs: ZDurationMs(5 * MINUTE, 30 * DAY, "The window"),
    /** Fewer finished runs than this in the window say nothing. @defaultValue 5 */
    minRuns: z.number().int().min(1).max(10_000).default(5),
  }),
  z.object({
    kind: z.literal("missed_cadence"),
    /** How often a successful run is expected. @defaultValue the installation's SLA cadence */
    cadenceMs: ZDurationMs(MINUTE, 30 * DAY, "The cadence").optional(),
    /** Slack past the cadence before it fires. @defaultValue 0 */
    graceMs: z.number().int().min(0).max(DAY).default(0),
  }),
  z.object({
    kind: z.literal("backlog_age"),
    /** A run unfinished for longer than this fires it. */
    maxAgeMs: ZDurationMs(MINUTE, 30 * DAY, "The maximum age"),
  }),
  z.object({ kind: z.literal("connection_unhealthy") }),
]);
export type TAlertCondition = z.infer<typeof ZAlertCondition>;
export type TAlertConditionKind = TAlertCondition["kind"];

const minutes = (ms: number) => (ms % DAY === 0 ? `${ms / DAY} d` : ms % (60 * MINUTE) === 0 ? `${ms / (60 * MINUTE)} h` : `${Math.round(ms / MINUTE)} min`);

/** One line a person reads in the rules list and in notifications. */
export function describeCondition(condition: TAlertCondition): string {
  switch (condition.kind) {
    case "breach":
      return `An SLA breach${condition.breachKind ? ` (${condition.breachKind.replace("_", " ")})` : ""} is recorded`;
    case "failure_rate":
      return `More than ${Math.round(condition.threshold * 1000) / 10}% of runs fail over ${minutes(condition.windowMs)} (at least ${condition.minRuns} runs)`;
    case "missed_cadence":
      return `No successful run for ${condition.cadenceMs ? minutes(condition.cadenceMs) : "the SLA cadence"}${condition.graceMs ? ` plus ${minutes(condition.graceMs)}` : ""}`;
    case "backlog_age":
      return `A run stays unfinished for more than ${minutes(condition.maxAgeMs)}`;
    case "connection_unhealthy":
      return "A connection's health check fails";
  }
}

export { minutes as formatDuration };
