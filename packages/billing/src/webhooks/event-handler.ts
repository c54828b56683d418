import type pg from "pg";
import type Stripe from "stripe";

/** What a handler gets: the verified event, the client, and the processor's transaction. */
export interface TStripeEventContext {
  event: Stripe.Event;
  stripe: Stripe;
  /**
   * System-scope connection inside the transaction that marks the event
   * processed: the handler's writes and that mark commit together or not at all.
   */
  client: pg.PoolClient;
}

/**
 * Reacts to some Stripe events. Handlers must not trust the payload's state
 * (events arrive late, twice and out of order): take ids from it, fetch the
 * current object from Stripe, and write that.
 */
export interface TStripeEventHandler {
  /** For logs and the stored error. */
  name: string;
  /** `platform`: the platform's own events; `connect`: connected accounts' (event.account set). */
  scope: "platform" | "connect";
  types: readonly string[];
  handle(context: TStripeEventContext): Promise<void>;
}
