import dagre from "@dagrejs/dagre";
import { type RouterOutputs } from "@storeflow/api";
import { isSkipped, type TRun, type TStepAttempt } from "./run-view";

export type TRunGraph = RouterOutputs["run"]["graph"];
export type TGraphStep = TRunGraph["nodes"][number];
export type TGraphEdgeKind = TRunGraph["edges"][number]["kind"];

/** Where a step stands in this run; every state has words and an icon, never only a colour. */
export type TStepState = "succeeded" | "failed" | "running" | "waiting" | "skipped" | "pending" | "notReached";

export const STEP_STATE: Record<TStepState, { label: string; icon: string; variant: "success" | "danger" | "info" | "warning" | "neutral" }> = {
  succeeded: { label: "Succeeded", icon: "✓", variant: "success" },
  failed: { label: "Failed", icon: "✕", variant: "danger" },
  running: { label: "Running", icon: "▶", variant: "info" },
  waiting: { label: "Waiting", icon: "⏸", variant: "warning" },
  skipped: { label: "Skipped by an operator", icon: "↷", variant: "warning" },
  pending: { label: "Not started yet", icon: "○", variant: "neutral" },
  notReached: { label: "Not run", icon: "–", variant: "neutral" },
};

export const STEP_KIND_LABEL: Record<string, string> = {
  action: "Action",
  transform: "Transform",
  branch: "Branch",
  forEach: "For each item",
  wait: "Wait",
  waitForEvent: "Wait for event",
  approval: "Approval",
  notify: "Notify",
  emit: "Start workflow",
  "ai.classify": "AI classification",
};

export interface TGraphStepView extends TGraphStep {
  state: TStepState;
  /** Every attempt at this step in this run, in the order the API sent them. */
  attempts: TStepAttempt[];
  /** Items of the enclosing forEach this step ran for (0 outside a forEach or when it never ran). */
  items: number;
  /** Milliseconds from the first attempt's start to the last one's end; null while unfinished or never run. */
  durationMs: number | null;
  /** Whether the run is on this step now. */
  current: boolean;
}

const WAITING_KINDS = new Set(["approval", "wait", "waitForEvent"]);

function stateOf(step: TGraphStep, attempts: TStepAttempt[], run: Pick<TRun, "status" | "currentStep">): TStepState {
  const last = attempts.at(-1);
  const current = run.currentStep === step.key;
  if (!last) return run.status === "running" ? "pending" : "notReached";
  if (current && run.status === "failed") return "failed";
  if (isSkipped(last)) return "skipped";
  if (last.status === "running") return WAITING_KINDS.has(step.kind) ? "waiting" : "running";
  return last.status;
}

/** The definition's steps with what this run did at each. */
export function stepViewsOf(graph: TRunGraph, run: Pick<TRun, "status" | "currentStep" | "steps">): TGraphStepView[] {
  const byKey = new Map<string, TStepAttempt[]>();
  for (const attempt of run.steps) byKey.set(attempt.stepKey, [...(byKey.get(attempt.stepKey) ?? []), attempt]);
  return graph.nodes.map((step) => {
    const attempts = byKey.get(step.key) ?? [];
    const unfinished = attempts.some((a) => !a.finishedAt);
    const first = attempts.reduce<number | null>((min, a) => (min === null || a.startedAt.getTime() < min ? a.startedAt.getTime() : min), null);
    const end = attempts.reduce<number | null>((max, a) => (a.finishedAt && (max === null || a.finishedAt.getTime() > max) ? a.finishedAt.getTime() : max), null);
    return {
      ...step,
      state: stateOf(step, attempts, run),
      attempts,
      items: step.forEach ? new Set(attempts.map((a) => a.iteration)).size : 0,
      durationMs: !unfinished && first !== null && end !== null ? end - first : null,
      current: run.currentStep === step.key && (run.status === "running" || run.status === "failed"),
    };
  });
}

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 84;

/** Top-to-bottom positions from dagre; the node's top-left corner, as React Flow places nodes. */
export function layoutSteps(graph: TRunGraph): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 48, ranksep: 64, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.key, { width: NODE_WIDTH, height: NODE_HEIGHT });
  graph.edges.forEach((edge, index) => g.setEdge(edge.from, edge.to, { label: edge.label ?? "", width: edge.label ? 80 : 0, height: edge.label ? 20 : 0 }, String(index)));
  dagre.layout(g);
  return new Map(graph.nodes.map((node) => {
    const { x, y } = g.node(node.key);
    return [node.key, { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 }];
  }));
}

/** A step's one-line description for screen readers and the node's accessible name. */
export function stepAccessibleName(step: TGraphStepView): string {
  const parts = [`${step.title ?? step.key}`, STEP_KIND_LABEL[step.kind] ?? step.kind, STEP_STATE[step.state].label];
  if (step.forEach) parts.push(step.items === 1 ? "ran for 1 item" : `ran for ${step.items} items`);
  if (step.attempts.length > 1) parts.push(`${step.attempts.length} attempts`);
  if (step.current) parts.push("current step");
  return parts.join(", ");
}
