import { v7 as uuidv7 } from "uuid";
import { type AuditEventOptions, auditRow } from "./audit-row";
import { AUDIT_GENESIS_HASH, hashAuditEvent, type TChainedAuditEvent } from "./audit-hash";
import { auditTimeSql, type TAuditSql } from "./audit-sql";

interface THeadRow {
  seq: number;
  hash: string;
  partner_id: string;
  client_id: string | null;
  actor_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  data: string;
  created_at: string;
}

/**
 * Appends one event to its partner's chain, in the caller's transaction.
 *
 * The first statement locks the partner's chain head (creating it at seq 0 for
 * a partner's first event) and, in the same round trip, returns the row's
 * values as the database will store them, among them the jsonb text of `data`
 * and the time, read after the lock so `created_at` follows `seq`. The hash is
 * computed here, and the second statement inserts the row and moves the head.
 *
 * Invariant: the head's row lock is held until the caller's transaction ends,
 * so one partner's writers append one at a time and its chain has no gaps or
 * forks. Callers audit last in their transaction to keep that lock short.
 */
export async function appendAuditEvent(sql: TAuditSql, event: AuditEventOptions): Promise<{ id: string; seq: number; hash: string }> {
  const row = auditRow(event);
  // Every hashed value comes back from the database as it will be stored (uuids
  // in canonical form, text as PostgreSQL encodes it), so verify recomputes
  // exactly what was hashed.
  const [head] = await sql.query<THeadRow>(
    "audit.chain_head",
    `insert into audit_chain_heads (partner_id, seq, hash) values ($1::uuid, 0, $2)
     on conflict (partner_id) do update set seq = audit_chain_heads.seq
     returning seq, hash, partner_id::text as partner_id, $3::uuid::text as client_id, $4::uuid::text as actor_user_id,
       $5::text as action, $6::text as target_type, $7::text as target_id, $8::jsonb::text as data,
       ${auditTimeSql("date_trunc('milliseconds', clock_timestamp())")} as created_at`,
    [row.partnerId, AUDIT_GENESIS_HASH, row.clientId, row.actorUserId, row.action, row.targetType, row.targetId, JSON.stringify(row.data)],
  );
  if (!head) throw new Error(`no audit chain head for partner ${row.partnerId}`);
  const chained: TChainedAuditEvent = {
    id: uuidv7(),
    partnerId: head.partner_id,
    clientId: head.client_id,
    actorUserId: head.actor_user_id,
    action: head.action,
    targetType: head.target_type,
    targetId: head.target_id,
    data: head.data,
    createdAt: head.created_at,
    seq: head.seq + 1,
    prevHash: head.hash,
  };
  const hash = hashAuditEvent(chained);
  await sql.query(
    "audit.append",
    `with moved as (update audit_chain_heads set seq = $10::int, hash = $12 where partner_id = $2::uuid)
     insert into audit_events (id, partner_id, client_id, actor_user_id, action, target_type, target_id, data, created_at, seq, prev_hash, hash)
     values ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7, $8::jsonb, $9::timestamptz, $10::int, $11, $12)`,
    [chained.id, chained.partnerId, chained.clientId, chained.actorUserId, chained.action, chained.targetType, chained.targetId, chained.data, chained.createdAt, chained.seq, chained.prevHash, hash],
  );
  return { id: chained.id, seq: chained.seq, hash };
}
