import { type Context, Hono } from "hono";
import { type TSimulatorContext } from "../../vendor";
import { problem, SbError, validationError } from "./errors";
import { createOrder, findOrder } from "./orders";
import { createReturn } from "./returns";
import { simulateShipment } from "./simulate";
import { type TSbChannel, type TSbState } from "./state";
import { createSubscription, emitWebhook } from "./webhooks";

const VERSION = "/2026-01";
const RATE_WINDOW_MS = 60_000;

function list(value: string | undefined): string[] | undefined {
  return value ? value.split(",").map((part) => part.trim()).filter(Boolean) : undefined;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw validationError({ "": ["A non-empty request body is required."] });
  }
}

function requireChannel(c: Context, state: TSbState): TSbChannel {
  const header = c.req.header("shipbob_channel_id");
  if (!header) throw validationError({ shipbob_channel_id: ["The shipbob_channel_id header is required."] });
  const channel = state.channels.find((candidate) => String(candidate.id) === header);
  if (!channel) throw new SbError(403, "Forbidden");
  return channel;
}

/** The dated API's cursor envelope: `{ first, items, last, next, prev }`, links absolute, null where there is none. */
function cursorPage<T>(c: Context, state: TSbState, items: T[]) {
  const size = Math.min(Number(c.req.query("Limit") ?? c.req.query("PageSize") ?? state.defaultPageSize), state.maxPageSize);
  const cursor = Math.max(1, Number(c.req.query("Cursor") ?? 1));
  const pages = Math.max(1, Math.ceil(items.length / size));
  const link = (page: number) => {
    const url = new URL(c.req.url);
    url.searchParams.set("Cursor", String(page));
    return url.toString();
  };
  return {
    first: cursor > 1 ? link(1) : null,
    items: items.slice((cursor - 1) * size, cursor * size),
    last: cursor < pages ? link(pages) : null,
    next: cursor < pages ? link(cursor + 1) : null,
    prev: cursor > 1 ? link(cursor - 1) : null,
  };
}

function rateLimit(c: Context, state: TSbState, token: string): Response | undefined {
  const now = Date.now();
  const recent = (state.requestLog.get(token) ?? []).filter((at) => at > now - RATE_WINDOW_MS);
  if (recent.length >= state.rateLimitPerMinute) {
    const retryAfter = Math.max(1, Math.ceil((recent[0]! + RATE_WINDOW_MS - now) / 1000));
    return c.json({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfter} seconds.` }, 429, { "x-retry-after": String(retryAfter), "x-remaining-calls": "0" });
  }
  recent.push(now);
  state.requestLog.set(token, recent);
  c.header("x-remaining-calls", String(state.rateLimitPerMinute - recent.length));
  return undefined;
}

function addOrderRoutes(routes: Hono, state: TSbState): void {
  routes.post(`${VERSION}/order`, async (c) => c.json(createOrder(state, await readJson(c), requireChannel(c, state)), 201));
  routes.get(`${VERSION}/order`, (c) => {
    const references = list(c.req.query("ReferenceIds"));
    const ids = list(c.req.query("IDs"));
    const matching = state.orders.filter((order) => (!references || references.includes(order.reference_id)) && (!ids || ids.includes(String(order.id))));
    const limit = Math.min(Number(c.req.query("Limit") ?? 50), state.maxPageSize);
    const page = Math.max(1, Number(c.req.query("Page") ?? 1));
    const headers = { "page-number": String(page), "total-pages": String(Math.max(1, Math.ceil(matching.length / limit))), "total-count": String(matching.length), "page-size": String(limit) };
    return c.json(matching.slice((page - 1) * limit, page * limit), 200, headers);
  });
  routes.get(`${VERSION}/order/:id`, (c) => c.json(findOrder(state, c.req.param("id"))));
  routes.get(`${VERSION}/order/:id/shipment`, (c) => c.json(findOrder(state, c.req.param("id")).shipments));
  routes.get(`${VERSION}/inventory-level`, (c) => {
    const search = c.req.query("SearchBy")?.toLowerCase();
    const ids = list(c.req.query("InventoryIds"));
    const matching = state.inventory.filter(
      (item) => (!search || item.sku.toLowerCase().includes(search) || item.name.toLowerCase().includes(search)) && (!ids || ids.includes(String(item.inventory_id))),
    );
    return c.json(cursorPage(c, state, matching));
  });
}

function addReturnRoutes(routes: Hono, state: TSbState, context: TSimulatorContext): void {
  routes.post(`${VERSION}/return`, async (c) => {
    const created = createReturn(state, await readJson(c), requireChannel(c, state));
    emitWebhook({ state, context, topic: "return.created", payload: created });
    return c.json(created, 201);
  });
  routes.get(`${VERSION}/return`, (c) => {
    const references = list(c.req.query("ReferenceIds"));
    const statuses = list(c.req.query("Status"));
    const ids = list(c.req.query("Ids"));
    const matching = state.returns.filter(
      (item) => (!references || references.includes(item.reference_id)) && (!statuses || statuses.includes(item.status)) && (!ids || ids.includes(String(item.id))),
    );
    return c.json(cursorPage(c, state, matching));
  });
  routes.get(`${VERSION}/return/:id`, (c) => {
    const found = state.returns.find((candidate) => String(candidate.id) === c.req.param("id"));
    if (!found) throw new SbError(404, "Not Found");
    return c.json(found);
  });
}

function addWebhookAndSimulationRoutes(routes: Hono, state: TSbState, context: TSimulatorContext): void {
  routes.post(`${VERSION}/webhook`, async (c) => c.json(createSubscription(state, await readJson(c)), 201));
  routes.get(`${VERSION}/webhook`, (c) => c.json(cursorPage(c, state, state.subscriptions)));
  routes.delete(`${VERSION}/webhook/:id`, (c) => {
    state.subscriptions = state.subscriptions.filter((subscription) => String(subscription.id) !== c.req.param("id"));
    return c.body(null, 204);
  });
  routes.post(`${VERSION}/simulate/shipment`, async (c) => c.json(simulateShipment({ state, context, body: await readJson(c) })));
  routes.get(`${VERSION}/simulate/status/:id`, (c) => {
    const steps = state.simulations.filter((simulation) => simulation.simulation_id === c.req.param("id"));
    if (steps.length === 0) throw new SbError(404, "Not Found");
    const last = steps.at(-1)!;
    return c.json({ entity_id: last.entity_id, entity_type: last.entity_type, simulation_id: last.simulation_id, simulation: { action: last.action, message: null, next: null, schedule_time: last.schedule_time, status: last.status } });
  });
}

/** ShipBob's REST API, version 2026-01, under `/2026-01`; PAT bearer auth, 150 requests a minute. */
export function createShipBobRoutes(state: TSbState, context: TSimulatorContext): Hono {
  const routes = new Hono();
  routes.onError((error, c) => {
    if (error instanceof SbError) return problem(c, error);
    throw error;
  });
  routes.use(`${VERSION}/*`, async (c, next) => {
    const token = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (!token || !state.tokens.includes(token)) return problem(c, new SbError(401, "Unauthorized"));
    const limited = rateLimit(c, state, token);
    if (limited) return limited;
    await next();
  });
  routes.get(`${VERSION}/channel`, (c) => c.json(state.channels));
  addOrderRoutes(routes, state);
  addReturnRoutes(routes, state, context);
  addWebhookAndSimulationRoutes(routes, state, context);
  return routes;
}
