import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { type TConnectorCatalog } from "@storeflow/connectors";
import { isUniqueViolation, type Prisma, type TTx, withTenant } from "@storeflow/db";
import { ConflictError, DomainError, NotFoundError } from "@storeflow/errors";
import { describeSecretFields, encryptSecret, type TKeyRing } from "@storeflow/secrets";
import { randomBytes } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { connectionSelect, failingWebhooks, type TConnectionDto, toConnectionDto } from "./connection-dto";
import { parseConnectorInput } from "./connector-input";
import { clientDataKey } from "./data-keys";
import { INBOUND_WEBHOOKS_CHANNEL } from "./webhooks/webhook-channel";

const ZConnectionName = z.string().trim().min(2, "Use at least 2 characters").max(80);
const ZSecretsInput = z.record(z.string(), z.string().max(10_000));

export const ZCreateConnectionInput = z.object({
  clientId: z.uuid(),
  connectorKey: z.string().min(1).max(64),
  name: ZConnectionName,
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: ZSecretsInput.default({}),
});
export const ZUpdateConnectionInput = z
  .object({ id: z.uuid(), name: ZConnectionName.optional(), config: z.record(z.string(), z.unknown()).optional() })
  .refine((v) => v.name !== undefined || v.config !== undefined, "Change at least one field");
export const ZReplaceConnectionSecretsInput = z.object({ id: z.uuid(), secrets: ZSecretsInput });
export const ZConnectionIdInput = z.object({ id: z.uuid() });
export const ZListConnectionsInput = z.object({ clientId: z.uuid().optional(), includeArchived: z.boolean().default(false) }).default({ includeArchived: false });

/** Options shared by the connection functions. */
export interface ConnectionOptions<TInput> {
  actor: TActor;
  catalog: TConnectorCatalog;
  input: TInput;
}

/** Options of functions that write secrets. */
export interface ConnectionSecretOptions<TInput> extends ConnectionOptions<TInput> {
  ring: TKeyRing;
}

function connectorOf(catalog: TConnectorCatalog, key: string) {
  const connector = catalog.get(key);
  if (!connector) throw new DomainError("BAD_REQUEST", `There is no connector "${key}"`, "connectorKey");
  return connector;
}

function conflictOnName(error: unknown): never {
  if (isUniqueViolation(error)) throw new ConflictError("This client already has a connection with that name", "name");
  throw error;
}

async function sealSecrets(tx: TTx, ring: TKeyRing, binding: { partnerId: string; clientId: string; connectionId: string }, secrets: Record<string, string>) {
  const dataKey = await clientDataKey(tx, ring, binding);
  // Prisma wants a plain ArrayBuffer-backed array, not a pooled Buffer slice.
  const ciphertext = new Uint8Array(encryptSecret({ dataKey, binding, plaintext: secrets }));
  await tx.connectionSecret.upsert({
    where: { connectionId: binding.connectionId },
    create: { ...binding, ciphertext },
    update: { ciphertext, updatedAt: new Date() },
  });
  return describeSecretFields(secrets);
}

/**
 * Connects one of a client's systems. Settings and secrets are checked against the
 * connector's schemas first (nothing is written when either is wrong); the secrets
 * are encrypted under the client's data key in the same transaction as the row,
 * and only their masked hints are ever returned or audited.
 */
export async function createConnection({ actor, catalog, ring, input }: ConnectionSecretOptions<z.input<typeof ZCreateConnectionInput>>): Promise<TConnectionDto> {
  const { clientId, connectorKey, name, ...raw } = ZCreateConnectionInput.parse(input);
  const connector = connectorOf(catalog, connectorKey);
  const { config, secrets } = parseConnectorInput(connector, raw);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const client = await tx.client.findFirst({ where: { id: clientId, status: "active" }, select: { id: true } });
    if (!client) throw new NotFoundError("Client");
    const id = uuidv7();
    const binding = { partnerId: actor.scope.partnerId, clientId, connectionId: id };
    await tx.connection
      .create({
        data: { id, partnerId: actor.scope.partnerId, clientId, connectorKey, name, config: config as Prisma.InputJsonValue, webhookToken: randomBytes(24).toString("base64url") },
      })
      .catch(conflictOnName);
    const secretHints = await sealSecrets(tx, ring, binding, secrets ?? {});
    const created = await tx.connection.update({ where: { id }, data: { secretHints, secretsSetAt: new Date() }, select: connectionSelect });
    await recordAudit({
      tx,
      scope: { ...actor.scope, clientId },
      action: "connection.created",
      target: { type: "connection", id },
      data: { connectorKey, name, secretFields: Object.keys(secretHints) },
    });
    return created;
  });
  return toConnectionDto(catalog, row);
}

/** The actor's connections: every client's for a partner scope, only its own for a client scope. */
export async function listConnections({ actor, catalog, input }: ConnectionOptions<z.input<typeof ZListConnectionsInput>>): Promise<TConnectionDto[]> {
  const { clientId, includeArchived } = ZListConnectionsInput.parse(input);
  const rows = await withTenant(actor.db, actor.scope, async (tx) => {
    // A client outside the scope is an error, not an empty list: the caller named something it cannot see.
    if (clientId && !(await tx.client.findFirst({ where: { id: clientId }, select: { id: true } }))) throw new NotFoundError("Client");
    return tx.connection.findMany({
      where: { ...(clientId ? { clientId } : {}), ...(includeArchived ? {} : { archivedAt: null }) },
      orderBy: [{ clientId: "asc" }, { name: "asc" }],
      select: connectionSelect,
    });
  });
  return rows.map((row) => toConnectionDto(catalog, row));
}

export async function getConnection({ actor, catalog, input }: ConnectionOptions<z.input<typeof ZConnectionIdInput>>): Promise<TConnectionDto> {
  const { id } = ZConnectionIdInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, (tx) => tx.connection.findFirst({ where: { id }, select: connectionSelect }));
  if (!row) throw new NotFoundError("Connection");
  return toConnectionDto(catalog, row);
}

async function findActive(tx: TTx, id: string) {
  const row = await tx.connection.findFirst({ where: { id }, select: { id: true, clientId: true, connectorKey: true, name: true, config: true, archivedAt: true } });
  if (!row) throw new NotFoundError("Connection");
  if (row.archivedAt) throw new ConflictError("This connection is archived");
  return row;
}

/** Renames a connection or changes its non-secret settings (checked against the connector). */
export async function updateConnection({ actor, catalog, input }: ConnectionOptions<z.input<typeof ZUpdateConnectionInput>>): Promise<TConnectionDto> {
  const { id, name, config } = ZUpdateConnectionInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findActive(tx, id);
    const parsed = config === undefined ? undefined : parseConnectorInput(connectorOf(catalog, current.connectorKey), { config }).config;
    const updated = await tx.connection
      .update({ where: { id }, data: { ...(name ? { name } : {}), ...(parsed ? { config: parsed as Prisma.InputJsonValue } : {}) }, select: connectionSelect })
      .catch(conflictOnName);
    await recordAudit({
      tx,
      scope: { ...actor.scope, clientId: current.clientId },
      action: "connection.updated",
      target: { type: "connection", id },
      data: { ...(name ? { name: { from: current.name, to: name } } : {}), ...(parsed ? { configFields: Object.keys(parsed) } : {}) },
    });
    return updated;
  });
  return toConnectionDto(catalog, row);
}

/**
 * Replaces every secret of a connection (a rotated API key, a new webhook secret).
 * The whole set is given again because the old values are never shown back.
 */
export async function replaceConnectionSecrets({ actor, catalog, ring, input }: ConnectionSecretOptions<z.input<typeof ZReplaceConnectionSecretsInput>>): Promise<TConnectionDto> {
  const { id, secrets } = ZReplaceConnectionSecretsInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findActive(tx, id);
    const parsed = parseConnectorInput(connectorOf(catalog, current.connectorKey), { config: current.config, secrets }).secrets ?? {};
    const secretHints = await sealSecrets(tx, ring, { partnerId: actor.scope.partnerId, clientId: current.clientId, connectionId: id }, parsed);
    const updated = await tx.connection.update({ where: { id }, data: { secretHints, secretsSetAt: new Date() }, select: connectionSelect });
    await recordAudit({
      tx,
      scope: { ...actor.scope, clientId: current.clientId },
      action: "connection.secrets_replaced",
      target: { type: "connection", id },
      data: { secretFields: Object.keys(secretHints) },
    });
    return updated;
  });
  return toConnectionDto(catalog, row);
}

/**
 * Archives a connection: its webhooks are refused from now on and workflows can no
 * longer use it, but its history stays. Its secrets are destroyed, not kept.
 */
export async function archiveConnection({ actor, catalog, input }: ConnectionOptions<z.input<typeof ZConnectionIdInput>>): Promise<TConnectionDto> {
  const { id } = ZConnectionIdInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findActive(tx, id);
    await tx.connectionSecret.deleteMany({ where: { connectionId: id } });
    const archived = await tx.connection.update({ where: { id }, data: { archivedAt: new Date(), secretHints: {} }, select: connectionSelect });
    await recordAudit({ tx, scope: { ...actor.scope, clientId: current.clientId }, action: "connection.archived", target: { type: "connection", id }, data: { name: current.name } });
    return archived;
  });
  return toConnectionDto(catalog, row);
}

/** Asks for a health check soon: the workers' sweep checks connections never checked first. */
export async function requestConnectionCheck({ actor, catalog, input }: ConnectionOptions<z.input<typeof ZConnectionIdInput>>): Promise<TConnectionDto> {
  const { id } = ZConnectionIdInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findActive(tx, id);
    const updated = await tx.connection.update({ where: { id }, data: { healthCheckedAt: null }, select: connectionSelect });
    await recordAudit({ tx, scope: { ...actor.scope, clientId: current.clientId }, action: "connection.check_requested", target: { type: "connection", id } });
    return updated;
  });
  return toConnectionDto(catalog, row);
}

/**
 * Retries now, rather than at the end of their backoff, the connection's
 * webhooks that could not start their runs (after whatever made them fail is
 * fixed), waking the relays as a new webhook does.
 */
export async function retryFailingWebhooks({ actor, catalog, input }: ConnectionOptions<z.input<typeof ZConnectionIdInput>>): Promise<TConnectionDto> {
  const { id } = ZConnectionIdInput.parse(input);
  const row = await withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findActive(tx, id);
    const { count } = await tx.inboundWebhook.updateMany({ where: { connectionId: id, ...failingWebhooks }, data: { relayAfter: null } });
    if (count > 0) await tx.$executeRaw`select pg_notify(${INBOUND_WEBHOOKS_CHANNEL}, '')`;
    await recordAudit({ tx, scope: { ...actor.scope, clientId: current.clientId }, action: "connection.webhooks_retried", target: { type: "connection", id }, data: { webhooks: count } });
    return tx.connection.findFirstOrThrow({ where: { id }, select: connectionSelect });
  });
  return toConnectionDto(catalog, row);
}
