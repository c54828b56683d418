import { type TConnectorCatalog, type TFetch } from "@storeflow/connectors";
import { redactSecretValues, type TKeyRing } from "@storeflow/secrets";
import type pg from "pg";
import { openConnection } from "./open-connection";

/** Options for {@link sweepConnectionHealth}. */
export interface SweepConnectionHealthOptions {
  /** storeflow_app pool in the system scope. */
  db: pg.Pool;
  catalog: TConnectorCatalog;
  ring: TKeyRing;
  /** The SSRF-guarded fetch health checks call out through. */
  fetch: TFetch;
  /** A connection is checked again this long after its last check. @defaultValue 900000 (15 min) */
  staleAfterMs?: number;
  /** Connections checked per pass. @defaultValue 20 */
  limit?: number;
  /** A check that takes longer fails. @defaultValue 10000 */
  timeoutMs?: number;
}

/** One connection's checked health. */
export interface TConnectionHealthResult {
  connectionId: string;
  partnerId: string;
  clientId: string;
  ok: boolean;
  detail: string | null;
}

const MAX_DETAIL = 500;

/**
 * Checks the connections due for it (never checked, asked for by a person, or
 * stale) with their connector's health call, all at once, and records each
 * outcome with its time. A connection is claimed for the length of a check
 * first, so concurrent sweeps on other workers pass it by while its check time
 * still says when its last verdict was taken; a worker that dies mid-check
 * leaves it to the next sweep once its claim runs out.
 * What the far end says is shown to the partner, so secrets are scrubbed from it.
 */
export async function sweepConnectionHealth({ db, catalog, ring, fetch, staleAfterMs = 900_000, limit = 20, timeoutMs = 10_000 }: SweepConnectionHealthOptions): Promise<TConnectionHealthResult[]> {
  const { rows } = await db.query<{ id: string; partner_id: string; client_id: string }>({
    name: "connections.claim-health-checks",
    text: `update connections set health_claimed_until = now() + make_interval(secs => $3::float8 / 1000)
           where id in (select id from connections
                        where archived_at is null and (health_checked_at is null or health_checked_at < now() - make_interval(secs => $1::float8 / 1000))
                          and (health_claimed_until is null or health_claimed_until < now())
                        order by health_checked_at nulls first limit $2 for update skip locked)
           returning id, partner_id, client_id`,
    // Opening the connection and recording the verdict take a moment beyond the call's own timeout.
    values: [staleAfterMs, limit, timeoutMs + CLAIM_MARGIN_MS],
  });
  return Promise.all(rows.map((row) => checkOne({ db, catalog, ring, fetch, timeoutMs }, row)));
}

const CLAIM_MARGIN_MS = 30_000;

async function checkOne(
  { db, catalog, ring, fetch, timeoutMs }: Pick<SweepConnectionHealthOptions, "db" | "catalog" | "ring" | "fetch"> & { timeoutMs: number },
  row: { id: string; partner_id: string; client_id: string },
): Promise<TConnectionHealthResult> {
  const result = { connectionId: row.id, partnerId: row.partner_id, clientId: row.client_id, ok: false, detail: null as string | null };
  let secrets: string[] = [];
  try {
    const connection = await openConnection({ db, catalog, ring, partnerId: row.partner_id, clientId: row.client_id, connectionId: row.id });
    secrets = Object.values(connection.secrets);
    const health = await connection.connector.health({ config: connection.config, secrets: connection.secrets, signal: AbortSignal.timeout(timeoutMs), fetch });
    result.ok = health.ok;
    result.detail = health.detail ?? null;
  } catch (error) {
    result.detail = error instanceof Error ? error.message : String(error);
  }
  if (result.detail) result.detail = String(redactSecretValues(result.detail, secrets)).slice(0, MAX_DETAIL);
  await db.query({
    name: "connections.record-health",
    text: `update connections set health = $4::"ConnectionHealth", health_detail = $5, health_checked_at = now(), health_claimed_until = null
           where id::text = $1 and partner_id::text = $2 and client_id::text = $3`,
    values: [row.id, row.partner_id, row.client_id, result.ok ? "healthy" : "unhealthy", result.detail],
  });
  return result;
}
