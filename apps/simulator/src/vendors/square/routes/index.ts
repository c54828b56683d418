import { Hono } from "hono";
import { squareError } from "../errors";
import { addAccountRoutes } from "./account";
import { type TSquareRouteDeps } from "./deps";
import { addInventoryRoutes } from "./inventory";
import { addOrderRoutes } from "./orders";
import { addPaymentRoutes } from "./payments";

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
  addOrderRoutes(app, deps);
  addInventoryRoutes(app, deps);
  addPaymentRoutes(app, deps);
  return app;
}
