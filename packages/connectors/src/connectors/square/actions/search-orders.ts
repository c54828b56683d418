import { z } from "zod";
import { requestSquare } from "../http-client";
import { toOrder, ZOrder, ZRawOrder } from "../objects";
import { defineSquareAction, resolveLocationIds } from "./define";

export const searchOrders = defineSquareAction({
  title: "Search orders",
  capability: "orders.read",
  idempotency: "read",
  input: z.object({
    /** Up to 10; the connection's location when absent. */
    locationIds: z.array(z.string().min(1)).min(1).max(10).optional(),
    states: z.array(z.enum(["OPEN", "COMPLETED", "CANCELED", "DRAFT"])).min(1).optional(),
    createdAfter: z.iso.datetime({ offset: true }).optional(),
    createdBefore: z.iso.datetime({ offset: true }).optional(),
    limit: z.int().min(1).max(500).default(50),
    /** From the previous page's output. */
    cursor: z.string().min(1).optional(),
  }),
  output: z.object({ orders: z.array(ZOrder), cursor: z.string().nullable() }),
  async run(context, input) {
    const createdAt = input.createdAfter || input.createdBefore ? { created_at: { start_at: input.createdAfter, end_at: input.createdBefore } } : undefined;
    const filter = {
      ...(input.states ? { state_filter: { states: input.states } } : {}),
      ...(createdAt ? { date_time_filter: createdAt } : {}),
    };
    const data = await requestSquare(context, {
      operation: "SearchOrders",
      method: "POST",
      path: "/v2/orders/search",
      body: {
        location_ids: resolveLocationIds(context.config, input.locationIds),
        // Square wants the sort field to match a date_time_filter's: both are CREATED_AT here.
        query: { filter, sort: { sort_field: "CREATED_AT", sort_order: "DESC" } },
        limit: input.limit,
        ...(input.cursor ? { cursor: input.cursor } : {}),
      },
      response: z.object({ orders: z.array(ZRawOrder).optional(), cursor: z.string().optional() }),
    });
    return { orders: (data.orders ?? []).map(toOrder), cursor: data.cursor ?? null };
  },
});
