import { Badge } from "@storeflow/ui";
import { RelativeTime } from "@/features/connections/relative-time";
import { assigneesText } from "./approval-status-badge";
import { type TApproval } from "./run-view";

/** Under this much time left, the expiry is flagged: someone should decide now. */
const SOON_MS = 60 * 60 * 1000;

/** How long a pending approval has left before it expires (and its run takes the timeout route). */
export function ApprovalExpiry({ approval, now = new Date() }: { approval: Pick<TApproval, "expiresAt">; now?: Date }) {
  const left = approval.expiresAt.getTime() - now.getTime();
  if (left <= 0) return <Badge variant="neutral">Expired</Badge>;
  return (
    <span className={left < SOON_MS ? "font-medium text-warning" : undefined} data-testid="approval-expiry">
      Expires <RelativeTime date={approval.expiresAt} />
    </span>
  );
}

/** Whether the approval was escalated (and to whom), when it will be, or that it never is. */
export function ApprovalEscalation({ approval }: { approval: Pick<TApproval, "escalateAt" | "escalatedAt" | "escalateTo"> }) {
  if (approval.escalatedAt) {
    return (
      <span className="grid gap-0.5" data-testid="approval-escalation" data-state="escalated">
        <span><Badge variant="warning">Escalated</Badge> <RelativeTime date={approval.escalatedAt} /></span>
        {approval.escalateTo ? <span className="text-xs text-muted-foreground">to {assigneesText(approval.escalateTo)}</span> : null}
      </span>
    );
  }
  if (approval.escalateAt) {
    return (
      <span data-testid="approval-escalation" data-state="scheduled">
        Escalates <RelativeTime date={approval.escalateAt} />
      </span>
    );
  }
  return <span className="text-muted-foreground" data-testid="approval-escalation" data-state="none">Never escalates</span>;
}
