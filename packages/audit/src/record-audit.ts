import { type Prisma, type TTenantScope, type TTx } from "@storeflow/db";
import { redactAuditData } from "./redact";

/** Options for {@link recordAudit}. */
export interface RecordAuditOptions {
  /** The same transaction as the change it records, so both commit or neither does. */
  tx: TTx;
  scope: TTenantScope;
  /** Dotted past tense: `client.created`, `member.role_changed`. */
  action: string;
  target: { type: string; id?: string | null };
  /** Client the change concerns, when narrower than the scope. @defaultValue scope.clientId */
  clientId?: string | null;
  data?: Record<string, unknown>;
}

export async function recordAudit({ tx, scope, action, target, clientId, data = {} }: RecordAuditOptions): Promise<void> {
  await tx.auditEvent.create({
    data: {
      partnerId: scope.partnerId,
      clientId: clientId ?? scope.clientId ?? null,
      actorUserId: scope.userId ?? null,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      data: redactAuditData(data) as Prisma.InputJsonValue,
    },
  });
}
