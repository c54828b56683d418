import { z } from "zod";
import { requestSquare } from "../http-client";
import { toCount, ZCount, ZRawCount } from "../objects";
import { defineSquareAction, resolveLocationIds } from "./define";

// 100 counts a page; this bounds a misbehaving cursor at 5,000 counts.
const MAX_PAGES = 50;

export const getInventoryCounts = defineSquareAction({
  title: "Retrieve inventory counts",
  capability: "inventory.read",
  idempotency: "read",
  input: z.object({
    /** Item variation ids. */
    catalogObjectIds: z.array(z.string().min(1)).min(1).max(1000),
    /** The connection's location when absent. */
    locationIds: z.array(z.string().min(1)).min(1).optional(),
    /** @defaultValue ["IN_STOCK"] (Square's own default) */
    states: z.array(z.string().min(1)).min(1).optional(),
  }),
  output: z.object({ counts: z.array(ZCount) }),
  async run(context, input) {
    const counts: z.output<typeof ZCount>[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: { counts?: z.output<typeof ZRawCount>[]; cursor?: string } = await requestSquare(context, {
        operation: "BatchRetrieveInventoryCounts",
        method: "POST",
        path: "/v2/inventory/counts/batch-retrieve",
        body: {
          catalog_object_ids: input.catalogObjectIds,
          location_ids: resolveLocationIds(context.config, input.locationIds),
          ...(input.states ? { states: input.states } : {}),
          ...(cursor ? { cursor } : {}),
        },
        response: z.object({ counts: z.array(ZRawCount).optional(), cursor: z.string().optional() }),
      });
      counts.push(...(data.counts ?? []).map(toCount));
      cursor = data.cursor;
      if (!cursor) break;
    }
    return { counts };
  },
});
