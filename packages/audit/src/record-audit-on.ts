import { appendAuditEvent } from "./append-audit-event";
import { type AuditEventOptions } from "./audit-row";
import { auditSql, type TAuditQueryable } from "./audit-sql";

export { type TAuditQueryable } from "./audit-sql";

/**
 * Records an audit event on a raw `pg` connection, inside the transaction of
 * the change it records, so both commit or neither does: {@link recordAudit}
 * for code that works outside Prisma, such as the run store. Same chain, same
 * code: it locks the partner's chain head until the transaction ends.
 *
 * Works on a tenant-scope connection (the row must match its scope) and on
 * the system scope.
 */
export async function recordAuditOn(db: TAuditQueryable, event: AuditEventOptions): Promise<void> {
  await appendAuditEvent(auditSql(db), event);
}
