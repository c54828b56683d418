import { randomUUID } from "node:crypto";
import { type TSquareMoney, type TSquarePayout, type TSquarePayoutEntry, type TSquareState } from "./state";

/** What Square pays out in one go; every field has a default. */
export interface TSquarePayoutSeed {
  /** Location name. @defaultValue the first location */
  location?: string;
  /** Payments and refunds up to this instant that no earlier payout carried are paid out. @defaultValue now */
  upTo?: string;
  /** @defaultValue "PAID" */
  status?: TSquarePayout["status"];
  /** Square's processing fee on a card charge; a refund gives back the percentage part. @defaultValue 2.6% + 15 */
  fee?: { percent: number; fixedCents: number };
}

const DAY_MS = 86_400_000;

const money = (amount: number, currency: string): TSquareMoney => ({ amount, currency });

/**
 * Creates the payout Square would send for a location's balance: a CHARGE entry per
 * completed card or wallet payment and a REFUND entry per refund not yet paid out, each effective
 * when it happened. Throws when there is nothing to pay out (Square sends no empty payout).
 */
export function addSquarePayout(state: TSquareState, seed: TSquarePayoutSeed = {}): { payout: TSquarePayout; entries: TSquarePayoutEntry[] } {
  const location = seed.location ? state.locations.find((l) => l.name === seed.location) : state.locations[0];
  if (!location) throw new Error(`the simulated seller has no location "${seed.location ?? "(any)"}"`);
  const upTo = seed.upTo ?? new Date().toISOString();
  const fee = seed.fee ?? { percent: 2.6, fixedCents: 15 };
  const paidOut = new Set(state.payoutEntries.map((entry) => entry.type_charge_details?.payment_id ?? entry.type_refund_details?.refund_id));
  const due = (item: { id: string; location_id: string; created_at: string }) => item.location_id === location.id && !paidOut.has(item.id) && Date.parse(item.created_at) <= Date.parse(upTo);
  const payoutId = `po_${randomUUID()}`;
  const entry = (fields: Omit<TSquarePayoutEntry, "id" | "payout_id" | "net_amount_money">): TSquarePayoutEntry => ({
    id: `poe_${randomUUID().replaceAll("-", "")}`,
    payout_id: payoutId,
    ...fields,
    net_amount_money: money(fields.gross_amount_money.amount - fields.fee_amount_money.amount, location.currency),
  });
  const settled = (paymentId: string) => {
    const source = state.payments.find((payment) => payment.id === paymentId)?.source_type;
    return source !== "CASH" && source !== "EXTERNAL";
  };
  const charges = state.payments
    .filter((payment) => payment.status === "COMPLETED" && settled(payment.id) && due(payment))
    .map((payment) =>
      entry({
        effective_at: payment.created_at,
        type: "CHARGE",
        gross_amount_money: money(payment.amount_money.amount, location.currency),
        fee_amount_money: money(Math.round((payment.amount_money.amount * fee.percent) / 100) + fee.fixedCents, location.currency),
        type_charge_details: { payment_id: payment.id },
      }),
    );
  const refunds = state.refunds
    .filter((refund) => (refund.status === "PENDING" || refund.status === "COMPLETED") && settled(refund.payment_id) && due(refund))
    .map((refund) =>
      entry({
        effective_at: refund.created_at,
        type: "REFUND",
        gross_amount_money: money(-refund.amount_money.amount, location.currency),
        fee_amount_money: money(-Math.round((refund.amount_money.amount * fee.percent) / 100), location.currency),
        type_refund_details: { payment_id: refund.payment_id, refund_id: refund.id },
      }),
    );
  const entries = [...charges, ...refunds];
  if (entries.length === 0) throw new Error(`nothing at "${location.name}" is due for a payout up to ${upTo}`);
  const payout: TSquarePayout = {
    id: payoutId,
    status: seed.status ?? "PAID",
    location_id: location.id,
    created_at: upTo,
    updated_at: upTo,
    amount_money: money(
      entries.reduce((sum, e) => sum + e.net_amount_money.amount, 0),
      location.currency,
    ),
    destination: { type: "BANK_ACCOUNT", id: `bact:${location.id}` },
    version: 1,
    type: "BATCH",
    arrival_date: new Date(Date.parse(upTo) + DAY_MS).toISOString().slice(0, 10),
  };
  state.payouts.push(payout);
  state.payoutEntries.push(...entries);
  return { payout, entries };
}
