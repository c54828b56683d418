import { answerWebhook, MAX_WEBHOOK_BODY_BYTES, PAYLOAD_TOO_LARGE, type TWebhookAnswer } from "@storeflow/connections";
import { withRequestMetrics } from "@storeflow/metrics";
import { loggerForRequest, observability } from "@/server/observability";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

function respond({ status, contentType, body, rejected }: TWebhookAnswer) {
  if (rejected) observability().webhooks.rejected(rejected);
  return new Response(body, { status, headers: { "content-type": contentType, "cache-control": "no-store" } });
}

/**
 * Inbound vendor webhooks, for a portal serving everything itself. At volume,
 * apps/ingress serves the same path with the same contract at a fraction of the
 * cost per request (see pnpm bench:ingest).
 */
async function receive(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BODY_BYTES) return respond(PAYLOAD_TOO_LARGE);
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BODY_BYTES) return respond(PAYLOAD_TOO_LARGE);
  const { runStore, connectors, keyRing, env } = services();
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  // Vendors that sign the URL (Square) sign the public one they were given, not the one behind a proxy.
  const received = new URL(request.url);
  const url = new URL(received.pathname + received.search, env.PORTAL_URL).toString();
  return respond(
    await answerWebhook({
      db: runStore.pool,
      catalog: connectors,
      ring: keyRing,
      token,
      request: { headers, rawBody, url, receivedAt: new Date() },
      // Never the URL: its token is the webhook's credential.
      onError: (error) => loggerForRequest(request, { route: "hooks" }).error({ error: error instanceof Error ? error.message : String(error) }, "webhook ingress failed"),
    }),
  );
}

export const POST = withRequestMetrics(observability().http, "hooks", receive);
