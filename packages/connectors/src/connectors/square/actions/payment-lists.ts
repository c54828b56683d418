import { z } from "zod";
import { toPayment, toRefund, ZPayment, ZRawPayment, ZRawRefund, ZRefund } from "../objects";
import { listSquarePages } from "../paged-list";
import { defineSquareAction, resolveLocationIds } from "./define";

// A listed refund also says where the money went back to, which tells card refunds from cash ones.
const ZRawListedRefund = ZRawRefund.extend({ destination_type: z.string().optional() });
const ZListedRefund = ZRefund.extend({
  /** CARD, WALLET, CASH, EXTERNAL, …: the refunded payment's source type. */
  destinationType: z.string().nullable(),
});

const ZWindow = {
  /** The connection's location when absent. */
  locationId: z.string().min(1).optional(),
  /** On created_at, inclusive. */
  beginTime: z.iso.datetime({ offset: true }),
  /** On created_at, exclusive. */
  endTime: z.iso.datetime({ offset: true }),
};

export const listPayments = defineSquareAction({
  title: "List payments",
  capability: "payments.read",
  idempotency: "read",
  input: z.object({ ...ZWindow, maxPayments: z.int().min(1).max(20_000).default(5000) }),
  output: z.object({ payments: z.array(ZPayment), truncated: z.boolean() }),
  async run(context, input) {
    const [locationId] = resolveLocationIds(context.config, input.locationId ? [input.locationId] : undefined);
    const { items, truncated } = await listSquarePages(context, {
      operation: "ListPayments",
      path: "/v2/payments",
      query: { location_id: locationId, begin_time: input.beginTime, end_time: input.endTime, sort_order: "ASC" },
      key: "payments",
      item: ZRawPayment,
      max: input.maxPayments,
    });
    return { payments: items.map(toPayment), truncated };
  },
});

export const listRefunds = defineSquareAction({
  title: "List payment refunds",
  capability: "refunds.read",
  idempotency: "read",
  input: z.object({ ...ZWindow, status: z.enum(["PENDING", "COMPLETED", "REJECTED", "FAILED"]).optional(), maxRefunds: z.int().min(1).max(20_000).default(5000) }),
  output: z.object({ refunds: z.array(ZListedRefund), truncated: z.boolean() }),
  async run(context, input) {
    // Square lists every location's refunds when none is named; a connection always names one here.
    const [locationId] = resolveLocationIds(context.config, input.locationId ? [input.locationId] : undefined);
    const { items, truncated } = await listSquarePages(context, {
      operation: "ListPaymentRefunds",
      path: "/v2/refunds",
      query: { location_id: locationId, begin_time: input.beginTime, end_time: input.endTime, status: input.status, sort_order: "ASC" },
      key: "refunds",
      item: ZRawListedRefund,
      max: input.maxRefunds,
    });
    return { refunds: items.map((raw) => ({ ...toRefund(raw), destinationType: raw.destination_type ?? null })), truncated };
  },
});
