import { z } from "zod";

const ZStepKey = z
  .string()
  .max(64)
  .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, "must start with a letter and contain only letters, digits and underscores");

/** A JSONata expression; the validator compiles it, the schema only checks its shape. */
const ZExpression = z.string().min(1);

const ZWorkflowKey = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9-.]*$/, "must start with a lowercase letter and contain only lowercase letters, digits, dots and hyphens");

const ZPeople = z
  .strictObject({ roles: z.array(z.string().min(1)).optional(), userIds: z.array(z.uuid()).optional() })
  .refine((people) => (people.roles?.length ?? 0) + (people.userIds?.length ?? 0) > 0, "name at least one role or user");

export const ZRetryPolicy = z
  .strictObject({
    /** Total attempts, the first one included. */
    attempts: z.int().min(1).max(20).default(3),
    initialDelayMs: z.int().min(0).default(1000),
    maxDelayMs: z.int().min(0).default(60_000),
    factor: z.number().min(1).max(10).default(2),
    /** Fraction of the delay added or removed at random, so retries of many runs spread out. */
    jitter: z.number().min(0).max(1).default(0.2),
  })
  .refine((policy) => policy.maxDelayMs >= policy.initialDelayMs, { message: "maxDelayMs must not be below initialDelayMs", path: ["maxDelayMs"] });

export const ZOnError = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("fail") }),
  /** Records the error as the step's output and goes on. */
  z.strictObject({ action: z.literal("continue"), next: ZStepKey.optional() }),
  /** Parks the run in the exception queue for a person to look at. */
  z.strictObject({ action: z.literal("exception") }),
  z.strictObject({ action: z.literal("compensate"), next: ZStepKey }),
]);

const ZStepBase = z.strictObject({
  key: ZStepKey,
  title: z.string().max(200).optional(),
  /** The following step; absent means the workflow (or a forEach item's sequence) ends here. */
  next: ZStepKey.optional(),
  retry: ZRetryPolicy.optional(),
  timeoutMs: z.int().min(100).max(3_600_000).optional(),
  onError: ZOnError.optional(),
});

const ZInputs = z.record(z.string(), ZExpression);

const ZActionStep = ZStepBase.extend({
  kind: z.literal("action"),
  /** Name of a connection binding of the installation, e.g. "pos". */
  connection: z.string().min(1),
  operation: z.string().min(1),
  input: ZInputs,
});

const ZTransformStep = ZStepBase.extend({ kind: z.literal("transform"), expression: ZExpression });

// A branch continues with the chosen case's step, so it has no `next` of its own.
const ZBranchStep = ZStepBase.omit({ next: true }).extend({
  kind: z.literal("branch"),
  cases: z.array(z.strictObject({ when: ZExpression, next: ZStepKey })).min(1).max(20),
  otherwise: ZStepKey.optional(),
});

const ZForEachStep = ZStepBase.extend({
  kind: z.literal("forEach"),
  items: ZExpression,
  maxItems: z.int().min(1).max(10_000),
  /**
   * First step of the per-item sequence, which ends at a step without `next`.
   * Its steps read the item as `item` and its position as `index`.
   */
  body: ZStepKey,
  /** Items worked on at once; the validator accepts only 1 for now. */
  concurrency: z.int().min(1).max(50).default(1),
});

const ZWaitStep = ZStepBase.extend({
  kind: z.literal("wait"),
  durationMs: z.int().min(1).optional(),
  /** Expression returning an ISO 8601 time. */
  until: ZExpression.optional(),
}).refine((step) => (step.durationMs === undefined) !== (step.until === undefined), "set exactly one of durationMs or until");

const ZWaitForEventStep = ZStepBase.extend({
  kind: z.literal("waitForEvent"),
  event: z.string().min(1),
  correlationKey: ZExpression,
  /** How long to wait for the event (days, perhaps); `timeoutMs` stays the step's execution limit. */
  waitForMs: z.int().min(1),
  onTimeout: ZStepKey.optional(),
});

const ZApprovalStep = ZStepBase.extend({
  kind: z.literal("approval"),
  title: z.string().min(1).max(200),
  assignees: ZPeople,
  expiresInMs: z.int().min(1),
  escalateAfterMs: z.int().min(1).optional(),
  escalateTo: ZPeople.optional(),
  /** What the approver sees, evaluated when the approval opens. */
  details: ZInputs.optional(),
  onReject: ZStepKey.optional(),
  onExpire: ZStepKey.optional(),
}).refine((step) => step.escalateAfterMs === undefined || step.escalateAfterMs < step.expiresInMs, {
  message: "escalateAfterMs must be shorter than expiresInMs",
  path: ["escalateAfterMs"],
});

const ZNotifyStep = ZStepBase.extend({
  kind: z.literal("notify"),
  channel: z.enum(["email", "slack", "teams", "webhook"]),
  connection: z.string().min(1).optional(),
  template: z.string().min(1),
  to: ZExpression.optional(),
  data: ZInputs,
});

const ZEmitStep = ZStepBase.extend({ kind: z.literal("emit"), workflow: ZWorkflowKey, input: ZInputs });

const ZClassifyStep = ZStepBase.extend({
  kind: z.literal("ai.classify"),
  /** What to classify: text, or an object the model reads as JSON. */
  input: ZExpression,
  labels: z
    .array(z.string().min(1))
    .min(2)
    .max(50)
    .refine((labels) => new Set(labels).size === labels.length, "labels must be unique"),
  /** Below it the run goes to `onLowConfidence` (a person) instead of acting on the label. */
  minConfidence: z.number().min(0).max(1).default(0.8),
  onLowConfidence: ZStepKey.optional(),
  /**
   * Keywords per label for the rules classifier, which answers when the
   * partner has no model configured (or the model cannot answer).
   */
  rules: z.record(z.string(), z.array(z.string().min(1)).max(100)).optional(),
}).refine((step) => Object.keys(step.rules ?? {}).every((label) => step.labels.includes(label)), { message: "rules name only the step's labels", path: ["rules"] });

export const ZStep = z.discriminatedUnion("kind", [
  ZActionStep,
  ZTransformStep,
  ZBranchStep,
  ZForEachStep,
  ZWaitStep,
  ZWaitForEventStep,
  ZApprovalStep,
  ZNotifyStep,
  ZEmitStep,
  ZClassifyStep,
]);

export const STEP_KINDS = ZStep.options.map((option) => option.shape.kind.value);

export const ZWorkflowDefinition = z.strictObject({
  key: ZWorkflowKey,
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, "must be a version like 1.0.0"),
  title: z.string().max(200).optional(),
  start: ZStepKey,
  steps: z.array(ZStep).min(1).max(200),
});

/** A definition as stored and executed: every default applied. */
export type TWorkflowDefinition = z.output<typeof ZWorkflowDefinition>;
/** A definition as authors write it: fields with defaults may be left out. */
export type TWorkflowDefinitionInput = z.input<typeof ZWorkflowDefinition>;
export type TStep = z.output<typeof ZStep>;
export type TStepKind = TStep["kind"];
export type TForEachStep = Extract<TStep, { kind: "forEach" }>;
export type TRetryPolicy = z.output<typeof ZRetryPolicy>;
export type TOnError = z.output<typeof ZOnError>;
