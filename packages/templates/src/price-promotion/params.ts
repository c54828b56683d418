import { z } from "zod";

export const approverRoles = ["client_admin", "partner_owner", "partner_admin", "partner_operator"] as const;

/** How a promotion's prices are rounded before they are applied, in the currency's smallest unit. */
export const roundingRules = ["minorUnit", "endIn99", "nearest5"] as const;

export const ZPricePromotionParams = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD")
    .default("USD")
    .meta({
      title: "Currency",
      description: "The currency of the promotions' prices (ISO 4217). Square must sell in it: a variation priced in another currency stops the promotion before anything changes.",
    }),
  rounding: z.enum(roundingRules).default("minorUnit").meta({
    title: "Rounding",
    description:
      'minorUnit: to the cent (the currency\'s smallest unit). endIn99: down to the nearest price ending in 99 of the smallest unit (20.40 → 19.99), never above the price asked for. nearest5: to the nearest 5 of the smallest unit (12.47 → 12.45). Compare-at prices are only rounded to the smallest unit.',
  }),
  maxDiscountPercent: z.number().min(0).max(100).default(40).meta({
    title: "Deepest cut without approval (%)",
    description: "A new price more than this far below the price a SKU has now, in either system, waits for an approver before the promotion is scheduled; nothing changes until then.",
  }),
  approverRole: z.enum(approverRoles).default("client_admin").meta({ title: "Approver", description: "Who approves cuts deeper than the limit." }),
  approvalExpiresInHours: z.int().min(1).max(720).default(24).meta({
    title: "Approval expires after (hours)",
    description: "An approval left undecided this long goes to the exception queue, and the promotion does not start.",
  }),
  verificationRetries: z.int().min(0).max(5).default(2).meta({
    title: "Verification retries",
    description:
      "After changing prices, both systems are read back; when a price does not match yet (search indexes can trail a write by seconds), they are read again this many more times, 30 seconds apart, before the change counts as failed and is rolled back.",
  }),
});

export type TPricePromotionParams = z.output<typeof ZPricePromotionParams>;

/** The currency's minor unit as the factor from a price to an integer amount (100 for USD, 1 for JPY), and the picture that formats a price. */
export function currencyUnits(currency: string): { factor: number; picture: string } {
  const decimals = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return { factor: 10 ** decimals, picture: decimals > 0 ? `0.${"0".repeat(decimals)}` : "0" };
}
