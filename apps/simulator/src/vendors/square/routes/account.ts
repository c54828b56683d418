import { randomBytes } from "node:crypto";
import { type Hono } from "hono";
import { z } from "zod";
import { notFound, parseSquareBody } from "../errors";
import { withIdempotency } from "../idempotency";
import { SQUARE_DEFAULT_API_VERSION, takeSquareId } from "../state";
import { type TSquareRouteDeps } from "./deps";

const ZCreateSubscription = z.object({
  idempotency_key: z.string().min(1).max(45).optional(),
  subscription: z.object({
    name: z.string().min(1),
    event_types: z.array(z.string().min(1)).min(1),
    notification_url: z.url(),
    api_version: z.string().optional(),
    enabled: z.boolean().optional(),
  }),
});

/** ListLocations, RetrieveLocation and CreateWebhookSubscription. */
export function addAccountRoutes(app: Hono, { state }: TSquareRouteDeps) {
  app.get("/v2/locations", (c) => c.json({ locations: state().locations }));

  app.get("/v2/locations/:locationId", (c) => {
    const location = state().locations.find((l) => l.id === c.req.param("locationId"));
    return location ? c.json({ location }) : notFound(c, "location", c.req.param("locationId"));
  });

  app.post("/v2/webhooks/subscriptions", async (c) => {
    const parsed = await parseSquareBody(c, ZCreateSubscription);
    if ("response" in parsed) return parsed.response;
    const { body } = parsed;
    const current = state();
    const run = () => {
      const now = new Date().toISOString();
      const subscription = {
        id: `wbhk_${takeSquareId(current, "").toLowerCase()}`,
        name: body.subscription.name,
        enabled: body.subscription.enabled ?? true,
        event_types: body.subscription.event_types,
        notification_url: body.subscription.notification_url,
        api_version: body.subscription.api_version ?? SQUARE_DEFAULT_API_VERSION,
        signature_key: randomBytes(16).toString("base64url"),
        created_at: now,
        updated_at: now,
      };
      current.subscriptions.push(subscription);
      return { status: 200 as const, response: { subscription } };
    };
    if (!body.idempotency_key) {
      const { response } = run();
      return c.json(response);
    }
    return withIdempotency({ c, state: current, scope: "webhooks.subscriptions", key: body.idempotency_key, body, run });
  });
}
