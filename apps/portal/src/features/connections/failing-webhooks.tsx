import { Badge } from "@storeflow/ui";
import { type TConnection } from "./connector-catalog";
import { RelativeTime } from "./relative-time";

/** Webhooks the connection delivered that have not yet started their runs: how many, the latest one's error, and the next try. */
export function FailingWebhooks({ failing }: { failing: NonNullable<TConnection["webhooksFailing"]> }) {
  return (
    <div className="grid gap-1">
      <Badge variant="warning">{failing.count === 1 ? "1 webhook not processed" : `${failing.count} webhooks not processed`}</Badge>
      <span className="text-xs break-words text-muted-foreground">Last error: {failing.lastError}</span>
      <span className="text-xs text-muted-foreground">
        Retried automatically; next try <RelativeTime date={failing.nextAttemptAt} />
      </span>
    </div>
  );
}
