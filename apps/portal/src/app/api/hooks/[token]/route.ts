import { acceptWebhook, WebhookRejectedError } from "@storeflow/connections";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

/** Vendors' webhooks are small; anything larger is refused before it is read whole. */
const MAX_BODY_BYTES = 1_000_000;

function json(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * Inbound vendor webhooks, one URL per connection. A 2xx means the webhook is
 * committed in PostgreSQL (a redelivery gets 200 too, and changes nothing); the
 * worker's relay hands it to workflows. Refusals say why but never which tenant.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return json(413, { error: "payload too large" });
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return json(413, { error: "payload too large" });
  const { runStore, connectors, keyRing, env } = services();
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  // Vendors that sign the URL (Square) sign the public one they were given, not the one behind a proxy.
  const received = new URL(request.url);
  const url = new URL(received.pathname + received.search, env.PORTAL_URL).toString();
  try {
    const accepted = await acceptWebhook({ db: runStore.pool, catalog: connectors, ring: keyRing, token, request: { headers, rawBody, url, receivedAt: new Date() } });
    if (accepted.kind === "handshake") return new Response(accepted.body, { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    return json(accepted.duplicate ? 200 : 202, { id: accepted.id, duplicate: accepted.duplicate });
  } catch (error) {
    if (error instanceof WebhookRejectedError) return json(error.status, { error: error.message });
    console.error(JSON.stringify({ level: "error", msg: "webhook ingress failed", error: error instanceof Error ? error.message : String(error) }));
    return json(500, { error: "could not store the webhook; deliver it again" });
  }
}
