import Stripe from "stripe";
import { type StripeObjects, type TStripeObject } from "./store";

/** Where the simulator posts events: a platform endpoint, or (connect: true) one for connected accounts' events. */
export interface TWebhookEndpoint {
  url: string;
  /** The `whsec_…` the receiver verifies with. */
  secret: string;
  /** True: receives events of connected accounts (those with `account`), as Stripe's Connect endpoints do. @defaultValue false */
  connect?: boolean;
}

/** One delivery attempt of one event. */
export interface TWebhookDelivery {
  eventId: string;
  type: string;
  url: string;
  status: number | "error";
  /** The exact bytes and signature header sent, for byte-for-byte redelivery tests. */
  body: string;
  signature: string;
}

export type TEventObject = TStripeObject & {
  type: string;
  account?: string;
  api_version: string;
  data: { object: TStripeObject; previous_attributes?: Record<string, unknown> };
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
};

/** Options for {@link StripeEvents.emit}. */
export interface EmitEventOptions {
  account: string | null;
  type: string;
  object: TStripeObject;
  previousAttributes?: Record<string, unknown>;
  /** The API request that caused it; null for automatic ones (a billing period closing). */
  request?: { id: string; idempotencyKey: string | null } | null;
}

/**
 * Creates `evt_` objects (retrievable at /v1/events) and posts them, signed like
 * Stripe (`Stripe-Signature`, from the SDK's own test-header helper), to every
 * endpoint. Deliveries are asynchronous like Stripe's; `flush()` waits for them.
 * `hold()` keeps them back so a test can release them reversed or twice.
 */
export class StripeEvents {
  readonly endpoints: TWebhookEndpoint[] = [];
  readonly deliveries: TWebhookDelivery[] = [];
  private readonly held: TEventObject[] = [];
  private holding = false;
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly objects: StripeObjects,
    private readonly apiVersion: string,
  ) {}

  emit({ account, type, object, previousAttributes, request = null }: EmitEventOptions): TEventObject {
    const event = this.objects.insert<TEventObject>(account, "evt", "event", {
      type,
      api_version: this.apiVersion,
      // A snapshot: later changes to the object must not show up in an event already sent.
      data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
      pending_webhooks: this.endpointsFor(account).length,
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      ...(account ? { account } : {}),
    });
    if (this.holding) this.held.push(event);
    else this.deliver(event);
    return event;
  }

  /** Keeps new events back until {@link release}. */
  hold() {
    this.holding = true;
  }

  /** Delivers the held events (`reverse`: newest first, to test out-of-order handling) and stops holding. */
  async release({ order = "sent" }: { order?: "sent" | "reverse" } = {}) {
    this.holding = false;
    const events = this.held.splice(0);
    if (order === "reverse") events.reverse();
    for (const event of events) await this.deliverNow(event);
  }

  /** Sends an event again, as Stripe's retries do (same id and body, fresh signature). */
  async redeliver(eventId: string) {
    const stored = this.objects.all<TEventObject>("event").find((e) => e.value.id === eventId);
    if (!stored) throw new Error(`no event ${eventId}`);
    await this.deliverNow(stored.value);
  }

  /** Resolves once every delivery started so far has been answered. */
  async flush() {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  clear() {
    this.endpoints.length = 0;
    this.deliveries.length = 0;
    this.held.length = 0;
    this.holding = false;
  }

  private endpointsFor(account: string | null) {
    return this.endpoints.filter((e) => !!e.connect === (account !== null));
  }

  private deliver(event: TEventObject) {
    const sending = this.deliverNow(event);
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  private async deliverNow(event: TEventObject) {
    const body = JSON.stringify(event, null, 2);
    for (const endpoint of this.endpointsFor(event.account ?? null)) {
      // Signed at the real time, not the simulated clock: receivers check the timestamp against their own clock.
      const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: endpoint.secret, timestamp: Math.floor(Date.now() / 1000) });
      let status: TWebhookDelivery["status"];
      try {
        const response = await fetch(endpoint.url, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        status = response.status;
      } catch {
        status = "error";
      }
      this.deliveries.push({ eventId: event.id, type: event.type, url: endpoint.url, status, body, signature });
    }
  }
}
