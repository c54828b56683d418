import { type Hono } from "hono";
import { z } from "zod";
import { notFound, parseSquareBody, squareError } from "../errors";
import { type TSquareOrder } from "../state";
import { type TSquareRouteDeps } from "./deps";

const ZSearchOrders = z.object({
  location_ids: z.array(z.string()).min(1).max(10),
  cursor: z.string().optional(),
  limit: z.int().min(1).max(1000).optional(),
  return_entries: z.boolean().optional(),
  query: z
    .object({
      filter: z
        .object({
          state_filter: z.object({ states: z.array(z.enum(["OPEN", "COMPLETED", "CANCELED", "DRAFT"])).min(1) }).optional(),
          date_time_filter: z.object({ created_at: z.object({ start_at: z.iso.datetime({ offset: true }).optional(), end_at: z.iso.datetime({ offset: true }).optional() }).optional() }).optional(),
        })
        .optional(),
      sort: z.object({ sort_field: z.enum(["CREATED_AT", "UPDATED_AT", "CLOSED_AT"]).optional(), sort_order: z.enum(["ASC", "DESC"]).optional() }).optional(),
    })
    .optional(),
});

function matches(order: TSquareOrder, body: z.output<typeof ZSearchOrders>): boolean {
  const filter = body.query?.filter;
  const createdAt = Date.parse(order.created_at);
  const range = filter?.date_time_filter?.created_at;
  return (
    body.location_ids.includes(order.location_id) &&
    (!filter?.state_filter || filter.state_filter.states.includes(order.state)) &&
    (!range?.start_at || createdAt >= Date.parse(range.start_at)) &&
    (!range?.end_at || createdAt < Date.parse(range.end_at))
  );
}

/** SearchOrders and RetrieveOrder. */
export function addOrderRoutes(app: Hono, { state }: TSquareRouteDeps) {
  app.post("/v2/orders/search", async (c) => {
    const parsed = await parseSquareBody(c, ZSearchOrders);
    if ("response" in parsed) return parsed.response;
    const { body } = parsed;
    const start = body.cursor ? Number(Buffer.from(body.cursor, "base64url").toString()) : 0;
    if (!Number.isInteger(start)) return squareError(c, 400, [{ category: "INVALID_REQUEST_ERROR", code: "INVALID_CURSOR", detail: "The cursor is not valid.", field: "cursor" }]);
    const descending = body.query?.sort?.sort_order !== "ASC";
    // Orders placed within the same millisecond keep the order they were placed in.
    const orders = state().orders;
    const found = orders
      .filter((order) => matches(order, body))
      .sort((a, b) => (descending ? -1 : 1) * (Date.parse(a.created_at) - Date.parse(b.created_at) || orders.indexOf(a) - orders.indexOf(b)));
    const limit = body.limit ?? 500;
    const page = found.slice(start, start + limit);
    const next = start + page.length < found.length ? Buffer.from(String(start + page.length)).toString("base64url") : undefined;
    // Square leaves the list out altogether when nothing matched.
    const results = page.length === 0 ? {} : body.return_entries ? { order_entries: page.map((o) => ({ order_id: o.id, version: o.version, location_id: o.location_id })) } : { orders: page };
    return c.json({ ...results, ...(next ? { cursor: next } : {}) });
  });

  app.get("/v2/orders/:orderId", (c) => {
    const order = state().orders.find((o) => o.id === c.req.param("orderId"));
    return order ? c.json({ order }) : notFound(c, "order", c.req.param("orderId"));
  });
}
