import { type RouterOutputs } from "@storeflow/api";

export type TRunOverview = RouterOutputs["run"]["overview"][number];

/** Below this SLA attainment a client is at risk, whatever its targets (each installation's say what attained means). */
export const AT_RISK_ATTAINMENT = 0.95;

export type TClientHealth = { label: string; variant: "success" | "warning" | "danger" | "neutral"; reason: string };

/**
 * One word for a client at a glance, worst first: failed runs waiting for
 * someone, then SLA attainment under {@link AT_RISK_ATTAINMENT}, then healthy.
 * A client with no runs judged and none waiting has nothing to say yet.
 */
export function clientHealth({ attainment, openExceptions, backlog }: { attainment: number | null; openExceptions: number; backlog: number }): TClientHealth {
  if (openExceptions > 0) return { label: "Needs attention", variant: "danger", reason: openExceptions === 1 ? "1 failed run waits in the exception queue" : `${openExceptions} failed runs wait in the exception queue` };
  if (attainment !== null && attainment < AT_RISK_ATTAINMENT) return { label: "At risk", variant: "warning", reason: "SLA attainment is below 95 %" };
  if (attainment === null && backlog === 0) return { label: "No runs yet", variant: "neutral", reason: "No runs to judge in this period" };
  return { label: "Healthy", variant: "success", reason: "No failed runs waiting and SLA attainment on target" };
}

/** The SLA window the partner's clients table judges attainment over. */
export const CLIENT_GLANCE_RANGE = "7d" as const;
