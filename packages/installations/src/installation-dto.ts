import { type TConnectorCatalog } from "@storeflow/connectors";
import { type Prisma, type TTx } from "@storeflow/db";
import { compareVersions, type TTemplateCatalog } from "@storeflow/templates";
import { type TEventTrigger } from "./resolve-install";

export const installationSelect = {
  id: true,
  clientId: true,
  templateKey: true,
  templateVersion: true,
  definitionHash: true,
  params: true,
  bindings: true,
  eventTriggers: true,
  enabled: true,
  uninstalledAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.InstallationSelect;
export type TInstallationRow = Prisma.InstallationGetPayload<{ select: typeof installationSelect }>;

/** One binding as the portal shows it: which connection fills it. */
export interface TBindingDto {
  binding: string;
  title: string;
  connectionId: string;
  connectionName: string | null;
  connectorKey: string | null;
}

/** An installation as the API returns it. */
export interface TInstallationDto {
  id: string;
  clientId: string;
  templateKey: string;
  templateVersion: string;
  /** The template's title, or its key when this deployment no longer offers it. */
  title: string;
  /** A newer version the installation can be upgraded to, if there is one. */
  upgradeTo: string | null;
  params: Record<string, unknown>;
  bindings: TBindingDto[];
  eventTriggers: TEventTrigger[];
  schedules: { id: string; cron: string; timezone: string; enabled: boolean }[];
  enabled: boolean;
  uninstalledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Reads what the DTOs of `rows` show besides the rows: connection names and schedules. */
export async function toInstallationDtos(tx: TTx, templates: TTemplateCatalog, connectors: TConnectorCatalog, rows: TInstallationRow[]): Promise<TInstallationDto[]> {
  const connectionIds = rows.flatMap((row) => Object.values(row.bindings as Record<string, string>));
  // One after the other: a transaction's queries share its one connection.
  const connections = await tx.connection.findMany({ where: { id: { in: connectionIds } }, select: { id: true, name: true, connectorKey: true } });
  const schedules = await tx.workflowSchedule.findMany({
    where: { installationId: { in: rows.map((row) => row.id) } },
    select: { id: true, installationId: true, cron: true, timezone: true, enabled: true },
    orderBy: { createdAt: "asc" },
  });
  const connectionById = new Map(connections.map((c) => [c.id, c]));
  return rows.map((row) => {
    const template = templates.get(row.templateKey, row.templateVersion);
    const latest = templates.get(row.templateKey);
    const bindings = Object.entries(row.bindings as Record<string, string>).map(([binding, connectionId]) => {
      const connection = connectionById.get(connectionId);
      return {
        binding,
        title: template?.bindings[binding]?.title ?? binding,
        connectionId,
        connectionName: connection?.name ?? null,
        connectorKey: connection ? (connectors.get(connection.connectorKey)?.key ?? connection.connectorKey) : null,
      };
    });
    return {
      id: row.id,
      clientId: row.clientId,
      templateKey: row.templateKey,
      templateVersion: row.templateVersion,
      title: template?.title ?? latest?.title ?? row.templateKey,
      upgradeTo: latest && compareVersions(latest.version, row.templateVersion) > 0 && !row.uninstalledAt ? latest.version : null,
      params: row.params as Record<string, unknown>,
      bindings,
      eventTriggers: row.eventTriggers as unknown as TEventTrigger[],
      schedules: schedules.filter((s) => s.installationId === row.id).map(({ id, cron, timezone, enabled }) => ({ id, cron, timezone, enabled })),
      enabled: row.enabled,
      uninstalledAt: row.uninstalledAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}
