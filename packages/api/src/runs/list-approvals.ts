import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { z } from "zod";
import { APPROVAL_STATUSES } from "../dto";
import { assertClientInScope } from "./client-in-scope";
import { newestFirstAfter, toPage, ZCursorInput } from "./cursor";
import { approvalSelect, toApproval } from "./run-view";

export const ZListApprovalsInput = z
  .object({
    clientId: z.uuid().optional(),
    status: z.array(z.enum(APPROVAL_STATUSES)).min(1).max(APPROVAL_STATUSES.length).default(["pending"]),
    /** `nextCursor` of the previous page. */
    cursor: ZCursorInput.optional(),
    limit: z.int().min(1).max(100).default(50),
  })
  .prefault({});

/**
 * Approvals in the actor's scope (pending ones unless asked otherwise), newest
 * first. Visible is not decidable: each approval's assignees say who may decide.
 */
export async function listApprovals(actor: TActor, input: z.input<typeof ZListApprovalsInput>) {
  const { clientId, status, cursor, limit } = ZListApprovalsInput.parse(input);
  const { orderBy, after } = newestFirstAfter(cursor);
  const rows = await withTenant(actor.db, actor.scope, async (tx) => {
    if (clientId) await assertClientInScope(tx, clientId);
    return tx.approval.findMany({
      where: { AND: [{ partnerId: actor.scope.partnerId, clientId: actor.scope.clientId ?? clientId, status: { in: status } }, after] },
      orderBy,
      take: limit + 1,
      select: approvalSelect,
    });
  });
  return toPage(rows, limit, toApproval);
}
