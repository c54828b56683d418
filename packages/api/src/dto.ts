import { ClientStatus, Role, RunStatus, StepStatus } from "@storeflow/db";
import { z } from "zod";

/** Response shapes: every procedure's `.output()` comes from here. */
export const ZPartnerDto = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  productName: z.string(),
  logoUrl: z.string().nullable(),
  faviconUrl: z.string().nullable(),
  primaryColor: z.string(),
  accentColor: z.string(),
  supportEmail: z.string(),
  showPoweredBy: z.boolean(),
  customDomain: z.string().nullable(),
});

export const ZClientDto = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  status: z.enum(ClientStatus),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  storeCount: z.number().int(),
});

export const ZMemberDto = z.object({
  id: z.uuid(),
  role: z.enum(Role),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
  createdAt: z.date(),
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }),
});

export const ZInvitationDto = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(Role),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
  expired: z.boolean(),
});

export const ZIdDto = z.object({ id: z.uuid() });

export const ZMembershipSummaryDto = z.object({
  id: z.uuid(),
  role: z.enum(Role),
  partnerId: z.uuid().nullable(),
  partnerName: z.string().nullable(),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
});

/** One page of a newest-first list; `nextCursor` is null on the last page. */
export const ZPageDto = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const RUN_TRIGGERS = ["manual", "schedule", "webhook", "event", "replay"] as const;
export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "expired", "cancelled"] as const;

/** A run as lists show it. The executor's bookkeeping (pending job, due time, generation, definition hash) stays inside. */
export const ZRunSummaryDto = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  clientName: z.string(),
  workflowKey: z.string(),
  workflowVersion: z.string(),
  status: z.enum(RunStatus),
  /** The step it waits on or failed at; null once it has ended well. */
  currentStep: z.string().nullable(),
  trigger: z.enum(RUN_TRIGGERS),
  correlationKey: z.string().nullable(),
  parentRunId: z.uuid().nullable(),
  error: z.unknown(),
  /**
   * A failed run's likely cause, once the worker has triaged it:
   * { label, confidence, rationale, source, model?, suggestedAction, at } (see @storeflow/ai).
   */
  triage: z.unknown(),
  createdAt: z.date(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
});

/** Who may decide an approval, as its step names them. */
const ZPeopleDto = z.object({ roles: z.array(z.string()).optional(), userIds: z.array(z.string()).optional() });

export const ZApprovalDto = z.object({
  id: z.uuid(),
  runId: z.uuid(),
  clientId: z.uuid(),
  clientName: z.string(),
  workflowKey: z.string(),
  stepKey: z.string(),
  iteration: z.int(),
  title: z.string(),
  details: z.unknown(),
  assignees: ZPeopleDto,
  escalateTo: ZPeopleDto.nullable(),
  status: z.enum(APPROVAL_STATUSES),
  expiresAt: z.date(),
  escalateAt: z.date().nullable(),
  escalatedAt: z.date().nullable(),
  decidedByUserId: z.uuid().nullable(),
  decidedAt: z.date().nullable(),
  reason: z.string().nullable(),
  createdAt: z.date(),
});

/** One attempt at one step; a parked attempt has no finish time yet. */
export const ZStepAttemptDto = z.object({
  id: z.uuid(),
  stepKey: z.string(),
  iteration: z.int(),
  attempt: z.int(),
  status: z.enum(StepStatus),
  input: z.unknown(),
  output: z.unknown(),
  error: z.unknown(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
});

/** A run linked to another through parent_run_id: a replay and its original, an emitted run and its emitter. */
export const ZRunLinkDto = ZRunSummaryDto.pick({ id: true, workflowKey: true, status: true, trigger: true, createdAt: true, finishedAt: true });

export const ZRunDto = ZRunSummaryDto.extend({
  input: z.unknown(),
  /** How an operator closed it by hand: { note, userId, at }. */
  resolution: z.unknown(),
  triggerRef: z.string().nullable(),
  steps: z.array(ZStepAttemptDto),
  approvals: z.array(ZApprovalDto),
  parent: ZRunLinkDto.nullable(),
  children: z.array(ZRunLinkDto),
});

/** A run's workflow as a graph: what the run detail draws (see runs/get-run-graph.ts). */
export const ZRunGraphDto = z.object({
  start: z.string(),
  nodes: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      title: z.string().nullable(),
      forEach: z.string().nullable(),
      emits: z.string().nullable(),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      kind: z.enum(["next", "case", "otherwise", "body", "onError", "onReject", "onExpire", "onTimeout", "onLowConfidence"]),
      label: z.string().nullable(),
    }),
  ),
});

export const ZApprovalDecisionDto = z.object({
  approvalId: z.uuid(),
  runId: z.uuid(),
  status: z.enum(["approved", "rejected"]),
  /** The step the run went on to; null when it ended or failed into the exception queue. */
  nextStep: z.string().nullable(),
});

export const ZPublishedEventDto = z.object({
  eventId: z.uuid(),
  /** False for a repeated idempotency key: the first delivery already did everything. */
  created: z.boolean(),
  resumedRunIds: z.array(z.uuid()),
});

export const ZConnectorDto = z.object({
  key: z.string(),
  name: z.string(),
  version: z.string(),
  category: z.string(),
  auth: z.string(),
  receivesWebhooks: z.boolean(),
  capabilities: z.array(z.string()),
  configSchema: z.record(z.string(), z.unknown()),
  secretsSchema: z.record(z.string(), z.unknown()),
});
export type TConnectorDto = z.infer<typeof ZConnectorDto>;

export const ZTemplateDto = z.object({
  key: z.string(),
  version: z.string(),
  /** Every version offered, oldest first. */
  versions: z.array(z.string()),
  title: z.string(),
  summary: z.string(),
  description: z.string(),
  category: z.string(),
  /** JSON Schema of the parameters (defaults, titles, help text): the install form. */
  paramsSchema: z.record(z.string(), z.unknown()),
  bindings: z.array(z.object({ binding: z.string(), title: z.string(), description: z.string(), connectors: z.array(z.string()), optional: z.boolean() })),
  /** The triggers with the default parameters, in words. */
  triggers: z.array(z.string()),
  sla: z.object({ runDurationMs: z.number(), successRate: z.number(), windowMs: z.number(), maxBacklogAgeMs: z.number(), cadenceMs: z.number().optional() }),
  kpis: z.array(z.object({ key: z.string(), title: z.string(), unit: z.string(), description: z.string() })),
  changes: z.string().nullable(),
});
export type TTemplateDto = z.infer<typeof ZTemplateDto>;

export const ZInstallationDto = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  templateKey: z.string(),
  templateVersion: z.string(),
  title: z.string(),
  upgradeTo: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  bindings: z.array(z.object({ binding: z.string(), title: z.string(), connectionId: z.string(), connectionName: z.string().nullable(), connectorKey: z.string().nullable() })),
  eventTriggers: z.array(z.object({ connectionId: z.string(), event: z.string(), idempotencyKey: z.string().optional() })),
  schedules: z.array(z.object({ id: z.uuid(), cron: z.string(), timezone: z.string(), enabled: z.boolean() })),
  enabled: z.boolean(),
  uninstalledAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const ZFieldIssueDto = z.object({ path: z.array(z.string()), message: z.string() });

export const ZBulkInstallResultDto = z.discriminatedUnion("ok", [
  z.object({ clientId: z.uuid(), ok: z.literal(true), installation: ZInstallationDto }),
  z.object({ clientId: z.uuid(), ok: z.literal(false), message: z.string(), issues: z.array(ZFieldIssueDto) }),
]);

export const ZUpgradePreviewDto = z.object({
  from: z.string(),
  to: z.string(),
  changes: z.string().nullable(),
  params: z.array(z.object({ name: z.string(), change: z.enum(["added", "removed", "changed"]), title: z.string(), detail: z.string() })),
  upgradedParams: z.record(z.string(), z.unknown()).nullable(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
  newBindings: z.array(z.object({ binding: z.string(), title: z.string(), connectors: z.array(z.string()) })),
});

export const ZStartedRunDto = z.object({ runId: z.uuid(), created: z.boolean() });

export const ZPartnerAiModelDto = z.object({ baseUrl: z.string(), model: z.string(), apiKeyHint: z.string(), updatedAt: z.date() });

/** One place the caller's audit chain does not hold (see @storeflow/audit verifyAuditChain). */
export const ZAuditChainBreakDto = z.object({
  seq: z.number().int(),
  /** The event at `seq`, null for a gap. */
  id: z.uuid().nullable(),
  problem: z.enum(["hash mismatch", "prev_hash mismatch", "gap", "head mismatch", "missing head"]),
  /** For a gap: how many events are missing from `seq` on. */
  missing: z.number().int().optional(),
});

export const ZAuditChainReportDto = z.object({
  ok: z.boolean(),
  /** Events checked. */
  checked: z.number().int(),
  /** The first breaks, in chain order. */
  breaks: z.array(ZAuditChainBreakDto),
});
