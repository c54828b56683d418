import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { type TConnectorCatalog } from "@storeflow/connectors";
import { isUniqueViolation, type Prisma, type TTx, withTenant } from "@storeflow/db";
import { ConflictError, NotFoundError, ValidationError } from "@storeflow/errors";
import { prepareDefinition, type TRunStore, type TScheduleRef, type TScheduleSync } from "@storeflow/runs";
import { type TTemplateCatalog } from "@storeflow/templates";
import { z } from "zod";
import { installationSelect, type TInstallationDto, type TInstallationRow, toInstallationDtos } from "./installation-dto";
import { carriedParams, findTemplate, resolveInstall, type TResolvedInstall } from "./resolve-install";

/** What the installation functions work with. */
export interface InstallationOptions {
  actor: TActor;
  /** Stores each installation's definition, content-addressed, for its runs. */
  store: TRunStore;
  templates: TTemplateCatalog;
  connectors: TConnectorCatalog;
  /** Told of each schedule an installation adds or changes. @defaultValue none: the queue's periodic sync picks them up */
  sync?: TScheduleSync;
}

const ZBindings = z.record(z.string().min(1).max(64), z.string().max(64)).default({});
const ZParams = z.record(z.string(), z.unknown()).default({});

export const ZInstallTemplateInput = z.object({
  clientId: z.uuid(),
  templateKey: z.string().min(1).max(100),
  /** @defaultValue the newest */
  version: z.string().max(20).optional(),
  params: ZParams,
  /** Binding name to one of the client's connection ids. */
  bindings: ZBindings,
  enabled: z.boolean().default(true),
});
export const ZInstallForClientsInput = z.object({
  templateKey: z.string().min(1).max(100),
  version: z.string().max(20).optional(),
  params: ZParams,
  /**
   * Each client, with its bindings; a binding left out is filled with the
   * client's only live connection that fits it, when it has exactly one.
   */
  clients: z.array(z.object({ clientId: z.uuid(), bindings: ZBindings })).min(1).max(200),
});
export const ZInstallationIdInput = z.object({ installationId: z.uuid() });
export const ZUpdateInstallationInput = z.object({
  installationId: z.uuid(),
  /** A newer (or the same) template version. @defaultValue the installed one */
  version: z.string().max(20).optional(),
  /** Replaces the parameters. @defaultValue the current ones, checked against the version's schema */
  params: z.record(z.string(), z.unknown()).optional(),
  /** Changes some bindings; the others stay. */
  bindings: z.record(z.string().min(1).max(64), z.string().max(64)).optional(),
});
export const ZSetInstallationEnabledInput = z.object({ installationId: z.uuid(), enabled: z.boolean() });
export const ZListInstallationsInput = z
  .object({ clientId: z.uuid().optional(), includeUninstalled: z.boolean().default(false) })
  .default({ includeUninstalled: false });

const mirror = (sync: TScheduleSync | undefined, refs: TScheduleRef[]) => Promise.all(refs.map((ref) => sync?.syncSchedule(ref).catch(() => undefined)));

async function activeClient(tx: TTx, clientId: string) {
  const client = await tx.client.findFirst({ where: { id: clientId, status: "active" }, select: { id: true, timezone: true } });
  if (!client) throw new NotFoundError("Client");
  return client;
}

async function findInstallation(tx: TTx, installationId: string): Promise<TInstallationRow> {
  const row = await tx.installation.findFirst({ where: { id: installationId }, select: installationSelect });
  if (!row) throw new NotFoundError("Installation");
  return row;
}

function assertInstalled(row: TInstallationRow) {
  if (row.uninstalledAt) throw new ConflictError("This template has been uninstalled; install it again instead");
}

/** Replaces an installation's schedules with the resolved ones; returns them for the queue to mirror. */
async function writeSchedules(tx: TTx, partnerId: string, clientId: string, installationId: string, resolved: TResolvedInstall, hash: string, enabled: boolean): Promise<TScheduleRef[]> {
  const old = await tx.workflowSchedule.findMany({ where: { installationId }, select: { id: true } });
  await tx.workflowSchedule.deleteMany({ where: { installationId } });
  const created = [];
  for (const schedule of resolved.schedules) {
    created.push(
      await tx.workflowSchedule.create({
        data: {
          partnerId,
          clientId,
          installationId,
          definitionHash: hash,
          bindings: Object.keys(resolved.template.bindings),
          cron: schedule.cron,
          timezone: schedule.timezone,
          input: schedule.input as Prisma.InputJsonValue,
          enabled,
        },
        select: { id: true },
      }),
    );
  }
  // The removed schedules are mirrored too, so their job schedulers go.
  return [...old, ...created].map((s) => ({ partnerId, clientId, scheduleId: s.id }));
}

function installedData(resolved: TResolvedInstall, hash: string) {
  return {
    templateVersion: resolved.template.version,
    definitionHash: hash,
    params: resolved.params as Prisma.InputJsonValue,
    bindings: resolved.bindings,
    eventTriggers: resolved.eventTriggers as unknown as Prisma.InputJsonValue,
  };
}

/**
 * Installs a template for one client: the parameters are checked against the
 * version's schema and each binding against the client's connections, every
 * wrong field reported at once and nothing written; then the definition is
 * stored and the installation, its schedules and its audit event are written in
 * one transaction.
 * @throws ValidationError naming each wrong field; ConflictError when the client already has the template
 */
export async function installTemplate(options: InstallationOptions, input: z.input<typeof ZInstallTemplateInput>): Promise<TInstallationDto> {
  const { actor, store, templates, connectors, sync } = options;
  const { clientId, templateKey, version, params, bindings, enabled } = ZInstallTemplateInput.parse(input);
  const template = findTemplate(templates, templateKey, version);
  const { dto, schedules } = await withTenant(actor.db, actor.scope, async (tx) => {
    const client = await activeClient(tx, clientId);
    const resolved = await resolveInstall(tx, connectors, template, { clientId, clientTimezone: client.timezone, templateKey, params, bindings });
    const { hash } = await prepareDefinition(store, actor.scope.partnerId, resolved.definition, Object.keys(template.bindings));
    const row = await tx.installation
      .create({ data: { partnerId: actor.scope.partnerId, clientId, templateKey, enabled, ...installedData(resolved, hash) }, select: installationSelect })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new ConflictError(`This client already has ${template.title} installed: change or upgrade that installation instead`, "templateKey");
        throw error;
      });
    const schedules = await writeSchedules(tx, actor.scope.partnerId, clientId, row.id, resolved, hash, enabled);
    await recordAudit({
      tx,
      scope: { ...actor.scope, clientId },
      action: "installation.created",
      target: { type: "installation", id: row.id },
      data: { templateKey, version: template.version, bindings: resolved.bindings },
    });
    const [dto] = await toInstallationDtos(tx, templates, connectors, [row]);
    return { dto: dto!, schedules };
  });
  await mirror(sync, schedules);
  return dto;
}

/** One client's outcome of {@link installForClients}. */
export type TBulkInstallResult =
  | { clientId: string; ok: true; installation: TInstallationDto }
  | { clientId: string; ok: false; message: string; issues: { path: string[]; message: string }[] };

/** Fills the bindings a client left out with its only live connection that fits each. */
async function autoBind(options: InstallationOptions, clientId: string, templateKey: string, version: string | undefined, given: Record<string, string>) {
  const template = findTemplate(options.templates, templateKey, version);
  const missing = Object.entries(template.bindings).filter(([name]) => !given[name]);
  if (missing.length === 0) return given;
  const connections = await withTenant(options.actor.db, options.actor.scope, (tx) =>
    tx.connection.findMany({ where: { clientId, archivedAt: null }, select: { id: true, connectorKey: true } }),
  );
  const bindings = { ...given };
  for (const [name, binding] of missing) {
    const fits = connections.filter((c) => binding.connectors.includes(c.connectorKey));
    if (fits.length === 1) bindings[name] = fits[0]!.id;
  }
  return bindings;
}

/**
 * Installs one template for many clients at once, each in its own transaction:
 * a client whose parameters or bindings do not hold is reported with its issues
 * and the others are installed.
 */
export async function installForClients(options: InstallationOptions, input: z.input<typeof ZInstallForClientsInput>): Promise<TBulkInstallResult[]> {
  const { templateKey, version, params, clients } = ZInstallForClientsInput.parse(input);
  findTemplate(options.templates, templateKey, version);
  // A client the actor cannot see refuses the whole request, as it would alone.
  const ids = [...new Set(clients.map((c) => c.clientId))];
  const visible = await withTenant(options.actor.db, options.actor.scope, (tx) => tx.client.count({ where: { id: { in: ids } } }));
  if (visible !== ids.length) throw new NotFoundError("Client");
  const results: TBulkInstallResult[] = [];
  for (const { clientId, bindings } of clients) {
    try {
      const bound = await autoBind(options, clientId, templateKey, version, bindings);
      const installation = await installTemplate(options, { clientId, templateKey, version, params, bindings: bound });
      results.push({ clientId, ok: true, installation });
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ConflictError || error instanceof NotFoundError)) throw error;
      const issues = error instanceof ValidationError ? error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) : [];
      results.push({ clientId, ok: false, message: error.message, issues });
    }
  }
  return results;
}

/**
 * Changes an installation's parameters or bindings, or upgrades it to another
 * version of its template. Runs already started keep the definition they
 * started with; runs from now on use the new one. History stays with the
 * installation.
 * @throws ValidationError naming each field the new version does not accept
 */
export async function updateInstallation(options: InstallationOptions, input: z.input<typeof ZUpdateInstallationInput>): Promise<TInstallationDto> {
  const { actor, store, templates, connectors, sync } = options;
  const { installationId, version, params, bindings } = ZUpdateInstallationInput.parse(input);
  const { dto, schedules } = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findInstallation(tx, installationId);
    assertInstalled(current);
    const template = findTemplate(templates, current.templateKey, version ?? current.templateVersion);
    const client = await activeClient(tx, current.clientId);
    const currentBindings = current.bindings as Record<string, string>;
    // Bindings the new version no longer has are dropped rather than refused.
    const kept = Object.fromEntries(Object.entries(currentBindings).filter(([name]) => name in template.bindings));
    const resolved = await resolveInstall(tx, connectors, template, {
      clientId: current.clientId,
      clientTimezone: client.timezone,
      templateKey: current.templateKey,
      params: params ?? carriedParams(template, current.params as Record<string, unknown>),
      bindings: { ...kept, ...bindings },
    });
    const { hash } = await prepareDefinition(store, actor.scope.partnerId, resolved.definition, Object.keys(template.bindings));
    const row = await tx.installation.update({ where: { id: installationId }, data: { ...installedData(resolved, hash), updatedAt: new Date() }, select: installationSelect });
    const schedules = await writeSchedules(tx, actor.scope.partnerId, current.clientId, installationId, resolved, hash, current.enabled);
    const upgraded = template.version !== current.templateVersion;
    await recordAudit({
      tx,
      scope: { ...actor.scope, clientId: current.clientId },
      action: upgraded ? "installation.upgraded" : "installation.updated",
      target: { type: "installation", id: installationId },
      data: { templateKey: current.templateKey, from: current.templateVersion, to: template.version, bindings: resolved.bindings },
    });
    const [dto] = await toInstallationDtos(tx, templates, connectors, [row]);
    return { dto: dto!, schedules };
  });
  await mirror(sync, schedules);
  return dto;
}

/** Pauses or resumes an installation: disabled, its triggers start nothing; runs under way finish. */
export async function setInstallationEnabled(options: InstallationOptions, input: z.input<typeof ZSetInstallationEnabledInput>): Promise<TInstallationDto> {
  const { actor, templates, connectors, sync } = options;
  const { installationId, enabled } = ZSetInstallationEnabledInput.parse(input);
  const { dto, schedules } = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findInstallation(tx, installationId);
    assertInstalled(current);
    const row = await tx.installation.update({ where: { id: installationId }, data: { enabled, updatedAt: new Date() }, select: installationSelect });
    await tx.workflowSchedule.updateMany({ where: { installationId }, data: { enabled, updatedAt: new Date() } });
    const schedules = await tx.workflowSchedule.findMany({ where: { installationId }, select: { id: true } });
    await recordAudit({ tx, scope: { ...actor.scope, clientId: current.clientId }, action: enabled ? "installation.enabled" : "installation.disabled", target: { type: "installation", id: installationId } });
    const [dto] = await toInstallationDtos(tx, templates, connectors, [row]);
    return { dto: dto!, schedules: schedules.map((s) => ({ partnerId: actor.scope.partnerId, clientId: current.clientId, scheduleId: s.id })) };
  });
  await mirror(sync, schedules);
  return dto;
}

/**
 * Uninstalls: its schedules and event triggers stop, the row stays (stamped)
 * with its run history, and runs under way finish. The client may install the
 * template again afterwards.
 */
export async function uninstallInstallation(options: InstallationOptions, input: z.input<typeof ZInstallationIdInput>): Promise<TInstallationDto> {
  const { actor, templates, connectors, sync } = options;
  const { installationId } = ZInstallationIdInput.parse(input);
  const { dto, schedules } = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findInstallation(tx, installationId);
    assertInstalled(current);
    const removed = await tx.workflowSchedule.findMany({ where: { installationId }, select: { id: true } });
    await tx.workflowSchedule.deleteMany({ where: { installationId } });
    const row = await tx.installation.update({ where: { id: installationId }, data: { enabled: false, uninstalledAt: new Date(), updatedAt: new Date() }, select: installationSelect });
    await recordAudit({
      tx,
      scope: { ...actor.scope, clientId: current.clientId },
      action: "installation.uninstalled",
      target: { type: "installation", id: installationId },
      data: { templateKey: current.templateKey, version: current.templateVersion },
    });
    const [dto] = await toInstallationDtos(tx, templates, connectors, [row]);
    return { dto: dto!, schedules: removed.map((s) => ({ partnerId: actor.scope.partnerId, clientId: current.clientId, scheduleId: s.id })) };
  });
  await mirror(sync, schedules);
  return dto;
}

/** The actor's installations: every client's for a partner scope, its own for a client scope. */
export async function listInstallations(options: Pick<InstallationOptions, "actor" | "templates" | "connectors">, input: z.input<typeof ZListInstallationsInput>): Promise<TInstallationDto[]> {
  const { actor, templates, connectors } = options;
  const { clientId, includeUninstalled } = ZListInstallationsInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    if (clientId) await activeClient(tx, clientId);
    const rows = await tx.installation.findMany({
      where: { ...(clientId ? { clientId } : {}), ...(includeUninstalled ? {} : { uninstalledAt: null }) },
      orderBy: [{ clientId: "asc" }, { templateKey: "asc" }, { createdAt: "desc" }],
      select: installationSelect,
    });
    return toInstallationDtos(tx, templates, connectors, rows);
  });
}

export async function getInstallation(options: Pick<InstallationOptions, "actor" | "templates" | "connectors">, input: z.input<typeof ZInstallationIdInput>): Promise<TInstallationDto> {
  const { actor, templates, connectors } = options;
  const { installationId } = ZInstallationIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const [dto] = await toInstallationDtos(tx, templates, connectors, [await findInstallation(tx, installationId)]);
    return dto!;
  });
}
