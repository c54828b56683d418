import { NonRetryableError, RetryableError } from "@storeflow/engine";
import { startSimulator, type TSimulator } from "@storeflow/simulator";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { webhookReceiverSimulator, type TWebhookReceiverSimulator } from "@storeflow/simulator";
import { invokeAction } from "../../sdk/invoke";
import { deriveWebhookId, outboundWebhookConnector, ZOutboundWebhookSecrets } from "./index";

let sim: TSimulator;
let receiver: TWebhookReceiverSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [webhookReceiverSimulator] });
  receiver = sim.vendor<TWebhookReceiverSimulator>("webhook-receiver");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function deliver(options: { url: string; signingSecret: string; idempotencyKey?: string; input?: unknown }) {
  return invokeAction(outboundWebhookConnector, {
    operation: "deliver",
    input: options.input ?? { type: "order.created", data: { orderId: "1042", total: 129 } },
    config: { url: options.url },
    secrets: { signingSecret: options.signingSecret },
    idempotencyKey: options.idempotencyKey ?? randomUUID(),
    signal: new AbortController().signal,
    fetch,
  });
}

describe("outbound webhook connector: deliver", () => {
  it("posts a Standard Webhooks message the receiver verifies with the shared secret", async () => {
    const signingSecret = newSecret();
    const url = receiver.registerEndpoint("erp", { secret: signingSecret });
    const idempotencyKey = `run-7:notify:${randomUUID()}`;

    const output = await deliver({ url, signingSecret, idempotencyKey, input: { type: "order.created", data: { orderId: "1042" }, occurredAt: "2026-03-01T10:00:00Z" } });

    expect(output).toEqual({ status: 200, webhookId: deriveWebhookId(idempotencyKey) });
    const [delivery] = receiver.deliveriesTo("erp");
    expect(delivery).toMatchObject({ method: "POST", verified: true, duplicate: false, webhookId: deriveWebhookId(idempotencyKey) });
    expect(delivery?.webhookId).toMatch(/^msg_[A-Za-z0-9_-]+$/);
    expect(Math.abs(Number(delivery?.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    expect(delivery?.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(delivery?.body ?? "")).toEqual({ type: "order.created", timestamp: "2026-03-01T10:00:00Z", data: { orderId: "1042" } });
  });

  it("fails verification at a receiver holding another secret, and the 401 is not retried", async () => {
    const url = receiver.registerEndpoint("erp", { secret: newSecret() });

    const error = await deliver({ url, signingSecret: newSecret() }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toContain("answered 401: signature verification failed");
    expect(receiver.deliveriesTo("erp")).toEqual([expect.objectContaining({ verified: false, verificationError: "No matching signature found" })]);
  });

  it("sends a retried delivery with the same webhook-id, so the receiver sees a duplicate", async () => {
    const signingSecret = newSecret();
    const url = receiver.registerEndpoint("erp", { secret: signingSecret });
    const idempotencyKey = randomUUID();

    sim.faults.add({ vendor: "webhook-receiver", status: 503 });
    await expect(deliver({ url, signingSecret, idempotencyKey })).rejects.toBeInstanceOf(RetryableError);
    const first = await deliver({ url, signingSecret, idempotencyKey });
    const again = await deliver({ url, signingSecret, idempotencyKey });
    const other = await deliver({ url, signingSecret });

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(receiver.deliveriesTo("erp").map((d) => [d.webhookId, d.verified, d.duplicate])).toEqual([
      [deriveWebhookId(idempotencyKey), true, false],
      [deriveWebhookId(idempotencyKey), true, true],
      [(other as { webhookId: string }).webhookId, true, false],
    ]);
  });

  it("treats 410 Gone and redirects as permanent", async () => {
    const signingSecret = newSecret();
    const gone = receiver.registerEndpoint("gone", { reply: { status: 410 } });
    const moved = receiver.registerEndpoint("moved", { reply: { status: 301 } });

    await expect(deliver({ url: gone, signingSecret })).rejects.toThrow(/410 Gone/);
    await expect(deliver({ url: moved, signingSecret })).rejects.toThrow(/answered 301 \(a redirect, not followed\)/);
  });

  it("refuses event types the spec does not allow", async () => {
    await expect(deliver({ url: receiver.registerEndpoint("erp"), signingSecret: newSecret(), input: { type: "order created", data: {} } })).rejects.toThrow(
      /dot-separated words/,
    );
    expect(receiver.state.deliveries).toHaveLength(0);
  });
});

describe("outbound webhook connector: secrets", () => {
  it("accepts only whsec_ secrets of 24 to 64 random bytes", () => {
    expect(ZOutboundWebhookSecrets.safeParse({ signingSecret: newSecret() }).success).toBe(true);
    expect(ZOutboundWebhookSecrets.safeParse({ signingSecret: `whsec_${randomBytes(16).toString("base64")}` }).success).toBe(false);
    expect(ZOutboundWebhookSecrets.safeParse({ signingSecret: randomBytes(32).toString("base64") }).success).toBe(false);
    expect(ZOutboundWebhookSecrets.safeParse({ signingSecret: "whsec_not base64!" }).success).toBe(false);
  });
});
