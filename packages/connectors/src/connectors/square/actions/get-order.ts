import { z } from "zod";
import { requestSquare } from "../http-client";
import { toOrder, ZOrder, ZRawOrder } from "../objects";
import { defineSquareAction } from "./define";

export const getOrder = defineSquareAction({
  title: "Retrieve an order",
  capability: "orders.read",
  idempotency: "read",
  input: z.object({ orderId: z.string().min(1) }),
  output: z.object({ order: ZOrder }),
  async run(context, input) {
    const data = await requestSquare(context, {
      operation: "RetrieveOrder",
      method: "GET",
      path: `/v2/orders/${encodeURIComponent(input.orderId)}`,
      response: z.object({ order: ZRawOrder }),
    });
    return { order: toOrder(data.order) };
  },
});
