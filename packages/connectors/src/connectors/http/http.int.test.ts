import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { startSimulator, type TSimulator } from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { webhookReceiverSimulator, type TWebhookReceiverSimulator } from "@storeflow/simulator";
import { invokeAction } from "../../sdk/invoke";
import { httpConnector, ZHttpConfig, type THttpSecrets } from "./index";

let sim: TSimulator;
let receiver: TWebhookReceiverSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [webhookReceiverSimulator] });
  receiver = sim.vendor<TWebhookReceiverSimulator>("webhook-receiver");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function request(options: { input: unknown; auth?: unknown; secrets?: THttpSecrets; idempotencyKey?: string; defaultHeaders?: Record<string, string> }) {
  const config = ZHttpConfig.parse({ baseUrl: `${sim.url}/webhook-receiver/api`, auth: options.auth ?? { kind: "none" }, defaultHeaders: options.defaultHeaders });
  return invokeAction(httpConnector, {
    operation: "request",
    input: options.input,
    config,
    secrets: options.secrets ?? {},
    idempotencyKey: options.idempotencyKey ?? randomUUID(),
    signal: new AbortController().signal,
    fetch,
  });
}

describe("http connector: request", () => {
  it("substitutes URL-encoded path params, adds the query and the API key, and reads the JSON answer", async () => {
    const output = await request({
      input: { method: "get", path: "/items/{sku}/stock", params: { sku: "RED/42 XL?" }, query: { location: "main", tag: ["a", "b"] } },
      auth: { kind: "apiKey", header: "X-Shop-Key" },
      secrets: { apiKey: "key-123" },
    });

    expect(output).toEqual({ status: 200, headers: expect.objectContaining({ "content-type": "application/json" }), body: { received: true, duplicate: false }, truncated: false });
    const [delivery] = receiver.deliveriesTo("api");
    expect(delivery).toMatchObject({ method: "GET", path: "/webhook-receiver/api/items/RED%2F42%20XL%3F/stock", query: "location=main&tag=a&tag=b" });
    expect(delivery?.headers["x-shop-key"]).toBe("key-123");
    expect(delivery?.headers["idempotency-key"]).toBeUndefined();
    expect(JSON.stringify(output)).not.toContain("key-123");
  });

  it("sends the step's idempotency key, the JSON body and Basic auth on a POST", async () => {
    const idempotencyKey = `run-1:step-2:${randomUUID()}`;
    await request({
      input: { method: "POST", path: "/orders", headers: { "X-Trace": "t-1" }, body: { sku: "A1", quantity: 3 } },
      auth: { kind: "basic" },
      secrets: { username: "shop", password: "s3cret" },
      defaultHeaders: { "X-Trace": "default", "X-Tenant": "acme" },
      idempotencyKey,
    });

    const [delivery] = receiver.deliveriesTo("api");
    expect(delivery?.headers).toMatchObject({
      "idempotency-key": idempotencyKey,
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from("shop:s3cret").toString("base64")}`,
      "x-trace": "t-1",
      "x-tenant": "acme",
    });
    expect(JSON.parse(delivery?.body ?? "")).toEqual({ sku: "A1", quantity: 3 });
  });

  it.each([
    { path: "//evil.example/x" },
    { path: "/../../_sim/health" },
    { path: "/%2e%2e/%2e%2e/_sim/health" },
    { path: "/items/{sku}", params: { sku: ".." } },
    { path: "http://evil.example/x" },
  ])("refuses a path that would leave the base URL: $path", async (input) => {
    await expect(request({ input: { method: "GET", ...input } })).rejects.toThrow(NonRetryableError);
    expect(receiver.state.deliveries).toHaveLength(0);
  });

  it("refuses to set Authorization through input headers", async () => {
    await expect(request({ input: { method: "GET", path: "/x", headers: { Authorization: "Bearer leak" } } })).rejects.toThrow(/credentials belong/);
  });

  it("names a secret the auth kind needs but the connection lacks", async () => {
    await expect(request({ input: { method: "GET", path: "/x" }, auth: { kind: "bearer" } })).rejects.toThrow(/needs the secret "token"/);
  });

  it("turns 429 into RateLimitedError with the server's Retry-After", async () => {
    sim.faults.add({ vendor: "webhook-receiver", status: 429, retryAfterS: 7 });
    const error = await request({ input: { method: "POST", path: "/orders", body: {} } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it("turns 503 into RetryableError", async () => {
    sim.faults.add({ vendor: "webhook-receiver", status: 503 });
    const error = await request({ input: { method: "GET", path: "/items" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).not.toBeInstanceOf(RateLimitedError);
  });

  it("turns 422 into NonRetryableError carrying the body's message", async () => {
    sim.faults.add({ vendor: "webhook-receiver", status: 422, body: { error: { message: "sku ZZZ-9 is not known" } } });
    const error = await request({ input: { method: "POST", path: "/orders", body: { sku: "ZZZ-9" } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toContain("answered 422: sku ZZZ-9 is not known");
  });

  it("returns an error status listed in expectStatus instead of failing", async () => {
    sim.faults.add({ vendor: "webhook-receiver", status: 404, body: { message: "no such item" } });
    const output = await request({ input: { method: "GET", path: "/items/1", expectStatus: [200, 404] } });
    expect(output).toMatchObject({ status: 404, body: { message: "no such item" } });
  });

  it("returns text bodies as text and cuts oversized ones", async () => {
    receiver.registerEndpoint("api", { reply: { status: 200, body: "plain answer", contentType: "text/plain" } });
    expect(await request({ input: { method: "GET", path: "/x" } })).toMatchObject({ body: "plain answer", truncated: false });

    receiver.registerEndpoint("api", { reply: { status: 200, body: JSON.stringify({ blob: "x".repeat(300_000) }), contentType: "application/json" } });
    const output = (await request({ input: { method: "GET", path: "/x" } })) as { body: string; truncated: boolean };
    expect(output.truncated).toBe(true);
    expect(output.body).toHaveLength(256 * 1024);
  });

  it("does not follow a redirect off the base URL", async () => {
    receiver.registerEndpoint("api", { reply: { status: 302, body: "" } });
    await expect(request({ input: { method: "GET", path: "/x" } })).rejects.toThrow(/answered 302/);
  });
});

describe("http connector: health", () => {
  it("reports refused credentials and an unreachable host", async () => {
    sim.faults.add({ vendor: "webhook-receiver", status: 401 });
    const context = { config: ZHttpConfig.parse({ baseUrl: `${sim.url}/webhook-receiver/api`, auth: { kind: "bearer" } }), secrets: { token: "t" }, signal: new AbortController().signal, fetch };
    expect(await httpConnector.health(context)).toEqual({ ok: false, detail: "the credentials were refused (401)" });
    expect(await httpConnector.health(context)).toEqual({ ok: true });
    const down = { ...context, config: { ...context.config, baseUrl: "http://127.0.0.1:9/" } };
    expect(await httpConnector.health(down)).toMatchObject({ ok: false, detail: expect.stringContaining("could not be reached") });
  });
});
