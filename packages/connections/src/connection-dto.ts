import { ConnectionHealth } from "@storeflow/db";
import { type TConnectorCatalog } from "@storeflow/connectors";
import { z } from "zod";

/** What the API says about a connection: its secrets only as masked hints. */
export const ZConnectionDto = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  connectorKey: z.string(),
  connectorName: z.string(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  secretHints: z.record(z.string(), z.string()),
  secretsSetAt: z.date().nullable(),
  /** Where the vendor should post webhooks (relative to the portal); null when the connector takes none. */
  webhookPath: z.string().nullable(),
  health: z.enum(ConnectionHealth),
  healthDetail: z.string().nullable(),
  healthCheckedAt: z.date().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TConnectionDto = z.infer<typeof ZConnectionDto>;

export const connectionSelect = {
  id: true,
  clientId: true,
  connectorKey: true,
  name: true,
  config: true,
  secretHints: true,
  secretsSetAt: true,
  webhookToken: true,
  health: true,
  healthDetail: true,
  healthCheckedAt: true,
  archivedAt: true,
  createdAt: true,
} as const;

type TConnectionRow = { connectorKey: string; webhookToken: string; config: unknown; secretHints: unknown } & Omit<TConnectionDto, "connectorName" | "webhookPath" | "config" | "secretHints">;

export function toConnectionDto(catalog: TConnectorCatalog, { webhookToken, ...row }: TConnectionRow): TConnectionDto {
  const connector = catalog.get(row.connectorKey);
  return {
    ...row,
    config: row.config as Record<string, unknown>,
    secretHints: row.secretHints as Record<string, string>,
    connectorName: connector?.name ?? row.connectorKey,
    webhookPath: connector?.webhook ? `/api/hooks/${webhookToken}` : null,
  };
}
