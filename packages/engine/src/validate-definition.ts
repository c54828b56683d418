import jsonata from "jsonata";
import { z } from "zod";
import { STEP_KINDS, ZStep, ZWorkflowDefinition, type TStep, type TWorkflowDefinition } from "./definition";
import { describeJsonataError } from "./expressions";
import { findCycles, findReachable, type TStepGraph } from "./step-graph";
import { stepEdges, stepExpressions, type TStepReference } from "./step-references";

export type TDefinitionIssueCode =
  | "schema"
  | "unknown_kind"
  | "duplicate_step"
  | "dangling_reference"
  | "cycle"
  | "missing_binding"
  | "invalid_expression"
  | "unreachable_step"
  | "bad_start"
  /** Something the schema allows but the executor does not do yet. */
  | "unsupported"
  | "bad_foreach_body";

export interface TDefinitionIssue {
  code: TDefinitionIssueCode;
  stepKey?: string;
  /** Where in the definition, e.g. "steps[2].input.sku"; "" for the definition itself. */
  path: string;
  /** Reads as a sentence after the step (or the path when there is no step), e.g. `next names step "x", which does not exist`. */
  message: string;
}

/**
 * The binding every run has without an installation naming it: the platform's own
 * actions (e.g. `kpi.anomalies`), which read the run's tenant data and call no
 * connection. The worker's action registry routes it (see @storeflow/kpis).
 */
export const PLATFORM_BINDING = "storeflow";

/** Options for {@link validateDefinition}. */
export interface ValidateDefinitionOptions {
  /** Connection bindings the installation provides. When given, every connection a step names must be one of them. */
  bindings?: readonly string[];
}

export type TValidateDefinitionResult = { ok: true; definition: TWorkflowDefinition } | { ok: false; issues: TDefinitionIssue[] };

export class DefinitionError extends Error {
  constructor(
    workflow: string,
    readonly issues: TDefinitionIssue[],
  ) {
    const sentences = issues.map((issue) => `${issue.stepKey !== undefined ? `step "${issue.stepKey}"` : issue.path || "definition"}: ${issue.message}`);
    super(`${workflow} is invalid: ${sentences.join("; ")}`);
    this.name = "DefinitionError";
  }
}

// Steps are parsed one by one below, so that one broken step does not hide what is wrong elsewhere.
const ZDefinitionHeader = ZWorkflowDefinition.extend({ steps: z.array(z.unknown()).min(1).max(200) });

interface TParsedStep {
  index: number;
  step: TStep;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Issues read in definition order: the definition's own fields first, then step by step.
function stepIndex(issue: TDefinitionIssue): number {
  return Number(/^steps\[(\d+)\]/.exec(issue.path)?.[1] ?? -1);
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, segment) => (typeof segment === "number" ? `${path}[${segment}]` : path ? `${path}.${String(segment)}` : String(segment)), "");
}

function schemaIssues(error: z.ZodError, prefix: string, stepKey?: string): TDefinitionIssue[] {
  return error.issues.map((issue) => {
    const field = formatPath(issue.path);
    const path = prefix && field ? `${prefix}.${field}` : prefix || field;
    // Inside a step the subject is the step, so the message names the field; at the top the path is the subject.
    const message = prefix && field ? `${field}: ${issue.message}` : issue.message;
    return { code: "schema", path, message, ...(stepKey !== undefined ? { stepKey } : {}) };
  });
}

function parseSteps(rawSteps: readonly unknown[], issues: TDefinitionIssue[]): TParsedStep[] {
  const parsed: TParsedStep[] = [];
  rawSteps.forEach((raw, index) => {
    const at = `steps[${index}]`;
    const stepKey = isRecord(raw) && typeof raw.key === "string" ? raw.key : undefined;
    const withKey = stepKey !== undefined ? { stepKey } : {};
    const kind = isRecord(raw) ? raw.kind : undefined;
    if (isRecord(raw) && !(STEP_KINDS as readonly unknown[]).includes(kind)) {
      const stated = typeof kind === "string" ? `unknown step kind "${kind}"` : "the step has no kind";
      issues.push({ code: "unknown_kind", path: `${at}.kind`, message: `${stated}; valid kinds are ${STEP_KINDS.join(", ")}`, ...withKey });
      return;
    }
    const result = ZStep.safeParse(raw);
    if (result.success) parsed.push({ index, step: result.data });
    else issues.push(...schemaIssues(result.error, at, stepKey));
  });
  return parsed;
}

function duplicateIssues(rawSteps: readonly unknown[]): TDefinitionIssue[] {
  const firstIndex = new Map<string, number>();
  return rawSteps.flatMap((raw, index) => {
    if (!isRecord(raw) || typeof raw.key !== "string") return [];
    const first = firstIndex.get(raw.key);
    if (first === undefined) firstIndex.set(raw.key, index);
    return first === undefined ? [] : [{ code: "duplicate_step", stepKey: raw.key, path: `steps[${index}].key`, message: `key is already used by steps[${first}]` } as const];
  });
}

function stepIssues({ index, step }: TParsedStep, keys: ReadonlySet<string>, bindings: readonly string[] | undefined): TDefinitionIssue[] {
  const at = `steps[${index}]`;
  const issues: TDefinitionIssue[] = [];
  for (const { field, value } of stepEdges(step)) {
    if (!keys.has(value)) issues.push({ code: "dangling_reference", stepKey: step.key, path: `${at}.${field}`, message: `${field} names step "${value}", which does not exist` });
  }
  const connection = step.kind === "action" || step.kind === "notify" ? step.connection : undefined;
  if (bindings && connection !== undefined && connection !== PLATFORM_BINDING && !bindings.includes(connection)) {
    const available = bindings.length > 0 ? `available bindings are ${bindings.map((b) => `"${b}"`).join(", ")}` : "the installation provides no bindings";
    issues.push({ code: "missing_binding", stepKey: step.key, path: `${at}.connection`, message: `connection "${connection}" is not bound; ${available}` });
  }
  if (step.kind === "forEach" && step.concurrency > 1) {
    issues.push({ code: "unsupported", stepKey: step.key, path: `${at}.concurrency`, message: "concurrency: items run one at a time for now; leave concurrency out or set it to 1" });
  }
  for (const { field, value } of stepExpressions(step)) {
    try {
      jsonata(value);
    } catch (error) {
      issues.push({ code: "invalid_expression", stepKey: step.key, path: `${at}.${field}`, message: `${field} does not compile: ${describeJsonataError(error)}` });
    }
  }
  return issues;
}

/**
 * A forEach body is what its body step reaches. The executor tells an item's
 * steps apart by iteration and knows which forEach an item belongs to by the
 * step alone, so a body is entered only through its forEach, holds no other
 * forEach, and does not contain the start.
 */
function forEachIssues(steps: readonly TParsedStep[], graph: TStepGraph, start: string): TDefinitionIssue[] {
  const indexByKey = new Map(steps.map(({ index, step }) => [step.key, index]));
  const issues: TDefinitionIssue[] = [];
  for (const { index, step } of steps) {
    if (step.kind !== "forEach") continue;
    const body = findReachable(graph, step.body);
    if (body.has(start)) {
      issues.push({ code: "bad_foreach_body", stepKey: step.key, path: `steps[${index}].body`, message: `body reaches the start step "${start}"; a run enters a body only through its forEach` });
    }
    for (const { index: inner, step: other } of steps) {
      if (other.kind === "forEach" && body.has(other.key)) {
        issues.push({ code: "unsupported", stepKey: other.key, path: `steps[${inner}]`, message: `is inside the body of forEach "${step.key}"; a forEach inside another is not supported yet` });
      }
    }
    for (const [key, edges] of graph) {
      if (body.has(key)) continue;
      for (const edge of edges) {
        if (!body.has(edge.value) || (key === step.key && edge.field === "body")) continue;
        issues.push({
          code: "bad_foreach_body",
          stepKey: key,
          path: `steps[${indexByKey.get(key)}].${edge.field}`,
          message: `${edge.field} leads into the body of forEach "${step.key}" (at "${edge.value}"); a body is entered only through its forEach, and its last step has no next`,
        });
      }
    }
  }
  return issues;
}

function graphIssues(steps: readonly TParsedStep[], start: string, allStepsParsed: boolean): TDefinitionIssue[] {
  const indexByKey = new Map<string, number>();
  const graph = new Map<string, TStepReference[]>();
  for (const { index, step } of steps) {
    if (graph.has(step.key)) continue;
    indexByKey.set(step.key, index);
    graph.set(step.key, stepEdges(step));
  }
  const issues: TDefinitionIssue[] = findCycles(graph, [start, ...graph.keys()]).map(({ keys, closingField }) => {
    const closingKey = keys[keys.length - 2] ?? start;
    return {
      code: "cycle",
      stepKey: closingKey,
      path: `steps[${indexByKey.get(closingKey)}].${closingField}`,
      message: `its ${closingField} closes the cycle ${keys.join(" → ")}; repeat work with forEach instead`,
    };
  });
  // A step that failed to parse has unknown edges, so what it would reach cannot be judged.
  if (!allStepsParsed || !graph.has(start)) return issues;
  if (issues.length === 0) issues.push(...forEachIssues(steps, graph, start));
  const reached = findReachable(graph, start);
  for (const [key, index] of indexByKey) {
    if (!reached.has(key)) issues.push({ code: "unreachable_step", stepKey: key, path: `steps[${index}]`, message: `cannot be reached from the start step "${start}"` });
  }
  return issues;
}

/** Checks a definition completely and reports every problem found, not just the first. */
export function validateDefinition(input: unknown, options: ValidateDefinitionOptions = {}): TValidateDefinitionResult {
  const header = ZDefinitionHeader.safeParse(input);
  const issues = header.success ? [] : schemaIssues(header.error, "");
  const raw = isRecord(input) ? input : {};
  const rawSteps = Array.isArray(raw.steps) ? raw.steps : [];
  const steps = parseSteps(rawSteps, issues);
  issues.push(...duplicateIssues(rawSteps));

  const keys = new Set(rawSteps.flatMap((step) => (isRecord(step) && typeof step.key === "string" ? [step.key] : [])));
  for (const parsed of steps) issues.push(...stepIssues(parsed, keys, options.bindings));
  if (typeof raw.start === "string") {
    if (rawSteps.length > 0 && !keys.has(raw.start)) issues.push({ code: "bad_start", path: "start", message: `names step "${raw.start}", which does not exist` });
    issues.push(...graphIssues(steps, raw.start, steps.length === rawSteps.length));
  }

  if (issues.length > 0 || !header.success) return { ok: false, issues: issues.sort((a, b) => stepIndex(a) - stepIndex(b)) };
  return { ok: true, definition: { ...header.data, steps: steps.map(({ step }) => step) } };
}

/** Like {@link validateDefinition}, but throws a {@link DefinitionError} that lists every issue. */
export function assertValidDefinition(input: unknown, options: ValidateDefinitionOptions = {}): TWorkflowDefinition {
  const result = validateDefinition(input, options);
  if (result.ok) return result.definition;
  const raw = isRecord(input) ? input : {};
  const workflow = typeof raw.key === "string" && typeof raw.version === "string" ? `Workflow "${raw.key}" v${raw.version}` : "Workflow definition";
  throw new DefinitionError(workflow, result.issues);
}
