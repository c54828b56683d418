import { type TConnectorCatalog } from "@storeflow/connectors";
import { type TTx } from "@storeflow/db";
import { type TFieldIssue, ValidationError } from "@storeflow/errors";
import { assertValidCron, assertValidTimezone } from "@storeflow/runs";
import { type TAnyTemplate, type TTemplateCatalog } from "@storeflow/templates";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { z } from "zod";

/** A webhook event that starts a run of the installation, from one of its connections. */
export interface TEventTrigger {
  connectionId: string;
  event: string;
  /** JSONata over the run input naming the business event, when deliveries may repeat it. */
  idempotencyKey?: string;
}

/** A schedule the installation keeps in workflow_schedules. */
export interface TInstallSchedule {
  cron: string;
  timezone: string;
  input: Record<string, unknown>;
}

/** What an install or an upgrade writes, once every field held. */
export interface TResolvedInstall {
  template: TAnyTemplate;
  params: Record<string, unknown>;
  bindings: Record<string, string>;
  definition: TWorkflowDefinitionInput;
  eventTriggers: TEventTrigger[];
  schedules: TInstallSchedule[];
}

export interface TInstallRequest {
  clientId: string;
  clientTimezone: string;
  templateKey: string;
  version?: string;
  params: unknown;
  bindings: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The template a request names, or the issue naming the field that is wrong. */
export function findTemplate(templates: TTemplateCatalog, templateKey: string, version?: string): TAnyTemplate {
  const template = templates.get(templateKey, version);
  if (template) return template;
  if (version !== undefined && templates.get(templateKey)) {
    throw new ValidationError([{ path: ["version"], message: `There is no version ${version} of this template; available: ${templates.versions(templateKey).map((t) => t.version).join(", ")}` }]);
  }
  throw new ValidationError([{ path: ["templateKey"], message: `There is no template "${templateKey}"` }]);
}

async function bindingIssues(tx: TTx, connectors: TConnectorCatalog, template: TAnyTemplate, request: TInstallRequest): Promise<TFieldIssue[]> {
  const issues: TFieldIssue[] = [];
  for (const name of Object.keys(request.bindings)) {
    if (!(name in template.bindings)) issues.push({ path: ["bindings", name], message: `This template has no "${name}" binding; it has ${Object.keys(template.bindings).join(", ")}` });
  }
  const ids = Object.values(request.bindings).filter((id) => UUID.test(id));
  const connections = await tx.connection.findMany({ where: { id: { in: ids }, clientId: request.clientId }, select: { id: true, connectorKey: true, name: true, archivedAt: true } });
  const byId = new Map(connections.map((c) => [c.id, c]));
  for (const [name, binding] of Object.entries(template.bindings)) {
    const id = request.bindings[name];
    const accepted = binding.connectors.map((key) => connectors.get(key)?.name ?? key).join(" or ");
    if (!id && binding.optional) continue;
    if (!id) {
      issues.push({ path: ["bindings", name], message: `Choose the ${binding.title} connection (${accepted})` });
      continue;
    }
    const connection = byId.get(id);
    if (!connection) issues.push({ path: ["bindings", name], message: `That is not one of this client's connections` });
    else if (connection.archivedAt) issues.push({ path: ["bindings", name], message: `"${connection.name}" is archived` });
    else if (!binding.connectors.includes(connection.connectorKey)) {
      issues.push({ path: ["bindings", name], message: `${binding.title} needs a ${accepted} connection; "${connection.name}" is ${connectors.get(connection.connectorKey)?.name ?? connection.connectorKey}` });
    }
  }
  return issues;
}

function paramNames(template: TAnyTemplate): Record<string, unknown> {
  return (z.toJSONSchema(template.params, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> }).properties ?? {};
}

/** The installed parameters a version still has: an upgrade carries those over and drops the rest. */
export function carriedParams(template: TAnyTemplate, params: Record<string, unknown>): Record<string, unknown> {
  const known = paramNames(template);
  return Object.fromEntries(Object.entries(params).filter(([name]) => name in known));
}

/** A misspelt parameter would otherwise be dropped silently and its default used. */
function unknownParams(template: TAnyTemplate, params: unknown): TFieldIssue[] {
  if (typeof params !== "object" || params === null) return [];
  const known = paramNames(template);
  return Object.keys(params)
    .filter((name) => !(name in known))
    .map((name) => ({ path: ["params", name], message: `This template has no parameter "${name}"` }));
}

function scheduleIssue(error: unknown): TFieldIssue {
  return { path: ["params"], message: error instanceof Error ? error.message : String(error) };
}

/**
 * Checks an install or upgrade request against the template version and the
 * client's connections, reporting every wrong field at once (`params.<field>`,
 * `bindings.<binding>`) so the wizard can mark each; returns what to write.
 * @throws ValidationError naming each wrong field
 */
export async function resolveInstall(tx: TTx, connectors: TConnectorCatalog, template: TAnyTemplate, request: TInstallRequest): Promise<TResolvedInstall> {
  const parsed = (template.params as z.ZodType).safeParse(request.params ?? {});
  const issues: TFieldIssue[] = parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: ["params", ...issue.path.map(String)], message: issue.message }));
  issues.push(...unknownParams(template, request.params));
  issues.push(...(await bindingIssues(tx, connectors, template, request)));
  if (issues.length > 0) throw new ValidationError(issues);
  const params = parsed.data as Record<string, unknown>;
  const eventTriggers: TEventTrigger[] = [];
  const schedules: TInstallSchedule[] = [];
  const context = { timezone: request.clientTimezone };
  for (const trigger of template.triggers(params, context)) {
    const connectionId = trigger.kind === "event" ? request.bindings[trigger.binding] : undefined;
    // An optional binding left out: its events simply never arrive.
    if (trigger.kind === "event" && connectionId) {
      eventTriggers.push({ connectionId, event: trigger.event, ...(trigger.idempotencyKey ? { idempotencyKey: trigger.idempotencyKey } : {}) });
    }
    if (trigger.kind === "schedule") {
      const timezone = trigger.timezone ?? request.clientTimezone;
      try {
        assertValidTimezone(timezone);
        assertValidCron(trigger.cron, timezone);
      } catch (error) {
        throw new ValidationError([scheduleIssue(error)]);
      }
      schedules.push({ cron: trigger.cron, timezone, input: { trigger: "schedule", ...trigger.input } });
    }
  }
  return { template, params, bindings: { ...request.bindings }, definition: template.definition(params, context), eventTriggers, schedules };
}
