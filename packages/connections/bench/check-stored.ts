import type pg from "pg";

/** What the database holds against what the generator was told. */
export interface TStoredCheck {
  rows: number;
  /** Acknowledged deliveries (answered 2xx) with no row: events a vendor would not resend. */
  lost: number;
  /** Rows beyond one per delivery id, plus deliveries answered "stored now" more than once. */
  duplicated: number;
  extraRows: number;
  /** Stored but never answered: in flight when a phase's clock stopped (a vendor would resend; harmless). */
  unanswered: number;
}

/** Options for {@link checkStored}. */
export interface CheckStoredOptions {
  /** Owner login: reads past row-level security. */
  pool: pg.Pool;
  connectionId: string;
  /** Every delivery id answered 2xx, over all phases. */
  acknowledged: Iterable<string>;
  /** Deliveries answered 202 more than once, over all phases. */
  createdTwice: number;
}

export async function checkStored({ pool, connectionId, acknowledged, createdTwice }: CheckStoredOptions): Promise<TStoredCheck> {
  const { rows } = await pool.query<{ delivery_id: string }>("select delivery_id from inbound_webhooks where connection_id = $1", [connectionId]);
  const stored = new Set(rows.map((row) => row.delivery_id));
  const answered = new Set(acknowledged);
  let lost = 0;
  for (const id of answered) if (!stored.has(id)) lost++;
  let unanswered = 0;
  for (const id of stored) if (!answered.has(id)) unanswered++;
  const extraRows = rows.length - stored.size;
  return { rows: rows.length, lost, duplicated: extraRows + createdTwice, extraRows, unanswered };
}
