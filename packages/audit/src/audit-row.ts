import { type TTenantScope } from "@storeflow/db";
import { redactAuditData } from "./redact";

/** What an audit event records: who, in which tenant, did what to what. */
export interface AuditEventOptions {
  scope: TTenantScope;
  /** Dotted past tense: `client.created`, `member.role_changed`. */
  action: string;
  target: { type: string; id?: string | null };
  /** Client the change concerns, when narrower than the scope. @defaultValue scope.clientId */
  clientId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * The audit_events row for an event, redacted. Both ways of recording one
 * (Prisma and raw `pg`) build their row here, so they cannot drift apart.
 */
export function auditRow({ scope, action, target, clientId, data = {} }: AuditEventOptions) {
  return {
    partnerId: scope.partnerId,
    clientId: clientId ?? scope.clientId ?? null,
    actorUserId: scope.userId ?? null,
    action,
    targetType: target.type,
    targetId: target.id ?? null,
    data: redactAuditData(data),
  };
}
