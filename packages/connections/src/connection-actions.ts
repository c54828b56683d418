import { invokeAction, type TConnectorCatalog, type TFetch } from "@storeflow/connectors";
import { NonRetryableError } from "@storeflow/engine";
import { type TActionCall, type TActionRegistry } from "@storeflow/runs";
import { redactSecretValues, type TKeyRing } from "@storeflow/secrets";
import { ATTR_CLIENT_ID, ATTR_CONNECTION_ID, ATTR_CONNECTOR, ATTR_OPERATION, ATTR_PARTNER_ID, ATTR_RUN_ID, withSpan } from "@storeflow/telemetry";
import { LRUCache } from "lru-cache";
import type pg from "pg";
import { ConnectionUnavailableError, openConnection } from "./open-connection";

/**
 * Which of the client's connections a run's binding ("pos", "shop") stands for.
 * Installations own that mapping; undefined means the binding is not bound.
 */
export type TBindingResolver = (run: TActionCall["run"], binding: string) => Promise<string | undefined>;

/** Options for {@link createConnectionActions}. */
export interface CreateConnectionActionsOptions {
  /** storeflow_app pool in the system scope; every lookup names the run's tenant. */
  db: pg.Pool;
  catalog: TConnectorCatalog;
  ring: TKeyRing;
  /** The SSRF-guarded fetch every connector call goes through. */
  fetch: TFetch;
  resolveBinding: TBindingResolver;
}

function scrub(error: unknown, secrets: string[]): unknown {
  // Vendors echo credentials back in error bodies often enough that no message is trusted.
  if (error instanceof Error && secrets.length > 0) error.message = String(redactSecretValues(error.message, secrets));
  return error;
}

/**
 * The worker's action registry: a step's `connection` is a binding, resolved to
 * one of the run's client's connections; its secrets are decrypted for this call
 * only, and scrubbed from whatever comes back (output or error) before the
 * executor records it in step_runs.
 */
export function createConnectionActions({ db, catalog, ring, fetch, resolveBinding }: CreateConnectionActionsOptions): TActionRegistry {
  // A connection's connector never changes, so its key is read once per process.
  const connectorKeys = new LRUCache<string, string>({ max: 10_000 });
  return {
    /**
     * The connector's rate-limit policy, per connection: every installation (and
     * every worker) calling the same shop shares that shop's budget.
     */
    async budget(call) {
      const connectionId = await resolveBinding(call.run, call.connection);
      if (!connectionId) return undefined;
      let key = connectorKeys.get(connectionId);
      if (!key) {
        const { rows } = await db.query<{ connector_key: string }>({
          name: "connections.connector-key",
          text: "select connector_key from connections where id = $1 and partner_id = $2 and client_id = $3",
          values: [connectionId, call.run.partnerId, call.run.clientId],
        });
        key = rows[0]?.connector_key;
        if (!key) return undefined;
        connectorKeys.set(connectionId, key);
      }
      const policy = catalog.get(key)?.rateLimit;
      return policy && { ...policy, key: connectionId };
    },
    resolve: (binding, operation) => async (call) => {
      const connectionId = await resolveBinding(call.run, binding);
      if (!connectionId) throw new NonRetryableError(`the workflow's "${binding}" binding is not bound to a connection of this client`);
      let connection;
      try {
        connection = await openConnection({ db, catalog, ring, partnerId: call.run.partnerId, clientId: call.run.clientId, connectionId });
      } catch (error) {
        if (error instanceof ConnectionUnavailableError) throw new NonRetryableError(`connection for "${binding}" cannot be used: ${error.message}`);
        throw error;
      }
      const secrets = Object.values(connection.secrets);
      const { connector } = connection;
      // Ids and names only: the input, the output and an error's message (which may quote the far end) stay out of the span.
      const attributes = {
        [ATTR_PARTNER_ID]: call.run.partnerId,
        [ATTR_CLIENT_ID]: call.run.clientId,
        [ATTR_RUN_ID]: call.run.id,
        [ATTR_CONNECTION_ID]: connection.id,
        [ATTR_CONNECTOR]: connector.key,
        [ATTR_OPERATION]: operation,
      };
      const name = `connector.${connector.key}.${Object.hasOwn(connector.actions, operation) ? operation : "unknown"}`;
      return withSpan(
        name,
        attributes,
        async () => {
          try {
            const output = await invokeAction(connector, {
              operation,
              input: call.input,
              config: connection.config,
              secrets: connection.secrets,
              idempotencyKey: call.idempotencyKey,
              signal: call.signal,
              fetch,
            });
            return redactSecretValues(output, secrets);
          } catch (error) {
            throw scrub(error, secrets);
          }
        },
        { errorMessages: false },
      );
    },
  };
}
