import { type TPermission } from "@storeflow/accounts";

/**
 * Ids of one target tenant, handed to a procedure's `sample` so the authorization
 * matrix test can aim a valid call at the caller's own client, a sibling client
 * of the same partner, or a client of another partner.
 */
export interface TAuthzTarget {
  partnerId: string;
  clientId: string;
  /** A client-viewer membership on that client. */
  viewerMembershipId: string;
  /** A pending invitation on that client. */
  invitationId: string;
  /** A failed run of that client. */
  failedRunId: string;
  /** A pending approval of that client that every role with "approval.decide" is an assignee of. */
  pendingApprovalId: string;
  /** A connection of that client (the signed test connector). */
  connectionId: string;
  /** An installation of that client (the "test-approval" test template, bound to connectionId). */
  installationId: string;
  /** A failed run of that installation, which restarts on its current version. */
  failedInstalledRunId: string;
  /** An alert channel (signed webhook) of that client's partner; channels are partner-wide, one seeded per client. */
  alertChannelId: string;
  /** An alert rule of that client's partner, narrowed to that client and sending to alertChannelId. */
  alertRuleId: string;
  /** An open alert of alertRuleId about that client's installation. */
  alertId: string;
}

/** Which rung of the ladder a procedure sits on. */
export type TProcedureKind = "public" | "authed" | "partner" | "client" | "platform";

/**
 * `kind` and `permission` are set by the procedure ladder itself, so they cannot
 * disagree with what is enforced; each procedure adds its `sample` (the matrix
 * test fails for a procedure without one).
 */
export interface TProcedureMeta {
  kind?: TProcedureKind;
  permission?: TPermission;
  /** A valid input aimed at `target`; the matrix and bad-input tests are generated from it. */
  sample?: (target: TAuthzTarget) => unknown;
}
