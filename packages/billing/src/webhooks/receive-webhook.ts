import type pg from "pg";
import Stripe from "stripe";
import { type TStripeEventHandler } from "./event-handler";

/** Options for {@link receiveStripeWebhook}. */
export interface ReceiveStripeWebhookOptions {
  /** storeflow_app pool in the system scope (`-c app.system=on`): events arrive before any tenant is known. */
  pool: pg.Pool;
  stripe: Stripe;
  /** The endpoint's signing secret (STRIPE_WEBHOOK_SECRET). */
  secret: string;
  /** The request body exactly as received: the signature covers these bytes. */
  rawBody: string;
  signature: string | null;
  handlers: readonly TStripeEventHandler[];
  onError?: (error: unknown, eventId: string) => void;
}

export interface TStripeWebhookAnswer {
  status: 200 | 400 | 500;
  body: { received: true; duplicate?: true } | { error: string };
}

/**
 * Verifies, stores and processes one Stripe event, once. The event row is
 * written first (by event id); processing runs under that row's lock and marks
 * it processed in the same transaction, so a redelivery (even one arriving
 * while the first is still being processed) waits, finds it done and is
 * acknowledged without running anything. A failed handler rolls back and
 * answers 500, so Stripe delivers the event again later.
 */
export async function receiveStripeWebhook({ pool, stripe, secret, rawBody, signature, handlers, onError }: ReceiveStripeWebhookOptions): Promise<TStripeWebhookAnswer> {
  if (!signature) return { status: 400, body: { error: "missing Stripe-Signature header" } };
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return { status: 400, body: { error: "invalid signature" } };
    return { status: 400, body: { error: "malformed event" } };
  }

  await pool.query(
    `insert into stripe_events (id, type, stripe_account_id, stripe_created_at, payload) values ($1, $2, $3, $4, $5) on conflict (id) do nothing`,
    [event.id, event.type, event.account ?? null, new Date(event.created * 1000), rawBody],
  );
  const client = await pool.connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<{ processed_at: Date | null }>("select processed_at from stripe_events where id = $1 for update", [event.id]);
    if (rows[0]?.processed_at) {
      await client.query("commit");
      return { status: 200, body: { received: true, duplicate: true } };
    }
    const scope = event.account ? "connect" : "platform";
    for (const handler of handlers) {
      if (handler.scope === scope && handler.types.includes(event.type)) await handler.handle({ event, stripe, client });
    }
    await client.query("update stripe_events set processed_at = now(), attempts = attempts + 1, last_error = null where id = $1", [event.id]);
    await client.query("commit");
    return { status: 200, body: { received: true } };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    onError?.(error, event.id);
    await pool
      .query("update stripe_events set attempts = attempts + 1, last_error = $2 where id = $1", [event.id, error instanceof Error ? error.message.slice(0, 500) : String(error)])
      .catch(() => {});
    return { status: 500, body: { error: "processing failed; Stripe will retry" } };
  } finally {
    client.release();
  }
}
