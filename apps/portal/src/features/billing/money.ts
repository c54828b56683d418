/*
 * Money on the billing pages. Amounts travel as integers in the currency's
 * minor unit (cents; yen for JPY), as Stripe takes them; people type and read
 * major units. These run in the browser, which cannot load @storeflow/billing
 * (it brings Prisma and the Stripe SDK), so the rounding rules live here too:
 * a fixed locale keeps the server's first render and the browser's identical.
 */

/** Decimal places of the currency's minor unit (2 for eur, 0 for jpy). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "$12.50" for 1250 usd. */
export function formatMinor(amount: number, currency: string): string {
  return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).format(amount / 10 ** minorDigits(currency));
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
