import { Hono } from "hono";
import { squareError } from "../errors";
import { addAccountRoutes } from "./account";
import { addCatalogRoutes } from "./catalog";
import { addCatalogUpsertRoutes } from "./catalog-upsert";
import { type TSquareRouteDeps } from "./deps";
import { addInventoryRoutes } from "./inventory";
import { addOrderRoutes } from "./orders";
import { addPaymentListRoutes } from "./payment-lists";
import { addPaymentRoutes } from "./payments";
import { addPayoutRoutes } from "./payouts";

/** Square's /v2 API subset, behind its bearer-token check (401 AUTHENTICATION_ERROR as Square answers). */
export function createSquareRoutes(deps: TSquareRouteDeps): Hono {
  const app = new Hono();
  app.use("/v2/*", async (c, next) => {
    if (c.req.header("authorization") !== `Bearer ${deps.state().accessToken}`) {
      return squareError(c, 401, [{ category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED", detail: "This request could not be authorized." }]);
    }
    return next();
  });
  addAccountRoutes(app, deps);
  addCatalogRoutes(app, deps);
  addCatalogUpsertRoutes(app, deps);
  addOrderRoutes(app, deps);
  addInventoryRoutes(app, deps);
  addPaymentRoutes(app, deps);
  addPaymentListRoutes(app, deps);
  addPayoutRoutes(app, deps);
  return app;
}
