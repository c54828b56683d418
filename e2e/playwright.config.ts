import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download its own browser here).
 * The caller has already built the portal, migrated and seeded the e2e database and exported
 * DATABASE_URL, APP_DATABASE_URL, REDIS_URL, AUTH_SECRET…; the web servers inherit that env.
 */
const isCI = Boolean(process.env.CI);
const baseURL = process.env.PORTAL_URL ?? "http://localhost:3100";
const workerPort = process.env.WORKER_PORT ?? "3101";

export default defineConfig({
  testDir: "./",
  testMatch: "**/*.spec.ts",
  outputDir: "./test-results",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  // Two cores: one browser at a time next to the portal, the worker, Postgres and Redis.
  workers: 1,
  retries: isCI ? 1 : 0,
  forbidOnly: isCI,
  reporter: [["list"], ["html", { outputFolder: "./playwright-report", open: "never" }]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: [
    {
      name: "portal",
      command: "pnpm --filter @storeflow/portal start",
      url: `${baseURL}/healthz`,
      env: { PORT: new URL(baseURL).port || "3100", NEXT_TELEMETRY_DISABLED: "1" },
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      name: "worker",
      command: "pnpm --filter @storeflow/worker start",
      url: `http://localhost:${workerPort}/healthz`,
      env: { WORKER_PORT: workerPort },
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
