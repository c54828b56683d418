import { RelativeTime } from "@/features/connections/relative-time";
import { ApprovalFacts } from "./approval-facts";
import { ApprovalStatusBadge, assigneesText } from "./approval-status-badge";
import { ApprovalEscalation } from "./approval-timing";
import { DecideApproval } from "./decide-approval";
import { type TApproval } from "./run-view";

/** Props of {@link RunApprovals}. */
export interface RunApprovalsProps {
  approvals: TApproval[];
  /** `approval.decide`: Approve and Reject on pending ones. */
  canDecide: boolean;
  onDecided: (notice: string) => Promise<void>;
}

/** The approvals the run asked for, oldest first, with who decided what. */
export function RunApprovals({ approvals, canDecide, onDecided }: RunApprovalsProps) {
  return (
    <ul aria-label="Approvals" className="grid gap-3">
      {approvals.map((approval) => (
        <li key={approval.id} className="grid gap-2 rounded-md border border-border p-3">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{approval.title}</span>
            <ApprovalStatusBadge status={approval.status} />
            <span className="text-sm text-muted-foreground">
              at step <code className="font-mono text-xs">{approval.stepKey}</code>
            </span>
          </div>
          <p className="text-sm text-muted-foreground">
            Asked <RelativeTime date={approval.createdAt} /> · {assigneesText(approval.assignees)}
            {approval.status === "pending" ? (
              <>
                {" "}· expires <RelativeTime date={approval.expiresAt} />
              </>
            ) : null}
            {approval.decidedAt ? (
              <>
                {" "}· decided <RelativeTime date={approval.decidedAt} />
              </>
            ) : null}
          </p>
          {approval.status === "pending" ? (
            <div className="text-sm">
              <ApprovalEscalation approval={approval} />
            </div>
          ) : null}
          <ApprovalFacts details={approval.details} />
          {approval.reason ? <p className="text-sm">Reason: {approval.reason}</p> : null}
          {canDecide && approval.status === "pending" ? <DecideApproval approval={approval} onDecided={onDecided} /> : null}
        </li>
      ))}
    </ul>
  );
}
