import { answerWebhook, createWebhookConnectionCache, MAX_WEBHOOK_BODY_BYTES, PAYLOAD_TOO_LARGE, type TWebhookAnswer, WEBHOOK_REJECTIONS } from "@storeflow/connections";
import { createHttpMetrics, createWebhookMetrics } from "@storeflow/metrics";
import { type Registry } from "prom-client";
import { type TConnectorCatalog } from "@storeflow/connectors";
import { type TKeyRing } from "@storeflow/secrets";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type pg from "pg";

/** Options for {@link createWebhookServer}. */
export interface CreateWebhookServerOptions {
  /** storeflow_app pool in the system scope. */
  db: pg.Pool;
  catalog: TConnectorCatalog;
  ring: TKeyRing;
  /** Public base URL, for connectors that verify the URL they were posted to. */
  publicUrl: string;
  onError?: (error: unknown) => void;
  /**
   * Served at GET /metrics: request latency and webhook refusals by reason. The
   * load balancer routes only /api/hooks here, so the path is reachable from
   * inside the cluster only. @defaultValue no /metrics
   */
  registry?: Registry;
}

const HOOK_PATH = /^\/api\/hooks\/([^/?#]+)(?:[?#].*)?$/;

function send(res: ServerResponse, { status, contentType, body }: TWebhookAnswer) {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}

/** Reads the body whole, or answers 413 and returns undefined as soon as it passes the cap. */
async function readCapped(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_WEBHOOK_BODY_BYTES) {
    send(res, PAYLOAD_TOO_LARGE);
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BODY_BYTES) {
      send(res, PAYLOAD_TOO_LARGE);
      req.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The webhook ingress as a plain node:http server: the same /api/hooks/<token>
 * contract as the portal's route (answerWebhook), without a web framework's
 * per-request cost, so it scales on its own behind the same load balancer path.
 */
export function createWebhookServer({ db, catalog, ring, publicUrl, onError, registry }: CreateWebhookServerOptions): Server {
  const http = registry ? createHttpMetrics(registry) : undefined;
  const webhooks = registry ? createWebhookMetrics(registry, WEBHOOK_REJECTIONS) : undefined;
  const answer = (res: ServerResponse, began: number, reply: TWebhookAnswer) => {
    send(res, reply);
    if (reply.rejected) webhooks?.rejected(reply.rejected);
    http?.observe({ route: "hooks", method: "POST", status: reply.status, seconds: (performance.now() - began) / 1000 });
  };
  // One lookup and decryption per connection per 30 s, not per request (see createWebhookConnectionCache).
  const cache = createWebhookConnectionCache();
  return createServer((req, res) => {
    const url = req.url ?? "/";
    if (req.method === "GET" && url === "/healthz") return send(res, { status: 200, contentType: "application/json", body: '{"status":"ok"}' });
    if (req.method === "GET" && url === "/readyz") {
      db.query("select 1").then(
        () => send(res, { status: 200, contentType: "application/json", body: '{"status":"ready"}' }),
        () => send(res, { status: 503, contentType: "application/json", body: '{"status":"unavailable","reason":"database"}' }),
      );
      return;
    }
    if (registry && req.method === "GET" && url === "/metrics") {
      registry.metrics().then(
        (text) => send(res, { status: 200, contentType: registry.contentType, body: text }),
        () => send(res, { status: 500, contentType: "application/json", body: '{"error":"metrics unavailable"}' }),
      );
      return;
    }
    const match = HOOK_PATH.exec(url);
    if (!match) return send(res, { status: 404, contentType: "application/json", body: '{"error":"not found"}' });
    if (req.method !== "POST") return send(res, { status: 405, contentType: "application/json", body: '{"error":"webhooks are POSTed"}' });
    const began = performance.now();
    void (async () => {
      const rawBody = await readCapped(req, res);
      if (rawBody === undefined) {
        webhooks?.rejected(PAYLOAD_TOO_LARGE.rejected!);
        return http?.observe({ route: "hooks", method: "POST", status: PAYLOAD_TOO_LARGE.status, seconds: (performance.now() - began) / 1000 });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
      const request = { headers, rawBody, url: new URL(url, publicUrl).toString(), receivedAt: new Date() };
      answer(res, began, await answerWebhook({ db, catalog, ring, cache, token: decodeURIComponent(match[1]!), request, ...(onError ? { onError } : {}) }));
    })().catch((error: unknown) => {
      onError?.(error);
      if (!res.headersSent) answer(res, began, { status: 500, contentType: "application/json", body: '{"error":"could not store the webhook; deliver it again"}' });
    });
  });
}
