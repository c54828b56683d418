import { createHash } from "node:crypto";

/** `prev_hash` of each partner's first event. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** Version tag at the start of the canonical form: a new form must get a new tag. */
const CANONICAL_VERSION = "storeflow.audit.v1";

/** The stored content of one audit event, as its hash covers it. */
export interface TChainedAuditEvent {
  id: string;
  partnerId: string;
  clientId: string | null;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** PostgreSQL's text form of the stored jsonb (`data::text`), never re-serialised here. */
  data: string;
  /** `created_at` in UTC to the millisecond, `2026-12-01T22:20:03.466Z` (the column is timestamptz(3)). */
  createdAt: string;
  seq: number;
  prevHash: string;
}

/**
 * The canonical form a hash covers: a JSON array of the version tag and every
 * column, with `data` as PostgreSQL prints the jsonb (keys de-duplicated and
 * sorted, fixed spacing, numbers as stored). Taking the database's own text
 * for `data` means the form never depends on how JavaScript orders keys or
 * prints numbers.
 *
 * Invariant: the SQL function `audit_event_canonical` (migration
 * audit_hash_chain, used to backfill rows older than the chain) builds the same
 * string byte for byte: JSON.stringify and PostgreSQL escape strings alike.
 * audit-chain.int.test.ts checks the two agree.
 */
export function canonicalAuditEvent(event: TChainedAuditEvent): string {
  const fields = [CANONICAL_VERSION, event.id, event.partnerId, event.clientId, event.actorUserId, event.action, event.targetType, event.targetId, event.createdAt, event.seq, event.prevHash];
  return `[${fields.map((f) => JSON.stringify(f)).join(",")},${event.data}]`;
}

/** SHA-256 of the canonical form, lower-case hex. */
export function hashAuditEvent(event: TChainedAuditEvent): string {
  return createHash("sha256").update(canonicalAuditEvent(event), "utf8").digest("hex");
}
