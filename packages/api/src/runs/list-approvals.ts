import { isClientRole, type TActor } from "@storeflow/accounts";
import { type Prisma, withTenant } from "@storeflow/db";
import { z } from "zod";
import { APPROVAL_STATUSES } from "../dto";
import { assertClientInScope } from "./client-in-scope";
import { newestFirstAfter, toPage, ZCursorInput } from "./cursor";
import { approvalSelect, toApproval } from "./run-view";

export const ZListApprovalsInput = z
  .object({
    clientId: z.uuid().optional(),
    status: z.array(z.enum(APPROVAL_STATUSES)).min(1).max(APPROVAL_STATUSES.length).default(["pending"]),
    /** `nextCursor` of the previous page; null is the first page, as tRPC's infinite queries send it. */
    cursor: ZCursorInput.nullish(),
    limit: z.int().min(1).max(100).default(50),
  })
  .prefault({});

/** People ({ roles, userIds } as the step stored them) that name this user or their role. */
function naming(column: "assignees" | "escalateTo", actor: TActor): Prisma.ApprovalWhereInput[] {
  return [{ [column]: { path: ["userIds"], array_contains: [actor.scope.userId] } }, { [column]: { path: ["roles"], array_contains: [actor.role] } }];
}

/**
 * Which approvals a client user sees: those that name them, by user or by the
 * role of their active membership, or that were escalated to them. The same
 * rule decideApproval applies, so a client user never lists an approval they
 * could not decide for want of being named (a viewer still only watches).
 * Partner staff see every approval of the partner's clients.
 */
function assignedTo(actor: TActor): Prisma.ApprovalWhereInput {
  if (!isClientRole(actor.role)) return {};
  return { OR: [...naming("assignees", actor), { AND: [{ escalatedAt: { not: null } }, { OR: naming("escalateTo", actor) }] }] };
}

/**
 * Approvals in the actor's scope (pending ones unless asked otherwise), newest
 * first; for a client user, only those assigned to them (see {@link assignedTo}).
 */
export async function listApprovals(actor: TActor, input: z.input<typeof ZListApprovalsInput>) {
  const { clientId, status, cursor, limit } = ZListApprovalsInput.parse(input);
  const { orderBy, after } = newestFirstAfter(cursor ?? undefined);
  const rows = await withTenant(actor.db, actor.scope, async (tx) => {
    if (clientId) await assertClientInScope(tx, clientId);
    return tx.approval.findMany({
      where: { AND: [{ partnerId: actor.scope.partnerId, clientId: actor.scope.clientId ?? clientId, status: { in: status } }, assignedTo(actor), after] },
      orderBy,
      take: limit + 1,
      select: approvalSelect,
    });
  });
  return toPage(rows, limit, toApproval);
}
