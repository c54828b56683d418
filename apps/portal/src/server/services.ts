import "server-only";
import { createAuthConfig, createSignInLimiter, type SignInLimiter } from "@storeflow/auth";
import { builtInConnectors, type TConnectorCatalog } from "@storeflow/connectors";
import { stripeClientFromEnv } from "@storeflow/billing";
import { getDb, getUnsafeAdminDb } from "@storeflow/db";
import type Stripe from "stripe";
import { createMailer, type Mailer } from "@storeflow/mail";
import { createQueuePublisher } from "@storeflow/queue";
import { createRunStore, type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { keyRingFromEnv, type TKeyRing } from "@storeflow/secrets";
import { builtInTemplates, type TTemplateCatalog } from "@storeflow/templates";
import Redis from "ioredis";
import { readPortalEnv } from "../env";
import { observability } from "./observability";

/** Process-wide singletons, created on first use (never at build time). */
interface Services {
  env: ReturnType<typeof readPortalEnv>;
  redis: Redis;
  mailer: Mailer;
  /** Operator actions hand the steps they release to the worker fleet through this. */
  stepPublisher: TStepPublisher;
  /** Approval decisions and published events move runs on through the executor's own pool. */
  runStore: TRunStore;
  limiter: SignInLimiter;
  connectors: TConnectorCatalog;
  /** Encrypts secrets as partners type them, and opens webhook signing secrets at the ingress. */
  keyRing: TKeyRing;
  templates: TTemplateCatalog;
  /** The platform's Stripe client; null when billing is off (no STRIPE_SECRET_KEY). */
  stripe: Stripe | null;
  authConfig: ReturnType<typeof createAuthConfig>;
}

const globalForServices = globalThis as unknown as { storeflowServices?: Services };

export function services(): Services {
  if (globalForServices.storeflowServices) return globalForServices.storeflowServices;
  const env = readPortalEnv();
  const db = getDb();
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
  redis.on("error", () => {
    // readiness reports Redis problems; an unhandled error event would crash the process
  });
  const publishing = createQueuePublisher({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX });
  publishing.queue.on("error", () => {
    // as above: a publish waits for Redis to return, and the reconciler covers a lost one
  });
  const mailer = createMailer({ db, transport: env.MAIL_TRANSPORT, smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const created: Services = {
    env,
    redis,
    mailer,
    stepPublisher: publishing.publisher,
    // Approval decisions, events and the webhook ingress's inserts: each a short transaction.
    runStore: createRunStore({ url: env.APP_DATABASE_URL, max: 12 }),
    limiter: createSignInLimiter({ redis, prefix: env.RATE_LIMIT_PREFIX, perIp: env.SIGN_IN_LIMIT_PER_IP, perEmail: env.SIGN_IN_LIMIT_PER_EMAIL }),
    connectors: builtInConnectors,
    keyRing: keyRingFromEnv(env),
    stripe: stripeClientFromEnv(env),
    templates: builtInTemplates,
    authConfig: createAuthConfig({ db, mailer, secret: env.AUTH_SECRET, portalUrl: env.PORTAL_URL, logger: observability().logger.child({ component: "auth" }) }),
  };
  globalForServices.storeflowServices = created;
  return created;
}

export { getDb, getUnsafeAdminDb };
