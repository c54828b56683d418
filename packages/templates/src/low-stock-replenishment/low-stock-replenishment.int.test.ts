import { businessCentralSimulator, startSmtpSimulator, type TBusinessCentralSimulator, type TSmtpSimulator } from "@storeflow/simulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { lowStockReplenishmentTemplate } from "./index";

const h = useTemplateHarness([businessCentralSimulator]);

const BUYER = { username: "purchasing@cronus.example", password: "smtp-app-password" };
const FABRIKAM = "orders@fabrikam.example";
const FIRST_UP = "sales@firstup.example";

let smtp: TSmtpSimulator;
beforeAll(async () => {
  smtp = await startSmtpSimulator({ users: { [BUYER.username]: BUYER.password } });
});
afterAll(() => smtp.close());
beforeEach(async () => {
  smtp.messages.length = 0;
  await h.bind("erp", h.connections.businessCentral());
  await h.bind("mail", h.connections.email(smtp, BUYER, `CRONUS Purchasing <${BUYER.username}>`));
});

const bc = () => h.sim.vendor<TBusinessCentralSimulator>("business-central");

// Seeded stock: 1896-S desk 6 at 780.70, 1900-S chair 10 at 99.50, 1906-S pedestal 0 at 220.40.
const suppliers = { "10000": { email: FABRIKAM, leadTimeDays: 7 }, "20000": { email: FIRST_UP, leadTimeDays: 10 } };
const chairRule = { vendorNumber: "10000", reorderPoint: 12, dailyDemand: 2, packSize: 6 };
const deskRule = { vendorNumber: "20000", reorderPoint: 6, dailyDemand: 0.5 };

function params(items: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return { approverRole: "partner_owner", approvalThreshold: 3000, suppliers, items, ...overrides };
}

/** Runs the scheduled check and returns it with the order runs it started. */
async function scan(items: Record<string, unknown>, overrides?: Record<string, unknown>) {
  const scanId = await h.start(lowStockReplenishmentTemplate, params(items, overrides), { trigger: "schedule" });
  const run = await h.run(scanId);
  expect(run.status).toBe("succeeded");
  const summary = run.outputs.summariseScan as { orderRunIds: string[]; kpis: Record<string, number>; blockedItems: string[]; unknownItems: string[] };
  return { summary, orderRunIds: summary.orderRunIds };
}

const itemLines = (vendorNumber: string) =>
  bc()
    .state.purchaseOrders.filter((po) => po.vendorNumber === vendorNumber)
    .flatMap((po) => po.lines.filter((line) => line.lineType === "Item").map((line) => [line.lineObjectNumber, line.quantity]));

describe("low-stock replenishment", () => {
  it("orders a low item up to its reorder point plus lead-time demand in packs, e-mails the supplier and completes on acknowledgement", async () => {
    const { summary, orderRunIds } = await scan({ "1900-S": chairRule, "1896-S": { ...deskRule, reorderPoint: 2 } });

    // Chair: available 10 ≤ 12; up to 12 + 7 days × 2 = 26 → 16 short → 3 packs of 6. The desk (6 > 2) orders nothing.
    expect(summary.kpis).toEqual({ itemsBelowReorderPoint: 1, purchaseOrdersDrafted: 1 });
    expect(orderRunIds).toHaveLength(1);
    expect(bc().state.purchaseOrders).toHaveLength(1);
    const [po] = bc().state.purchaseOrders;
    expect(po).toMatchObject({ vendorNumber: "10000", status: "Draft" });
    expect(itemLines("10000")).toEqual([["1900-S", 18]]);

    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ authUser: BUYER.username, to: [FABRIKAM], subject: `Purchase order ${po!.number}` });
    expect(smtp.messages[0]!.text).toContain("1900-S  PARIS Guest Chair, black  18 PCS at 99.50 = 1,791.00");
    expect(smtp.messages[0]!.text).toContain(`quoting ${po!.number}`);
    const [orderRunId] = orderRunIds;
    expect(await h.run(orderRunId!)).toMatchObject({ status: "running" });

    await h.publish("purchase.order.acknowledged", po!.number, { acknowledgedAt: "2026-01-06T09:00:00Z", confirmedReceiptDate: po!.requestedReceiptDate });

    const order = await h.run(orderRunId!);
    expect(order.status).toBe("succeeded");
    expect(order.path).not.toContain("approvePurchaseOrder");
    expect(order.outputs.recordAcknowledgement).toMatchObject({
      outcome: "acknowledged",
      purchaseOrderNumber: po!.number,
      vendorNumber: "10000",
      acknowledgement: { acknowledgedAt: "2026-01-06T09:00:00Z" },
      kpis: { purchaseOrderAmount: 1791 },
    });
  });

  it("counts what open purchase orders still have to receive, so the next check does not order it again", async () => {
    await scan({ "1900-S": chairRule });
    expect(bc().state.purchaseOrders).toHaveLength(1);

    const again = await scan({ "1900-S": chairRule });
    expect(again.summary.kpis).toEqual({ itemsBelowReorderPoint: 0, purchaseOrdersDrafted: 0 });
    expect(bc().state.purchaseOrders).toHaveLength(1);

    // Part of the order arrives and sales go on: on hand 10 + 4 − 12 sold = 2, on order 18 − 4 = 14, available 16 > 12.
    bc().receivePurchaseOrder({ orderNumber: bc().state.purchaseOrders[0]!.number, lines: [{ itemNumber: "1900-S", quantity: 4 }] });
    bc().state.items.find((item) => item.number === "1900-S")!.inventoryByLocation.MAIN = 2;
    expect((await scan({ "1900-S": chairRule })).summary.kpis.purchaseOrdersDrafted).toBe(0);
  });

  it("drafts one purchase order per vendor, with each minimum order quantity, and skips blocked and unknown items", async () => {
    bc().state.items.find((item) => item.number === "1896-S")!.blocked = true;
    const { summary, orderRunIds } = await scan({
      "1900-S": chairRule,
      // Nothing on hand, no demand: 1 short, but never fewer than 4.
      "1906-S": { vendorNumber: "20000", reorderPoint: 1, minimumOrderQuantity: 4 },
      "1896-S": deskRule,
      "NO-SUCH": { vendorNumber: "20000", reorderPoint: 5 },
    });

    expect(orderRunIds).toHaveLength(2);
    expect(summary).toMatchObject({ blockedItems: ["1896-S"], unknownItems: ["NO-SUCH"], kpis: { itemsBelowReorderPoint: 3, purchaseOrdersDrafted: 2 } });
    expect(itemLines("10000")).toEqual([["1900-S", 18]]);
    expect(itemLines("20000")).toEqual([["1906-S", 4]]);
    expect(smtp.messages.map((message) => message.to).sort()).toEqual([[FABRIKAM], [FIRST_UP]]);
    const runs = await Promise.all(orderRunIds.map((id) => h.run(id)));
    expect(runs.map((run) => run.status)).toEqual(["running", "running"]);
  });

  describe("above the approval threshold", () => {
    // Desk: available 6 ≤ 6; up to 6 + 10 days × 0.5 = 11 → 5 × 780.70 = 3,903.50, above 3,000.
    async function scanDesk() {
      const { orderRunIds } = await scan({ "1896-S": deskRule });
      const [orderRunId] = orderRunIds;
      const [po] = bc().state.purchaseOrders;
      return { orderRunId: orderRunId!, poNumber: po!.number };
    }

    it("waits for the approver with the order's figures, then sends it", async () => {
      const { orderRunId, poNumber } = await scanDesk();

      expect(itemLines("20000")).toEqual([["1896-S", 5]]);
      expect(smtp.messages).toHaveLength(0);
      expect(await h.approval(orderRunId)).toMatchObject({
        details: {
          purchaseOrderNumber: poNumber,
          vendorName: "First Up Consultants",
          amount: 3903.5,
          approvalThreshold: 3000,
          supplierEmail: FIRST_UP,
          lines: [{ itemNumber: "1896-S", quantity: 5, directUnitCost: 780.7, amount: 3903.5 }],
          stockLevels: [{ itemNumber: "1896-S", available: 6, reorderPoint: 6, orderUpTo: 11 }],
        },
      });

      await h.decide(orderRunId, "approved");

      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({ to: [FIRST_UP], subject: `Purchase order ${poNumber}` });
      expect(smtp.messages[0]!.text).toContain("Total excluding tax: 3,903.50");
      await h.publish("purchase.order.acknowledged", poNumber, { acknowledgedAt: "2026-01-06T10:00:00Z" });
      expect(await h.run(orderRunId)).toMatchObject({ status: "succeeded", outputs: { recordAcknowledgement: { outcome: "acknowledged", kpis: { purchaseOrderAmount: 3903.5 } } } });
    });

    it("sends nothing when the approver rejects, and ends with the rejection", async () => {
      const { orderRunId, poNumber } = await scanDesk();

      await h.decide(orderRunId, "rejected", "desks are being discontinued");

      const order = await h.run(orderRunId);
      expect(order.status).toBe("succeeded");
      expect(order.path).not.toContain("sendPurchaseOrder");
      expect(order.outputs.recordRejection).toMatchObject({ outcome: "rejected", purchaseOrderNumber: poNumber, reason: "desks are being discontinued", kpis: { purchaseOrdersRejected: 1 } });
      expect(smtp.messages).toHaveLength(0);
      // The draft stays in Business Central, unsent, for the buyer.
      expect(bc().state.purchaseOrders).toMatchObject([{ number: poNumber, status: "Draft" }]);
    });

    it("does not ask for approval at exactly the threshold", async () => {
      const { orderRunIds } = await scan({ "1896-S": deskRule }, { approvalThreshold: 3903.5 });
      expect(await h.approval(orderRunIds[0]!)).toBeNull();
      expect(smtp.messages).toHaveLength(1);
    });
  });

  it("opens an exception when the supplier does not acknowledge before the deadline", async () => {
    const { orderRunIds } = await scan({ "1900-S": chairRule }, { acknowledgementTimeoutHours: 24 });
    const [po] = bc().state.purchaseOrders;
    expect(smtp.messages).toHaveLength(1);

    await h.expire(orderRunIds[0]!);

    const order = await h.run(orderRunIds[0]!);
    expect(order.status).toBe("failed");
    expect(order.error).toMatchObject({ exception: true, reason: expect.stringContaining(`purchase order ${po!.number} to Fabrikam, Inc. (${FABRIKAM}) was not acknowledged within 24 hours`) });
    expect(order.outputs.describeMissingAcknowledgement).toMatchObject({ purchaseOrderNumber: po!.number, supplierEmail: FABRIKAM, sentMessageId: smtp.messages[0]!.messageId, waitedHours: 24 });
    // A late acknowledgement no longer resumes it.
    await h.publish("purchase.order.acknowledged", po!.number, {});
    expect((await h.run(orderRunIds[0]!)).status).toBe("failed");
  });

  it("refuses reorder rules whose vendor is not among the suppliers", () => {
    const parsed = lowStockReplenishmentTemplate.params.safeParse(params({ "1900-S": { ...chairRule, vendorNumber: "30000" } }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["items", "1900-S", "vendorNumber"], message: "vendor 30000 is not among the suppliers" });
  });
});
