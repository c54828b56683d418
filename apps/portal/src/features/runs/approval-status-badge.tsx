import { Badge, type BadgeProps } from "@storeflow/ui";
import { type TApproval } from "./run-view";

const APPROVAL_STATUS: Record<TApproval["status"], { label: string; variant: BadgeProps["variant"] }> = {
  pending: { label: "Waiting for a decision", variant: "warning" },
  approved: { label: "Approved", variant: "success" },
  rejected: { label: "Rejected", variant: "danger" },
  expired: { label: "Expired", variant: "neutral" },
  cancelled: { label: "Cancelled", variant: "neutral" },
};

export function ApprovalStatusBadge({ status }: { status: TApproval["status"] }) {
  const { label, variant } = APPROVAL_STATUS[status];
  return <Badge variant={variant}>{label}</Badge>;
}

/** Who may decide, in words: "Roles: partner_admin · 2 named people". */
export function assigneesText(people: TApproval["assignees"]): string {
  const parts = [];
  if (people.roles?.length) parts.push(`Roles: ${people.roles.map((r) => r.replace(/_/g, " ")).join(", ")}`);
  if (people.userIds?.length) parts.push(people.userIds.length === 1 ? "1 named person" : `${people.userIds.length} named people`);
  return parts.join(" · ") || "Nobody named";
}
