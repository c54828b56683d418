import { randomUUID } from "node:crypto";
import { startSimulator, type TSentWebhook, type TSimulator } from "@storeflow/simulator";
import { expect, vi } from "vitest";
import { type TActionContext, type TFetch, type TInboundWebhook } from "../../sdk/connector";
import { invokeAction } from "../../sdk/invoke";
import { shipbobSimulator, type TShipBobSimulator } from "@storeflow/simulator";
import { type TShipBobConfig, type TShipBobSecrets } from "./config";
import { shipbobConnector } from "./connector";

export type TSbTestContext = TActionContext<TShipBobConfig, TShipBobSecrets>;

export interface TShipBobHarness {
  sim: TSimulator;
  sb: TShipBobSimulator;
  context(overrides?: { secrets?: Partial<TShipBobSecrets>; fetch?: TFetch }): TSbTestContext;
  invoke(operation: string, input: unknown, context?: TSbTestContext): Promise<unknown>;
  /** Subscribes `topics` to a URL nobody listens on: the simulator still records each signed delivery. */
  subscribe(topics: string[]): Promise<void>;
  /** The next webhook the simulator sent, as the ingress would hand it over. */
  nextWebhook(topic: string): Promise<TInboundWebhook>;
}

export function asInbound(delivery: TSentWebhook, receivedAt = new Date()): TInboundWebhook {
  const headers = Object.fromEntries(Object.entries({ "content-type": "application/json", ...delivery.headers }).map(([name, value]) => [name.toLowerCase(), value]));
  return { headers, rawBody: delivery.body, url: delivery.url, receivedAt };
}

export async function startShipBob(): Promise<TShipBobHarness> {
  const sim = await startSimulator({ vendors: [shipbobSimulator] });
  const sb = sim.vendor<TShipBobSimulator>("shipbob");
  const harness: TShipBobHarness = {
    sim,
    sb,
    context(overrides = {}) {
      return {
        config: { channelId: sb.state.channels[0]!.id, baseUrl: `${sim.url}/shipbob` },
        secrets: { personalAccessToken: sb.state.tokens[0]!, webhookSecret: sb.state.webhookSecret, ...overrides.secrets },
        idempotencyKey: `${randomUUID()}:step:0`,
        signal: AbortSignal.timeout(15_000),
        fetch: overrides.fetch ?? ((url, init) => fetch(url, init)),
      };
    },
    invoke(operation, input, context = harness.context()) {
      return invokeAction(shipbobConnector, { ...context, operation, input });
    },
    async subscribe(topics) {
      const response = await fetch(`${sim.url}/shipbob/2026-01/webhook`, {
        method: "POST",
        headers: { authorization: `Bearer ${sb.state.tokens[0]}`, "content-type": "application/json" },
        body: JSON.stringify({ topics, url: "http://127.0.0.1:9/hooks/shipbob" }),
      });
      expect(response.status).toBe(201);
    },
    async nextWebhook(topic) {
      await vi.waitFor(() => expect(sim.webhooks.sent.some((sent) => sent.headers["x-webhook-topic"] === topic)).toBe(true), { timeout: 5000 });
      return asInbound(sim.webhooks.sent.find((sent) => sent.headers["x-webhook-topic"] === topic)!);
    },
  };
  return harness;
}

export const ORDER = {
  referenceId: "shop-order-1001",
  orderNumber: "#1001",
  recipient: { name: "John Doe", address: { address1: "100 N Racine Ave", city: "Chicago", state: "IL", country: "US", zipCode: "60607" }, email: "john@example.com" },
  products: [
    { sku: "LIGHT-ROAST", quantity: 2 },
    { sku: "DARK-ROAST", quantity: 1, unitPrice: 14.5 },
  ],
};
