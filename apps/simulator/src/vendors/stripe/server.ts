import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { type AddressInfo } from "node:net";
import { z } from "zod";
import { StripeEvents, type TWebhookEndpoint } from "./core/events";
import { IdempotencyStore } from "./core/idempotency";
import { createStripeApi, type TStripeCore, type TStripeResource } from "./core/router";
import { StripeClock, StripeObjects } from "./core/store";
import { stripeResources } from "./resources";

/** The API version the simulator stamps on events: the one stripe 23.1.0 pins. */
export const SIMULATED_API_VERSION = "2026-10-28.endive";

/** Options for {@link startStripeSimulator}. */
export interface StartStripeSimulatorOptions {
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue "127.0.0.1" */
  host?: string;
  /** The platform's secret key. @defaultValue "sk_test_storeflow_simulator" */
  secretKey?: string;
  webhookEndpoints?: TWebhookEndpoint[];
  /** @defaultValue every resource in ./resources */
  resources?: readonly TStripeResource[];
}

export interface TStripeSimulator {
  /** Base URL, e.g. http://127.0.0.1:4012; give the SDK its host, port and protocol. */
  url: string;
  host: string;
  port: number;
  protocol: "http";
  secretKey: string;
  core: TStripeCore;
  reset(): void;
  close(): Promise<void>;
}

const ZEndpoint = z.strictObject({ url: z.url(), secret: z.string().startsWith("whsec_"), connect: z.boolean().optional() });

/**
 * A local Stripe API server on its own port: stripe-node has no base-path
 * option, so it must answer `/v1/...` at the root. Besides the API it serves a
 * control API under `/_sim` for tests and demos in other processes.
 */
export async function startStripeSimulator({
  port = 0,
  host = "127.0.0.1",
  secretKey = "sk_test_storeflow_simulator",
  webhookEndpoints = [],
  resources = stripeResources,
}: StartStripeSimulatorOptions = {}): Promise<TStripeSimulator> {
  let url = "";
  const clock = new StripeClock();
  const objects = new StripeObjects(clock);
  const events = new StripeEvents(objects, SIMULATED_API_VERSION);
  events.endpoints.push(...webhookEndpoints);
  const hooks: ((now: number) => Promise<void> | void)[] = [];
  const core: TStripeCore = {
    objects,
    events,
    clock,
    idempotency: new IdempotencyStore(),
    requests: [],
    secretKeys: [secretKey],
    baseUrl: () => url,
    onClockAdvance: (hook) => void hooks.push(hook),
    async advanceClock(seconds) {
      clock.advance(seconds);
      for (const hook of hooks) await hook(clock.now());
    },
  };
  const { api, pages } = createStripeApi(core, resources);

  const app = new Hono();
  app.route("/v1", api);
  app.route("/", pages);
  app.get("/_sim/health", (c) => c.json({ ok: true, now: clock.now() }));
  app.get("/_sim/requests", (c) => c.json(core.requests));
  app.get("/_sim/deliveries", (c) => c.json(events.deliveries));
  app.post("/_sim/webhook_endpoints", async (c) => {
    const parsed = ZEndpoint.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    events.endpoints.push(parsed.data);
    return c.body(null, 204);
  });
  app.post("/_sim/clock/advance", async (c) => {
    const parsed = z.object({ seconds: z.int().min(1) }).safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    await core.advanceClock(parsed.data.seconds);
    return c.json({ now: clock.now() });
  });
  app.post("/_sim/events/hold", (c) => (events.hold(), c.body(null, 204)));
  app.post("/_sim/events/release", async (c) => {
    const order = c.req.query("order") === "reverse" ? "reverse" : "sent";
    await events.release({ order });
    return c.body(null, 204);
  });
  app.post("/_sim/events/:id/redeliver", async (c) => {
    await events.redeliver(c.req.param("id"));
    return c.body(null, 204);
  });
  app.post("/_sim/reset", (c) => (reset(), c.body(null, 204)));

  function reset() {
    objects.clear();
    events.clear();
    events.endpoints.push(...webhookEndpoints);
    core.idempotency.clear();
    core.requests.length = 0;
    clock.reset();
  }

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
  });
  const address = server.address() as AddressInfo;
  url = `http://${host}:${address.port}`;
  return {
    url,
    host,
    port: address.port,
    protocol: "http",
    secretKey,
    core,
    reset,
    close: async () => {
      await events.flush();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
