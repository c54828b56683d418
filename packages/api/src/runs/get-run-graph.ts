import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { forEachBody, stepEdges, type TStep, type TWorkflowDefinition, ZWorkflowDefinition } from "@storeflow/engine";
import { NotFoundError } from "@storeflow/errors";
import { ZRunIdInput } from "@storeflow/runs";
import { type z } from "zod";

/** How a step hands over to another, in words a person reads on the edge. */
export type TGraphEdgeKind = "next" | "case" | "otherwise" | "body" | "onError" | "onReject" | "onExpire" | "onTimeout" | "onLowConfidence";

export interface TGraphNode {
  key: string;
  kind: TStep["kind"];
  title: string | null;
  /** The forEach whose per-item sequence this step belongs to, if any. */
  forEach: string | null;
  /** An emit step's target workflow. */
  emits: string | null;
}

export interface TGraphEdge {
  from: string;
  to: string;
  kind: TGraphEdgeKind;
  label: string | null;
}

function edgeOf(step: TStep, field: string): { kind: TGraphEdgeKind; label: string | null } {
  const caseIndex = /^cases\[(\d+)\]\.next$/.exec(field)?.[1];
  if (caseIndex !== undefined) return { kind: "case", label: `case ${Number(caseIndex) + 1}` };
  switch (field) {
    case "next":
      return { kind: "next", label: step.kind === "forEach" ? "after all items" : null };
    case "otherwise":
      return { kind: "otherwise", label: "otherwise" };
    case "body":
      return { kind: "body", label: "each item" };
    case "onError.next":
      return { kind: "onError", label: "on error" };
    case "onReject":
      return { kind: "onReject", label: "rejected" };
    case "onExpire":
      return { kind: "onExpire", label: "expired" };
    case "onTimeout":
      return { kind: "onTimeout", label: "timed out" };
    default:
      return { kind: "onLowConfidence", label: "low confidence" };
  }
}

/**
 * The shape of a definition as a graph: steps and the edges between them.
 * Only keys, kinds, titles and edge kinds leave: expressions, connection
 * names and parameters stay in the definition.
 */
export function definitionGraph(definition: TWorkflowDefinition) {
  const owner = new Map<string, string>();
  for (const step of definition.steps) {
    if (step.kind === "forEach") for (const key of forEachBody(definition, step.key)) owner.set(key, step.key);
  }
  const keys = new Set(definition.steps.map((step) => step.key));
  const nodes: TGraphNode[] = definition.steps.map((step) => ({
    key: step.key,
    kind: step.kind,
    title: step.title ?? null,
    forEach: owner.get(step.key) ?? null,
    emits: step.kind === "emit" ? step.workflow : null,
  }));
  const edges: TGraphEdge[] = definition.steps.flatMap((step) =>
    stepEdges(step)
      .filter((edge) => keys.has(edge.value))
      .map((edge) => ({ from: step.key, to: edge.value, ...edgeOf(step, edge.field) })),
  );
  return { start: definition.start, nodes, edges };
}

/** The workflow a run follows, as the definition it started with (not the installation's current one). */
export async function getRunGraph(actor: TActor, input: z.input<typeof ZRunIdInput>) {
  const { runId } = ZRunIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const run = await tx.workflowRun.findFirst({
      where: { id: runId, partnerId: actor.scope.partnerId, clientId: actor.scope.clientId ?? undefined },
      select: { definition: { select: { definition: true } } },
    });
    if (!run) throw new NotFoundError("The run");
    return definitionGraph(ZWorkflowDefinition.parse(run.definition.definition));
  });
}
