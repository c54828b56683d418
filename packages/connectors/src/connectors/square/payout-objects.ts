import { z } from "zod";
import { type TSquareMoney, ZSquareMoney } from "./money";

// Square's Money object names its currency `currency`, but its published payout examples
// spell it `currency_code`: either is read, so a payout parses whichever Square sends.
const ZRawPayoutMoney = z
  .object({ amount: z.int(), currency: z.string().length(3).optional(), currency_code: z.string().length(3).optional() })
  .refine((money) => money.currency !== undefined || money.currency_code !== undefined, "money without a currency")
  .transform((money): TSquareMoney => ({ amount: money.amount, currency: (money.currency ?? money.currency_code)! }));

export const ZRawPayout = z.object({
  id: z.string(),
  status: z.string(),
  location_id: z.string(),
  created_at: z.string(),
  amount_money: ZRawPayoutMoney,
  type: z.string().optional(),
  arrival_date: z.string().optional(),
});

export const ZPayout = z.object({
  id: z.string(),
  /** SENT (on its way to the bank), PAID or FAILED. */
  status: z.string(),
  locationId: z.string(),
  createdAt: z.string(),
  /** The sum of the entries' net amounts; negative when the seller owed Square. */
  amountMoney: ZSquareMoney,
  type: z.string().nullable(),
  arrivalDate: z.string().nullable(),
});

export function toPayout(raw: z.output<typeof ZRawPayout>): z.output<typeof ZPayout> {
  return { id: raw.id, status: raw.status, locationId: raw.location_id, createdAt: raw.created_at, amountMoney: raw.amount_money, type: raw.type ?? null, arrivalDate: raw.arrival_date ?? null };
}

export const ZRawPayoutEntry = z.object({
  id: z.string(),
  payout_id: z.string(),
  effective_at: z.string().optional(),
  type: z.string(),
  gross_amount_money: ZRawPayoutMoney.optional(),
  fee_amount_money: ZRawPayoutMoney.optional(),
  net_amount_money: ZRawPayoutMoney.optional(),
  type_charge_details: z.object({ payment_id: z.string().optional() }).optional(),
  type_refund_details: z.object({ payment_id: z.string().optional(), refund_id: z.string().optional() }).optional(),
});

export const ZPayoutEntry = z.object({
  id: z.string(),
  payoutId: z.string(),
  /** When the activity affected the balance: the payment's or refund's time, not the payout's. */
  effectiveAt: z.string().nullable(),
  /** CHARGE, REFUND, FEE, ADJUSTMENT, DISPUTE, HOLD_ADJUSTMENT, … */
  type: z.string(),
  grossAmountMoney: ZSquareMoney.nullable(),
  /** Square's fees: positive on a charge, negative when a refund gives fees back. */
  feeAmountMoney: ZSquareMoney.nullable(),
  /** Gross less fees. */
  netAmountMoney: ZSquareMoney.nullable(),
  /** The payment a CHARGE or REFUND entry is about. */
  paymentId: z.string().nullable(),
  refundId: z.string().nullable(),
});

export function toPayoutEntry(raw: z.output<typeof ZRawPayoutEntry>): z.output<typeof ZPayoutEntry> {
  return {
    id: raw.id,
    payoutId: raw.payout_id,
    effectiveAt: raw.effective_at ?? null,
    type: raw.type,
    grossAmountMoney: raw.gross_amount_money ?? null,
    feeAmountMoney: raw.fee_amount_money ?? null,
    netAmountMoney: raw.net_amount_money ?? null,
    paymentId: raw.type_charge_details?.payment_id ?? raw.type_refund_details?.payment_id ?? null,
    refundId: raw.type_refund_details?.refund_id ?? null,
  };
}
