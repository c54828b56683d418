import { type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { startHealthServer } from "./health-server";

describe("health server", () => {
  it("answers healthz always and readyz by the readiness check", async () => {
    let ready = false;
    const server = await startHealthServer({ port: 0, checkReady: async () => { if (!ready) throw new Error("redis down"); } });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", reason: "redis down" });
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});
