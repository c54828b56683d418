import type pg from "pg";

export type TQueryable = Pick<pg.Pool, "query">;

export const SLA_BREACH_KINDS = ["run_duration", "backlog_age", "cadence", "success_rate"] as const;
export type TSlaBreachKind = (typeof SLA_BREACH_KINDS)[number];

/** A breach as a detector found it; see the sla_breaches model for what each field means. */
export interface TBreachInput {
  partnerId: string;
  clientId: string;
  installationId: string;
  kind: TSlaBreachKind;
  runId: string | null;
  /** Unique per installation and kind: the run id, or the missed window's deadline. */
  dedupeKey: string;
  deadline: Date;
  detectedAt: Date;
  details: Record<string, unknown>;
}

/**
 * Records breaches not recorded before (the unique key makes a repeat, or the
 * same breach found by two workers at once, a no-op) and, in the same
 * statement, counts each new one into its minute, hour and day rollups (and its
 * client's hour and day ones).
 * Returns the breaches it inserted.
 */
export async function recordBreaches(db: TQueryable, breaches: readonly TBreachInput[]): Promise<{ id: string; kind: TSlaBreachKind; dedupeKey: string }[]> {
  if (breaches.length === 0) return [];
  const column = <T>(pick: (b: TBreachInput) => T) => breaches.map(pick);
  const { rows } = await db.query<{ id: string; kind: TSlaBreachKind; dedupe_key: string }>(
    `with input as (
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::"SlaBreachKind"[], $5::uuid[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::jsonb[])
         as b(partner_id, client_id, installation_id, kind, run_id, dedupe_key, deadline, detected_at, details)
     ), inserted as (
       insert into sla_breaches (id, partner_id, client_id, installation_id, kind, run_id, dedupe_key, deadline, detected_at, details)
       select gen_random_uuid(), partner_id, client_id, installation_id, kind, run_id, dedupe_key, deadline, detected_at, details from input
       on conflict (installation_id, kind, dedupe_key) do nothing
       returning id, partner_id, client_id, installation_id, kind, dedupe_key, detected_at
     ), counted as (
       insert into sla_rollups (partner_id, client_id, installation_id, grain, bucket_start, breaches)
       select partner_id, client_id, installation_id, g.grain::"SlaGrain", date_trunc(g.grain, detected_at, 'UTC'), count(*)
       from inserted cross join (values ('minute'), ('hour'), ('day')) as g(grain)
       group by 1, 2, 3, 4, 5
       on conflict (installation_id, grain, bucket_start) do update set breaches = sla_rollups.breaches + excluded.breaches, updated_at = now()
     ), client_counted as (
       insert into sla_client_rollups (partner_id, client_id, grain, bucket_start, breaches)
       select partner_id, client_id, g.grain, date_trunc(g.grain, detected_at, 'UTC'), count(*)
       from inserted cross join (values ('hour'), ('day')) as g(grain)
       group by 1, 2, 3, 4
       on conflict (partner_id, grain, bucket_start, client_id) do update set breaches = sla_client_rollups.breaches + excluded.breaches, updated_at = now()
     )
     select id::text, kind, dedupe_key from inserted`,
    [
      column((b) => b.partnerId),
      column((b) => b.clientId),
      column((b) => b.installationId),
      column((b) => b.kind),
      column((b) => b.runId),
      column((b) => b.dedupeKey),
      column((b) => b.deadline.toISOString()),
      column((b) => b.detectedAt.toISOString()),
      column((b) => JSON.stringify(b.details)),
    ],
  );
  return rows.map((row) => ({ id: row.id, kind: row.kind, dedupeKey: row.dedupe_key }));
}
