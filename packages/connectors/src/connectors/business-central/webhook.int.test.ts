import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type TInboundWebhook } from "../../sdk/connector";
import { WebhookVerificationError } from "../../sdk/errors";
import { businessCentralConnector } from "./connector";
import { readValidationToken } from "./webhook";
import { CLIENT_STATE, startBusinessCentral, startNotificationReceiver, type TBcHarness, type TNotificationReceiver } from "./test-support";

let h: TBcHarness;
let receiver: TNotificationReceiver;
const webhook = businessCentralConnector.webhook!;

beforeAll(async () => {
  h = await startBusinessCentral();
  receiver = await startNotificationReceiver();
});
afterAll(async () => {
  await receiver.close();
  await h.sim.close();
});
beforeEach(() => {
  h.sim.reset();
  receiver.received.length = 0;
});

async function subscribe(entitySet: string, notificationUrl = receiver.url): Promise<Response> {
  const { config, secrets } = h.context();
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: secrets.clientId, client_secret: secrets.clientSecret, scope: "https://api.businesscentral.dynamics.com/.default" });
  const token = ((await (await fetch(config.tokenUrl!, { method: "POST", body: form })).json()) as { access_token: string }).access_token;
  return fetch(`${config.baseUrl}/v2.0/${config.tenantId}/${config.environment}/api/v2.0/subscriptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ notificationUrl, resource: `/api/v2.0/companies(${config.companyId})/${entitySet}`, clientState: CLIENT_STATE }),
  });
}

async function nextNotification(): Promise<TInboundWebhook> {
  await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThan(0), { timeout: 5000 });
  return receiver.received[0]!;
}

const secretsFor = (webhookClientState?: string) => ({ ...h.context().secrets, webhookClientState });

// The sample payload of "Working with webhooks in Dynamics 365 Business Central".
const DOCUMENTED_EXAMPLE = JSON.stringify({
  value: [
    { subscriptionId: "webhookItemsId", clientState: "someClientState", expirationDateTime: "2018-10-29T07:52:31Z", resource: "api/v2.0/companies(b18aed47-c385-49d2-b954-dbdf8ad71780)/items(26814998-936a-401c-81c1-0e848a64971d)", changeType: "updated", lastModifiedDateTime: "2018-10-26T12:54:20.467Z" },
    { subscriptionId: "webhookCustomersId", clientState: "someClientState", expirationDateTime: "2018-10-29T12:50:30Z", resource: "api/v2.0/companies(b18aed47-c385-49d2-b954-dbdf8ad71780)/customers(130bbd17-dbb9-4790-9b12-2b0e9c9d22c3)", changeType: "created", lastModifiedDateTime: "2018-10-26T12:54:26.057Z" },
    { subscriptionId: "webhookCustomersId", clientState: "someClientState", expirationDateTime: "2018-10-29T12:50:30Z", resource: "api/v2.0/companies(b18aed47-c385-49d2-b954-dbdf8ad71780)/customers(4b4f31f0-dc1c-4033-b2aa-ab03ca1d6ebc)", changeType: "deleted", lastModifiedDateTime: "2018-10-26T12:54:30.503Z" },
    { subscriptionId: "salesInvoice", clientState: "someClientState", expirationDateTime: "2018-10-20T10:55:01Z", resource: "/api/v2.0/companies(7dbba574-5f69-4167-a43e-fb975045de15)/salesInvoices?$filter=lastDateTimeModified%20gt%202018-10-15T11:00:00Z", changeType: "collection", lastModifiedDateTime: "2018-10-26T12:54:30.503Z" },
  ],
});

function inbound(rawBody: string): TInboundWebhook {
  return { headers: { "content-type": "application/json" }, rawBody, url: "https://hooks.example.com/in/bc", receivedAt: new Date() };
}

describe("Business Central notifications", () => {
  it("a subscription needs the validation handshake; the notification then verifies and normalises", async () => {
    const response = await subscribe("salesCreditMemos");
    expect(response.status).toBe(201);
    const memo = (await h.invoke("createSalesCreditMemo", { customerNumber: "10000", lines: [{ type: "item", itemNumber: "1900-S", quantity: 1, unitPrice: 150 }] })) as { creditMemo: { id: string } };
    const notification = await nextNotification();
    const context = { config: h.context().config, secrets: secretsFor(CLIENT_STATE) };
    expect(() => webhook.verify(notification, context)).not.toThrow();
    const event = webhook.normalise(notification, context);
    expect(event).toMatchObject({ type: "sales.credit_memo.created", correlationKey: memo.creditMemo.id, payload: { changes: [{ entitySet: "salesCreditMemos", id: memo.creditMemo.id, changeType: "created" }] } });
    expect(JSON.stringify(event)).not.toContain(CLIENT_STATE);
  });

  it("refuses a subscription whose URL does not echo the validation token", async () => {
    const response = await subscribe("items", `${h.sim.url}/_sim/health`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "BadRequest", message: expect.stringMatching(/did not return the validation token/) } });
    expect(h.bc.state.subscriptions).toHaveLength(0);
  });

  it("batches changes to several records into one item.updated event", async () => {
    await subscribe("items");
    const order = (await h.invoke("createPurchaseOrder", { vendorNumber: "10000", lines: [{ itemNumber: "1896-S", quantity: 1 }, { itemNumber: "1900-S", quantity: 1 }] })) as { purchaseOrder: { number: string } };
    h.bc.receivePurchaseOrder({ orderNumber: order.purchaseOrder.number });
    const notification = await nextNotification();
    const event = webhook.normalise(notification, { config: h.context().config });
    expect(event.type).toBe("item.updated");
    expect((event.payload.changes as unknown[]).length).toBe(2);
    expect(event.correlationKey).toBeUndefined();
  });

  it("rejects a notification whose clientState was tampered with", async () => {
    await subscribe("salesCreditMemos");
    await h.invoke("createSalesCreditMemo", { customerNumber: "10000", lines: [{ type: "item", itemNumber: "1900-S", quantity: 1, unitPrice: 1 }] });
    const notification = await nextNotification();
    const tampered = { ...notification, rawBody: notification.rawBody.replace(CLIENT_STATE, `${CLIENT_STATE}x`) };
    expect(() => webhook.verify(tampered, { config: h.context().config, secrets: secretsFor(CLIENT_STATE) })).toThrow(WebhookVerificationError);
  });

  it("rejects a notification checked against another connection's clientState, or none", async () => {
    const body = DOCUMENTED_EXAMPLE;
    const config = h.context().config;
    expect(() => webhook.verify(inbound(body), { config, secrets: secretsFor("anotherClientState") })).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(inbound(body), { config, secrets: secretsFor(undefined) })).toThrow(/no webhook clientState/);
  });

  it("rejects a batch where any one notification lacks the clientState", async () => {
    const body = JSON.parse(DOCUMENTED_EXAMPLE) as { value: Record<string, unknown>[] };
    delete body.value[2]!.clientState;
    expect(() => webhook.verify(inbound(JSON.stringify(body)), { config: h.context().config, secrets: secretsFor("someClientState") })).toThrow(WebhookVerificationError);
  });

  it("rejects a body that is not a notification", () => {
    expect(() => webhook.verify(inbound("<html>"), { config: h.context().config, secrets: secretsFor("someClientState") })).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(inbound('{"value":[]}'), { config: h.context().config, secrets: secretsFor("someClientState") })).toThrow(WebhookVerificationError);
  });

  it("verifies and normalises Microsoft's documented example", () => {
    const context = { config: h.context().config, secrets: secretsFor("someClientState") };
    expect(() => webhook.verify(inbound(DOCUMENTED_EXAMPLE), context)).not.toThrow();
    const event = webhook.normalise(inbound(DOCUMENTED_EXAMPLE), context);
    expect(event.type).toBe("records.changed");
    expect(event.occurredAt).toBe("2018-10-26T12:54:30.503Z");
    expect(event.payload.changes).toEqual([
      expect.objectContaining({ entitySet: "items", id: "26814998-936a-401c-81c1-0e848a64971d", changeType: "updated" }),
      expect.objectContaining({ entitySet: "customers", id: "130bbd17-dbb9-4790-9b12-2b0e9c9d22c3", changeType: "created" }),
      expect.objectContaining({ entitySet: "customers", id: "4b4f31f0-dc1c-4033-b2aa-ab03ca1d6ebc", changeType: "deleted" }),
      expect.objectContaining({ entitySet: "salesInvoices", id: null, changeType: "collection" }),
    ]);
    expect(JSON.stringify(event)).not.toContain("someClientState");
    // A redelivery, even re-serialised, is the same delivery.
    const reformatted = JSON.stringify(JSON.parse(DOCUMENTED_EXAMPLE), null, 2);
    expect(webhook.normalise(inbound(reformatted), context).deliveryId).toBe(event.deliveryId);
  });

  it("reads the validation token the ingress must echo", () => {
    expect(readValidationToken({ url: "https://hooks.example.com/in/bc?validationToken=abc%20123" })).toBe("abc 123");
    expect(readValidationToken({ url: "https://hooks.example.com/in/bc" })).toBeUndefined();
  });
});
