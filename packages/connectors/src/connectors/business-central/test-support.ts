import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { type AddressInfo } from "node:net";
import { startSimulator, type TSimulator } from "@storeflow/simulator";
import { type TActionContext, type TFetch, type TInboundWebhook } from "../../sdk/connector";
import { invokeAction } from "../../sdk/invoke";
import { businessCentralSimulator, type TBusinessCentralSimulator } from "@storeflow/simulator";
import { businessCentralConnector } from "./connector";
import { type TBusinessCentralConfig, type TBusinessCentralSecrets } from "./config";

export type TBcTestContext = TActionContext<TBusinessCentralConfig, TBusinessCentralSecrets>;

export interface TBcHarness {
  sim: TSimulator;
  bc: TBusinessCentralSimulator;
  /** A connection to the simulated company; `overrides` replace config or secret fields. */
  context(overrides?: { secrets?: Partial<TBusinessCentralSecrets>; idempotencyKey?: string; fetch?: TFetch }): TBcTestContext;
  /** Registers a fresh app registration, so a test sees only its own token requests. */
  newClient(): { clientId: string; clientSecret: string };
  invoke(operation: string, input: unknown, context?: TBcTestContext): Promise<unknown>;
}

export const CLIENT_STATE = "client-state-shared-with-business-central";

export async function startBusinessCentral(): Promise<TBcHarness> {
  const sim = await startSimulator({ vendors: [businessCentralSimulator] });
  const bc = sim.vendor<TBusinessCentralSimulator>("business-central");
  const harness: TBcHarness = {
    sim,
    bc,
    context(overrides = {}) {
      const { tenantId, environment, companyId, clients } = bc.state;
      return {
        config: { tenantId, environment, companyId, baseUrl: `${sim.url}/business-central`, tokenUrl: `${sim.url}/business-central/${tenantId}/oauth2/v2.0/token` },
        secrets: { ...clients[0]!, webhookClientState: CLIENT_STATE, ...overrides.secrets },
        idempotencyKey: overrides.idempotencyKey ?? `${randomUUID()}:step:0`,
        signal: AbortSignal.timeout(15_000),
        fetch: overrides.fetch ?? ((url, init) => fetch(url, init)),
      };
    },
    newClient() {
      const client = { clientId: randomUUID(), clientSecret: randomUUID() };
      bc.state.clients.push(client);
      return client;
    },
    invoke(operation, input, context = harness.context()) {
      return invokeAction(businessCentralConnector, { ...context, operation, input });
    },
  };
  return harness;
}

/** What a notification endpoint received, as the ingress would hand it to the connector. */
export interface TNotificationReceiver {
  url: string;
  received: TInboundWebhook[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A notification URL that answers Business Central's handshake and records the rest. */
export async function startNotificationReceiver(): Promise<TNotificationReceiver> {
  const received: TInboundWebhook[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((rawBody) => {
      const url = `http://${request.headers.host}${request.url}`;
      const token = new URL(url).searchParams.get("validationToken");
      if (token) {
        response.writeHead(200, { "content-type": "text/plain" }).end(token);
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      received.push({ headers, rawBody, url, receivedAt: new Date() });
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/business-central`,
    received,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
