import { z } from "zod";
import { ZSquareMoney } from "./money";

// Each Square object twice: as Square sends it (snake_case, most fields optional) and as
// our actions return it (camelCase, absent fields as null so outputs have one shape).

export const ZRawOrder = z.object({
  id: z.string(),
  location_id: z.string(),
  reference_id: z.string().optional(),
  state: z.string(),
  version: z.int().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  total_money: ZSquareMoney.optional(),
  line_items: z
    .array(
      z.object({
        uid: z.string().optional(),
        name: z.string().optional(),
        quantity: z.string(),
        catalog_object_id: z.string().optional(),
        variation_name: z.string().optional(),
        total_money: ZSquareMoney.optional(),
      }),
    )
    .optional(),
  tenders: z.array(z.object({ id: z.string().optional(), type: z.string(), payment_id: z.string().optional(), amount_money: ZSquareMoney.optional() })).optional(),
});

export const ZOrder = z.object({
  id: z.string(),
  locationId: z.string(),
  referenceId: z.string().nullable(),
  state: z.string(),
  version: z.int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  totalMoney: ZSquareMoney.nullable(),
  lineItems: z.array(
    z.object({
      uid: z.string().nullable(),
      name: z.string().nullable(),
      /** Decimal string: Square sells fractions (weights, lengths). */
      quantity: z.string(),
      catalogObjectId: z.string().nullable(),
      variationName: z.string().nullable(),
      totalMoney: ZSquareMoney.nullable(),
    }),
  ),
  tenders: z.array(z.object({ id: z.string().nullable(), type: z.string(), paymentId: z.string().nullable(), amountMoney: ZSquareMoney.nullable() })),
});

export function toOrder(raw: z.output<typeof ZRawOrder>): z.output<typeof ZOrder> {
  return {
    id: raw.id,
    locationId: raw.location_id,
    referenceId: raw.reference_id ?? null,
    state: raw.state,
    version: raw.version ?? null,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    totalMoney: raw.total_money ?? null,
    lineItems: (raw.line_items ?? []).map((item) => ({
      uid: item.uid ?? null,
      name: item.name ?? null,
      quantity: item.quantity,
      catalogObjectId: item.catalog_object_id ?? null,
      variationName: item.variation_name ?? null,
      totalMoney: item.total_money ?? null,
    })),
    tenders: (raw.tenders ?? []).map((t) => ({ id: t.id ?? null, type: t.type, paymentId: t.payment_id ?? null, amountMoney: t.amount_money ?? null })),
  };
}

export const ZRawCount = z.object({ catalog_object_id: z.string(), location_id: z.string(), state: z.string(), quantity: z.string(), calculated_at: z.string() });

export const ZCount = z.object({ catalogObjectId: z.string(), locationId: z.string(), state: z.string(), quantity: z.string(), calculatedAt: z.string() });

export function toCount(raw: z.output<typeof ZRawCount>): z.output<typeof ZCount> {
  return { catalogObjectId: raw.catalog_object_id, locationId: raw.location_id, state: raw.state, quantity: raw.quantity, calculatedAt: raw.calculated_at };
}

export const ZRawPayment = z.object({
  id: z.string(),
  status: z.string(),
  amount_money: ZSquareMoney,
  total_money: ZSquareMoney.optional(),
  refunded_money: ZSquareMoney.optional(),
  order_id: z.string().optional(),
  location_id: z.string().optional(),
  source_type: z.string().optional(),
  created_at: z.string(),
  refund_ids: z.array(z.string()).optional(),
});

export const ZPayment = z.object({
  id: z.string(),
  status: z.string(),
  amountMoney: ZSquareMoney,
  totalMoney: ZSquareMoney.nullable(),
  refundedMoney: ZSquareMoney.nullable(),
  orderId: z.string().nullable(),
  locationId: z.string().nullable(),
  sourceType: z.string().nullable(),
  createdAt: z.string(),
  refundIds: z.array(z.string()),
});

export function toPayment(raw: z.output<typeof ZRawPayment>): z.output<typeof ZPayment> {
  return {
    id: raw.id,
    status: raw.status,
    amountMoney: raw.amount_money,
    totalMoney: raw.total_money ?? null,
    refundedMoney: raw.refunded_money ?? null,
    orderId: raw.order_id ?? null,
    locationId: raw.location_id ?? null,
    sourceType: raw.source_type ?? null,
    createdAt: raw.created_at,
    refundIds: raw.refund_ids ?? [],
  };
}

export const ZRawRefund = z.object({
  id: z.string(),
  status: z.string(),
  amount_money: ZSquareMoney,
  payment_id: z.string(),
  order_id: z.string().optional(),
  reason: z.string().optional(),
  created_at: z.string(),
});

export const ZRefund = z.object({
  id: z.string(),
  /** PENDING until the card network settles it; `refund.updated` webhooks report the outcome. */
  status: z.string(),
  amountMoney: ZSquareMoney,
  paymentId: z.string(),
  orderId: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

export function toRefund(raw: z.output<typeof ZRawRefund>): z.output<typeof ZRefund> {
  return { id: raw.id, status: raw.status, amountMoney: raw.amount_money, paymentId: raw.payment_id, orderId: raw.order_id ?? null, reason: raw.reason ?? null, createdAt: raw.created_at };
}
