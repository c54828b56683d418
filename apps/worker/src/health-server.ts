import { createServer, type Server } from "node:http";
import { type Registry } from "prom-client";

/** Options for {@link startHealthServer}. */
export interface HealthServerOptions {
  port: number;
  /** Resolves when the worker should get traffic; throws with a reason otherwise. */
  checkReady: () => Promise<void>;
  /** Served at `/metrics` in Prometheus text format. */
  registry: Registry;
}

/** `/healthz`: the process is up. `/readyz`: it is not stopping and PostgreSQL and Redis answer. `/metrics`: Prometheus. */
export function startHealthServer({ port, checkReady, registry }: HealthServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/healthz") return reply(200, { status: "ok" });
    if (req.url === "/readyz") {
      checkReady().then(
        () => reply(200, { status: "ready" }),
        (error: unknown) => reply(503, { status: "unavailable", reason: error instanceof Error ? error.message : "unknown" }),
      );
      return;
    }
    if (req.url === "/metrics") {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
          res.end(text);
        },
        (error: unknown) => reply(500, { error: error instanceof Error ? error.message : "metrics unavailable" }),
      );
      return;
    }
    reply(404, { error: "not found" });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(server));
  });
}
