import { type RouterOutputs } from "@storeflow/api";
import { z } from "zod";

export type TRunSummary = RouterOutputs["run"]["list"]["items"][number];
export type TRunPage = RouterOutputs["run"]["list"];
export type TRun = RouterOutputs["run"]["get"];
export type TStepAttempt = TRun["steps"][number];
export type TRunLink = TRun["children"][number];
export type TApproval = RouterOutputs["approval"]["list"]["items"][number];
export type TRunStatus = TRunSummary["status"];
export type TStepStatus = TStepAttempt["status"];
export type TRunTrigger = TRunSummary["trigger"];
/** run.list's filters, as the explorer and the exception queue send them (the calls type-check them against the API). */
export interface TRunListFilters {
  clientId?: string;
  status?: TRunStatus[];
  workflowKey?: string;
  correlationKey?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

// Page sizes live here, not beside the client components that use them: a server
// page importing a value from a "use client" module gets a client reference, not the value.
export const RUNS_PAGE_SIZE = 25;
export const APPROVALS_PAGE_SIZE = 25;

type TBadgeVariant = "neutral" | "success" | "warning" | "danger" | "info";

/** Every run status, in the order filters offer them; the record below keeps it in step with the API. */
export const RUN_STATUS: Record<TRunStatus, { label: string; variant: TBadgeVariant }> = {
  running: { label: "Running", variant: "info" },
  failed: { label: "Failed", variant: "danger" },
  succeeded: { label: "Succeeded", variant: "success" },
  resolved: { label: "Resolved", variant: "neutral" },
  cancelled: { label: "Cancelled", variant: "neutral" },
};
export const RUN_STATUSES = Object.keys(RUN_STATUS) as TRunStatus[];

export const STEP_STATUS: Record<TStepStatus | "skipped", { label: string; variant: TBadgeVariant }> = {
  running: { label: "Running", variant: "info" },
  succeeded: { label: "Succeeded", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
  skipped: { label: "Skipped by an operator", variant: "warning" },
};

export const TRIGGER_LABEL: Record<TRunTrigger, string> = {
  manual: "Started by hand",
  schedule: "Schedule",
  webhook: "Webhook",
  event: "Workflow event",
  replay: "Replay or restart",
};

/** The causes exception triage sorts failures into (packages/ai exception-triage), in words. */
export const TRIAGE_LABEL: Record<string, string> = {
  vendor_unavailable: "System unavailable",
  rate_limited: "Rate limited",
  credentials: "Credentials",
  bad_data: "Bad data",
  configuration: "Configuration",
  business_rule: "Business rule",
  unknown: "Needs a person",
};

const ZTriage = z.object({
  label: z.string(),
  confidence: z.number(),
  rationale: z.string(),
  source: z.string(),
  model: z.string().optional(),
  suggestedAction: z.string(),
  at: z.string(),
});
export type TTriage = z.infer<typeof ZTriage>;

/** A run's triage as the API sends it (`unknown` on the wire); anything else reads as not triaged. */
export function triageOf(value: unknown): TTriage | null {
  const parsed = ZTriage.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function triageTitle(label: string): string {
  return TRIAGE_LABEL[label] ?? label.replace(/_/g, " ");
}

const ZSkipped = z.object({ skipped: z.literal(true), note: z.string().optional() });

/** Whether a step attempt is the record of an operator's skip rather than a run of the step. */
export function isSkipped(attempt: Pick<TStepAttempt, "error">): boolean {
  return ZSkipped.safeParse(attempt.error).success;
}

/**
 * An error as one line a person reads: a run's `{ step, reason }`, a step's
 * `{ message }`, a skip's note, text as it is, anything else as JSON.
 */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === "string") return error;
  if (typeof error === "object") {
    const skipped = ZSkipped.safeParse(error);
    if (skipped.success) return `Skipped by an operator${skipped.data.note ? `: ${skipped.data.note}` : ""}`;
    const record = error as Record<string, unknown>;
    if (typeof record.reason === "string") return record.reason;
    if (typeof record.message === "string") return record.message;
  }
  return JSON.stringify(error);
}

const ZResolution = z.object({ note: z.string(), at: z.string().optional() });

/** What an operator wrote when cancelling or resolving the run by hand. */
export function resolutionNote(resolution: unknown): string | null {
  const parsed = ZResolution.safeParse(resolution);
  return parsed.success ? parsed.data.note : null;
}

/** "850 ms", "3.2 s", "4 min 5 s", "2 h 3 min": a step's or run's duration, to the precision that matters. */
export function formatDuration(ms: number): string {
  if (ms < 0) return "0 ms";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) {
    const seconds = Math.floor((ms % 60_000) / 1_000);
    return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The first eight characters of a run id: enough to tell runs apart on screen. */
export const shortId = (id: string) => id.slice(0, 8);

/** One step (and forEach item) with its attempts, in the order the run went through them. */
export interface TTimelineStep {
  stepKey: string;
  iteration: number;
  attempts: TStepAttempt[];
}

/**
 * The run's attempts (in the order they finished, as the API sends them) as
 * steps: consecutive attempts at one step and item are one entry, so a step
 * retried three times reads as one step with three attempts, and a step the
 * run came back to later (a loop, a retry after a later step) is a new entry.
 */
export function timelineOf(attempts: readonly TStepAttempt[]): TTimelineStep[] {
  const steps: TTimelineStep[] = [];
  for (const attempt of attempts) {
    const last = steps.at(-1);
    if (last && last.stepKey === attempt.stepKey && last.iteration === attempt.iteration) last.attempts.push(attempt);
    else steps.push({ stepKey: attempt.stepKey, iteration: attempt.iteration, attempts: [attempt] });
  }
  return steps;
}
