import { z } from "zod";
import { requestSquare } from "../http-client";
import { fitIdempotencyKey } from "../idempotency-key";
import { ZSquareMoney } from "../money";
import { toRefund, ZRawRefund, ZRefund } from "../objects";
import { defineSquareAction } from "./define";

// Square's limit for RefundPayment idempotency keys.
const MAX_KEY_LENGTH = 45;

export const refundPayment = defineSquareAction({
  title: "Refund a payment",
  capability: "refunds.create",
  idempotency: "key",
  input: z.object({
    paymentId: z.string().min(1),
    /** In the smallest unit: { amount: 500, currency: "USD" } is $5.00. */
    amount: ZSquareMoney.refine((money) => money.amount > 0, "a refund must be for more than 0"),
    reason: z.string().max(192).optional(),
  }),
  output: z.object({ refund: ZRefund }),
  async run(context, input) {
    const data = await requestSquare(context, {
      operation: "RefundPayment",
      method: "POST",
      path: "/v2/refunds",
      body: {
        idempotency_key: fitIdempotencyKey(context.idempotencyKey, MAX_KEY_LENGTH),
        payment_id: input.paymentId,
        amount_money: input.amount,
        ...(input.reason ? { reason: input.reason } : {}),
      },
      response: z.object({ refund: ZRawRefund }),
    });
    return { refund: toRefund(data.refund) };
  },
});
