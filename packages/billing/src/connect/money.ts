/*
 * Money as Stripe and the portal's billing pages take it: integers in the
 * currency's minor unit (cents; yen for JPY), read and typed in major units.
 * Imports nothing but zod, so the browser loads it as `@storeflow/billing/money`;
 * a fixed locale keeps the server's first render and the browser's identical.
 */
import { z } from "zod";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency").map((code) => code.toLowerCase()));

/** ISO 4217, written lower case as Stripe writes it ("EUR" is accepted and stored as "eur"). */
export const ZCurrency = z
  .string()
  .trim()
  .toLowerCase()
  .refine((code) => CURRENCIES.has(code), "Use a three-letter ISO currency code, such as eur or usd");

/**
 * An amount in the currency's minor unit (cents; yen for JPY), as Stripe takes
 * it: a whole number, never a float. The ceiling is Stripe's eight digits.
 */
export const ZMinorAmount = z.int("Give the amount in whole minor units (cents)").min(0, "Amounts cannot be negative").max(99_999_999, "At most 99999999 minor units");

/** Basis points of an amount the platform keeps as its application fee: 250 is 2.5 %. */
export const ZFeeBasisPoints = z.int().min(0).max(10_000);

/** `amount` × `basisPoints` / 10 000, rounded half up, in integers only (amounts stay far below 2^53 / 10 000). */
export function shareOf(amount: number, basisPoints: number): number {
  return Math.floor((amount * basisPoints + 5_000) / 10_000);
}

/** "€12.50" for 1250 eur, for descriptions and the portal. */
export function formatMoney(amount: number, currency: string, locale = "en"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(amount / 10 ** minorDigits(currency));
}

/** Decimal places of the currency's minor unit (2 for eur, 0 for jpy). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 1250 usd as "12.50", for a form's text box. */
export function minorToMajorText(amount: number, currency: string): string {
  return (amount / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));
}

/**
 * "12.5" usd as 1250: digits with at most the currency's decimals, no sign,
 * no exponent, no thousands separators. Null when the text is not such an
 * amount, so a typo is refused rather than rounded into a price.
 */
export function majorTextToMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  // String arithmetic, not parseFloat × 100: 0.29 × 100 is 28.999… in floating point.
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}
