import { type Hono } from "hono";
import { type TSquareRouteDeps } from "./deps";
import { inWindow, listPage, readListQuery } from "./list-query";

/** ListPayments and ListPaymentRefunds: a time window on created_at, newest first unless ASC. */
export function addPaymentListRoutes(app: Hono, { state }: TSquareRouteDeps) {
  app.get("/v2/payments", (c) => {
    const read = readListQuery(c);
    if ("response" in read) return read.response;
    // Square lists the main location's payments when the request names none.
    const locationId = c.req.query("location_id") ?? state().locations[0]?.id;
    const payments = state().payments.filter((p) => p.location_id === locationId && inWindow(read.query, p.created_at));
    return c.json(listPage(read.query, payments, (p) => p.created_at, "payments"));
  });

  app.get("/v2/refunds", (c) => {
    const read = readListQuery(c);
    if ("response" in read) return read.response;
    // Unlike payments, refunds of every location are listed when the request names none.
    const locationId = c.req.query("location_id");
    const status = c.req.query("status");
    const refunds = state()
      .refunds.filter((r) => (!locationId || r.location_id === locationId) && (!status || r.status === status) && inWindow(read.query, r.created_at))
      // A refund goes back where its payment came from.
      .map((r) => ({ ...r, destination_type: state().payments.find((p) => p.id === r.payment_id)?.source_type ?? "CARD" }));
    return c.json(listPage(read.query, refunds, (r) => r.created_at, "refunds"));
  });
}
