import { z } from "zod";
import { isCurrencyCode } from "./currency";

const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as "04:00"');

const SOURCE_TYPES = ["CARD", "WALLET", "BUY_NOW_PAY_LATER", "BANK_ACCOUNT", "SQUARE_ACCOUNT", "CASH", "EXTERNAL"] as const;

const ZStore = z.object({
  squareLocationId: z
    .string()
    .min(1)
    .meta({ title: "Square location ID", description: "The store's location ID in Square (Square Dashboard → Account & Settings → Locations); its payments, refunds and payouts are reconciled." }),
  name: z.string().min(1).max(100).meta({ title: "Store name", description: "How exceptions and reports name the store." }),
  accountNumber: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .toUpperCase()
    .meta({
      title: "Business Central account",
      description:
        "The G/L account the store's daily card takings are posted to (its card clearing or bank account). The ledger figure is the account's movement, debits less credits, on the business day's posting date.",
    }),
});

export const ZCashReconciliationParams = z.object({
  stores: z
    .array(ZStore)
    .min(1)
    .max(50)
    .refine((stores) => new Set(stores.map((s) => s.squareLocationId)).size === stores.length, "each Square location is one store: list it once")
    .refine((stores) => new Set(stores.map((s) => s.accountNumber)).size === stores.length, "each store needs an account of its own, or the ledger cannot tell the stores' takings apart")
    .meta({ title: "Stores", description: "The Square locations to reconcile, each with the Business Central account its card takings are booked to." }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "a three-letter currency code such as USD")
    .refine(isCurrencyCode, "not a currency code the runtime knows")
    .default("USD")
    .meta({
      title: "Currency",
      description: "The stores' Square currency, which must also be Business Central's local currency. Money in another currency is not added up: it makes the store's figures an exception.",
    }),
  toleranceAmount: z
    .number()
    .min(0)
    .max(1_000_000)
    .default(1)
    .meta({ title: "Tolerance (amount)", description: "A store whose figures differ by no more than this, in the currency, opens no exception." }),
  tolerancePercent: z
    .number()
    .min(0)
    .max(100)
    .default(0)
    .meta({
      title: "Tolerance (% of takings)",
      description: "A tolerance in proportion to the store's card takings. The larger of the two tolerances applies, so the amount is a floor for quiet days.",
    }),
  businessDayCutoff: ZClock.default("00:00").meta({
    title: "Business day starts at",
    description: 'Local time (the client\'s time zone) at which one business day ends and the next begins. A late-night store that trades past midnight sets e.g. "04:00", so a 01:30 sale counts for the evening before.',
  }),
  daysBack: z
    .int()
    .min(1)
    .max(7)
    .default(1)
    .meta({
      title: "Reconcile the business day … days back",
      description:
        "1 reconciles yesterday. Square pays out a day's card takings with its close of day; when that close is later than the business day's end, the last sales come in the next payout, so reconcile 2 days back.",
    }),
  settledSourceTypes: z
    .array(z.enum(SOURCE_TYPES))
    .min(1)
    .default(["CARD", "WALLET", "BUY_NOW_PAY_LATER"])
    .meta({
      title: "Payment types Square pays out",
      description: "Square payment source types counted as card takings: cards (Apple Pay and Google Pay included), digital wallets and buy now, pay later. Cash and external tenders never reach a payout.",
    }),
  cron: z
    .string()
    .regex(/^\S+( \S+){4}$/, "write a five-field cron expression (minute hour day-of-month month day-of-week)")
    .default("30 6 * * *")
    .meta({ title: "Schedule", description: "When to reconcile (cron, in the client's time zone): after the business day's cut-off, once Square has sent the payout. 06:30 every day by default." }),
});

export type TCashReconciliationParams = z.output<typeof ZCashReconciliationParams>;
