import { type z } from "zod";

/** How a connection proves who it is to the far end; decides which secret fields it needs. */
export type TAuthKind = "apiKey" | "oauth2ClientCredentials" | "oauth2RefreshToken" | "basic" | "hmacWebhook" | "none";

/** The kind of retail system a connector speaks to; the portal groups connectors by it. */
export type TConnectorCategory = "ecommerce" | "pos" | "erp" | "wms" | "messaging" | "http";

/**
 * The only way a connector reaches the network: the worker hands it a fetch that
 * refuses private addresses (SSRF guard) unless the operator allows them.
 */
export type TFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** What one action call gets: this connection's config and secrets, nothing of any other tenant. */
export interface TActionContext<TConfig, TSecrets> {
  config: TConfig;
  /** Plaintext, for this call only: never log it, never return it in an output. */
  secrets: TSecrets;
  /** Derived from (run, step, iteration): identical on every retry. Send it as the vendor's idempotency key. */
  idempotencyKey: string;
  /** Aborted when the step times out or the worker shuts down: pass it to every request. */
  signal: AbortSignal;
  fetch: TFetch;
}

/**
 * How a retried call is kept from applying twice:
 * `key` — the far end deduplicates by the idempotency key we send;
 * `natural` — the call sets state (an absolute stock level, a PUT), so repeating it is harmless;
 * `read` — it changes nothing.
 */
export type TIdempotency = "key" | "natural" | "read";

export interface TConnectorAction<TConfig = unknown, TSecrets = unknown, TIn extends z.ZodType = z.ZodType, TOut extends z.ZodType = z.ZodType> {
  title: string;
  /** What a template's required capability names, e.g. "inventory.adjust". */
  capability: string;
  idempotency: TIdempotency;
  input: TIn;
  output: TOut;
  run(context: TActionContext<TConfig, TSecrets>, input: z.output<TIn>): Promise<z.input<TOut>>;
}

/** A webhook request as the ingress received it: the raw body, because signatures cover bytes. */
export interface TInboundWebhook {
  /** Header names lower-cased. */
  headers: Record<string, string>;
  rawBody: string;
  /** The full URL the vendor posted to (Square signs it). */
  url: string;
  receivedAt: Date;
}

/** A vendor event in our terms; the ingress stores it once per (connection, deliveryId). */
export interface TDomainEvent {
  /** The vendor's delivery or event id: a redelivery carries the same one. */
  deliveryId: string;
  /** Ours, dotted: "inventory.level.updated", "order.created", "refund.created". */
  type: string;
  /** When the vendor says it happened, ISO 8601. */
  occurredAt: string;
  /** The business object it is about (order id, SKU, …), for run search and waitForEvent. */
  correlationKey?: string;
  payload: Record<string, unknown>;
}

export interface TWebhookTrigger<TConfig, TSecrets> {
  /** Event types this connector's webhooks can produce. */
  events: readonly string[];
  /**
   * A subscription handshake (Business Central's `validationToken`): the text to
   * echo back with 200, before any verification, storing nothing; undefined for
   * an ordinary delivery.
   */
  handshake?(request: TInboundWebhook): string | undefined;
  /** Throws WebhookVerificationError when the signature, secret or timestamp is wrong. */
  verify(request: TInboundWebhook, context: { config: TConfig; secrets: TSecrets }): void;
  /** Called only after verify passed. Throws WebhookPayloadError for a body it cannot read. */
  normalise(request: TInboundWebhook, context: { config: TConfig }): TDomainEvent;
}

export interface TPollingTrigger<TConfig, TSecrets> {
  events: readonly string[];
  /** Returns events after `cursor` (null: from now) and the cursor to pass next time. */
  poll(context: TActionContext<TConfig, TSecrets>, cursor: string | null): Promise<{ events: TDomainEvent[]; cursor: string | null }>;
}

export interface THealth {
  ok: boolean;
  /** Shown to the partner: what is wrong, never a secret. */
  detail?: string;
}

/** The far end's request budget per connection; the fleet takes a token before each call. */
export interface TRateLimitPolicy {
  capacity: number;
  refillPerSecond: number;
}

export interface TConnector<TConfig = unknown, TSecrets = unknown> {
  /** Stable id, kebab-case: "shopify", "square", "business-central". */
  key: string;
  name: string;
  version: string;
  category: TConnectorCategory;
  auth: TAuthKind;
  /** Non-secret settings, shown back to the partner. */
  config: z.ZodType<TConfig>;
  /** Typed once, stored encrypted, never shown again. */
  secrets: z.ZodType<TSecrets>;
  actions: Record<string, TConnectorAction<TConfig, TSecrets>>;
  webhook?: TWebhookTrigger<TConfig, TSecrets>;
  polling?: TPollingTrigger<TConfig, TSecrets>;
  health(context: Omit<TActionContext<TConfig, TSecrets>, "idempotencyKey">): Promise<THealth>;
  rateLimit?: TRateLimitPolicy;
}

/**
 * Any connector, whatever its config and secret types: what catalogs hold. Its
 * config and secrets are checked by the connector's own schemas at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a connector's types vary per connector; `unknown` would reject every typed one
export type TAnyConnector = TConnector<any, any>;

/**
 * Declares a connector. An identity function: its job is to infer config and
 * secret types from the zod schemas so every action is checked against them.
 */
export function defineConnector<TConfig, TSecrets>(connector: TConnector<TConfig, TSecrets>): TConnector<TConfig, TSecrets> {
  return connector;
}

/** Declares one action with its input and output types inferred from its schemas. */
export function defineAction<TConfig, TSecrets, TIn extends z.ZodType, TOut extends z.ZodType>(
  action: TConnectorAction<TConfig, TSecrets, TIn, TOut>,
): TConnectorAction<TConfig, TSecrets, TIn, TOut> {
  return action;
}
