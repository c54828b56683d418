import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { type AddressInfo } from "node:net";
import { FaultInjector, ZFaultRule } from "./faults";
import { type TSimulatorContext, type TVendorSimulator } from "./vendor";
import { WebhookSender } from "./webhook-sender";

export type TVendorFactory = (context: TSimulatorContext) => TVendorSimulator;

export interface StartSimulatorOptions {
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue "127.0.0.1" */
  host?: string;
  vendors: readonly TVendorFactory[];
}

export interface TSimulator {
  url: string;
  faults: FaultInjector;
  webhooks: WebhookSender;
  vendor<T extends TVendorSimulator>(key: string): T;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Serves every vendor under `/<vendor key>` plus a control API under `/_sim`
 * (faults, state, reset) for tests and demos in other processes.
 */
export async function startSimulator({ port = 0, host = "127.0.0.1", vendors }: StartSimulatorOptions): Promise<TSimulator> {
  const faults = new FaultInjector();
  const webhooks = new WebhookSender();
  let url = "";
  const context: TSimulatorContext = { faults, webhooks, baseUrl: () => url };
  const byKey = new Map<string, TVendorSimulator>();
  for (const factory of vendors) {
    const vendor = factory(context);
    byKey.set(vendor.key, vendor);
  }

  const app = new Hono();
  app.get("/_sim/health", (c) => c.json({ ok: true, vendors: [...byKey.keys()] }));
  app.post("/_sim/faults", async (c) => {
    const parsed = ZFaultRule.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    return c.json({ id: faults.add(parsed.data) }, 201);
  });
  app.delete("/_sim/faults", (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  app.get("/_sim/webhooks", (c) => c.json(webhooks.sent));
  app.post("/_sim/reset", (c) => {
    reset();
    return c.body(null, 204);
  });
  app.get("/_sim/:vendor/state", (c) => {
    const vendor = byKey.get(c.req.param("vendor"));
    return vendor ? c.json(vendor.state) : c.json({ error: "unknown vendor" }, 404);
  });

  // Faults first, so an injected 429 or 500 is answered before the vendor's handler runs.
  app.use("/:vendor/*", async (c, next) => {
    const vendor = c.req.param("vendor");
    if (!byKey.has(vendor)) return next();
    const body = c.req.method === "GET" ? "" : await c.req.raw.clone().text();
    const fault = faults.take({ vendor, method: c.req.method, path: c.req.path, body });
    if (!fault) return next();
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const headers: Record<string, string> = fault.retryAfterS !== undefined ? { "retry-after": String(fault.retryAfterS) } : {};
    return c.json((fault.body ?? { errors: `simulated ${fault.status}` }) as object, fault.status as 400, headers);
  });
  for (const vendor of byKey.values()) app.route(`/${vendor.key}`, vendor.routes);

  function reset() {
    faults.clear();
    webhooks.clear();
    for (const vendor of byKey.values()) vendor.reset();
  }

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
  });
  const address = server.address() as AddressInfo;
  url = `http://${host}:${address.port}`;

  return {
    url,
    faults,
    webhooks,
    vendor<T extends TVendorSimulator>(key: string) {
      const vendor = byKey.get(key);
      if (!vendor) throw new Error(`the simulator has no vendor "${key}"`);
      return vendor as T;
    },
    reset,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
