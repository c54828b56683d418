"use client";

import { useQuery } from "@tanstack/react-query";
import { type Edge, Handle, MarkerType, type Node, type NodeChange, type NodeProps, Position, ReactFlow } from "@xyflow/react";
import { Badge, cn } from "@storeflow/ui";
import Link from "next/link";
import { useMemo, useState } from "react";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import {
  layoutSteps,
  NODE_HEIGHT,
  NODE_WIDTH,
  STEP_KIND_LABEL,
  STEP_STATE,
  stepAccessibleName,
  stepViewsOf,
  type TGraphEdgeKind,
  type TGraphStepView,
  type TRunGraph,
} from "./run-graph-model";
import { formatDuration, type TRun } from "./run-view";
import { StepAttempt } from "./step-timeline";

type TStepNode = Node<{ step: TGraphStepView }, "step">;

const STATE_CLASSES: Record<TGraphStepView["state"], string> = {
  succeeded: "border-success bg-success-subtle",
  failed: "border-danger bg-danger-subtle",
  running: "border-info bg-info-subtle",
  waiting: "border-warning bg-warning-subtle",
  skipped: "border-warning bg-warning-subtle",
  pending: "border-border border-dashed bg-card",
  notReached: "border-border border-dashed bg-muted",
};

const STATE_TEXT: Record<TGraphStepView["state"], string> = {
  succeeded: "text-success",
  failed: "text-danger",
  running: "text-info",
  waiting: "text-warning",
  skipped: "text-warning",
  pending: "text-muted-foreground",
  notReached: "text-muted-foreground",
};

function StepNode({ data: { step }, selected }: NodeProps<TStepNode>) {
  const state = STEP_STATE[step.state];
  const facts = [
    step.durationMs !== null ? formatDuration(step.durationMs) : null,
    step.forEach && step.items > 0 ? (step.items === 1 ? "1 item" : `${step.items} items`) : null,
    step.attempts.length > 1 ? `${step.attempts.length} attempts` : null,
  ].filter(Boolean);
  return (
    <div
      data-testid="graph-step"
      data-step={step.key}
      data-state={step.state}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      className={cn(
        "grid content-start gap-1 rounded-lg border-2 px-3 py-2 text-left text-card-foreground",
        STATE_CLASSES[step.state],
        step.current && "shadow-[0_0_0_3px_var(--brand-primary-text)]",
        selected && "outline-3 outline-offset-2 outline-ring",
      )}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="!opacity-0" />
      <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
        <span>{STEP_KIND_LABEL[step.kind] ?? step.kind}{step.forEach ? ` · in ${step.forEach}` : ""}</span>
        {step.current ? <span className="font-semibold text-foreground">Current</span> : null}
      </div>
      <div className="truncate font-mono text-sm font-semibold" title={step.title ?? step.key}>{step.key}</div>
      <div className={cn("flex items-center gap-1.5 text-xs font-medium", STATE_TEXT[step.state])}>
        <span aria-hidden>{state.icon}</span>
        <span>{state.label}</span>
        {facts.length > 0 ? <span className="truncate font-normal text-muted-foreground">· {facts.join(" · ")}</span> : null}
      </div>
      {step.emits ? <div className="truncate text-xs text-muted-foreground">starts {step.emits}</div> : null}
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="!opacity-0" />
    </div>
  );
}

const nodeTypes = { step: StepNode };

/** Paths the run may take only when something goes wrong (or a person says no) are dashed. */
const EXCEPTIONAL_EDGES = new Set<TGraphEdgeKind>(["onError", "onReject", "onExpire", "onTimeout", "onLowConfidence"]);

function edgesOf(graph: TRunGraph, steps: Map<string, TGraphStepView>): Edge[] {
  return graph.edges.map((edge, index) => {
    const ran = (key: string) => (steps.get(key)?.attempts.length ?? 0) > 0;
    const taken = ran(edge.from) && ran(edge.to);
    const stroke = taken ? "var(--brand-primary-text)" : "var(--muted-foreground)";
    return {
      id: `${edge.from}-${edge.to}-${index}`,
      source: edge.from,
      target: edge.to,
      type: "smoothstep",
      label: edge.label ?? undefined,
      ariaLabel: `From ${edge.from} to ${edge.to}${edge.label ? `, ${edge.label}` : ""}${taken ? ", taken" : ""}`,
      focusable: false,
      selectable: false,
      markerEnd: { type: MarkerType.ArrowClosed, color: stroke },
      style: { stroke, strokeWidth: taken ? 2.5 : 1.5, strokeDasharray: EXCEPTIONAL_EDGES.has(edge.kind) ? "6 4" : undefined },
      labelStyle: { fill: "var(--foreground)", fontSize: 11 },
      labelBgStyle: { fill: "var(--card)" },
    };
  });
}

function SelectedStep({ step, childRuns }: { step: TGraphStepView; childRuns: TRun["children"] }) {
  const state = STEP_STATE[step.state];
  const emitted = step.emits ? childRuns.filter((child) => child.workflowKey === step.emits) : [];
  const iterations = [...new Set(step.attempts.map((a) => a.iteration))];
  return (
    <section aria-labelledby="selected-step-heading" className="grid gap-3 rounded-lg border border-border bg-card p-4" data-testid="selected-step">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="selected-step-heading" className="font-mono text-base font-semibold">{step.key}</h3>
        <Badge variant={state.variant}>
          <span aria-hidden>{state.icon}</span> {state.label}
        </Badge>
        <span className="text-sm text-muted-foreground">{STEP_KIND_LABEL[step.kind] ?? step.kind}</span>
      </div>
      {step.title ? <p className="text-sm">{step.title}</p> : null}
      {step.forEach ? <p className="text-sm text-muted-foreground">Runs once for each item of <code className="font-mono">{step.forEach}</code>.</p> : null}
      {emitted.length > 0 ? (
        <p className="text-sm">
          Started{" "}
          {emitted.map((child, index) => (
            <span key={child.id}>
              {index > 0 ? ", " : null}
              <Link href={`/runs/${child.id}`} className="text-brand-text underline underline-offset-4">{child.workflowKey} {child.id.slice(0, 8)}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {step.attempts.length === 0 ? (
        <p className="text-sm text-muted-foreground">{step.state === "pending" ? "The run has not reached this step yet." : "The run did not go through this step."}</p>
      ) : (
        iterations.map((iteration) => (
          <div key={iteration} className="grid gap-2">
            {step.forEach ? <h4 className="text-sm font-semibold">Item {iteration + 1}</h4> : null}
            <ol className="grid gap-2">
              {step.attempts.filter((a) => a.iteration === iteration).map((attempt) => (
                <StepAttempt key={attempt.id} attempt={attempt} />
              ))}
            </ol>
          </div>
        ))
      )}
    </section>
  );
}

/**
 * The run's workflow as a graph, laid out top to bottom by dagre, each step
 * showing what this run did there. Steps are focusable: Tab moves between them,
 * Enter or Space selects one and its attempts (input, output, error) open below.
 * The graph is drawn from the definition the run started with, so a later
 * template upgrade does not redraw an old run.
 */
export function RunGraph({ run }: { run: TRun }) {
  const trpc = useTRPC();
  // A definition never changes under a run: fetched once per run.
  const graphQuery = useQuery({ ...trpc.run.graph.queryOptions({ runId: run.id }), staleTime: Infinity });
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const graph = graphQuery.data;
  const positions = useMemo(() => (graph ? layoutSteps(graph) : null), [graph]);
  const steps = useMemo(() => (graph ? new Map(stepViewsOf(graph, run).map((step) => [step.key, step])) : null), [graph, run]);

  if (graphQuery.isError) return <p role="alert" className="text-sm text-danger">Could not load the workflow graph: {messageOf(graphQuery.error)}</p>;
  if (!graph || !positions || !steps) return <p className="text-sm text-muted-foreground" role="status">Loading the workflow graph…</p>;

  const nodes: TStepNode[] = [...steps.values()].map((step) => ({
    id: step.key,
    type: "step",
    position: positions.get(step.key)!,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    data: { step },
    selected: step.key === selectedKey,
    draggable: false,
    connectable: false,
    ariaLabel: stepAccessibleName(step),
  }));
  const onNodesChange = (changes: NodeChange<TStepNode>[]) => {
    for (const change of changes) {
      if (change.type !== "select") continue;
      if (change.selected) setSelectedKey(change.id);
      else setSelectedKey((key) => (key === change.id ? null : key));
    }
  };
  const selected = selectedKey ? steps.get(selectedKey) : undefined;
  const height = Math.min(640, Math.max(...[...positions.values()].map((p) => p.y)) + NODE_HEIGHT + 48);

  return (
    <div className="grid gap-4">
      <p id="run-graph-help" className="text-sm text-muted-foreground">
        Tab to a step and press Enter to see its attempts. Solid arrows are the normal path, dashed ones are taken on errors, rejections or time-outs; highlighted arrows are the ones this run took.
      </p>
      <div className="rounded-lg border border-border bg-background" style={{ height }} aria-describedby="run-graph-help" data-testid="run-graph">
        <ReactFlow
          nodes={nodes}
          edges={edgesOf(graph, steps)}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          fitView
          fitViewOptions={{ padding: 0.1, maxZoom: 1 }}
          minZoom={0.3}
          maxZoom={1.5}
          zoomOnScroll={false}
          preventScrolling={false}
          aria-label={`Workflow ${run.workflowKey}: ${graph.nodes.length} steps`}
        />
      </div>
      {selected ? <SelectedStep step={selected} childRuns={run.children} /> : <p className="text-sm text-muted-foreground">Select a step to see its input, output and error.</p>}
    </div>
  );
}
