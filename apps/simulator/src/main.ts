import { readSimulatorEnv } from "./env";
import { startSimulator } from "./server";
import { allVendors, startSmtpSimulator, startStripeSimulator } from "./vendors";

/** The retail-systems simulator as a process of its own, for the demo and the browser tests. */
async function main() {
  const env = readSimulatorEnv();
  const simulator = await startSimulator({ port: env.SIMULATOR_PORT, host: env.SIMULATOR_HOST, vendors: allVendors });
  const smtp = await startSmtpSimulator({ port: env.SIMULATOR_SMTP_PORT, host: env.SIMULATOR_HOST });
  const stripe = await startStripeSimulator({
    port: env.SIMULATOR_STRIPE_PORT,
    host: env.SIMULATOR_HOST,
    secretKey: env.SIMULATOR_STRIPE_SECRET_KEY,
    webhookEndpoints: env.SIMULATOR_STRIPE_WEBHOOK_URL ? [{ url: env.SIMULATOR_STRIPE_WEBHOOK_URL, secret: env.SIMULATOR_STRIPE_WEBHOOK_SECRET }, { url: env.SIMULATOR_STRIPE_WEBHOOK_URL, secret: env.SIMULATOR_STRIPE_WEBHOOK_SECRET, connect: true }] : [],
  });
  console.log(JSON.stringify({ level: "info", msg: "simulator listening", url: simulator.url, smtpPort: smtp.port, stripeUrl: stripe.url }));
  const stop = async () => {
    await Promise.all([simulator.close(), smtp.close(), stripe.close()]);
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: "error", msg: "simulator failed to start", error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
