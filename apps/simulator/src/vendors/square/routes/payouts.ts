import { type Hono } from "hono";
import { notFound } from "../errors";
import { type TSquareRouteDeps } from "./deps";
import { inWindow, listPage, readListQuery } from "./list-query";

/** ListPayouts and ListPayoutEntries. */
export function addPayoutRoutes(app: Hono, { state }: TSquareRouteDeps) {
  // begin_time and end_time bound the payout's creation time, not its entries'.
  app.get("/v2/payouts", (c) => {
    const read = readListQuery(c);
    if ("response" in read) return read.response;
    const locationId = c.req.query("location_id") ?? state().locations[0]?.id;
    const status = c.req.query("status");
    const payouts = state().payouts.filter((p) => p.location_id === locationId && (!status || p.status === status) && inWindow(read.query, p.created_at));
    return c.json(listPage(read.query, payouts, (p) => p.created_at, "payouts"));
  });

  app.get("/v2/payouts/:payoutId/payout-entries", (c) => {
    const payoutId = c.req.param("payoutId");
    if (!state().payouts.some((p) => p.id === payoutId)) return notFound(c, "payout", payoutId);
    const read = readListQuery(c);
    if ("response" in read) return read.response;
    const entries = state().payoutEntries.filter((e) => e.payout_id === payoutId);
    return c.json(listPage(read.query, entries, (e) => e.effective_at, "payout_entries"));
  });
}
