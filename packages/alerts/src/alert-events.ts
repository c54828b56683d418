import type pg from "pg";
import { uuidv7 } from "./ids";

/** Appends to an alert's (or with no alert, its rule's) history. */
export async function recordEvent(
  db: Pick<pg.PoolClient, "query">,
  event: { partnerId: string; ruleId: string; alertId: string | null; kind: "raised" | "notified" | "resolved" | "snoozed" | "acknowledged" | "delivery_failed"; at: Date; actorUserId?: string | null; data?: Record<string, unknown> },
) {
  await db.query({
    name: "alerts.record-event",
    text: `insert into alert_events (id, partner_id, rule_id, alert_id, kind, at, actor_user_id, data) values ($8, $1, $2, $3, $4::"AlertEventKind", $5, $6, $7)`,
    values: [event.partnerId, event.ruleId, event.alertId, event.kind, event.at, event.actorUserId ?? null, event.data ?? {}, uuidv7()],
  });
}
