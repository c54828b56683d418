import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { type z } from "zod";

/** A role the installer fills with one of the client's connections, e.g. "pos". */
export interface TTemplateBinding {
  title: string;
  /** Shown in the install wizard: what the template does with this system. */
  description: string;
  /**
   * Connectors that can fill it. Each must provide every operation the
   * definition calls on the binding (checked by the catalog's tests).
   */
  connectors: readonly string[];
  /** The template works without it (a step on it is skipped by the definition's own branch). @defaultValue false */
  optional?: boolean;
}

/** What an install knows besides the parameters: the client it is for. */
export interface TInstallContext {
  /** The client's IANA time zone, for schedules and local business hours. */
  timezone: string;
}

/** What starts the template's runs, given the installation's parameters. */
export type TTemplateTrigger =
  /**
   * A webhook event from the connection bound to `binding`; the run's input is
   * `{ trigger: "event", event }`. Each delivery starts one run, unless
   * `idempotencyKey` (JSONata over that input) says two deliveries are the same
   * business event: then they start one run between them.
   */
  | { kind: "event"; binding: string; event: string; idempotencyKey?: string }
  /** A cron slot in `timezone` (default: the client's); the run's input is `{ trigger: "schedule", ...input }`. */
  | { kind: "schedule"; cron: string; timezone?: string; input?: Record<string, unknown> }
  /** Started by a person or another workflow's emit step, with their input. */
  | { kind: "manual" };

/** Defaults for the installation's SLA targets (the SLA issue makes them editable). */
export interface TSlaTargets {
  /** A run should finish within this long. */
  runDurationMs: number;
  /** Share of runs, 0–1, that should succeed over `windowMs`. */
  successRate: number;
  windowMs: number;
  /** Work should not wait longer than this to start. */
  maxBacklogAgeMs: number;
  /** A run should succeed at least this often (per client), when the template runs on a cadence. */
  cadenceMs?: number;
}

/** A business figure the template's runs report in their outputs, for dashboards and anomaly checks. */
export interface TTemplateKpi {
  key: string;
  title: string;
  unit: "count" | "ms" | "percent" | "currency";
  description: string;
  /**
   * JSONata over the finished run: `input`, `steps.<key>.output` (each step's
   * latest output outside forEach bodies) and `run` ({ id, clientId, status,
   * finishedAt }). A number is one point; an array is one point per element,
   * each a number or `{ "value": n, "dimension": "…" }`; nothing records nothing
   * (a run that ended before reporting). Never evaluated on the run's hot path:
   * the KPI pass reads finished runs afterwards.
   */
  value: string;
  /** What a point's `dimension` names, e.g. a store: one series per store besides the installation's total. */
  dimension?: "store" | "sku" | "vendor";
  /** How a bucket's points become its value for trends and anomaly checks. @defaultValue "sum" for counts, else "mean" */
  aggregate?: "sum" | "mean";
}

/**
 * The usual source: the `kpis.<key>` the run's steps reported in their outputs,
 * the latest when several did (a summary step copying an earlier step's figures
 * must not count them twice).
 */
export const reportedKpi = (key: string): string => `(steps.*.output.kpis.${key})[-1]`;

export interface TTemplate<TParams extends z.ZodType = z.ZodType> {
  /** Stable across versions, e.g. "returns-refunds"; the workflow key of its runs. */
  key: string;
  /** Semantic version; a partner upgrades installations from one to the next. */
  version: string;
  title: string;
  /** One line for the catalogue. */
  summary: string;
  /** What a partner can show a retailer: what it does, and its business rules. */
  description: string;
  category: "inventory" | "orders" | "returns" | "purchasing" | "pricing" | "finance" | "customers";
  /** The install form: defaults and help text (`.meta({ title, description })`) included. */
  params: TParams;
  bindings: Readonly<Record<string, TTemplateBinding>>;
  triggers(params: z.output<TParams>, context: TInstallContext): TTemplateTrigger[];
  sla: TSlaTargets;
  kpis: readonly TTemplateKpi[];
  /**
   * The parameters of a typical install (defaults fill the rest): what the
   * catalogue previews and checks the definition with. Needed when some
   * parameter has no default.
   */
  example?: z.input<TParams>;
  /** What changed since the previous version, for the upgrade screen. */
  changes?: string;
  /**
   * The workflow the installation runs. Parameters are written into it, so a
   * run keeps the ones it started with when the installation changes.
   */
  definition(params: z.output<TParams>, context: TInstallContext): TWorkflowDefinitionInput;
}

/** Declares a template; the type of `params` flows into `triggers` and `definition`. */
export function defineTemplate<TParams extends z.ZodType>(template: TTemplate<TParams>): TTemplate<TParams> {
  return template;
}

/** Any template, whatever its parameters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TAnyTemplate = TTemplate<any>;

/**
 * A value written into a JSONata expression as a literal. JSON is valid JSONata,
 * so strings, numbers, arrays and objects keep their exact value.
 */
export const literal = (value: unknown): string => JSON.stringify(value ?? null);
