import { inTransaction, publishEvent, type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { ATTR_CLIENT_ID, ATTR_CONNECTION_ID, ATTR_EVENT_TYPE, ATTR_PARTNER_ID, SpanKind, withContextAttributes, withSpan, withTraceContext } from "@storeflow/telemetry";

/** An accepted webhook as the relay hands it to what starts runs from it. */
export interface TTriggeringWebhook {
  partnerId: string;
  clientId: string;
  connectionId: string;
  deliveryId: string;
  eventType: string;
  occurredAt: string;
  correlationKey: string | null;
  payload: unknown;
}

/**
 * Starts the runs a webhook triggers (installations provide it); idempotent per
 * webhook, since the relay may hand the same one over again. Returns how many it started.
 */
export type TWebhookRunStarter = (webhook: TTriggeringWebhook) => Promise<number>;

/** Options for {@link publishInboundWebhooks}. */
export interface PublishInboundWebhooksOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  /** Starts the runs each webhook triggers. @defaultValue none: webhooks only resume waiting runs */
  startRuns?: TWebhookRunStarter;
  /** Webhooks taken per pass. @defaultValue 100 */
  limit?: number;
}

const FIRST_RELAY_BACKOFF_S = 1;
const MAX_RELAY_BACKOFF_S = 900;

interface TUnpublished {
  id: string;
  partner_id: string;
  client_id: string;
  connection_id: string;
  delivery_id: string;
  event_type: string;
  occurred_at: string;
  correlation_key: string | null;
  payload: unknown;
  traceparent: string | null;
}

/**
 * The ingress's outbox relay: turns accepted webhooks into workflow events (which
 * resume runs waiting on them) and into the runs they trigger. A client's webhooks
 * are relayed by one relay at a time (a lock per client, held until the pass
 * commits), so they go in the order they came whichever worker relays them,
 * while concurrent relays take the other clients; each webhook's event has the
 * delivery itself as its idempotency key, so a relay that dies after publishing
 * but before marking the webhook publishes it again harmlessly. Returns how many it published.
 *
 * A pass is shared among the clients with webhooks waiting: each gets an equal
 * share of `limit` (at least one), its oldest first, and the pass goes oldest
 * first across them. A client whose systems send thousands at once waits behind
 * its own backlog, while another client's webhook goes in the next pass. So a
 * pass may come back short of `limit` while webhooks wait: its caller goes
 * again while a pass publishes anything. The clients in a pass are relayed side
 * by side, each one's webhooks in order; a client's first failure stops its
 * own (the rest wait for the next pass) but neither another client's nor the
 * marks of those published, and the pass then throws WebhookRelayError. The
 * webhook that failed keeps its error and waits out a backoff (1 s, doubling
 * to 15 minutes) while its client's later webhooks go on: one that keeps
 * failing is kept and retried, never dropped, and never stops its client.
 *
 * Each webhook is relayed in a `webhook.relay` span under the request that
 * delivered it (its stored traceparent), so the runs it starts and the waits
 * it resumes join that trace.
 */
export async function publishInboundWebhooks({ store, publisher, startRuns, limit = 100 }: PublishInboundWebhooksOptions): Promise<number> {
  const { published, failures } = await inTransaction(store.pool, async (client) => {
    const { rows } = await client.query<TUnpublished>({
      name: "connections.lock-unpublished-webhooks",
      // The clients waiting, each found once by a skip along the index rather than a scan of every webhook waiting.
      text: `with recursive waiting(client_id) as (
               (select client_id from inbound_webhooks where published_at is null order by client_id limit 1)
               union all
               select (select w.client_id from inbound_webhooks w where w.published_at is null and w.client_id > waiting.client_id order by w.client_id limit 1)
               from waiting where waiting.client_id is not null
             ), owned as materialized (
               -- Clients another relay's pass holds are left to it: taking their next webhooks meanwhile would relay them out of order.
               select client_id from waiting where client_id is not null and pg_try_advisory_xact_lock(hashtext('storeflow.webhook-relay'), hashtext(client_id::text))
             ), share as (
               select greatest(1, ceil($1::float8 / greatest(count(*), 1)))::int as per from owned
             )
             select w.id, w.partner_id, w.client_id, w.connection_id, w.delivery_id, w.event_type, to_json(w.occurred_at) #>> '{}' as occurred_at,
               w.correlation_key, w.payload, w.traceparent
             from owned c cross join share cross join lateral (
               select * from inbound_webhooks w where w.published_at is null and w.client_id = c.client_id and (w.relay_after is null or w.relay_after <= now())
               order by w.received_at limit share.per for update skip locked
             ) w
             order by w.received_at limit $1`,
      values: [limit],
    });
    const byClient = new Map<string, TUnpublished[]>();
    for (const row of rows) {
      const ofClient = byClient.get(row.client_id);
      if (ofClient) ofClient.push(row);
      else byClient.set(row.client_id, [row]);
    }
    const published: string[] = [];
    const failures: { id: string; error: unknown }[] = [];
    await Promise.all(
      [...byClient.values()].map(async (ofClient) => {
        for (const row of ofClient) {
          try {
            await relay(row, { store, publisher, startRuns });
          } catch (error) {
            failures.push({ id: row.id, error });
            return;
          }
          published.push(row.id);
        }
      }),
    );
    if (published.length > 0) {
      await client.query({ name: "connections.mark-webhooks-published", text: "update inbound_webhooks set published_at = now() where id = any($1::uuid[])", values: [published] });
    }
    for (const { id, error } of failures) {
      await client.query({
        name: "connections.back-off-webhook",
        text: `update inbound_webhooks set relay_attempts = relay_attempts + 1, relay_error = left($2, 1000),
                 relay_after = now() + make_interval(secs => least(${MAX_RELAY_BACKOFF_S}, ${FIRST_RELAY_BACKOFF_S} * power(2, relay_attempts)))
               where id = $1`,
        values: [id, error instanceof Error ? error.message : String(error)],
      });
    }
    return { published: published.length, failures };
  });
  // Thrown once the marks are committed: what was published stays published.
  if (failures.length > 0) throw new WebhookRelayError(published, failures.map((failure) => failure.error));
  return published;
}

/** Some webhooks of a relay pass could not be published; those published before them are marked, the rest wait for the next pass. */
export class WebhookRelayError extends AggregateError {
  constructor(
    readonly published: number,
    errors: unknown[],
  ) {
    super(errors, `${errors.length} client(s) could not have their webhooks relayed (${published} published): ${String(errors[0])}`);
    this.name = "WebhookRelayError";
  }
}

/** Publishes one webhook's event and starts the runs it triggers, in the trace of the request that delivered it. */
function relay(row: TUnpublished, { store, publisher, startRuns }: Pick<PublishInboundWebhooksOptions, "store" | "publisher" | "startRuns">): Promise<void> {
  const tenant = { [ATTR_PARTNER_ID]: row.partner_id, [ATTR_CLIENT_ID]: row.client_id };
  return withTraceContext(row.traceparent, () =>
    withContextAttributes(tenant, () =>
      withSpan(
        "webhook.relay",
        { [ATTR_CONNECTION_ID]: row.connection_id, [ATTR_EVENT_TYPE]: row.event_type },
        async (span) => {
          await publishEvent({
            store,
            publisher,
            scope: { partnerId: row.partner_id, clientId: row.client_id },
            event: row.event_type,
            correlationKey: row.correlation_key ?? row.delivery_id,
            payload: row.payload as never,
            idempotencyKey: `webhook:${row.connection_id}:${row.delivery_id}`,
          });
          const started = await startRuns?.({
            partnerId: row.partner_id,
            clientId: row.client_id,
            connectionId: row.connection_id,
            deliveryId: row.delivery_id,
            eventType: row.event_type,
            occurredAt: row.occurred_at,
            correlationKey: row.correlation_key,
            payload: row.payload,
          });
          if (started !== undefined) span.setAttribute("storeflow.runs_started", started);
        },
        { kind: SpanKind.CONSUMER },
      ),
    ),
  );
}
