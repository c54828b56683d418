import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { type TActor } from "@storeflow/accounts";
import { useTestTenants } from "@storeflow/db/test";
import { startStripeSimulator, type TStripeSimulator } from "@storeflow/simulator";
import pg from "pg";
import type Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { createStripeClient } from "../stripe-client";
import { stripeEventHandlers } from "../stripe-event-handlers";
import { receiveStripeWebhook, type TStripeWebhookAnswer } from "../webhooks/receive-webhook";

export const WEBHOOK_SECRET = "whsec_platform_billing_test";

/**
 * One test file's world: a database with the standard tenants, the local
 * Stripe server, the real SDK pointed at it, and a webhook endpoint that hands
 * each delivery to receiveStripeWebhook exactly as the portal's route does.
 */
export function usePlatformBilling() {
  const base = useTestTenants();
  const state = base as typeof base & { sim: TStripeSimulator; stripe: Stripe; pool: pg.Pool; receiver: Server; answers: TStripeWebhookAnswer[] };
  beforeAll(async () => {
    state.pool = new pg.Pool({ connectionString: state.t.appUrl, max: 4, options: "-c app.system=on" });
    state.answers = [];
    state.receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        void receiveStripeWebhook({
          pool: state.pool,
          stripe: state.stripe,
          secret: WEBHOOK_SECRET,
          rawBody: Buffer.concat(chunks).toString("utf8"),
          signature: (req.headers["stripe-signature"] as string | undefined) ?? null,
          handlers: stripeEventHandlers,
          onError: (error, eventId) => console.error("webhook processing failed", eventId, error),
        }).then((answer) => {
          state.answers.push(answer);
          res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
        });
      });
    });
    await new Promise<void>((resolve) => state.receiver.listen(0, "127.0.0.1", resolve));
    const webhookUrl = `http://127.0.0.1:${(state.receiver.address() as AddressInfo).port}/api/stripe/webhook`;
    state.sim = await startStripeSimulator({ webhookEndpoints: [{ url: webhookUrl, secret: WEBHOOK_SECRET }] });
    state.stripe = createStripeClient({ secretKey: state.sim.secretKey, apiBase: state.sim.url, maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await state.sim?.close();
    state.receiver?.close();
    await state.pool?.end();
  });
  return state;
}

/** A partner owner of partner A or B, as the API layer would hand it to a domain call. */
export function ownerActor(state: ReturnType<typeof usePlatformBilling>, partner: "A" | "B"): TActor {
  const user = partner === "A" ? state.tenants.usersA.partner_owner : state.tenants.ownerB;
  return { db: state.t.db, scope: { partnerId: partner === "A" ? state.tenants.partnerA.id : state.tenants.partnerB.id, userId: user.id }, role: "partner_owner" };
}

/** Inserts `count` runs of the partner's first client with the given status and finish time. */
export async function insertRuns(state: ReturnType<typeof usePlatformBilling>, partnerId: string, count: number, status: string, finishedAt: Date | null) {
  await state.t.adminDb.$executeRaw`
    insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, definition_hash, input, status, idempotency_key, finished_at)
    select gen_random_uuid(), r.partner_id, r.client_id, r.workflow_key, r.workflow_version, r.definition_hash, '{}'::jsonb, ${status}::"RunStatus", gen_random_uuid()::text, ${finishedAt}
    from (select * from workflow_runs where partner_id = ${partnerId}::uuid limit 1) r, generate_series(1, ${count})`;
}
