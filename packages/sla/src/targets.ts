import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { type TTx, withTenant } from "@storeflow/db";
import { ConflictError, NotFoundError } from "@storeflow/errors";
import { type TSlaTargets, type TTemplateCatalog } from "@storeflow/templates";
import type pg from "pg";
import { z } from "zod";

const DAY_MS = 86_400_000;
const ZDurationMs = (maxDays: number) => z.number().int().min(1_000).max(maxDays * DAY_MS);

/**
 * What a partner may override, each field on its own; a field left out follows
 * the template version's default, also across upgrades. `cadenceMs: null` turns a
 * template's cadence check off.
 */
export const ZSlaTargetOverrides = z
  .object({
    runDurationMs: ZDurationMs(90),
    successRate: z.number().min(0).max(1),
    windowMs: z.number().int().min(60_000).max(90 * DAY_MS),
    maxBacklogAgeMs: ZDurationMs(30),
    cadenceMs: ZDurationMs(30).nullable(),
  })
  .partial()
  .strict();
export type TSlaTargetOverrides = z.infer<typeof ZSlaTargetOverrides>;

export const ZInstallationSlaInput = z.object({ installationId: z.uuid() });
export const ZSetSlaTargetsInput = z.object({ installationId: z.uuid(), overrides: ZSlaTargetOverrides });
export const ZListSlaTargetsInput = z.object({ clientId: z.uuid() });

/** An installation's targets as the dashboards and the settings form show them. */
export interface TSlaTargetsDto {
  installationId: string;
  clientId: string;
  templateKey: string;
  templateVersion: string;
  /** What runs are measured against now. */
  targets: TSlaTargets;
  /** The template version's defaults. */
  defaults: TSlaTargets;
  overrides: TSlaTargetOverrides;
}

/** Options for the targets functions called for a signed-in person. */
export interface SlaTargetsOptions {
  actor: TActor;
  templates: TTemplateCatalog;
}

export function applyOverrides(defaults: TSlaTargets, overrides: TSlaTargetOverrides): TSlaTargets {
  const merged: TSlaTargets = { ...defaults };
  for (const [key, value] of Object.entries(overrides) as [keyof TSlaTargets, number | null | undefined][]) {
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

interface TInstallationRef {
  id: string;
  partnerId: string;
  clientId: string;
  templateKey: string;
  templateVersion: string;
}

function templateDefaults(templates: TTemplateCatalog, installation: Pick<TInstallationRef, "templateKey" | "templateVersion">): TSlaTargets {
  const template = templates.get(installation.templateKey, installation.templateVersion);
  // An installation of a version this deployment no longer ships cannot be measured: say so rather than guess.
  if (!template) throw new ConflictError(`Template ${installation.templateKey}@${installation.templateVersion} is not in this deployment's catalogue`);
  return template.sla;
}

/** The row's parameters in sla_targets column order ($1..$11), shared by the tenant and system writers. */
function targetRowValues(installation: TInstallationRef, targets: TSlaTargets, overrides: TSlaTargetOverrides) {
  return [installation.id, installation.partnerId, installation.clientId, installation.templateKey, installation.templateVersion,
    targets.runDurationMs, targets.successRate, targets.windowMs, targets.maxBacklogAgeMs, targets.cadenceMs ?? null, JSON.stringify(overrides)] as const;
}

const UPSERT_TARGETS = `insert into sla_targets (installation_id, partner_id, client_id, template_key, template_version,
    run_duration_ms, success_rate, window_ms, max_backlog_age_ms, cadence_ms, overrides, updated_at)
  values ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, now())
  on conflict (installation_id) do update set template_key = excluded.template_key, template_version = excluded.template_version,
    run_duration_ms = excluded.run_duration_ms, success_rate = excluded.success_rate, window_ms = excluded.window_ms,
    max_backlog_age_ms = excluded.max_backlog_age_ms, cadence_ms = excluded.cadence_ms, overrides = excluded.overrides, updated_at = now()`;

async function findInstallation(tx: TTx, installationId: string): Promise<TInstallationRef> {
  const row = await tx.installation.findFirst({
    where: { id: installationId, uninstalledAt: null },
    select: { id: true, partnerId: true, clientId: true, templateKey: true, templateVersion: true },
  });
  if (!row) throw new NotFoundError("Installation");
  return row;
}

async function storedOverrides(tx: TTx, installationIds: string[]): Promise<Map<string, TSlaTargetOverrides>> {
  if (installationIds.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ installation_id: string; overrides: unknown }[]>(
    "select installation_id::text, overrides from sla_targets where installation_id = any($1::uuid[])",
    installationIds,
  );
  // Stored overrides were validated on the way in; a field a later version dropped is ignored.
  return new Map(rows.map((row) => [row.installation_id, ZSlaTargetOverrides.strip().parse(row.overrides ?? {})]));
}

function toDto(templates: TTemplateCatalog, installation: TInstallationRef, overrides: TSlaTargetOverrides): TSlaTargetsDto {
  const defaults = templateDefaults(templates, installation);
  return {
    installationId: installation.id,
    clientId: installation.clientId,
    templateKey: installation.templateKey,
    templateVersion: installation.templateVersion,
    targets: applyOverrides(defaults, overrides),
    defaults,
    overrides,
  };
}

/** One installation's targets; client users see their own client's. */
export async function getSlaTargets({ actor, templates }: SlaTargetsOptions, input: z.infer<typeof ZInstallationSlaInput>): Promise<TSlaTargetsDto> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const installation = await findInstallation(tx, input.installationId);
    const overrides = await storedOverrides(tx, [installation.id]);
    return toDto(templates, installation, overrides.get(installation.id) ?? {});
  });
}

/** Every live installation's targets for one client. */
export async function listSlaTargets({ actor, templates }: SlaTargetsOptions, input: z.infer<typeof ZListSlaTargetsInput>): Promise<TSlaTargetsDto[]> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    // Another tenant's client is "not found", never an empty list.
    if (!(await tx.client.findFirst({ where: { id: input.clientId }, select: { id: true } }))) throw new NotFoundError("Client");
    const installations = await tx.installation.findMany({
      where: { clientId: input.clientId, uninstalledAt: null },
      select: { id: true, partnerId: true, clientId: true, templateKey: true, templateVersion: true },
      orderBy: { createdAt: "asc" },
    });
    const overrides = await storedOverrides(tx, installations.map((i) => i.id));
    return installations.filter((i) => templates.get(i.templateKey, i.templateVersion)).map((i) => toDto(templates, i, overrides.get(i.id) ?? {}));
  });
}

/**
 * Replaces an installation's overrides (fields left out follow the template)
 * and audits the change. Runs already started keep the deadline they started with.
 */
export async function setSlaTargets({ actor, templates }: SlaTargetsOptions, input: z.infer<typeof ZSetSlaTargetsInput>): Promise<TSlaTargetsDto> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const installation = await findInstallation(tx, input.installationId);
    const before = (await storedOverrides(tx, [installation.id])).get(installation.id) ?? {};
    const dto = toDto(templates, installation, input.overrides);
    await tx.$executeRawUnsafe(UPSERT_TARGETS, ...targetRowValues(installation, dto.targets, dto.overrides));
    await recordAudit({
      tx,
      scope: { ...actor.scope, clientId: installation.clientId },
      action: "sla.targets_updated",
      target: { type: "installation", id: installation.id },
      data: { before, after: input.overrides },
    });
    return dto;
  });
}

/**
 * Writes the effective targets of installations that have none yet or whose
 * template version changed (an upgrade brings its new defaults, overrides
 * stay), then gives their deadline-less running runs a deadline from their
 * start. Runs the system scope (the run store's pool). Returns how many
 * installations it wrote; installations of templates missing from the
 * catalogue are left without targets.
 */
export async function syncSlaTargets(pool: pg.Pool, templates: TTemplateCatalog, limit = 500): Promise<number> {
  const { rows } = await pool.query<TInstallationRef & { overrides: unknown }>(
    `select i.id::text, i.partner_id::text as "partnerId", i.client_id::text as "clientId", i.template_key as "templateKey",
       i.template_version as "templateVersion", t.overrides
     from installations i left join sla_targets t on t.installation_id = i.id
     where i.uninstalled_at is null and (t.installation_id is null or t.template_version <> i.template_version)
     order by i.id limit $1`,
    [limit],
  );
  const written: string[] = [];
  for (const row of rows) {
    const template = templates.get(row.templateKey, row.templateVersion);
    if (!template) continue;
    const overrides = ZSlaTargetOverrides.strip().parse(row.overrides ?? {});
    await pool.query(UPSERT_TARGETS, [...targetRowValues(row, applyOverrides(template.sla, overrides), overrides)]);
    written.push(row.id);
  }
  if (written.length > 0) {
    // Runs started between the install and this pass: their deadline counts from their own start.
    await pool.query(
      `update workflow_runs r set sla_deadline = r.created_at + make_interval(secs => t.run_duration_ms::float8 / 1000)
       from sla_targets t
       where r.status = 'running' and r.sla_deadline is null and r.installation_id = t.installation_id and t.installation_id = any($1::uuid[])`,
      [written],
    );
  }
  return written.length;
}
