import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTestDatabase } from "@storeflow/db/test/database";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const main = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");
const tsx = path.join(path.dirname(fileURLToPath(import.meta.url)), "../node_modules/.bin/tsx");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

describe("worker start-up", () => {
  // Starting tsx on the whole import graph takes seconds on a busy machine.
  it("refuses a bad environment with a message naming each variable", { timeout: 30_000 }, async () => {
    const failure = await run(tsx, [main], {
      env: { PATH: process.env.PATH, REDIS_URL: "not a url", WORKER_PORT: "99999", DATABASE_URL: "postgresql://u@h/db" },
    }).catch((error: { code: number; stderr: string }) => error);
    expect("code" in failure && failure.code).toBe(1);
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toMatch(/APP_DATABASE_URL: /);
    expect(stderr).toMatch(/REDIS_URL: /);
    expect(stderr).toMatch(/WORKER_PORT: /);
  });

  it("serves readiness and the fleet's and the process's metrics, and exits cleanly on SIGTERM", { timeout: 60_000 }, async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const worker = spawn(tsx, [main], {
      env: { ...process.env, DATABASE_URL: database.adminUrl, APP_DATABASE_URL: database.appUrl, WORKER_PORT: String(port), QUEUE_PREFIX: `sf-main-${randomBytes(4).toString("hex")}` },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = once(worker, "exit");
    try {
      let stdout = "";
      const ready = new Promise<void>((resolve) => worker.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()).includes("worker ready") && resolve()));
      await Promise.race([ready, exited.then(([code]) => Promise.reject(new Error(`worker exited with ${code} before it was ready`)))]);
      // Structured JSON lines from the root logger.
      const readyLine = JSON.parse(stdout.split("\n").find((line) => line.includes("worker ready"))!) as Record<string, unknown>;
      expect(readyLine).toMatchObject({ level: "info", service: "storeflow-worker", msg: "worker ready", port });
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/^storeflow_queue_jobs\{queue="runs",state="prioritized"\} 0$/m);
      // The SLA pass's breach counter is registered with every kind before the first breach.
      expect(metrics).toMatch(/^storeflow_sla_breaches_total\{kind="cadence"\} 0$/m);
      expect(metrics).toMatch(/^# TYPE storeflow_step_duration_seconds histogram$/m);
      expect(metrics).toMatch(/^process_cpu_user_seconds_total /m);
      worker.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      worker.kill("SIGKILL");
      await database.drop();
    }
  });
});
