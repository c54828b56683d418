import { type TTx } from "@storeflow/db";
import { appendAuditEvent } from "./append-audit-event";
import { type AuditEventOptions } from "./audit-row";
import { auditSql } from "./audit-sql";

/** Options for {@link recordAudit}. */
export interface RecordAuditOptions extends AuditEventOptions {
  /** The same transaction as the change it records, so both commit or neither does. */
  tx: TTx;
}

/**
 * Appends the event to its partner's hash chain (see appendAuditEvent): it
 * locks the partner's chain head until `tx` commits, so audit last.
 */
export async function recordAudit({ tx, ...event }: RecordAuditOptions): Promise<void> {
  await appendAuditEvent(auditSql(tx), event);
}
