import { type TTx } from "@storeflow/db";

/** Resolves an open alert by a person's action (its rule deleted), with its history event, in `tx`. */
export async function resolveAlert(tx: TTx, { alertId, partnerId, ruleId, now, reason, actorUserId }: { alertId: string; partnerId: string; ruleId: string; now: Date; reason: string; actorUserId: string }) {
  const { count } = await tx.alert.updateMany({ where: { id: alertId, status: "open" }, data: { status: "resolved", resolvedAt: now } });
  if (count) await tx.alertEvent.create({ data: { partnerId, ruleId, alertId, kind: "resolved", at: now, actorUserId, data: { reason } } });
}
