import { defineConfig, devices } from "@playwright/test";
import { SIM_STRIPE, SIM_STRIPE_PORT } from "./billing/stripe-simulator";
import { SIMULATOR_HOST, SIMULATOR_PORT, SIMULATOR_SMTP_PORT, SIMULATOR_URL } from "./fixtures/simulator";

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
      // Billing on, against the simulator's Stripe (e2e/billing): the real SDK, a local server.
      env: { PORT: new URL(baseURL).port || "3100", NEXT_TELEMETRY_DISABLED: "1", STRIPE_SECRET_KEY: SIM_STRIPE.secretKey, STRIPE_API_BASE: SIM_STRIPE.apiBase, STRIPE_WEBHOOK_SECRET: SIM_STRIPE.webhookSecret },
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      name: "worker",
      command: "pnpm --filter @storeflow/worker start",
      url: `http://localhost:${workerPort}/healthz`,
      // Workers refuse loopback addresses; the simulator's own (not 127.0.0.1) is the one they may reach.
      env: { WORKER_PORT: workerPort, OUTBOUND_PRIVATE_ALLOWLIST: `${SIMULATOR_HOST}/32` },
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // apps/simulator: the Shopify, Square, Business Central and SMTP stand-ins connections point at.
      name: "simulator",
      command: "pnpm --filter @storeflow/simulator start",
      url: `${SIMULATOR_URL}/_sim/health`,
      // Its Stripe stand-in listens on SIMULATOR_STRIPE_PORT and posts events to the portal's webhook.
      env: {
        SIMULATOR_PORT: String(SIMULATOR_PORT),
        SIMULATOR_SMTP_PORT: String(SIMULATOR_SMTP_PORT),
        SIMULATOR_HOST,
        SIMULATOR_STRIPE_PORT: String(SIM_STRIPE_PORT),
        SIMULATOR_STRIPE_SECRET_KEY: SIM_STRIPE.secretKey,
        SIMULATOR_STRIPE_WEBHOOK_URL: `${baseURL}/api/stripe/webhook`,
        SIMULATOR_STRIPE_WEBHOOK_SECRET: SIM_STRIPE.webhookSecret,
      },
      reuseExistingServer: !isCI,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
