import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";
import { decideApproval, type TRunStore, type TStepPublisher, ZDecideApprovalInput } from "@storeflow/runs";
import { type z } from "zod";

/** Options for {@link decideApprovalAsActor}. */
export interface DecideApprovalAsActorOptions {
  actor: TActor;
  /** System-scope pool: see the invariant on {@link decideApprovalAsActor}. */
  store: TRunStore;
  publisher: TStepPublisher;
  input: z.input<typeof ZDecideApprovalInput>;
}

/**
 * A signed-in person's decision on an approval. The run store works in the
 * system scope, so tenant isolation here rests on two checks that must both
 * stay: the approval is first found under row-level security in the actor's
 * scope (another partner's, or a sibling client's, is not found), and the
 * decision itself is taken with that same scope, from the session, in its
 * WHERE clause. Whether this person may decide is the approval's own rule
 * (its assignees), checked by the decision.
 *
 * The audit event is written in the run store's transaction with the decision,
 * so both commit or neither does.
 */
export async function decideApprovalAsActor({ actor, store, publisher, input }: DecideApprovalAsActorOptions) {
  const { approvalId, decision, reason } = ZDecideApprovalInput.parse(input);
  const found = await withTenant(actor.db, actor.scope, (tx) => tx.approval.findFirst({ where: { id: approvalId, partnerId: actor.scope.partnerId }, select: { id: true } }));
  if (!found) throw new NotFoundError("The approval");
  return decideApproval({
    store,
    publisher,
    scope: { partnerId: actor.scope.partnerId, clientId: actor.scope.clientId },
    userId: actor.scope.userId,
    role: actor.role,
    approvalId,
    decision,
    reason,
    audit: { action: `approval.${decision}` },
  });
}
