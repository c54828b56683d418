import { type Prisma, type TTx } from "@storeflow/db";
import { type AuditEventOptions, auditRow } from "./audit-row";

/** Options for {@link recordAudit}. */
export interface RecordAuditOptions extends AuditEventOptions {
  /** The same transaction as the change it records, so both commit or neither does. */
  tx: TTx;
}

export async function recordAudit({ tx, ...event }: RecordAuditOptions): Promise<void> {
  const row = auditRow(event);
  await tx.auditEvent.create({ data: { ...row, data: row.data as Prisma.InputJsonValue } });
}
