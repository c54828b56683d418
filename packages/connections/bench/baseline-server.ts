/**
 * The bare baseline: a node:http server that reads the body, INSERTs a row into
 * bench_baseline_events (once per X-Shopify-Webhook-Id), enqueues a BullMQ job for a
 * new row and answers 202 (200 for a repeat). No routing, no signature check, no
 * tenant: what a durable insert plus enqueue costs on this machine, with the same
 * pool size as the portal's. Prints "listening" once it accepts connections.
 */
import { Queue } from "bullmq";
import IORedis from "ioredis";
import { createServer, type IncomingMessage } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.BASELINE_DATABASE_URL!, max: Number(process.env.BASELINE_POOL_MAX) });
const redis = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const queue = new Queue(process.env.BASELINE_QUEUE!, { connection: redis, prefix: process.env.BASELINE_QUEUE_PREFIX! });

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

async function accept(request: IncomingMessage): Promise<number> {
  const body = await readBody(request);
  const deliveryId = String(request.headers["x-shopify-webhook-id"] ?? "");
  const { rows } = await pool.query<{ delivery_id: string }>({
    name: "baseline.insert",
    text: "insert into bench_baseline_events (delivery_id, payload) values ($1, $2::jsonb) on conflict (delivery_id) do nothing returning delivery_id",
    values: [deliveryId, body],
  });
  if (!rows[0]) return 200;
  await queue.add("event", { deliveryId }, { removeOnComplete: true });
  return 202;
}

const server = createServer((request, response) => {
  accept(request).then(
    (status) => response.writeHead(status, { "content-type": "application/json" }).end('{"ok":true}'),
    (error: unknown) => response.writeHead(500).end(String(error)),
  );
});

process.once("SIGTERM", () => {
  server.close();
  void Promise.allSettled([pool.end(), queue.close()]).then(() => redis.disconnect()).finally(() => process.exit(0));
});

server.listen(Number(process.env.BASELINE_PORT), "127.0.0.1", () => process.stdout.write("listening\n"));
