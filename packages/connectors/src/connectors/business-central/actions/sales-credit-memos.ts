import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, bcRequest, type TBcActionContext, companyUrl } from "../client";
import { idempotencyMarker } from "../idempotency-marker";
import { odataString, ZCode } from "../odata";
import { parseRecord, parseRecords, ZBcSalesCreditMemo } from "../schemas";

const ZLine = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("item"), itemNumber: ZCode(20), quantity: z.number().positive(), unitPrice: z.number().min(0) }),
  z.strictObject({
    type: z.literal("account"),
    accountNumber: ZCode(20),
    quantity: z.number().positive(),
    unitPrice: z.number().min(0),
    description: z.string().min(1).max(100),
  }),
]);

export const ZCreateSalesCreditMemoInput = z.strictObject({
  customerNumber: ZCode(20),
  creditMemoDate: z.iso.date().optional(),
  lines: z.array(ZLine).min(1).max(500),
});

export const createSalesCreditMemoAction = defineAction({
  title: "Create a sales credit memo",
  capability: "sales.credit_memo.create",
  // externalDocumentNumber (Text[35]) carries a marker of the idempotency key; a
  // retry finds the memo by it instead of creating a second one.
  idempotency: "key",
  input: ZCreateSalesCreditMemoInput,
  output: z.object({ created: z.boolean(), creditMemo: ZBcSalesCreditMemo }),
  async run(context: TBcActionContext, input) {
    const marker = idempotencyMarker(context.idempotencyKey, 35);
    const lookup = companyUrl(context.config, "salesCreditMemos", { $filter: `externalDocumentNumber eq ${odataString(marker)}`, $expand: "salesCreditMemoLines" });
    const [existing] = parseRecords(ZBcSalesCreditMemo, (await bcList(context, lookup, 1)).value, "sales credit memos");
    if (existing) return { created: false, creditMemo: existing };
    const body = await bcRequest(context, {
      method: "POST",
      url: companyUrl(context.config, "salesCreditMemos", { $expand: "salesCreditMemoLines" }),
      body: {
        customerNumber: input.customerNumber,
        creditMemoDate: input.creditMemoDate,
        externalDocumentNumber: marker,
        salesCreditMemoLines: input.lines.map((line) =>
          line.type === "item"
            ? { lineType: "Item", lineObjectNumber: line.itemNumber, quantity: line.quantity, unitPrice: line.unitPrice }
            : { lineType: "Account", lineObjectNumber: line.accountNumber, description: line.description, quantity: line.quantity, unitPrice: line.unitPrice },
        ),
      },
    });
    return { created: true, creditMemo: parseRecord(ZBcSalesCreditMemo, body, "the created sales credit memo") };
  },
});
