import { randomBytes } from "node:crypto";

const kek = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

/**
 * Stand-ins for the values of the operator's Secret (never committed), well-formed as the
 * env schemas demand, so the ConfigMap and compose values can be parsed together with
 * them. A Secret key without a sample here fails the tests: add one when adding a key.
 */
export const SAMPLE_SECRETS: Readonly<Record<string, string>> = {
  DATABASE_URL: "postgresql://storeflow_owner:owner-password@postgres.example:5432/storeflow",
  APP_DATABASE_URL: "postgresql://storeflow_app:app-password@postgres.example:5432/storeflow",
  APP_DB_PASSWORD: "app-password",
  REDIS_URL: "rediss://default:redis-password@redis.example:6380",
  AUTH_SECRET: randomBytes(32).toString("base64"),
  SECRETS_KEK: kek("k2"),
  SECRETS_KEK_PREVIOUS: kek("k1"),
  SMTP_URL: "smtps://mailer:smtp-password@smtp.example:465",
  POSTGRES_PASSWORD: "postgres-password",
  METRICS_TOKEN: randomBytes(24).toString("base64url"),
  STRIPE_SECRET_KEY: "sk_live_sample",
  STRIPE_WEBHOOK_SECRET: "whsec_sample",
};
