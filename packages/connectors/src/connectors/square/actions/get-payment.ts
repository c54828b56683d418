import { z } from "zod";
import { requestSquare } from "../http-client";
import { toPayment, ZPayment, ZRawPayment } from "../objects";
import { defineSquareAction } from "./define";

export const getPayment = defineSquareAction({
  title: "Get a payment",
  capability: "payments.read",
  idempotency: "read",
  input: z.object({ paymentId: z.string().min(1) }),
  output: z.object({ payment: ZPayment }),
  async run(context, input) {
    const data = await requestSquare(context, {
      operation: "GetPayment",
      method: "GET",
      path: `/v2/payments/${encodeURIComponent(input.paymentId)}`,
      response: z.object({ payment: ZRawPayment }),
    });
    return { payment: toPayment(data.payment) };
  },
});
