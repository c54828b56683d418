import { v7 as uuidv7 } from "uuid";
import { type AuditEventOptions, auditRow } from "./audit-row";

/** A raw `pg` client inside an open transaction (a `pg.PoolClient` is one). */
export interface TAuditQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<unknown>;
}

/**
 * Records an audit event on a raw `pg` connection, inside the transaction of
 * the change it records, so both commit or neither does: {@link recordAudit}
 * for code that works outside Prisma, such as the run store.
 *
 * Works on a tenant-scope connection (the row must match its scope) and on
 * the system scope, which may add audit rows but not read them.
 */
export async function recordAuditOn(db: TAuditQueryable, event: AuditEventOptions): Promise<void> {
  const row = auditRow(event);
  await db.query({
    name: "audit.record",
    text: `insert into audit_events (id, partner_id, client_id, actor_user_id, action, target_type, target_id, data)
           values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    values: [uuidv7(), row.partnerId, row.clientId, row.actorUserId, row.action, row.targetType, row.targetId, JSON.stringify(row.data)],
  });
}
