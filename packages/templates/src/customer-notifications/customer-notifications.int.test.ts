import { invokeAction, shipbobConnector, shopifyConnector, type TDomainEvent } from "@storeflow/connectors";
import { evaluate } from "@storeflow/engine";
import {
  shipbobSimulator,
  shopifySimulator,
  startSmtpSimulator,
  type TSentWebhook,
  type TShipBobSimulator,
  type TShopifySimulator,
  type TSmtpSimulator,
} from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { type TInstallContext } from "../template";
import { customerNotificationsTemplate as template } from "./index";

const h = useTemplateHarness([shopifySimulator, shipbobSimulator]);

const MAILBOX = { username: "orders@northwind-outfitters.example", password: "smtp-app-password" };
const BRAND = { brandName: "Northwind Outfitters", supportEmail: "help@northwind-outfitters.example", brandColour: "#0B6E4F" };
const GONE = "gone@customer.example";
// Nobody listens here: the simulators still record each delivery, which is what a webhook ingress receives.
const HOOKS = "http://127.0.0.1:9/hooks";

let smtp: TSmtpSimulator;
let shop: TShopifySimulator;
let warehouse: TShipBobSimulator;
// The simulators number their orders afresh for each test while the database keeps every run: each test is its own installation, as production keys are per installation.
let installationId: string;

beforeAll(async () => {
  smtp = await startSmtpSimulator({ users: { [MAILBOX.username]: MAILBOX.password }, rejectRecipients: { [GONE]: 550 } });
});
afterAll(() => smtp.close());
beforeEach(async () => {
  smtp.messages.length = 0;
  installationId = randomUUID();
  shop = h.sim.vendor<TShopifySimulator>("shopify");
  warehouse = h.sim.vendor<TShipBobSimulator>("shipbob");
  for (const topic of ["orders/create", "orders/fulfilled", "refunds/create"]) shop.subscribe(topic, `${HOOKS}/shopify`);
});

async function bindShopAndMail() {
  await h.bind("shop", h.connections.shopify());
  await h.bind("mail", h.connections.email(smtp, MAILBOX, `Northwind Outfitters <${MAILBOX.username}>`));
}

async function delivered(header: string, topic: string): Promise<TSentWebhook[]> {
  await shop.settle();
  await vi.waitFor(() => expect(h.sim.webhooks.sent.some((sent) => sent.headers[header] === topic)).toBe(true), { timeout: 5000 });
  return h.sim.webhooks.sent.filter((sent) => sent.headers[header] === topic);
}

/** What the ingress makes of a delivery: the connector's own normalise. */
function normalise(delivery: TSentWebhook, body = delivery.body): TDomainEvent {
  const request = { headers: delivery.headers, rawBody: body, url: delivery.url, receivedAt: new Date() };
  return delivery.vendor === "shopify"
    ? shopifyConnector.webhook!.normalise(request, { config: h.connections.shopify().config as never })
    : shipbobConnector.webhook!.normalise(request, { config: h.connections.shipbob().config as never });
}

/** installation-runs' eventIdempotencyKey: the trigger's key expression over the run input names the run, else the delivery does. */
async function eventIdempotencyKey(expression: string | undefined, input: { event: { deliveryId: string } }): Promise<string> {
  const key = expression ? await evaluate(expression, { input, steps: {}, run: { id: "", clientId: h.scope.clientId } }).catch(() => undefined) : undefined;
  return typeof key === "string" && key.length > 0 ? `event:${installationId}:${key.slice(0, 300)}` : `webhook:${installationId}:${input.event.deliveryId}`;
}

/**
 * Starts a run the way the installation's trigger for the event does: input
 * `{ trigger: "event", event }`, the event's correlation key and the trigger's
 * idempotency key. A second start with the same key returns the first run
 * instead of sending again.
 */
async function trigger(event: TDomainEvent, params: Record<string, unknown> = {}, context: TInstallContext = { timezone: "UTC" }): Promise<string> {
  const input = { trigger: "event", event: { type: event.type, deliveryId: event.deliveryId, occurredAt: event.occurredAt, correlationKey: event.correlationKey, payload: event.payload } };
  const on = template.triggers(template.params.parse({ ...BRAND, ...params }), context).find((t) => t.kind === "event" && t.event === event.type);
  if (on?.kind !== "event") throw new Error(`no trigger of the installation starts on ${event.type}`);
  return h.start(template, { ...BRAND, ...params }, input, { idempotencyKey: await eventIdempotencyKey(on.idempotencyKey, input), correlationKey: event.correlationKey, timezone: context.timezone });
}

/** Shopify's orders/create body names the customer; the simulator's leaves the block out. */
const withCustomer = (delivery: TSentWebhook, customer: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(delivery.body), customer });

async function placeOrder(email: string) {
  const order = await shop.createOrder({ email, lineItems: [{ sku: "TEE-BLK-M", quantity: 2 }] });
  const [created] = (await delivered("x-shopify-topic", "orders/create")).filter((sent) => JSON.parse(sent.body).id === order.id);
  return { order, created: created! };
}

/** The wall clock, "HH:MM", in `timeZone` at `at` (epoch ms). */
function clockAt(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** A quiet-hours window that began an hour ago and ends in 90 minutes, local time in `timeZone`. */
function quietNow(timeZone: string) {
  return { quietHoursStart: clockAt(timeZone, Date.now() - 60 * 60_000), quietHoursEnd: clockAt(timeZone, Date.now() + 90 * 60_000) };
}

/** The first minute after `from` when the wall clock in `timeZone` shows `clock`: worked out apart from the template's offset table. */
function nextTimeAt(timeZone: string, clock: string, from: number): string {
  for (let minute = Math.floor(from / 60_000) + 1; ; minute++) {
    if (clockAt(timeZone, minute * 60_000) === clock) return new Date(minute * 60_000).toISOString();
  }
}

describe("customer notifications", () => {
  beforeEach(async () => {
    await bindShopAndMail();
    await h.bind("warehouse", h.connections.shipbob());
  });

  it("e-mails the customer one branded order confirmation with the order number, name and total", async () => {
    const { order, created } = await placeOrder("ada@customer.example");

    const runId = await trigger(normalise(created, withCustomer(created, { first_name: "Ada", email: "ada@customer.example", accepts_marketing: false })), { quietHoursEnabled: false });

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.path).toEqual(["read_milestone", "route", "compose", "plan_send", "gate", "send", "sent"]);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail).toMatchObject({
      authUser: MAILBOX.username,
      envelope: { to: ["ada@customer.example"] },
      from: `"Northwind Outfitters" <${MAILBOX.username}>`,
      subject: `Thanks for your order ${order.name}`,
    });
    expect(mail!.text).toContain(`Hi Ada,`);
    expect(mail!.text).toContain(`Thank you for shopping with Northwind Outfitters! We have received your order ${order.name} (50.00 USD)`);
    expect(mail!.text).toContain("write to help@northwind-outfitters.example");
    expect(mail!.html).toContain(`background:#0B6E4F;color:#FFFFFF;`);
    expect(mail!.html).toContain(">Northwind Outfitters</td>");
    expect(mail!.html).toContain(`<p style="margin:0 0 16px;">Hi Ada,</p>`);
    expect(mail!.html).toContain(`<a href="mailto:help@northwind-outfitters.example"`);
    expect(run.outputs.sent).toMatchObject({
      sent: true,
      milestone: "order_confirmed",
      orderNumber: order.name,
      messageId: mail!.messageId,
      dedupeKey: `customer-notifications:order_confirmed:gid://shopify/Order/${order.id}`,
      kpis: { notificationsSent: 1, notificationsSkipped: 0, quietHoursDelayMs: 0 },
    });
  });

  it("sends the shipping notice once when ShipBob delivers order.shipped twice and Shopify reports the same shipment", async () => {
    const { order, created } = await placeOrder("bo@customer.example");
    // Two subscriptions on the topic: ShipBob delivers the one event to each, under two webhook ids.
    for (const endpoint of ["a", "b"]) warehouse.state.subscriptions.push({ id: warehouse.state.nextId++, topics: ["order.shipped"], url: `${HOOKS}/shipbob-${endpoint}`, created_at: new Date().toISOString() });
    const { order: wmsOrder } = (await invokeAction(shipbobConnector, {
      operation: "createOrder",
      input: { referenceId: String(order.id), orderNumber: order.name, recipient: { name: "Bo Berg", email: "bo@customer.example", address: { address1: "1 Main St", city: "Chicago", country: "US" } }, products: [{ sku: "LIGHT-ROAST", quantity: 1 }] },
      config: shipbobConnector.config.parse(h.connections.shipbob().config),
      secrets: shipbobConnector.secrets.parse(h.connections.shipbob().secrets),
      idempotencyKey: randomUUID(),
      signal: AbortSignal.timeout(10_000),
      fetch,
    })) as { order: { shipments: { id: number }[] } };
    const shipment = warehouse.shipShipment(wmsOrder.shipments[0]!.id);
    await vi.waitFor(() => expect(h.sim.webhooks.sent.filter((sent) => sent.headers["x-webhook-topic"] === "order.shipped")).toHaveLength(2), { timeout: 5000 });
    const [first, second] = (await delivered("x-webhook-topic", "order.shipped")).map((delivery) => normalise(delivery));
    expect(first!.deliveryId).not.toBe(second!.deliveryId);
    // ShipBob's own Shopify sync then marks the shop order fulfilled, which Shopify reports as well.
    await shop.emitWebhook("orders/fulfilled", {
      ...JSON.parse(created.body),
      fulfillment_status: "fulfilled",
      fulfillments: [{ id: 1, status: "success", tracking_company: "USPS", tracking_number: shipment.tracking!.tracking_number, tracking_url: shipment.tracking!.tracking_url }],
    });
    const [fulfilled] = await delivered("x-shopify-topic", "orders/fulfilled");

    const runIds = [await trigger(first!), await trigger(second!), await trigger(normalise(fulfilled!))];

    expect(new Set(runIds).size).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ envelope: { to: ["bo@customer.example"] }, subject: `Your order ${order.name} is on its way` });
    expect(smtp.messages[0]!.text).toContain(`Track your parcel with USPS, tracking number ${shipment.tracking!.tracking_number}: ${shipment.tracking!.tracking_url}`);
    expect(smtp.messages[0]!.html).toContain(`<a href="${shipment.tracking!.tracking_url.replaceAll("&", "&amp;")}" style="color:#0B6E4F;">`);
    const run = await h.run(runIds[0]!);
    // The warehouse event names no customer: the shop order gives the address.
    expect(run.path).toContain("lookup_order");
    expect(run.outputs.sent).toMatchObject({ sent: true, milestone: "order_shipped", dedupeKey: `customer-notifications:order_shipped:gid://shopify/Order/${order.id}` });
  });

  it("holds an order confirmation that falls in quiet hours until they end, then sends it", async () => {
    const timeZone = "America/New_York";
    const window = { ...quietNow(timeZone), timeZone };
    const { order, created } = await placeOrder("cy@customer.example");
    const before = Date.now();

    const runId = await trigger(normalise(created), window);

    const run = await h.run(runId);
    const resumeAt = nextTimeAt(timeZone, window.quietHoursEnd, before);
    expect(run.status).toBe("succeeded");
    expect(run.path).toEqual(["read_milestone", "route", "compose", "plan_send", "gate", "wait_quiet_hours", "send", "sent"]);
    expect(run.outputs.plan_send).toMatchObject({ quietHours: true, held: true, timeZone, localTime: expect.stringMatching(/^\d\d:\d\d$/), sendAt: resumeAt });
    expect(run.outputs.wait_quiet_hours).toEqual({ resumeAt });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ envelope: { to: ["cy@customer.example"] }, subject: `Thanks for your order ${order.name}` });
    // No name on the order: the greeting falls back.
    expect(smtp.messages[0]!.text).toContain("Hi there,");
    expect(run.outputs.sent).toMatchObject({ heldUntil: resumeAt, kpis: { notificationsSent: 1, quietHoursDelayMs: expect.any(Number) } });
    expect((run.outputs.sent as { kpis: { quietHoursDelayMs: number } }).kpis.quietHoursDelayMs).toBeGreaterThan(88 * 60_000);
  });

  it("holds a notice until quiet hours end in the client's time zone when the installation names none", async () => {
    const client = { timezone: "America/New_York" };
    // Four or five hours from New York, UTC's clock is outside this window: only the client's zone holds the notice.
    const window = quietNow(client.timezone);
    const { order, created } = await placeOrder("fay@customer.example");
    const before = Date.now();

    const run = await h.run(await trigger(normalise(created), window, client));

    const resumeAt = nextTimeAt(client.timezone, window.quietHoursEnd, before);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.plan_send).toMatchObject({ quietHours: true, held: true, timeZone: "America/New_York", sendAt: resumeAt });
    expect(run.outputs.wait_quiet_hours).toEqual({ resumeAt });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ envelope: { to: ["fay@customer.example"] }, subject: `Thanks for your order ${order.name}` });
  });

  it("sends a refund notice during quiet hours when refunds may bypass them, with the refunded amount", async () => {
    const [seeded] = shop.state.orders;
    const sale = seeded!.transactions.find((t) => t.kind === "SALE")!;
    await invokeAction(shopifyConnector, {
      operation: "createRefund",
      input: { orderId: `gid://shopify/Order/${seeded!.id}`, transactions: [{ amount: "12.50", gateway: sale.gateway, parentId: `gid://shopify/OrderTransaction/${sale.id}` }] },
      config: shopifyConnector.config.parse(h.connections.shopify().config),
      secrets: shopifyConnector.secrets.parse(h.connections.shopify().secrets),
      idempotencyKey: randomUUID(),
      signal: AbortSignal.timeout(10_000),
      fetch,
    });
    const [refunded] = await delivered("x-shopify-topic", "refunds/create");
    const runId = await trigger(normalise(refunded!), { ...quietNow("Europe/Amsterdam"), timeZone: "Europe/Amsterdam", refundsBypassQuietHours: true });

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.path).not.toContain("wait_quiet_hours");
    expect(run.outputs.plan_send).toMatchObject({ quietHours: true, held: false });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ envelope: { to: [seeded!.email] }, subject: `We have refunded 12.50 USD for order ${seeded!.name}` });
    expect(smtp.messages[0]!.text).toContain(`We have refunded 12.50 USD for your order ${seeded!.name}.`);
  });

  it("sends transactional mail whatever the marketing consent, and skips an address on the never-e-mail list", async () => {
    const { created } = await placeOrder("dee@customer.example");
    const noConsent = withCustomer(created, { first_name: "Dee", accepts_marketing: false, email_marketing_consent: { state: "unsubscribed" } });

    const sentRun = await h.run(await trigger(normalise(created, noConsent), { quietHoursEnabled: false }));
    const { created: another } = await placeOrder("Eve@Customer.example");
    const skippedRun = await h.run(await trigger(normalise(another), { quietHoursEnabled: false, suppressedEmails: ["eve@customer.example"] }));

    expect(sentRun.outputs.sent).toMatchObject({ sent: true, to: "dee@customer.example" });
    expect(skippedRun.status).toBe("succeeded");
    expect(skippedRun.outputs.skipped).toEqual({ sent: false, milestone: "order_confirmed", reason: "Eve@Customer.example is on the never-e-mail list", kpis: { notificationsSent: 0, notificationsSkipped: 1, quietHoursDelayMs: 0 } });
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["dee@customer.example"]]);
  });

  it("opens an exception with the mail server's answer when it refuses the customer's address for good", async () => {
    const { order, created } = await placeOrder(GONE);

    const run = await h.run(await trigger(normalise(created), { quietHoursEnabled: false }));

    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ step: "send", exception: true, reason: expect.stringContaining("(RCPT TO): Can't send mail - all recipients were rejected: 550 Recipient gone@customer.example rejected") });
    expect(run.outputs.compose).toMatchObject({ to: GONE, orderNumber: order.name });
    expect(run.path).not.toContain("sent");
    expect(smtp.messages).toHaveLength(0);
  });
});

describe("customer notifications for a shop that ships its own orders", () => {
  beforeEach(bindShopAndMail);

  it("runs with only the shop and the mailbox bound, the shipping notice coming from Shopify's fulfilment", async () => {
    // What an install without the warehouse keeps: a trigger on an unbound binding is dropped.
    const kept = template.triggers(template.params.parse(BRAND), { timezone: "UTC" }).flatMap((t) => (t.kind === "event" && t.binding !== "warehouse" ? [t.event] : []));
    expect(kept).toEqual(["order.created", "order.fulfilled", "refund.created"]);
    const { order, created } = await placeOrder("gus@customer.example");
    const tracking = { tracking_company: "UPS", tracking_number: "1Z999AA10123456784", tracking_url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" };
    await shop.emitWebhook("orders/fulfilled", { ...JSON.parse(created.body), fulfillment_status: "fulfilled", fulfillments: [{ id: 1, status: "success", ...tracking }] });
    const [fulfilled] = await delivered("x-shopify-topic", "orders/fulfilled");

    const confirmed = await h.run(await trigger(normalise(created), { quietHoursEnabled: false }));
    const shipped = await h.run(await trigger(normalise(fulfilled!), { quietHoursEnabled: false }));

    expect([confirmed.status, shipped.status]).toEqual(["succeeded", "succeeded"]);
    expect(smtp.messages.map((m) => [m.envelope.to, m.subject])).toEqual([
      [["gus@customer.example"], `Thanks for your order ${order.name}`],
      [["gus@customer.example"], `Your order ${order.name} is on its way`],
    ]);
    expect(smtp.messages[1]!.text).toContain(`Track your parcel with UPS, tracking number ${tracking.tracking_number}: ${tracking.tracking_url}`);
    expect(shipped.outputs.sent).toMatchObject({ sent: true, milestone: "order_shipped", dedupeKey: `customer-notifications:order_shipped:gid://shopify/Order/${order.id}` });
  });
});
