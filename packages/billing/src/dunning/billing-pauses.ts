import { recordAudit } from "@storeflow/audit";
import { ClientStatus, DunningStatus, type TTx } from "@storeflow/db";

/** `clients.runs_pause_reason` of a pause an unpaid invoice set; only a payment (the dunning code) lifts it. */
export const BILLING_PAUSE_REASON = "billing";
/** A quota pause gives way to a billing pause: the quota monitor re-pauses after payment if still over. */
const OVERRIDABLE_REASONS = ["quota"];

/**
 * Pauses runs of the clients a paused case covers (one client, or every client
 * of an unpaid partner) that are not paused yet, or only for their quota. A
 * pause set by a person stays as it is: they lift it, and the next sweep then
 * applies this one. Queued work is kept: paused clients' steps wait on the queue.
 */
export async function applyBillingPause(tx: TTx, { partnerId, clientId, caseId }: { partnerId: string; clientId: string | null; caseId: string }): Promise<string[]> {
  const targets = await tx.client.findMany({
    where: {
      partnerId,
      ...(clientId ? { id: clientId } : {}),
      status: ClientStatus.active,
      OR: [{ runsPausedAt: null }, { runsPauseReason: { in: OVERRIDABLE_REASONS } }],
    },
    select: { id: true, runsPausedAt: true, runsPauseReason: true },
  });
  const paused: string[] = [];
  for (const client of targets) {
    const { count } = await tx.client.updateMany({
      where: { id: client.id, runsPausedAt: client.runsPausedAt, runsPauseReason: client.runsPauseReason },
      data: { runsPausedAt: new Date(), runsPauseReason: BILLING_PAUSE_REASON },
    });
    if (count === 0) continue;
    paused.push(client.id);
    await recordAudit({
      tx,
      scope: { partnerId, clientId: client.id },
      action: "client.runs_paused",
      target: { type: "client", id: client.id },
      data: { reason: BILLING_PAUSE_REASON, dunningCaseId: caseId, replaced: client.runsPauseReason },
    });
  }
  return paused;
}

/**
 * Lifts billing pauses from the clients a resolved case covered, except those
 * another paused case still covers (their partner still unpaid, or their own
 * invoice). Returns the clients resumed; their queued steps then run.
 */
export async function liftBillingPause(tx: TTx, { partnerId, clientId, caseId }: { partnerId: string; clientId: string | null; caseId: string }): Promise<string[]> {
  const stillPaused = await tx.dunningCase.findMany({ where: { partnerId, status: DunningStatus.paused, id: { not: caseId } }, select: { clientId: true } });
  if (stillPaused.some((c) => c.clientId === null)) return [];
  const held = new Set(stillPaused.map((c) => c.clientId));
  const targets = await tx.client.findMany({ where: { partnerId, ...(clientId ? { id: clientId } : {}), runsPauseReason: BILLING_PAUSE_REASON }, select: { id: true } });
  const resumed: string[] = [];
  for (const { id } of targets) {
    if (held.has(id)) continue;
    const { count } = await tx.client.updateMany({ where: { id, runsPauseReason: BILLING_PAUSE_REASON }, data: { runsPausedAt: null, runsPauseReason: null } });
    if (count === 0) continue;
    resumed.push(id);
    await recordAudit({ tx, scope: { partnerId, clientId: id }, action: "client.runs_resumed", target: { type: "client", id }, data: { reason: BILLING_PAUSE_REASON, dunningCaseId: caseId } });
  }
  return resumed;
}
