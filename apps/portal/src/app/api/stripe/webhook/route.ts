import { createConnectEventHandlers, receiveStripeWebhook, stripeEventHandlers } from "@storeflow/billing";
import { loggerForRequest } from "@/server/observability";
import { getDb, services } from "@/server/services";

export const dynamic = "force-dynamic";

/**
 * Stripe's webhook endpoint. Thin on purpose: verification (against the raw
 * body), storing by event id and processing live in @storeflow/billing.
 */
export async function POST(request: Request) {
  const { stripe, env, runStore } = services();
  if (!stripe || !env.STRIPE_WEBHOOK_SECRET) return Response.json({ error: "billing is not enabled" }, { status: 404 });
  const answer = await receiveStripeWebhook({
    // The run store's pool carries the system scope: events arrive before any tenant is known.
    pool: runStore.pool,
    stripe,
    secret: env.STRIPE_WEBHOOK_SECRET,
    rawBody: await request.text(),
    signature: request.headers.get("stripe-signature"),
    // Platform handlers first, so dunning reads an invoice the platform side has just synced.
    handlers: [...stripeEventHandlers, ...createConnectEventHandlers({ db: getDb(), partnerGraceDays: env.BILLING_PARTNER_GRACE_DAYS })],
    onError: (error, eventId) =>
      loggerForRequest(request, { route: "stripe-webhook" }).error({ eventId, error: error instanceof Error ? error.message : String(error) }, "stripe event processing failed"),
  });
  return Response.json(answer.body, { status: answer.status, headers: { "cache-control": "no-store" } });
}
