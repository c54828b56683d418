import { type TStep } from "./definition";

/** Something a step points at, with where it sits relative to the step (e.g. "cases[1].next"). */
export interface TStepReference {
  field: string;
  value: string;
}

function present(field: string, value: string | undefined): TStepReference[] {
  return value === undefined ? [] : [{ field, value }];
}

function record(prefix: string, values: Record<string, string>): TStepReference[] {
  return Object.entries(values).map(([name, value]) => ({ field: `${prefix}.${name}`, value }));
}

/** Every step this step can hand over to, whatever the edge kind. */
export function stepEdges(step: TStep): TStepReference[] {
  const edges = [
    ...("next" in step ? present("next", step.next) : []),
    ...present("onError.next", step.onError && "next" in step.onError ? step.onError.next : undefined),
  ];
  switch (step.kind) {
    case "branch":
      return [...step.cases.map((c, i) => ({ field: `cases[${i}].next`, value: c.next })), ...present("otherwise", step.otherwise), ...edges];
    case "forEach":
      return [{ field: "body", value: step.body }, ...edges];
    case "waitForEvent":
      return [...edges, ...present("onTimeout", step.onTimeout)];
    case "approval":
      return [...edges, ...present("onReject", step.onReject), ...present("onExpire", step.onExpire)];
    case "ai.classify":
      return [...edges, ...present("onLowConfidence", step.onLowConfidence)];
    default:
      return edges;
  }
}

/** Every JSONata expression the step evaluates at run time. */
export function stepExpressions(step: TStep): TStepReference[] {
  switch (step.kind) {
    case "action":
    case "emit":
      return record("input", step.input);
    case "transform":
      return [{ field: "expression", value: step.expression }];
    case "branch":
      return step.cases.map((c, i) => ({ field: `cases[${i}].when`, value: c.when }));
    case "forEach":
      return [{ field: "items", value: step.items }];
    case "wait":
      return present("until", step.until);
    case "waitForEvent":
      return [{ field: "correlationKey", value: step.correlationKey }];
    case "notify":
      return [...present("to", step.to), ...record("data", step.data)];
    case "ai.classify":
      return [{ field: "input", value: step.input }];
    case "approval":
      return record("details", step.details ?? {});
  }
}
