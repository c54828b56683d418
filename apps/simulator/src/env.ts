import { z } from "zod";

const ZSimulatorEnv = z.object({
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  SIMULATOR_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).default(4025),
  /** The local Stripe API (its own port: the SDK cannot take a base path). */
  SIMULATOR_STRIPE_PORT: z.coerce.number().int().min(0).max(65_535).default(4012),
  SIMULATOR_STRIPE_SECRET_KEY: z.string().startsWith("sk_test_").default("sk_test_storeflow_simulator"),
  /** Where Stripe events go, e.g. http://localhost:3000/api/stripe/webhook, signed with the secret below. */
  SIMULATOR_STRIPE_WEBHOOK_URL: z.url().optional(),
  SIMULATOR_STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").default("whsec_storeflow_simulator"),
});

/** The standalone simulator's settings; it is a development and test tool, so everything has a default. */
export function readSimulatorEnv(source: Record<string, string | undefined> = process.env) {
  const parsed = ZSimulatorEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid simulator environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}
