import { z } from "zod";
import { majorTextToMinor, minorToMajorText } from "@storeflow/billing/money";

/** The most Stripe takes in one amount: eight digits of minor units. */
const MAX_MINOR = 99_999_999;

/** A whole number typed into a text box. */
const wholeNumber = (message: string, max: number) => z.string().refine((value) => /^\d+$/.test(value.trim()) && Number(value) <= max, message);

/**
 * What the browser checks before saving a price book; the server checks again
 * (the currency against ISO 4217, the add-ons against the templates offered)
 * and its issues land on the same fields. Amounts are typed in major units and
 * checked against the currency's decimals, so "12.345" dollars is refused here
 * rather than rounded.
 */
export const ZPriceBookForm = z
  .object({
    currency: z.string().trim().regex(/^[A-Za-z]{3}$/, "Use a three-letter ISO currency code, such as eur or usd"),
    monthlyFee: z.string(),
    includedRuns: wholeNumber("Include a whole number of runs, 0 or more", 1_000_000_000),
    overagePerRun: z.string(),
    graceDays: wholeNumber("Allow 0 to 60 days", 60),
    templateAddOns: z.array(z.object({ templateKey: z.string().min(1, "Choose a template"), monthlyFee: z.string() })),
  })
  .superRefine((form, ctx) => {
    if (!/^[A-Za-z]{3}$/.test(form.currency.trim())) return;
    const amount = (value: string, path: (string | number)[]) => {
      const minor = majorTextToMinor(value, form.currency.trim());
      if (minor === null) ctx.addIssue({ code: "custom", path, message: "Use an amount such as 49.00, with at most the currency's decimals" });
      else if (minor > MAX_MINOR) ctx.addIssue({ code: "custom", path, message: "That amount is more than Stripe accepts" });
    };
    amount(form.monthlyFee, ["monthlyFee"]);
    amount(form.overagePerRun, ["overagePerRun"]);
    form.templateAddOns.forEach((addOn, index) => amount(addOn.monthlyFee, ["templateAddOns", index, "monthlyFee"]));
  });
export type TPriceBookForm = z.input<typeof ZPriceBookForm>;

/** A price book as the API returns it (amounts in minor units). */
export interface TPriceBookValues {
  currency: string;
  monthlyFee: number;
  includedRuns: number;
  overagePerRun: number;
  graceDays: number;
  templateAddOns: { templateKey: string; monthlyFee: number }[];
}

export const EMPTY_PRICE_BOOK_FORM: TPriceBookForm = { currency: "usd", monthlyFee: "", includedRuns: "1000", overagePerRun: "0.02", graceDays: "7", templateAddOns: [] };

export function priceBookFormOf(book: TPriceBookValues | null): TPriceBookForm {
  if (!book) return EMPTY_PRICE_BOOK_FORM;
  return {
    currency: book.currency,
    monthlyFee: minorToMajorText(book.monthlyFee, book.currency),
    includedRuns: String(book.includedRuns),
    overagePerRun: minorToMajorText(book.overagePerRun, book.currency),
    graceDays: String(book.graceDays),
    templateAddOns: book.templateAddOns.map((a) => ({ templateKey: a.templateKey, monthlyFee: minorToMajorText(a.monthlyFee, book.currency) })),
  };
}

/** The form (already checked by ZPriceBookForm) as `priceBook.set` takes it: integer minor units. */
export function priceBookPayloadOf(form: TPriceBookForm): TPriceBookValues {
  const currency = form.currency.trim().toLowerCase();
  const minor = (value: string) => majorTextToMinor(value, currency)!;
  return {
    currency,
    monthlyFee: minor(form.monthlyFee),
    includedRuns: Number(form.includedRuns),
    overagePerRun: minor(form.overagePerRun),
    graceDays: Number(form.graceDays),
    templateAddOns: form.templateAddOns.map((a) => ({ templateKey: a.templateKey, monthlyFee: minor(a.monthlyFee) })),
  };
}
