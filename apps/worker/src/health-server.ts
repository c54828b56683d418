import { createServer, type Server } from "node:http";

/** Options for {@link startHealthServer}. */
export interface HealthServerOptions {
  port: number;
  /** Resolves when every dependency answers; throws with a reason otherwise. */
  checkReady: () => Promise<void>;
}

/** `/healthz`: the process is up. `/readyz`: PostgreSQL and Redis answer. */
export function startHealthServer({ port, checkReady }: HealthServerOptions): Promise<Server> {
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
    reply(404, { error: "not found" });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(server));
  });
}
