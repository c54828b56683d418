import { type TActor } from "@storeflow/accounts";
import { RunStatus, withTenant } from "@storeflow/db";
import { z } from "zod";
import { assertClientInScope } from "./client-in-scope";
import { ZCursorInput } from "./cursor";
import { runOrderAfter, toSortedPage, ZRunSort } from "./run-order";
import { runSummarySelect, toRunSummary } from "./run-view";

export const ZListRunsInput = z
  .object({
    clientId: z.uuid().optional(),
    status: z.array(z.enum(RunStatus)).min(1).max(Object.keys(RunStatus).length).optional(),
    workflowKey: z.string().trim().min(1).max(100).optional(),
    correlationKey: z.string().trim().min(1).max(500).optional(),
    /** Created at or after this time. */
    createdFrom: z.coerce.date().optional(),
    /** Created before this time. */
    createdTo: z.coerce.date().optional(),
    /** Newest first unless asked otherwise; a cursor belongs to the sort it was made under. */
    sort: ZRunSort.prefault({}),
    /** `nextCursor` of the previous page. */
    cursor: ZCursorInput.optional(),
    limit: z.int().min(1).max(100).default(50),
  })
  .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom < f.createdTo, { message: "Choose an end after the start", path: ["createdTo"] })
  .prefault({});

/** Runs in the actor's scope matching the filters, in the chosen order (newest first by default), one page at a time. */
export async function listRuns(actor: TActor, input: z.input<typeof ZListRunsInput>) {
  const { clientId, status, workflowKey, correlationKey, createdFrom, createdTo, sort, cursor, limit } = ZListRunsInput.parse(input);
  const { orderBy, after } = runOrderAfter(sort, cursor);
  const rows = await withTenant(actor.db, actor.scope, async (tx) => {
    if (clientId) await assertClientInScope(tx, clientId);
    return tx.workflowRun.findMany({
      where: {
        AND: [
          {
            partnerId: actor.scope.partnerId,
            clientId: actor.scope.clientId ?? clientId,
            status: status && { in: status },
            workflowKey,
            correlationKey,
            createdAt: { gte: createdFrom, lt: createdTo },
          },
          after,
        ],
      },
      orderBy,
      take: limit + 1,
      select: runSummarySelect,
    });
  });
  return toSortedPage(sort, rows, limit, toRunSummary);
}
