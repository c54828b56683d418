import { Badge, type BadgeProps } from "@storeflow/ui";
import { type TConnection } from "./connector-catalog";
import { RelativeTime } from "./relative-time";

const HEALTH: Record<TConnection["health"], { label: string; variant: BadgeProps["variant"] }> = {
  healthy: { label: "Healthy", variant: "success" },
  unhealthy: { label: "Failing", variant: "danger" },
  unknown: { label: "Not checked yet", variant: "neutral" },
};

/** The last health check's verdict in words (colour only repeats it), its detail and when it ran. */
export function HealthBadge({ connection }: { connection: TConnection }) {
  const { label, variant } = HEALTH[connection.health];
  return (
    <div className="grid gap-1">
      <Badge variant={variant}>{label}</Badge>
      {connection.healthDetail ? <span className="text-xs text-muted-foreground">{connection.healthDetail}</span> : null}
      {connection.healthCheckedAt ? (
        <span className="text-xs text-muted-foreground">
          checked <RelativeTime date={connection.healthCheckedAt} />
        </span>
      ) : null}
    </div>
  );
}
