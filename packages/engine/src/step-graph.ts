import { type TStepReference } from "./step-references";

/** Outgoing edges per step key; only edges whose target exists. */
export type TStepGraph = ReadonlyMap<string, readonly TStepReference[]>;

/** A cycle as the keys walked, first key repeated at the end, and the edge that closes it. */
export interface TCycle {
  keys: string[];
  closingField: string;
}

/**
 * Depth-first search with colouring: an edge into a step still on the stack
 * closes a cycle. Each closing edge is reported once, so every cycle in the
 * graph shows up in at least one report.
 */
export function findCycles(graph: TStepGraph, roots: Iterable<string>): TCycle[] {
  const finished = new Set<string>();
  const stack: string[] = [];
  const cycles: TCycle[] = [];
  const visit = (key: string) => {
    stack.push(key);
    const followed = new Set<string>();
    for (const edge of graph.get(key) ?? []) {
      if (followed.has(edge.value)) continue;
      followed.add(edge.value);
      const onStack = stack.indexOf(edge.value);
      if (onStack >= 0) cycles.push({ keys: [...stack.slice(onStack), edge.value], closingField: edge.field });
      else if (!finished.has(edge.value)) visit(edge.value);
    }
    stack.pop();
    finished.add(key);
  };
  for (const root of roots) if (graph.has(root) && !finished.has(root)) visit(root);
  return cycles;
}

export function findReachable(graph: TStepGraph, start: string): Set<string> {
  const reached = new Set<string>();
  const pending = [start];
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    if (reached.has(key)) continue;
    reached.add(key);
    for (const edge of graph.get(key) ?? []) pending.push(edge.value);
  }
  return reached;
}
