/**
 * The load generator, in a process of its own as a vendor's deliveries come from
 * elsewhere: LOAD_CONNECTIONS keep-alive connections post Shopify deliveries to
 * LOAD_URL for LOAD_SECONDS, each connection waiting for its answer before the next
 * request (so the load is bounded by the connection count, not a rate). Every
 * LOAD_DUPLICATE_EVERY-th request redelivers the delivery sent LOAD_CONNECTIONS
 * requests earlier, often still in flight, as a vendor's retry can be. Bodies and
 * signatures are made before the clock starts. LOAD_PLAIN_GET=1 sends bodiless GETs
 * instead, to measure what the server costs before any of our work. Writes a
 * TLoadOutcome to LOAD_OUT.
 */
import autocannon from "autocannon";
import { writeFileSync } from "node:fs";
import { buildShopifyDelivery, type TDelivery } from "./deliveries";
import { type TLoadOutcome } from "./load-outcome";

const url = new URL(process.env.LOAD_URL!);
const seconds = Number(process.env.LOAD_SECONDS);
const connections = Number(process.env.LOAD_CONNECTIONS);
const duplicateEvery = Number(process.env.LOAD_DUPLICATE_EVERY);
const plainGet = process.env.LOAD_PLAIN_GET === "1";
const delivery = (index: number) =>
  buildShopifyDelivery({ secret: process.env.LOAD_SECRET!, shopDomain: process.env.LOAD_SHOP_DOMAIN!, idPrefix: process.env.LOAD_ID_PREFIX!, index });
// Above the bare baseline's rate on this machine; past it deliveries are signed as they go.
const POOL_PER_SECOND = 10_000;

/** Which delivery each request carries: mostly new ones, and every duplicateEvery-th an earlier one again. */
function createSchedule(pool: TDelivery[]) {
  let sent = 0;
  let redeliveries = 0;
  const deliveries: TDelivery[] = [];
  return {
    next(): { index: number; delivery: TDelivery } {
      sent++;
      const redeliver = duplicateEvery > 0 && sent % duplicateEvery === 0 && deliveries.length > connections;
      if (redeliver) {
        redeliveries++;
        const index = deliveries.length - connections;
        return { index, delivery: deliveries[index]! };
      }
      const index = deliveries.length;
      deliveries.push(pool[index] ?? delivery(index));
      return { index, delivery: deliveries[index]! };
    },
    counts: () => ({ sent, redeliveries, unique: deliveries.length }),
    deliveries,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN;
}

async function main() {
  const pool = plainGet ? [] : Array.from({ length: seconds * POOL_PER_SECOND }, (_, i) => delivery(i));
  const schedule = createSchedule(pool);
  const created: number[] = [];
  const repeated: number[] = [];
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections,
        duration: seconds,
        pipelining: 1,
        timeout: 10,
        requests: plainGet
          ? [{ method: "GET", path: url.pathname }]
          : [
              {
                method: "POST",
                path: url.pathname,
                setupRequest(request, context: { index?: number }) {
                  const { index, delivery } = schedule.next();
                  context.index = index;
                  created[index] ??= 0;
                  repeated[index] ??= 0;
                  return { ...request, headers: { ...delivery.headers }, body: delivery.body };
                },
                onResponse(status, _body, context: { index?: number }) {
                  const index = context.index!;
                  if (status === 202) created[index]!++;
                  else if (status === 200) repeated[index]!++;
                },
              },
            ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = Float64Array.from(latencies).sort();
  const acknowledged = schedule.deliveries.filter((_, i) => created[i]! + repeated[i]! > 0).map((d) => d.id);
  const outcome: TLoadOutcome = {
    seconds: result.duration,
    connections,
    ...schedule.counts(),
    byStatus,
    accepted: latencies.length,
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    acknowledged,
    createdTwice: created.filter((n) => n > 1).length,
    generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  writeFileSync(process.env.LOAD_OUT!, JSON.stringify(outcome));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
