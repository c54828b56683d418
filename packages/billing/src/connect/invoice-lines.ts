import { z } from "zod";
import { formatMoney, shareOf } from "./money";
import { type TClientPriceBook } from "./price-book";

export const ZInvoiceLine = z.object({
  kind: z.enum(["monthly_fee", "template_add_on", "overage"]),
  description: z.string(),
  quantity: z.int(),
  /** Per unit, in minor units; `amount` is quantity × unitAmount. */
  unitAmount: z.int(),
  amount: z.int(),
  templateKey: z.string().optional(),
});
export type TInvoiceLine = z.infer<typeof ZInvoiceLine>;

export interface TInvoiceDraft {
  lines: TInvoiceLine[];
  subtotal: number;
  applicationFee: number;
}

/** Options for {@link computeInvoiceLines}. */
export interface ComputeInvoiceLinesOptions {
  priceBook: Pick<TClientPriceBook, "currency" | "monthlyFee" | "includedRuns" | "overagePerRun" | "templateAddOns">;
  /** The client's runs that finished in the period. */
  runs: number;
  /** Template keys the client had installed at some point in the period. */
  installedTemplateKeys: ReadonlySet<string>;
  /** "November 2026", for the line descriptions. */
  periodLabel: string;
  /** The platform's share of the subtotal, in basis points. */
  applicationFeeBps: number;
}

/**
 * What a client owes for a month: the monthly fee, an add-on fee for each priced
 * template it had installed, and runs beyond those included at the overage
 * price. Zero-amount lines are left out (Stripe would show them as noise); the
 * platform's application fee is its share of the subtotal, rounded half up.
 */
export function computeInvoiceLines({ priceBook, runs, installedTemplateKeys, periodLabel, applicationFeeBps }: ComputeInvoiceLinesOptions): TInvoiceDraft {
  const { currency } = priceBook;
  const lines: TInvoiceLine[] = [];
  if (priceBook.monthlyFee > 0) {
    lines.push({ kind: "monthly_fee", description: `Monthly fee, ${periodLabel}`, quantity: 1, unitAmount: priceBook.monthlyFee, amount: priceBook.monthlyFee });
  }
  for (const { templateKey, monthlyFee } of [...priceBook.templateAddOns].sort((a, b) => a.templateKey.localeCompare(b.templateKey))) {
    if (monthlyFee === 0 || !installedTemplateKeys.has(templateKey)) continue;
    lines.push({ kind: "template_add_on", description: `${templateKey} automation, ${periodLabel}`, quantity: 1, unitAmount: monthlyFee, amount: monthlyFee, templateKey });
  }
  const overRuns = Math.max(0, runs - priceBook.includedRuns);
  if (overRuns > 0 && priceBook.overagePerRun > 0) {
    lines.push({
      kind: "overage",
      description: `${overRuns} runs beyond the ${priceBook.includedRuns} included (${runs} in ${periodLabel}) at ${formatMoney(priceBook.overagePerRun, currency)} each`,
      quantity: overRuns,
      unitAmount: priceBook.overagePerRun,
      amount: overRuns * priceBook.overagePerRun,
    });
  }
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  return { lines, subtotal, applicationFee: shareOf(subtotal, applicationFeeBps) };
}

/** "November 2026" for "2026-11". */
export function periodLabel(period: string): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
}
