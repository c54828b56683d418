import { type TConnector, type TConnectorCatalog } from "@storeflow/connectors";
import { decryptSecret, type TKeyRing, unwrapDataKey } from "@storeflow/secrets";
import type pg from "pg";

/** A connection ready to call: its connector, settings and decrypted secrets. */
export interface TOpenConnection {
  id: string;
  partnerId: string;
  clientId: string;
  connector: TConnector;
  config: unknown;
  /** Plaintext: hold it only while the call that needs it runs. */
  secrets: Record<string, string>;
}

interface TConnectionSecretRow {
  id: string;
  partner_id: string;
  client_id: string;
  connector_key: string;
  config: unknown;
  archived_at: Date | null;
  ciphertext: Buffer | null;
  kek_id: string | null;
  wrapped_key: Buffer | null;
}

/** Why a connection cannot be opened; the caller decides whether that is a 404 or a failed step. */
export class ConnectionUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionUnavailableError";
  }
}

const SELECT = `select c.id, c.partner_id, c.client_id, c.connector_key, c.config, c.archived_at, s.ciphertext, k.kek_id, k.wrapped_key
  from connections c
  left join connection_secrets s on s.connection_id = c.id and s.partner_id = c.partner_id and s.client_id = c.client_id
  left join client_data_keys k on k.client_id = c.client_id and k.partner_id = c.partner_id`;

function open(catalog: TConnectorCatalog, ring: TKeyRing, row: TConnectionSecretRow | undefined): TOpenConnection {
  if (!row) throw new ConnectionUnavailableError("no such connection");
  if (row.archived_at) throw new ConnectionUnavailableError("the connection is archived");
  const connector = catalog.get(row.connector_key);
  if (!connector) throw new ConnectionUnavailableError(`no connector "${row.connector_key}" in this build`);
  const owner = { partnerId: row.partner_id, clientId: row.client_id };
  let secrets: Record<string, string> = {};
  if (row.ciphertext) {
    if (!row.kek_id || !row.wrapped_key) throw new ConnectionUnavailableError("the client's data key is missing");
    const dataKey = unwrapDataKey(ring, { kekId: row.kek_id, wrappedKey: row.wrapped_key }, owner);
    secrets = decryptSecret({ dataKey, binding: { ...owner, connectionId: row.id }, ciphertext: row.ciphertext });
  }
  return { id: row.id, ...owner, connector, config: row.config, secrets };
}

/** Options for {@link openConnection}. */
export interface OpenConnectionOptions {
  /** storeflow_app pool in the system scope: every statement names the tenant itself. */
  db: pg.Pool | pg.PoolClient;
  catalog: TConnectorCatalog;
  ring: TKeyRing;
  partnerId: string;
  clientId: string;
  connectionId: string;
}

/** Opens one of a client's connections for a step; another tenant's id finds nothing. */
export async function openConnection({ db, catalog, ring, partnerId, clientId, connectionId }: OpenConnectionOptions): Promise<TOpenConnection> {
  const { rows } = await db.query<TConnectionSecretRow>({
    name: "connections.open",
    text: `${SELECT} where c.id::text = $1 and c.partner_id::text = $2 and c.client_id::text = $3`,
    values: [connectionId, partnerId, clientId],
  });
  return open(catalog, ring, rows[0]);
}

/**
 * Opens the connection a webhook URL names. The token is the only thing the vendor
 * sends that identifies the tenant: it is random, long and unique, and a wrong one
 * finds nothing.
 */
export async function openConnectionByWebhookToken(options: { db: pg.Pool; catalog: TConnectorCatalog; ring: TKeyRing; token: string }): Promise<TOpenConnection> {
  const { rows } = await options.db.query<TConnectionSecretRow>({ name: "connections.open-by-token", text: `${SELECT} where c.webhook_token = $1`, values: [options.token] });
  return open(options.catalog, options.ring, rows[0]);
}
