import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, bcRequest, type TBcActionContext, type TBcContext, companyUrl } from "../client";
import { idempotencyMarker } from "../idempotency-marker";
import { odataString, ZCode } from "../odata";
import { parseRecord, parseRecords, type TBcPurchaseOrder, ZBcPurchaseOrder } from "../schemas";

const ZDate = z.iso.date();

export const ZCreatePurchaseOrderInput = z.strictObject({
  vendorNumber: ZCode(20),
  orderDate: ZDate.optional(),
  requestedReceiptDate: ZDate.optional(),
  /** Empty or absent: the company's local currency. */
  currencyCode: z.string().max(10).optional(),
  lines: z
    .array(
      z.strictObject({
        itemNumber: ZCode(20),
        quantity: z.number().positive(),
        /** Absent: Business Central takes the vendor's price or the item's last direct cost. */
        directUnitCost: z.number().min(0).optional(),
        expectedReceiptDate: ZDate.optional(),
      }),
    )
    .min(1)
    .max(500),
});

// A purchase order marked by us is found again within this window; a retry comes
// minutes or hours after the first attempt, never weeks.
const LOOKBACK_MS = 7 * 24 * 60 * 60_000;
const MAX_ORDERS_SCANNED = 2000;

/**
 * API v2.0's purchaseOrder has no free-text reference field (no vendorInvoiceNumber,
 * externalDocumentNumber or yourReference: see page 30066), so the marker goes on a
 * Comment line, the documented way to carry free text on a document. Comment lines
 * post nothing and print as a note. Lines cannot be filtered across documents, so we
 * read the vendor's recently changed orders with their lines and look for it.
 */
function markerText(idempotencyKey: string): string {
  return `Storeflow ref ${idempotencyMarker(idempotencyKey, 35)}`;
}

async function findMarkedOrder(context: TBcContext, vendorNumber: string, marker: string): Promise<TBcPurchaseOrder | undefined> {
  const since = new Date(Date.now() - LOOKBACK_MS).toISOString();
  const url = companyUrl(context.config, "purchaseOrders", {
    $filter: `vendorNumber eq ${odataString(vendorNumber)} and lastModifiedDateTime ge ${since}`,
    $expand: "purchaseOrderLines",
  });
  const { value } = await bcList(context, url, MAX_ORDERS_SCANNED);
  return parseRecords(ZBcPurchaseOrder, value, "purchase orders").find((order) =>
    order.purchaseOrderLines.some((line) => line.lineType === "Comment" && line.description === marker),
  );
}

export const createPurchaseOrderAction = defineAction({
  title: "Create a purchase order",
  capability: "purchasing.order.create",
  // Deduplicated by the marker line (see markerText), looked up before every create.
  idempotency: "key",
  input: ZCreatePurchaseOrderInput,
  output: z.object({ created: z.boolean(), purchaseOrder: ZBcPurchaseOrder }),
  async run(context: TBcActionContext, input) {
    const marker = markerText(context.idempotencyKey);
    const existing = await findMarkedOrder(context, input.vendorNumber, marker);
    if (existing) return { created: false, purchaseOrder: existing };
    // Deep insert: header and lines in one request, so a failure leaves no half-made order.
    const body = await bcRequest(context, {
      method: "POST",
      url: companyUrl(context.config, "purchaseOrders", { $expand: "purchaseOrderLines" }),
      body: {
        vendorNumber: input.vendorNumber,
        orderDate: input.orderDate,
        requestedReceiptDate: input.requestedReceiptDate,
        currencyCode: input.currencyCode,
        purchaseOrderLines: [
          ...input.lines.map((line) => ({
            lineType: "Item",
            lineObjectNumber: line.itemNumber,
            quantity: line.quantity,
            directUnitCost: line.directUnitCost,
            expectedReceiptDate: line.expectedReceiptDate,
          })),
          { lineType: "Comment", description: marker },
        ],
      },
    });
    return { created: true, purchaseOrder: parseRecord(ZBcPurchaseOrder, body, "the created purchase order") };
  },
});

export const getPurchaseOrderAction = defineAction({
  title: "Get a purchase order",
  capability: "purchasing.order.read",
  idempotency: "read",
  input: z.strictObject({ number: ZCode(20) }),
  output: ZBcPurchaseOrder,
  async run(context: TBcActionContext, input) {
    const url = companyUrl(context.config, "purchaseOrders", { $filter: `number eq ${odataString(input.number)}`, $expand: "purchaseOrderLines" });
    const { value } = await bcList(context, url, 1);
    const [order] = parseRecords(ZBcPurchaseOrder, value, "purchase orders");
    // A fully received and invoiced order is deleted by posting; its receipts and invoice remain.
    if (!order) throw new NonRetryableError(`Business Central has no open purchase order "${input.number}"`);
    return order;
  },
});
