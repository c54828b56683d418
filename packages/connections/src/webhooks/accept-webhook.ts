import { type TConnectorCatalog, type TDomainEvent, type TInboundWebhook, WebhookPayloadError, WebhookVerificationError } from "@storeflow/connectors";
import { type TKeyRing } from "@storeflow/secrets";
import { injectTraceContext } from "@storeflow/telemetry";
import type pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { ConnectionUnavailableError, openConnectionByWebhookToken, type TOpenConnection } from "../open-connection";
import { INBOUND_WEBHOOKS_CHANNEL } from "./webhook-channel";
import { type TWebhookConnectionCache } from "./webhook-connection-cache";

/** Why the ingress refused a webhook, with the HTTP status it answers. Nothing was stored. */
export class WebhookRejectedError extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
  ) {
    super(message);
    this.name = "WebhookRejectedError";
  }
}

/** A subscription handshake: answer 200 with `body` as text; nothing was stored. */
export interface TWebhookHandshake {
  kind: "handshake";
  body: string;
}

/** A webhook the ingress accepted: stored, or found stored by an earlier delivery. */
export interface TAcceptedWebhook {
  kind: "accepted";
  id: string;
  partnerId: string;
  clientId: string;
  connectionId: string;
  /** The connection's connector ("shopify"). */
  connectorKey: string;
  /** True when this delivery repeated one already stored: nothing changed. */
  duplicate: boolean;
  event: TDomainEvent;
}

/** Options for {@link acceptWebhook}. */
export interface AcceptWebhookOptions {
  /** storeflow_app pool in the system scope. */
  db: pg.Pool;
  catalog: TConnectorCatalog;
  ring: TKeyRing;
  /** The token from the webhook URL, /api/hooks/<token>. */
  token: string;
  request: TInboundWebhook;
  /** Opened connections kept between requests (see createWebhookConnectionCache). @defaultValue read every time */
  cache?: TWebhookConnectionCache;
}

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

async function insertOnce(db: pg.Pool, connection: { id: string; partnerId: string; clientId: string }, event: TDomainEvent): Promise<{ id: string; duplicate: boolean }> {
  const { rows } = await db.query<{ id: string }>({
    name: "connections.insert-webhook",
    // INSERT ... SELECT proves the connection exists without a foreign key's row lock.
    // The traceparent is the receiving request's: the relay, later and elsewhere, continues its trace.
    // Only a stored webhook wakes the relays (a redelivery stores nothing), and only once it is committed.
    text: `with stored as (
             insert into inbound_webhooks (id, partner_id, client_id, connection_id, delivery_id, event_type, occurred_at, correlation_key, payload, traceparent)
             select $1, c.partner_id, c.client_id, c.id, $5, $6, $7, $8, $9::jsonb, $10 from connections c
             where c.id::text = $2 and c.partner_id::text = $3 and c.client_id::text = $4 and c.archived_at is null
             on conflict (connection_id, delivery_id) do nothing
             returning id
           )
           select id, pg_notify('${INBOUND_WEBHOOKS_CHANNEL}', '') from stored`,
    values: [
      uuidv7(),
      connection.id,
      connection.partnerId,
      connection.clientId,
      event.deliveryId,
      event.type,
      event.occurredAt,
      event.correlationKey ?? null,
      JSON.stringify(event.payload),
      injectTraceContext() ?? null,
    ],
  });
  if (rows[0]) return { id: rows[0].id, duplicate: false };
  const existing = await db.query<{ id: string }>({
    name: "connections.find-webhook",
    text: "select id from inbound_webhooks where connection_id::text = $1 and partner_id::text = $2 and delivery_id = $3",
    values: [connection.id, connection.partnerId, event.deliveryId],
  });
  if (!existing.rows[0]) throw new WebhookRejectedError(404, "unknown webhook URL");
  return { id: existing.rows[0].id, duplicate: true };
}

/**
 * Verifies a vendor webhook with its connection's secret and stores it once per
 * delivery id. When this resolves, the webhook is committed in PostgreSQL and the
 * caller may answer 2xx; a redelivery resolves as a duplicate and changes nothing.
 * Anything refused throws WebhookRejectedError and stores nothing. The secret is
 * decrypted for the signature check only and goes no further.
 */
async function openByToken(options: AcceptWebhookOptions, fresh: boolean): Promise<{ connection: TOpenConnection; cached: boolean }> {
  const hit = fresh ? undefined : options.cache?.get(options.token);
  if (hit) return { connection: hit, cached: true };
  try {
    const connection = await openConnectionByWebhookToken(options);
    options.cache?.set(options.token, connection);
    return { connection, cached: false };
  } catch (error) {
    // Archived, unknown or undecryptable all read the same from outside: no tenant is revealed.
    if (error instanceof ConnectionUnavailableError) throw new WebhookRejectedError(404, "unknown webhook URL");
    throw error;
  }
}

/** Why the signature check failed, or null when it passed. */
function verificationFailure(connection: TOpenConnection, request: TInboundWebhook): string | null {
  try {
    connection.connector.webhook!.verify(request, { config: connection.config, secrets: connection.secrets });
    return null;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.message;
    throw error;
  }
}

/**
 * Verifies a vendor webhook with its connection's secret and stores it once per
 * delivery id. When this resolves, the webhook is committed in PostgreSQL and the
 * caller may answer 2xx; a redelivery resolves as a duplicate and changes nothing.
 * Anything refused throws WebhookRejectedError and stores nothing. The secret is
 * decrypted for the signature check only and goes no further.
 */
export async function acceptWebhook(options: AcceptWebhookOptions): Promise<TAcceptedWebhook | TWebhookHandshake> {
  const { db, token, request } = options;
  if (!TOKEN.test(token)) throw new WebhookRejectedError(404, "unknown webhook URL");
  const opened = await openByToken(options, false);
  const { cached } = opened;
  let { connection } = opened;
  const trigger = connection.connector.webhook;
  if (!trigger) throw new WebhookRejectedError(404, "unknown webhook URL");
  const challenge = trigger.handshake?.(request);
  if (challenge !== undefined) return { kind: "handshake", body: challenge };
  let failure = verificationFailure(connection, request);
  if (failure && cached) {
    // A cached connection may predate a replaced secret: one fresh read decides.
    ({ connection } = await openByToken(options, true));
    failure = verificationFailure(connection, request);
  }
  if (failure) throw new WebhookRejectedError(401, failure);
  let event: TDomainEvent;
  try {
    event = trigger.normalise(request, { config: connection.config });
  } catch (error) {
    if (error instanceof WebhookPayloadError) throw new WebhookRejectedError(400, error.message);
    throw error;
  }
  const stored = await insertOnce(db, connection, event);
  return { kind: "accepted", ...stored, partnerId: connection.partnerId, clientId: connection.clientId, connectionId: connection.id, connectorKey: connection.connector.key, event };
}
