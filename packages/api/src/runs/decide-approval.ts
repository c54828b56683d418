import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
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
 * The decision commits in the run store's transaction; the audit event follows
 * in the actor's own. Should the second fail, the approval row still records
 * who decided, when and why.
 */
export async function decideApprovalAsActor({ actor, store, publisher, input }: DecideApprovalAsActorOptions) {
  const { approvalId, decision, reason } = ZDecideApprovalInput.parse(input);
  const found = await withTenant(actor.db, actor.scope, (tx) => tx.approval.findFirst({ where: { id: approvalId, partnerId: actor.scope.partnerId }, select: { clientId: true } }));
  if (!found) throw new NotFoundError("The approval");
  const decided = await decideApproval({
    store,
    publisher,
    scope: { partnerId: actor.scope.partnerId, clientId: actor.scope.clientId },
    userId: actor.scope.userId,
    role: actor.role,
    approvalId,
    decision,
    reason,
  });
  await withTenant(actor.db, actor.scope, (tx) =>
    recordAudit({
      tx,
      scope: actor.scope,
      clientId: found.clientId,
      action: `approval.${decision}`,
      target: { type: "approval", id: approvalId },
      data: { runId: decided.runId, reason: reason || null, nextStep: decided.nextStep },
    }),
  );
  return decided;
}
