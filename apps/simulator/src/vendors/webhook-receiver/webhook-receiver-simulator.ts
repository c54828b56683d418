import { Hono, type Context } from "hono";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";

export const ZReceiverEndpointOptions = z.strictObject({
  /** A Standard Webhooks `whsec_…` secret: deliveries are verified against it and refused with 401 when they fail. */
  secret: z.string().startsWith("whsec_").optional(),
  /** Answered instead of 200 `{ received: true }` (after recording), e.g. a plain-text or oversized body. */
  reply: z
    .strictObject({
      status: z.int().min(200).max(599),
      body: z.string().default(""),
      contentType: z.string().default("text/plain"),
    })
    .optional(),
});
export type TReceiverEndpointOptions = z.input<typeof ZReceiverEndpointOptions>;

export interface TReceivedDelivery {
  endpoint: string;
  method: string;
  /** The raw path as sent, percent-encoding kept. */
  path: string;
  /** The raw query string without "?", "" when none. */
  query: string;
  /** Names lower-cased. */
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
  webhookId: string | null;
  /** null when the endpoint has no secret, so nothing was checked. */
  verified: boolean | null;
  verificationError?: string;
  /** An earlier accepted delivery to this endpoint carried the same webhook-id: a consumer would skip it. */
  duplicate: boolean;
}

export interface TWebhookReceiverState {
  endpoints: Record<string, z.output<typeof ZReceiverEndpointOptions>>;
  deliveries: TReceivedDelivery[];
}

export interface TWebhookReceiverSimulator extends TVendorSimulator<TWebhookReceiverState> {
  /** Configures an endpoint (any unconfigured name also records, unverified) and returns its URL. */
  registerEndpoint(name: string, options?: TReceiverEndpointOptions): string;
  deliveriesTo(endpoint: string): TReceivedDelivery[];
}

const ZEndpointName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "endpoint names are letters, digits, - and _");

function verify(secret: string, body: string, headers: Record<string, string>): { verified: boolean; verificationError?: string } {
  try {
    new Webhook(secret).verify(body, headers, { jsonParse: false });
    return { verified: true };
  } catch (error) {
    return { verified: false, verificationError: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A customer's webhook endpoint (and any plain HTTP API a test needs to see called):
 * `ANY /webhook-receiver/:endpoint[/…]` records method, raw path, query, headers and
 * body; with a registered secret it verifies Standard Webhooks signatures.
 */
export const webhookReceiverSimulator: TVendorFactory = (context): TWebhookReceiverSimulator => {
  const state: TWebhookReceiverState = { endpoints: {}, deliveries: [] };
  const routes = new Hono();

  function registerEndpoint(name: string, options: TReceiverEndpointOptions = {}): string {
    state.endpoints[ZEndpointName.parse(name)] = ZReceiverEndpointOptions.parse(options);
    return `${context.baseUrl()}/webhook-receiver/${name}`;
  }

  routes.put("/_endpoints/:endpoint", async (c) => {
    const name = ZEndpointName.safeParse(c.req.param("endpoint"));
    const options = ZReceiverEndpointOptions.safeParse(await c.req.json().catch(() => ({})));
    if (!name.success || !options.success) return c.json({ error: (name.error ?? options.error)?.issues }, 400);
    return c.json({ url: registerEndpoint(name.data, options.data) }, 201);
  });

  async function receive(c: Context) {
    const endpoint = c.req.param("endpoint") ?? "";
    if (!ZEndpointName.safeParse(endpoint).success) return c.json({ error: "unknown endpoint" }, 404);
    const url = new URL(c.req.url);
    const headers = Object.fromEntries([...c.req.raw.headers].map(([name, value]) => [name.toLowerCase(), value]));
    const body = await c.req.text();
    const options = state.endpoints[endpoint];
    const check = options?.secret ? verify(options.secret, body, headers) : { verified: null };
    const webhookId = headers["webhook-id"] ?? null;
    const duplicate =
      webhookId !== null && state.deliveries.some((d) => d.endpoint === endpoint && d.webhookId === webhookId && d.verified !== false);
    state.deliveries.push({
      endpoint,
      method: c.req.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      headers,
      body,
      receivedAt: new Date().toISOString(),
      webhookId,
      ...check,
      duplicate,
    });
    if (check.verified === false) return c.json({ error: "signature verification failed" }, 401);
    if (options?.reply) return c.body(options.reply.body, options.reply.status as 200, { "content-type": options.reply.contentType });
    return c.json({ received: true, duplicate });
  }
  routes.all("/:endpoint", receive);
  routes.all("/:endpoint/*", receive);

  return {
    key: "webhook-receiver",
    routes,
    state,
    registerEndpoint,
    deliveriesTo: (endpoint) => state.deliveries.filter((d) => d.endpoint === endpoint),
    reset() {
      state.deliveries.length = 0;
      for (const name of Object.keys(state.endpoints)) delete state.endpoints[name];
    },
  };
};
