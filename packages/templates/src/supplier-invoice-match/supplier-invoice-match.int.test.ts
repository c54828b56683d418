import { businessCentralConnector, invokeAction } from "@storeflow/connectors";
import { businessCentralSimulator, type TBusinessCentralSimulator } from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { supplierInvoiceMatchTemplate as template } from "./index";

const h = useTemplateHarness([businessCentralSimulator]);
const bc = () => h.sim.vendor<TBusinessCentralSimulator>("business-central");

beforeEach(async () => {
  await h.bind("erp", h.connections.businessCentral());
});

/** A purchase order for Fabrikam (vendor 10000), created through the connector as a buying workflow would. */
async function placeOrder(lines: { itemNumber: string; quantity: number; directUnitCost: number }[]): Promise<string> {
  const { config, secrets } = h.connections.businessCentral();
  const output = (await invokeAction(businessCentralConnector, {
    config,
    secrets,
    operation: "createPurchaseOrder",
    input: { vendorNumber: "10000", lines },
    idempotencyKey: `${randomUUID()}:order:0`,
    signal: AbortSignal.timeout(10_000),
    fetch: (url, init) => fetch(url, init),
  })) as { purchaseOrder: { number: string } };
  return output.purchaseOrder.number;
}

const DESKS = { itemNumber: "1896-S", quantity: 5, directUnitCost: 700 };
const CHAIRS = { itemNumber: "1900-S", quantity: 12, directUnitCost: 99.5 };

function invoiceOf(id: string) {
  return bc().state.purchaseInvoices.find((invoice) => invoice.id === id)!;
}

function orderLine(orderNumber: string, itemNumber: string) {
  return bc().state.purchaseOrders.find((order) => order.number === orderNumber)!.lines.find((line) => line.lineObjectNumber === itemNumber)!;
}

describe("supplier-invoice-match: three-way match", () => {
  it("posts an invoice that matches its order and receipts, approving it for payment", async () => {
    const orderNumber = await placeOrder([DESKS, CHAIRS]);
    bc().receivePurchaseOrder({ orderNumber });
    const draft = bc().enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-2026-0042" });

    const run = await h.run(await h.start(template, {}, { purchaseOrderNumber: orderNumber, invoiceNumber: draft.number }));

    expect(run).toMatchObject({ status: "succeeded", error: null });
    expect(run.path).toEqual(["route", "invoice", "subject", "subject_route", "order", "receipts", "match", "match_route", "post_invoice", "approved"]);
    expect(run.outputs.approved).toMatchObject({ outcome: "matched", posted: true, postedInvoiceNumber: "108001", kpis: { invoiceLines: 2, matchedLines: 2 } });
    expect(invoiceOf(draft.id)).toMatchObject({ status: "Open", number: "108001" });
    // Everything received and invoiced: posting closed (deleted) the order.
    expect(bc().state.purchaseOrders.find((order) => order.number === orderNumber)).toBeUndefined();
  });

  it("opens an exception for a unit price above tolerance, listing exactly that line's differences", async () => {
    const orderNumber = await placeOrder([DESKS, CHAIRS]);
    bc().receivePurchaseOrder({ orderNumber });
    const draft = bc().enterPurchaseInvoice({
      orderNumber,
      vendorInvoiceNumber: "FAB-2026-0043",
      lines: [
        { itemNumber: "1896-S", quantity: 5, directUnitCost: 750 },
        { itemNumber: "1900-S", quantity: 12, directUnitCost: 99.5 },
      ],
    });

    const run = await h.run(await h.start(template, {}, { purchaseOrderNumber: orderNumber, invoiceNumber: draft.number }));

    expect(run.status).toBe("failed");
    const error = run.error as { step: string; reason: string; exception: boolean };
    expect(error).toMatchObject({ step: "mismatch", exception: true });
    expect(error.reason).toContain(`Invoice ${draft.number} (vendor invoice FAB-2026-0043) from Fabrikam, Inc. does not match purchase order ${orderNumber} on 1 of 2 lines.`);
    expect(error.reason).toContain(
      "1896-S ATHENS Desk: unit price 750.00 is 50.00 (7.14%) above the PO price 700.00, beyond the tolerance of 14.00 per unit (ordered 5, received 5, invoiced 5; PO price 700.00, invoice price 750.00)",
    );
    expect(error.reason).not.toContain("1900-S");
    const match = run.outputs.match as { differences: unknown[]; kpis: unknown };
    expect(match.differences).toEqual([
      {
        item: "1896-S",
        description: "ATHENS Desk",
        orderedQuantity: 5,
        receivedQuantity: 5,
        previouslyInvoicedQuantity: 0,
        invoicedQuantity: 5,
        quantityDifference: 0,
        poUnitPrice: 700,
        invoiceUnitPrice: 750,
        priceDifference: 50,
        priceDifferencePercent: 7.14,
        issues: ["unit price 750.00 is 50.00 (7.14%) above the PO price 700.00, beyond the tolerance of 14.00 per unit"],
        matched: false,
      },
    ]);
    expect(match.kpis).toEqual({ invoiceLines: 2, matchedLines: 1 });
    // Nothing approved for payment: the invoice is still a draft and the order has nothing invoiced.
    expect(invoiceOf(draft.id).status).toBe("Draft");
    expect(orderLine(orderNumber, "1896-S").invoicedQuantity).toBe(0);
  });

  it("opens an exception for a line billed in full when only part of it was received", async () => {
    const orderNumber = await placeOrder([DESKS, CHAIRS]);
    bc().receivePurchaseOrder({ orderNumber, lines: [{ itemNumber: "1896-S", quantity: 5 }, { itemNumber: "1900-S", quantity: 8 }] });
    const draft = bc().enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-2026-0044", lines: [DESKS, CHAIRS] });

    const run = await h.run(await h.start(template, {}, { purchaseOrderNumber: orderNumber, invoiceNumber: draft.number }));

    expect(run.error).toMatchObject({ step: "mismatch", exception: true });
    expect((run.error as { reason: string }).reason).toContain(
      "1900-S PARIS Guest Chair, black: bills 4 more than was received (ordered 12, received 8, invoiced 12; PO price 99.50, invoice price 99.50)",
    );
    expect((run.outputs.match as { differences: { item: string; quantityDifference: number }[] }).differences).toEqual([
      expect.objectContaining({ item: "1900-S", orderedQuantity: 12, receivedQuantity: 8, invoicedQuantity: 12, quantityDifference: 4 }),
    ]);
    expect(invoiceOf(draft.id).status).toBe("Draft");
  });

  it("approves an invoice for what arrived of a partly received order; the rest stays open on the order", async () => {
    const orderNumber = await placeOrder([CHAIRS]);
    bc().receivePurchaseOrder({ orderNumber, lines: [{ itemNumber: "1900-S", quantity: 8 }] });
    const draft = bc().enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-2026-0045" });

    const run = await h.run(await h.start(template, {}, { purchaseOrderNumber: orderNumber, invoiceNumber: draft.number }));

    expect(run.status).toBe("succeeded");
    expect(invoiceOf(draft.id).status).toBe("Open");
    expect(orderLine(orderNumber, "1900-S")).toMatchObject({ quantity: 12, receivedQuantity: 8, invoicedQuantity: 8 });
  });

  it("matches a price difference within the tolerance and not one just beyond it", async () => {
    const params = { priceTolerancePercent: 2, priceToleranceAmount: 0 };
    const within = await placeOrder([DESKS]);
    const beyond = await placeOrder([DESKS]);
    bc().receivePurchaseOrder({ orderNumber: within });
    bc().receivePurchaseOrder({ orderNumber: beyond });
    // 2 % of 700 is 14 per unit.
    const atLimit = bc().enterPurchaseInvoice({ orderNumber: within, vendorInvoiceNumber: "FAB-2026-0046", lines: [{ ...DESKS, directUnitCost: 714 }] });
    const overLimit = bc().enterPurchaseInvoice({ orderNumber: beyond, vendorInvoiceNumber: "FAB-2026-0047", lines: [{ ...DESKS, directUnitCost: 714.01 }] });

    const matched = await h.run(await h.start(template, params, { invoiceNumber: atLimit.number }));
    const refused = await h.run(await h.start(template, params, { invoiceNumber: overLimit.number }));

    expect(matched.outputs.approved).toMatchObject({ outcome: "matched", lines: [{ item: "1896-S", priceDifference: 14, priceDifferencePercent: 2, matched: true }] });
    expect(invoiceOf(atLimit.id).status).toBe("Open");
    expect(refused.error).toMatchObject({ step: "mismatch", exception: true });
    expect(invoiceOf(overLimit.id).status).toBe("Draft");
  });

  it("lets a per-unit amount tolerance forgive what the percentage does not", async () => {
    const orderNumber = await placeOrder([CHAIRS]);
    bc().receivePurchaseOrder({ orderNumber });
    // 0.45 above 99.50 is 0.45 %: beyond 0.25 %, within 0.50 per unit.
    const draft = bc().enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-2026-0048", lines: [{ ...CHAIRS, directUnitCost: 99.95 }] });

    const run = await h.run(await h.start(template, { priceTolerancePercent: 0.25, priceToleranceAmount: 0.5 }, { invoiceNumber: draft.number }));

    expect(run.status).toBe("succeeded");
    expect(invoiceOf(draft.id).status).toBe("Open");
  });

  it("records a match within the quantity tolerance without posting it when posting is off", async () => {
    const orderNumber = await placeOrder([CHAIRS]);
    bc().receivePurchaseOrder({ orderNumber, lines: [{ itemNumber: "1900-S", quantity: 8 }] });
    const draft = bc().enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-2026-0049", lines: [{ ...CHAIRS, quantity: 9 }] });

    const run = await h.run(await h.start(template, { quantityToleranceUnits: 1, postMatchedInvoices: false }, { purchaseOrderNumber: orderNumber, invoiceNumber: draft.number }));

    expect(run.status).toBe("succeeded");
    expect(run.path).not.toContain("post_invoice");
    expect(run.outputs.approved).toMatchObject({ outcome: "matched", posted: false, lines: [{ item: "1900-S", quantityDifference: 1, matched: true }] });
    expect((run.outputs.approved as { reason: string }).reason).toMatch(/matches purchase order \d+ and its receipts on its one line.*Left as a draft for accounts payable to post\.$/);
    expect(invoiceOf(draft.id).status).toBe("Draft");
    expect(orderLine(orderNumber, "1900-S").invoicedQuantity).toBe(0);
  });

  it("refuses to match an invoice against another purchase order than its own", async () => {
    const orderNumber = await placeOrder([DESKS]);
    const otherOrder = await placeOrder([DESKS]);
    bc().receivePurchaseOrder({ orderNumber });
    const draft = bc().enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-2026-0050" });

    const run = await h.run(await h.start(template, {}, { purchaseOrderNumber: otherOrder, invoiceNumber: draft.number }));

    expect(run.error).toMatchObject({ step: "subject_problem", exception: true });
    expect((run.error as { reason: string }).reason).toContain(`is for purchase order ${orderNumber}, not ${otherOrder}.`);
    expect(invoiceOf(draft.id).status).toBe("Draft");
  });

  it("matches each draft invoice Business Central reports as created in a run of its own, and leaves posted ones alone", async () => {
    const orderNumber = await placeOrder([DESKS]);
    const postedOrder = await placeOrder([CHAIRS]);
    bc().receivePurchaseOrder({ orderNumber });
    bc().receivePurchaseOrder({ orderNumber: postedOrder });
    const draft = bc().enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-2026-0051" });
    const posted = bc().invoicePurchaseOrder({ orderNumber: postedOrder, vendorInvoiceNumber: "FAB-2026-0052" });
    const change = (id: string) => ({ entitySet: "purchaseInvoices", id, changeType: "created", resource: `companies(${bc().state.companyId})/purchaseInvoices(${id})`, lastModifiedDateTime: new Date().toISOString(), subscriptionId: "sub-1" });
    const event = { type: "purchase.invoice.created", deliveryId: randomUUID(), occurredAt: new Date().toISOString(), payload: { changes: [change(draft.id), change(posted.id)] } };

    const parent = await h.run(await h.start(template, {}, { trigger: "event", event }));

    expect(parent.outputs.dispatched).toEqual({ outcome: "dispatched", matchRuns: 1 });
    expect(parent.outputs.created_invoices).toEqual([{ runId: expect.any(String) }, { invoiceId: posted.id, skipped: `invoice ${posted.number} is already Open, not a draft` }]);
    const child = await h.run((parent.outputs.emit_match as { runId: string }).runId);
    expect(child.outputs.approved).toMatchObject({ outcome: "matched", posted: true });
    expect(invoiceOf(draft.id).status).toBe("Open");
  });
});

describe("supplier-invoice-match: acknowledgement", () => {
  it("reports the time the supplier took to acknowledge the purchase order", async () => {
    const orderNumber = await placeOrder([DESKS]);
    const runId = await h.start(template, {}, { purchaseOrderNumber: orderNumber });
    expect((await h.run(runId)).status).toBe("running");

    await h.publish("purchase.order.acknowledged", orderNumber, { supplierReference: "SO-7781", promisedReceiptDate: "2026-02-10" });

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    const acknowledged = run.outputs.acknowledged as { kpis: { timeToAcknowledgeMs: number } };
    expect(acknowledged).toMatchObject({
      outcome: "acknowledged",
      purchaseOrderNumber: orderNumber,
      vendorNumber: "10000",
      acknowledgement: { supplierReference: "SO-7781", promisedReceiptDate: "2026-02-10" },
    });
    expect(acknowledged.kpis.timeToAcknowledgeMs).toBeGreaterThanOrEqual(0);
  });

  it("opens an exception naming the supplier and the order when no acknowledgement comes by the deadline", async () => {
    const orderNumber = await placeOrder([DESKS]);
    const runId = await h.start(template, { acknowledgementDeadlineHours: 24 }, { purchaseOrderNumber: orderNumber });
    // Another order's acknowledgement does not count.
    await h.publish("purchase.order.acknowledged", "999999", {});

    await h.expire(runId);

    const run = await h.run(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ step: "ack_overdue", exception: true });
    expect((run.error as { reason: string }).reason).toContain(`Supplier Fabrikam, Inc. (10000) has not acknowledged purchase order ${orderNumber} within 24 hours`);
    // The order itself is untouched, still waiting for the supplier.
    expect(bc().state.purchaseOrders.find((order) => order.number === orderNumber)?.status).toBe("Draft");
  });
});
