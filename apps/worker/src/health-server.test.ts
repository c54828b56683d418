import { type AddressInfo } from "node:net";
import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { startHealthServer } from "./health-server";

async function withServer(options: Omit<Parameters<typeof startHealthServer>[0], "port">, test: (base: string) => Promise<void>) {
  const server = await startHealthServer({ port: 0, ...options });
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

describe("health server", () => {
  it("answers healthz always and readyz by the readiness check", async () => {
    let ready = false;
    const checkReady = async () => {
      if (!ready) throw new Error("redis down");
    };
    await withServer({ checkReady, registry: new Registry() }, async (base) => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", reason: "redis down" });
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    });
  });

  it("serves the registry at /metrics in Prometheus text format, as it is at scrape time", async () => {
    const registry = new Registry();
    const steps = new Counter({ name: "test_steps_total", help: "steps", registers: [registry] });
    await withServer({ checkReady: async () => {}, registry }, async (base) => {
      steps.inc(3);
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await response.text()).toMatch(/^test_steps_total 3$/m);
    });
  });
});
