import { type TForEachStep, type TWorkflowDefinition } from "./definition";
import { stepByKey } from "./plan";
import { findReachable } from "./step-graph";
import { stepEdges } from "./step-references";

/**
 * A forEach's per-item sequence is every step reachable from its body. A valid
 * definition enters a body only through its forEach and nests no forEach in
 * one, so each step belongs to at most one body.
 */
interface TLoops {
  bodies: Map<string, ReadonlySet<string>>;
  owners: Map<string, TForEachStep>;
}

// Invariant, as for stepByKey: a definition object is never mutated once looked up.
const loopIndexes = new WeakMap<TWorkflowDefinition, TLoops>();

function loopsOf(definition: TWorkflowDefinition): TLoops {
  let loops = loopIndexes.get(definition);
  if (loops) return loops;
  const graph = new Map(definition.steps.map((step) => [step.key, stepEdges(step)]));
  loops = { bodies: new Map(), owners: new Map() };
  for (const step of definition.steps) {
    if (step.kind !== "forEach") continue;
    const body = findReachable(graph, step.body);
    loops.bodies.set(step.key, body);
    for (const key of body) loops.owners.set(key, step);
  }
  loopIndexes.set(definition, loops);
  return loops;
}

/** The forEach whose per-item sequence `stepKey` belongs to, if any. */
export function enclosingForEach(definition: TWorkflowDefinition, stepKey: string): TForEachStep | undefined {
  return loopsOf(definition).owners.get(stepKey);
}

/** The keys of a forEach's per-item sequence. */
export function forEachBody(definition: TWorkflowDefinition, forEachKey: string): ReadonlySet<string> {
  return loopsOf(definition).bodies.get(forEachKey) ?? new Set();
}

/**
 * Which of the steps one item ran ended it, so its output is the item's result.
 * In an acyclic body the steps an item runs form a path, and the path's end is
 * the one step with no edge to another step of it; `ran` is in the order the
 * steps finished, which breaks a tie only if history was rewritten by hand.
 */
export function itemEndStep(definition: TWorkflowDefinition, ran: readonly string[]): string | undefined {
  const keys = new Set(ran);
  const ends = [...keys].filter((key) => {
    const step = stepByKey(definition, key);
    return !step || !stepEdges(step).some((edge) => edge.value !== key && keys.has(edge.value));
  });
  return ends.length <= 1 ? ends[0] : ran.findLast((key) => ends.includes(key));
}
