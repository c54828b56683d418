import { Badge, EmptyState } from "@storeflow/ui";
import { formatTime, type TAlert, type TAlertEvent, type TAlertRule } from "./types";

const KIND: Record<TAlertEvent["kind"], { label: string; variant: "neutral" | "success" | "warning" | "danger" | "info" }> = {
  raised: { label: "Raised", variant: "danger" },
  notified: { label: "Notified", variant: "neutral" },
  resolved: { label: "Resolved", variant: "success" },
  snoozed: { label: "Snoozed", variant: "info" },
  acknowledged: { label: "Acknowledged", variant: "success" },
  delivery_failed: { label: "Delivery failed", variant: "warning" },
};

function detailOf(event: TAlertEvent): string | null {
  const data = event.data as { until?: string | null; reason?: string; grouped?: number; error?: string; resolved?: boolean; reopened?: boolean };
  if (event.kind === "notified" && data.resolved) return "told it is back to normal";
  if (event.kind === "raised" && data.reopened) return "fired again before its resolution was sent";
  if (event.kind === "snoozed") return data.until ? `until ${formatTime(new Date(data.until))}` : "snooze ended";
  if (event.kind === "resolved" && data.reason) return data.reason;
  if (event.kind === "notified" && data.grouped && data.grouped > 1) return `with ${data.grouped - 1} other alert${data.grouped > 2 ? "s" : ""}`;
  if (event.kind === "delivery_failed" && data.error) return data.error;
  return null;
}

/** The newest events of every alert: raised, notified, snoozed, acknowledged, resolved. */
export function AlertHistory({ events, alerts, rules }: { events: TAlertEvent[]; alerts: TAlert[]; rules: TAlertRule[] }) {
  if (events.length === 0) return <EmptyState titleAs="h3" title="No history yet" description="Every alert's life is recorded here: when it was raised, sent, snoozed, acknowledged and resolved." />;
  const subjects = new Map(alerts.map((a) => [a.id, a.subject]));
  const ruleNames = new Map([...alerts.map((a) => [a.ruleId, a.ruleName] as const), ...rules.map((r) => [r.id, r.name] as const)]);
  return (
    <ol className="divide-y divide-border rounded-md border border-border" aria-label="Alert history">
      {events.map((event) => {
        const detail = detailOf(event);
        return (
          <li key={event.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
            <time dateTime={event.at.toISOString()} className="w-40 shrink-0 text-muted-foreground">{formatTime(event.at)}</time>
            <Badge variant={KIND[event.kind].variant}>{KIND[event.kind].label}</Badge>
            <span className="font-medium">{event.alertId ? (subjects.get(event.alertId) ?? "An alert") : `Rule ${ruleNames.get(event.ruleId) ?? ""}`.trim()}</span>
            {event.alertId && ruleNames.get(event.ruleId) ? <span className="text-muted-foreground">· {ruleNames.get(event.ruleId)}</span> : null}
            {detail ? <span className="text-muted-foreground">· {detail}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
