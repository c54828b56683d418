import { shopifyConnector } from "@storeflow/connectors";
import { evaluate } from "@storeflow/engine";
import {
  businessCentralSimulator,
  chatCompletionsSimulator,
  shopifySimulator,
  startSmtpSimulator,
  toShopifyGid,
  type TBusinessCentralSimulator,
  type TChatCompletionsSimulator,
  type TShopifySimulator,
  type TSmtpSimulator,
} from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { returnsRefundsTemplate } from "./index";

const h = useTemplateHarness([shopifySimulator, businessCentralSimulator, chatCompletionsSimulator]);

const SERVICE = { username: "service@storeflow-demo.example", password: "smtp-app-password" };
const CUSTOMER = "ada@example.com";
const DAY_MS = 86_400_000;
// Three of wrong_size's keywords: the rules classify it at 0.875, above the default 0.8.
const TOO_SMALL = "Too small, wrong size, doesn't fit";

let smtp: TSmtpSimulator;
beforeAll(async () => {
  smtp = await startSmtpSimulator({ users: { [SERVICE.username]: SERVICE.password } });
});
afterAll(() => smtp.close());
beforeEach(async () => {
  smtp.messages.length = 0;
  await h.bind("shop", h.connections.shopify());
  await h.bind("erp", h.connections.businessCentral());
  await h.bind("mail", h.connections.email(smtp, SERVICE, `Storeflow Demo Shop <${SERVICE.username}>`));
});

const shop = () => h.sim.vendor<TShopifySimulator>("shopify");
const bc = () => h.sim.vendor<TBusinessCentralSimulator>("business-central");
const openai = () => h.sim.vendor<TChatCompletionsSimulator>("openai");
// Seeded order #1001 (ada@example.com): 2 × TEE-BLK-M at 25.00 and 1 × TOTE-NAT at 18.50, paid 68.50.
const order = () => shop().state.orders[0]!;
const lineOf = (sku: string) => order().lineItems.find((line) => line.sku === sku)!;
const refundedAmounts = () => order().transactions.filter((t) => t.kind === "REFUND").map((t) => t.amount);

function params(overrides: Record<string, unknown> = {}) {
  return { returnLocationId: String(shop().state.locations[0]!.id), customerNumber: "10000", writeOffAccountNumber: "54100", approverRole: "partner_owner", approvalThreshold: 100, ...overrides };
}

type TLine = { sku: string; quantity: number; condition?: string; reason?: string };

/** Staff enter a return after inspecting it; the run settles or parks. */
async function returnOf(lines: TLine[], overrides: Record<string, unknown> = {}, note?: string) {
  const runId = await h.start(returnsRefundsTemplate, params(overrides), { orderId: order().id, lines, ...(note ? { note } : {}) });
  return { runId, run: await h.run(runId) };
}

function useModel() {
  h.useModel({ baseUrl: `${h.sim.url}/openai/v1`, model: "gpt-4.1-mini", apiKey: openai().state.apiKeys[0]! });
}

const nothingChanged = () => {
  expect(shop().state.refunds).toEqual([]);
  expect(refundedAmounts()).toEqual([]);
  expect(shop().level("TEE-BLK-M").available).toBe(40);
  expect(shop().level("TOTE-NAT").available).toBe(7);
  expect(bc().state.salesCreditMemos).toEqual([]);
};

const memoLines = () => bc().state.salesCreditMemos.flatMap((memo) => memo.lines.map(({ lineType, lineObjectNumber, quantity, unitAmount, description }) => ({ lineType, lineObjectNumber, quantity, unitAmount, description })));

describe("returns and refunds", () => {
  it("refunds a small in-window return of a restockable item, credits it in Business Central, restocks it and tells the customer", async () => {
    const { run } = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: TOO_SMALL }]);

    expect(run.status).toBe("succeeded");
    expect(run.path).not.toContain("reviewReturn");
    // No model configured: the keyword rules classify the reason.
    expect(run.outputs.classifyReason).toMatchObject({ label: "wrong_size", source: "rules", accepted: true });

    expect(shop().state.refunds).toEqual([
      expect.objectContaining({ orderId: order().id, lineItems: [expect.objectContaining({ lineItemId: lineOf("TEE-BLK-M").id, quantity: 1, restockType: "NO_RESTOCK" })] }),
    ]);
    expect(refundedAmounts()).toEqual(["25.00"]);
    expect(shop().level("TEE-BLK-M").available).toBe(41);

    const [memo] = bc().state.salesCreditMemos;
    expect(bc().state.salesCreditMemos).toHaveLength(1);
    expect(memo).toMatchObject({ customerNumber: "10000", status: "Draft" });
    expect(memoLines()).toEqual([expect.objectContaining({ lineType: "Item", lineObjectNumber: "TEE-BLK-M", quantity: 1, unitAmount: 25 })]);
    expect(shop().state.refunds[0]!.note).toContain(`credit memo ${memo!.number}`);

    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ to: [CUSTOMER], subject: "Your return for order #1001 is refunded" });
    expect(smtp.messages[0]!.text).toContain("refunded 25.00 USD to your original payment method");
    expect(smtp.messages[0]!.text).toContain("1 × Classic Tee - Black / M  25.00 USD");

    expect(run.outputs.recordRefund).toMatchObject({
      outcome: "refunded",
      refundAmount: 25,
      creditMemoNumber: memo!.number,
      restocked: [{ sku: "TEE-BLK-M", quantity: 1 }],
      writeOffs: [],
      customerMessageId: smtp.messages[0]!.messageId,
      kpis: { refundAmount: 25, returnCycleTimeMs: expect.any(Number), refundCycleTimeMs: expect.any(Number) },
    });
  });

  it("refunds a return Shopify reports, once however often the webhook is delivered", async () => {
    const tee = lineOf("TEE-BLK-M");
    const body = {
      id: 9001,
      admin_graphql_api_id: "gid://shopify/Return/9001",
      name: "#1001-R1",
      status: "requested",
      order: { id: order().id, admin_graphql_api_id: toShopifyGid("Order", order().id) },
      return_line_items: [
        {
          id: 9101,
          admin_graphql_api_id: "gid://shopify/ReturnLineItem/9101",
          quantity: 2,
          return_reason: "size_too_small",
          return_reason_note: "",
          customer_note: "Both too small, they do not fit",
          fulfillment_line_item: { id: 9201, admin_graphql_api_id: "gid://shopify/FulfillmentLineItem/9201", line_item: { id: tee.id, admin_graphql_api_id: toShopifyGid("LineItem", tee.id) } },
        },
      ],
    };
    // What the ingress makes of the delivery, then what the event trigger starts the run with.
    const event = shopifyConnector.webhook!.normalise(
      { headers: { "x-shopify-webhook-id": randomUUID(), "x-shopify-topic": "returns/request" }, rawBody: JSON.stringify(body), url: "https://hooks.example/shopify", receivedAt: new Date() },
      { config: { shopDomain: shop().state.shop.domain } as never },
    );
    const input = { trigger: "event", event };
    const [trigger] = returnsRefundsTemplate.triggers(returnsRefundsTemplate.params.parse(params()), { timezone: "UTC" });
    expect(trigger).toMatchObject({ kind: "event", binding: "shop", event: "return.requested" });
    const idempotencyKey = String(await evaluate((trigger as { idempotencyKey: string }).idempotencyKey, input as never));

    const first = await h.start(returnsRefundsTemplate, params(), input, { idempotencyKey, correlationKey: event.correlationKey });
    const again = await h.start(returnsRefundsTemplate, params(), input, { idempotencyKey, correlationKey: event.correlationKey });

    expect(again).toBe(first);
    const run = await h.run(first);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.readReturn).toMatchObject({ source: "shopify", returnId: "gid://shopify/Return/9001", lines: [{ lineItemId: toShopifyGid("LineItem", tee.id), quantity: 2 }] });
    expect(run.outputs.classifyReason).toMatchObject({ label: "wrong_size", accepted: true });
    expect(refundedAmounts()).toEqual(["50.00"]);
    expect(shop().level("TEE-BLK-M").available).toBe(42);
    expect(bc().state.salesCreditMemos).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });

  describe("above the approval threshold", () => {
    // 2 × 25.00 = 50.00, above 40.
    const twoTees = [{ sku: "TEE-BLK-M", quantity: 2, condition: "unopened", reason: TOO_SMALL }];

    it("waits for the approver, then refunds", async () => {
      const { runId, run } = await returnOf(twoTees, { approvalThreshold: 40 });

      expect(run.status).toBe("running");
      nothingChanged();
      expect(smtp.messages).toHaveLength(0);
      expect(await h.approval(runId)).toMatchObject({
        details: {
          why: ["the refund of 50.00 USD is above the approval threshold of 40.00 USD"],
          orderName: "#1001",
          refundAmount: 50,
          approvalThreshold: 40,
          lines: [{ sku: "TEE-BLK-M", quantity: 2, condition: "unopened", amount: 50 }],
          classification: { label: "wrong_size", source: "rules", accepted: true },
        },
      });

      await h.decide(runId, "approved");

      const done = await h.run(runId);
      expect(done.status).toBe("succeeded");
      expect(done.outputs.recordRefund).toMatchObject({ outcome: "refunded", refundAmount: 50, reviewedBy: h.tenants.usersA.partner_owner.id });
      expect(refundedAmounts()).toEqual(["50.00"]);
      expect(shop().level("TEE-BLK-M").available).toBe(42);
      expect(memoLines()).toEqual([expect.objectContaining({ lineObjectNumber: "TEE-BLK-M", quantity: 2 })]);
      expect(smtp.messages).toHaveLength(1);
    });

    it("refunds, credits and restocks nothing when the approver rejects, and tells the customer", async () => {
      const { runId } = await returnOf(twoTees, { approvalThreshold: 40 });

      await h.decide(runId, "rejected", "worn, not returnable");

      const run = await h.run(runId);
      expect(run.status).toBe("succeeded");
      expect(run.outputs.recordRejection).toMatchObject({ outcome: "rejected", refundAmount: 50, reason: "worn, not returnable", kpis: { returnCycleTimeMs: expect.any(Number) } });
      nothingChanged();
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({ to: [CUSTOMER], subject: "Your return for order #1001" });
      expect(smtp.messages[0]!.text).toContain("we cannot accept it, so no refund has been made");
    });

    it("asks for review of high-value SKUs and orders refunded before, whatever the amount", async () => {
      const { runId } = await returnOf([{ sku: "TOTE-NAT", quantity: 1, condition: "unopened", reason: TOO_SMALL }], { highValueSkus: ["TOTE-*"] });
      expect((await h.approval(runId))?.details).toMatchObject({ why: ["high-value items: TOTE-NAT"] });
      await h.decide(runId, "approved");

      const second = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: TOO_SMALL }]);
      expect((await h.approval(second.runId))?.details).toMatchObject({ why: ["the order was refunded 18.50 USD before"] });
    });
  });

  describe("refused by the policy", () => {
    it("refuses a return outside the window and changes nothing", async () => {
      order().createdAt = new Date(Date.now() - 45 * DAY_MS).toISOString();

      const { run } = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: "too small" }]);

      expect(run.status).toBe("succeeded");
      expect(run.outputs.recordRefusal).toMatchObject({ outcome: "refused", summary: "refused: outside the 30-day window", daysSinceOrder: 45 });
      expect(run.path).not.toContain("classifyReason");
      nothingChanged();
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.text).toContain("it was requested 45 days after the order, and we accept returns within 30 days");
    });

    it("refuses final-sale items, and refunds the rest of the return", async () => {
      const refused = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: "too small" }], { finalSaleSkus: ["TEE-*"] });
      expect(refused.run.outputs.recordRefusal).toMatchObject({ summary: "refused: TEE-BLK-M is final sale" });
      nothingChanged();

      const partly = await returnOf(
        [
          { sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: "too small" },
          { sku: "TOTE-NAT", quantity: 1, condition: "unopened", reason: TOO_SMALL },
        ],
        { finalSaleSkus: ["TEE-*"] },
      );
      expect(partly.run.outputs.recordRefund).toMatchObject({ refundAmount: 18.5, refusedLines: [{ sku: "TEE-BLK-M", refusal: "TEE-BLK-M is final sale" }] });
      expect(refundedAmounts()).toEqual(["18.50"]);
      expect(shop().level("TEE-BLK-M").available).toBe(40);
      expect(smtp.messages.at(-1)!.text).toContain("We could not accept these items:\n  TEE-BLK-M is final sale");
    });

    it("refuses more units than are left to return", async () => {
      await returnOf([{ sku: "TOTE-NAT", quantity: 1, condition: "unopened", reason: TOO_SMALL }]);
      const { run } = await returnOf([{ sku: "TOTE-NAT", quantity: 1, condition: "unopened", reason: TOO_SMALL }]);
      expect(run.outputs.recordRefusal).toMatchObject({ summary: "refused: TOTE-NAT: 1 returned, but only 0 left to return" });
      expect(refundedAmounts()).toEqual(["18.50"]);
    });
  });

  describe("the return reason", () => {
    it("acts on a confident model: a defective item is written off with a supplier claim, not restocked", async () => {
      useModel();
      openai().script({ label: "defective", confidence: 0.95, rationale: "The customer says the strap came off after one day of use." });

      const { run } = await returnOf([{ sku: "TOTE-NAT", quantity: 1, condition: "opened", reason: "The strap came off after one day" }]);

      expect(run.status).toBe("succeeded");
      expect(run.path).not.toContain("reviewReturn");
      expect(run.outputs.classifyReason).toMatchObject({ label: "defective", confidence: 0.95, source: "model", model: "gpt-4.1-mini", accepted: true });
      expect(openai().state.requests).toHaveLength(1);
      expect(openai().state.requests[0]!.messages.at(-1)!.content).toContain("The strap came off after one day");

      expect(refundedAmounts()).toEqual(["18.50"]);
      expect(shop().level("TOTE-NAT").available).toBe(7);
      expect(memoLines()).toEqual([{ lineType: "Account", lineObjectNumber: "54100", quantity: 1, unitAmount: 18.5, description: "Write-off TOTE-NAT: defective" }]);
      expect(run.outputs.recordRefund).toMatchObject({
        restocked: [],
        writeOffs: [{ sku: "TOTE-NAT", quantity: 1, amount: 18.5, reason: "defective" }],
        supplierClaims: [{ sku: "TOTE-NAT", quantity: 1, note: expect.stringContaining("Claim 1 × TOTE-NAT (Canvas Tote - Natural) from the supplier: returned as defective on order #1001") }],
      });
    });

    it("sends an unsure model's answer to a person, who sees its label, confidence and rationale", async () => {
      useModel();
      const rationale = "The customer may have changed their mind, or the colour may differ from the photos.";
      openai().script({ label: "changed_mind", confidence: 0.55, rationale });

      const { runId, run } = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: "Not really what I expected" }]);

      expect(run.status).toBe("running");
      nothingChanged();
      expect(await h.approval(runId)).toMatchObject({
        title: "Review a return before it is refunded",
        details: {
          why: ["the return reason is unclear: changed_mind at confidence 0.55, below 0.8"],
          classification: { label: "changed_mind", confidence: 0.55, rationale, source: "model", model: "gpt-4.1-mini", minConfidence: 0.8, accepted: false },
        },
      });

      await h.decide(runId, "approved");
      expect(await h.run(runId)).toMatchObject({ status: "succeeded", outputs: { recordRefund: { reasonLabel: "changed_mind", restocked: [{ sku: "TEE-BLK-M", quantity: 1 }] } } });
      expect(shop().level("TEE-BLK-M").available).toBe(41);
    });

    it("without a model, lets the rules answer and a person review what they cannot place", async () => {
      const { runId } = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: "Not really what I expected" }]);

      expect((await h.approval(runId))?.details).toMatchObject({ classification: { label: "other", confidence: 0, source: "rules", accepted: false } });
      expect(openai().state.requests).toHaveLength(0);
    });

    it("writes off an item returned damaged even when the reason would restock it", async () => {
      const { run } = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "damaged", reason: TOO_SMALL }]);

      expect(run.outputs.recordRefund).toMatchObject({ reasonLabel: "wrong_size", restocked: [], writeOffs: [{ sku: "TEE-BLK-M", reason: "returned damaged" }], supplierClaims: [] });
      expect(shop().level("TEE-BLK-M").available).toBe(40);
      expect(memoLines()).toEqual([expect.objectContaining({ lineType: "Account", lineObjectNumber: "54100", description: "Write-off TEE-BLK-M: returned damaged" })]);
    });
  });

  describe("when the refund fails", () => {
    const tee = [{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: TOO_SMALL }];

    it("opens an exception naming the credit memo already created, and restocks and tells nobody", async () => {
      h.sim.faults.add({ vendor: "shopify", bodyIncludes: "refundCreate", status: 503, body: { errors: "Service unavailable" }, times: 20 });

      const { run } = await returnOf(tee);

      const [memo] = bc().state.salesCreditMemos;
      expect(bc().state.salesCreditMemos).toHaveLength(1);
      expect(run.status).toBe("failed");
      expect(run.error).toMatchObject({
        exception: true,
        reason: expect.stringContaining(`the refund of 25.00 USD on order #1001 failed after Business Central credit memo ${memo!.number} was created for it`),
      });
      expect(run.outputs.describeRefundFailure).toMatchObject({ orderName: "#1001", refundAmount: 25, creditMemoNumber: memo!.number, error: expect.stringContaining("503") });
      expect(shop().state.refunds).toEqual([]);
      expect(shop().level("TEE-BLK-M").available).toBe(40);
      expect(smtp.messages).toHaveLength(0);
    });

    it("retries a refund Shopify could not take for a moment, and refunds and credits once", async () => {
      h.sim.faults.add({ vendor: "shopify", bodyIncludes: "refundCreate", status: 503, body: { errors: "Service unavailable" }, times: 2 });

      const { run } = await returnOf(tee);

      expect(run.status).toBe("succeeded");
      expect(refundedAmounts()).toEqual(["25.00"]);
      expect(bc().state.salesCreditMemos).toHaveLength(1);
      expect(shop().level("TEE-BLK-M").available).toBe(41);
    });
  });

  it("refunds without e-mail when the order has no address, or customer e-mails are off", async () => {
    const guest = await shop().createOrder({ lineItems: [{ sku: "TOTE-NAT", quantity: 1 }] });
    const guestRun = await h.start(returnsRefundsTemplate, params(), { orderId: guest.id, lines: [{ sku: "TOTE-NAT", quantity: 1, reason: TOO_SMALL }] });
    const { run } = await returnOf([{ sku: "TEE-BLK-M", quantity: 1, condition: "unopened", reason: TOO_SMALL }], { emailCustomer: false, refundOnReturnRequest: false });

    expect((await h.run(guestRun)).status).toBe("succeeded");
    expect(run.status).toBe("succeeded");
    expect(shop().state.refunds.map((refund) => refund.orderId)).toEqual([guest.id, order().id]);
    expect(smtp.messages).toHaveLength(0);
    expect(returnsRefundsTemplate.triggers(returnsRefundsTemplate.params.parse(params({ refundOnReturnRequest: false })), { timezone: "UTC" })).toEqual([{ kind: "manual" }]);
  });

  it("opens an exception for a return it cannot read", async () => {
    const runId = await h.start(returnsRefundsTemplate, params(), { orderId: order().id, lines: [{ sku: "TEE-BLK-M", quantity: 0 }] });
    expect(await h.run(runId)).toMatchObject({ status: "failed", error: { exception: true, reason: expect.stringContaining("a return names its order (orderId) and at least one line") } });
    nothingChanged();
  });
});
