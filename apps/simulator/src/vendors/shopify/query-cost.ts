import { Kind, type FieldNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";
import { type TShopifyThrottle } from "./state";

const MUTATION_COST = 10;

function readFirst(field: FieldNode, variables: Record<string, unknown>): number | undefined {
  const value: ValueNode | undefined = field.arguments?.find((a) => a.name.value === "first")?.value;
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const bound = variables[value.name.value];
    return typeof bound === "number" ? bound : undefined;
  }
  return undefined;
}

function selectionCost(selectionSet: SelectionSetNode, multiplier: number, variables: Record<string, unknown>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) cost += selectionCost(selection.selectionSet, multiplier, variables);
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) continue;
    const first = readFirst(selection, variables);
    // Shopify: an object costs 1, a connection 2 plus what each of its `first` items costs.
    cost += multiplier * (first === undefined ? 1 : 2);
    cost += selectionCost(selection.selectionSet, first === undefined ? multiplier : multiplier * first, variables);
  }
  return cost;
}

/** An approximation of Shopify's requested query cost, enough to exercise throttling. */
export function estimateQueryCost(operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const base = selectionCost(operation.selectionSet, 1, variables);
  if (operation.operation !== "mutation") return Math.max(1, base);
  return operation.selectionSet.selections.length * MUTATION_COST + base;
}

/** Refills the bucket for the time passed since it was last touched. */
export function refillBucket(throttle: TShopifyThrottle, nowMs = Date.now()): void {
  const restored = ((nowMs - throttle.updatedAtMs) / 1000) * throttle.restoreRate;
  throttle.currentlyAvailable = Math.min(throttle.maximumAvailable, throttle.currentlyAvailable + restored);
  throttle.updatedAtMs = nowMs;
}

/** `extensions.cost` as Shopify reports it on every response. */
export function describeCost(throttle: TShopifyThrottle, requested: number, actual: number | null) {
  return {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: {
        maximumAvailable: throttle.maximumAvailable,
        currentlyAvailable: Math.floor(throttle.currentlyAvailable),
        restoreRate: throttle.restoreRate,
      },
    },
  };
}
