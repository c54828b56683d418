import { platformEventHandlers } from "./webhooks/platform-handlers";
import { type TStripeEventHandler } from "./webhooks/event-handler";

/**
 * Every handler the Stripe webhook runs, in order: an event runs each handler
 * whose scope and types match, in one transaction. Platform state first, so
 * handlers after it (dunning) read the invoice as just synced.
 */
export const stripeEventHandlers: readonly TStripeEventHandler[] = [...platformEventHandlers];
