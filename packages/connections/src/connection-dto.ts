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
  /** Webhooks it delivered that could not yet become events and runs (see publishInboundWebhooks); null when none. */
  webhooksFailing: z
    .object({
      count: z.number().int().positive(),
      /** The latest one's error, and when the relay tries it again. */
      lastError: z.string(),
      nextAttemptAt: z.date(),
    })
    .nullable(),
});
export type TConnectionDto = z.infer<typeof ZConnectionDto>;

/** A connection's webhooks that could not yet start their runs: failed at least once, not published since. */
export const failingWebhooks = { publishedAt: null, relayAttempts: { gt: 0 } } as const;

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
  _count: { select: { webhooks: { where: failingWebhooks } } },
  webhooks: { where: failingWebhooks, orderBy: { receivedAt: "desc" }, take: 1, select: { relayError: true, relayAfter: true } },
} as const;

type TConnectionRow = {
  connectorKey: string;
  webhookToken: string;
  config: unknown;
  secretHints: unknown;
  _count: { webhooks: number };
  webhooks: { relayError: string | null; relayAfter: Date | null }[];
} & Omit<TConnectionDto, "connectorName" | "webhookPath" | "config" | "secretHints" | "webhooksFailing">;

export function toConnectionDto(catalog: TConnectorCatalog, { webhookToken, _count, webhooks: [latestFailing], ...row }: TConnectionRow): TConnectionDto {
  const connector = catalog.get(row.connectorKey);
  return {
    ...row,
    webhooksFailing:
      _count.webhooks > 0 && latestFailing
        ? { count: _count.webhooks, lastError: latestFailing.relayError ?? "unknown error", nextAttemptAt: latestFailing.relayAfter ?? new Date() }
        : null,
    config: row.config as Record<string, unknown>,
    secretHints: row.secretHints as Record<string, string>,
    connectorName: connector?.name ?? row.connectorKey,
    webhookPath: connector?.webhook ? `/api/hooks/${webhookToken}` : null,
  };
}
