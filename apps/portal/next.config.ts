import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are TypeScript source, compiled by Next like app code.
  transpilePackages: ["@storeflow/accounts", "@storeflow/alerts", "@storeflow/api", "@storeflow/audit", "@storeflow/auth", "@storeflow/billing", "@storeflow/connections", "@storeflow/connectors", "@storeflow/outbound", "@storeflow/secrets", "@storeflow/db", "@storeflow/env", "@storeflow/errors", "@storeflow/engine", "@storeflow/kpis", "@storeflow/logging", "@storeflow/mail", "@storeflow/metrics", "@storeflow/queue", "@storeflow/runs", "@storeflow/telemetry", "@storeflow/ui"],
  // Native addons and Prisma's runtime load from node_modules at run time.
  serverExternalPackages: ["@node-rs/argon2", "@prisma/client", "@prisma/adapter-pg", "pg", "ioredis", "bullmq", "nodemailer", "rate-limiter-flexible", "pino", "prom-client", "stripe"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
