/** True for an ISO 4217 code the runtime knows ("USD", "EUR", "JPY"). */
export function isCurrencyCode(code: string): boolean {
  return Intl.supportedValuesOf("currency").includes(code);
}

/**
 * Digits of the currency's minor unit (2 for USD, 0 for JPY, 3 for KWD): Square
 * counts money in that unit, Business Central in the main one.
 */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
