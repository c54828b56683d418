import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { shopifyGidSchema, ZShopifyAmount, ZShopifyMoney } from "../gid";
import { requestShopify } from "../graphql-client";
import { idempotentDirective, throwOnUserErrors, ZShopifyUserError } from "../user-errors";
import { defineShopifyAction } from "./define";

function mutation(idempotencyKey: string): string {
  return `
    mutation RefundCreate($input: RefundInput!) {
      refundCreate(input: $input) ${idempotentDirective(idempotencyKey)} {
        refund { id createdAt totalRefundedSet { shopMoney { amount currencyCode } } }
        userErrors { field message }
      }
    }
  `;
}

const ZPayload = z.object({
  refundCreate: z.object({
    refund: z.object({ id: z.string(), createdAt: z.string().nullable(), totalRefundedSet: z.object({ shopMoney: ZShopifyMoney }) }).nullable(),
    userErrors: z.array(ZShopifyUserError),
  }),
});

const ZInput = z
  .object({
    orderId: shopifyGidSchema("Order"),
    note: z.string().max(1000).optional(),
    /** Email the customer about the refund. */
    notify: z.boolean().default(false),
    /** The order's presentment currency; required by Shopify when it differs from the shop's. */
    currency: z.string().length(3).toUpperCase().optional(),
    lineItems: z
      .array(
        z.object({
          lineItemId: shopifyGidSchema("LineItem"),
          quantity: z.int().min(1),
          restockType: z.enum(["NO_RESTOCK", "CANCEL", "RETURN"]).default("NO_RESTOCK"),
          /** Where restocked units go back to. */
          locationId: shopifyGidSchema("Location").optional(),
        }),
      )
      .default([]),
    shipping: z.object({ amount: ZShopifyAmount.optional(), fullRefund: z.boolean().optional() }).optional(),
    /** The money going back, each against the order's SALE or CAPTURE transaction (getOrder lists them). */
    transactions: z.array(z.object({ amount: ZShopifyAmount, gateway: z.string().min(1), parentId: shopifyGidSchema("OrderTransaction") })).default([]),
  })
  .refine((input) => input.lineItems.length > 0 || input.transactions.length > 0 || input.shipping !== undefined, "a refund needs line items, transactions or shipping");

export const createRefund = defineShopifyAction({
  title: "Create a refund",
  capability: "refunds.create",
  idempotency: "key",
  input: ZInput,
  output: z.object({ refundId: z.string(), createdAt: z.string().nullable(), totalRefunded: ZShopifyMoney }),
  async run(context, input) {
    const refundInput = {
      orderId: input.orderId,
      notify: input.notify,
      ...(input.note === undefined ? {} : { note: input.note }),
      ...(input.currency === undefined ? {} : { currency: input.currency }),
      ...(input.shipping === undefined ? {} : { shipping: input.shipping }),
      refundLineItems: input.lineItems,
      transactions: input.transactions.map((t) => ({ ...t, kind: "REFUND", orderId: input.orderId })),
    };
    const data = await requestShopify(context, { operation: "refundCreate", query: mutation(context.idempotencyKey), variables: { input: refundInput }, data: ZPayload });
    throwOnUserErrors("refundCreate", data.refundCreate.userErrors);
    const refund = data.refundCreate.refund;
    if (!refund) throw new NonRetryableError("Shopify refundCreate answered neither a refund nor userErrors");
    return { refundId: refund.id, createdAt: refund.createdAt, totalRefunded: refund.totalRefundedSet.shopMoney };
  },
});
