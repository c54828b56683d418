import { type TSecretFields } from "./connection-secret";

const HIDDEN = "••••";
// Below this length the last 4 characters would be too large a share of the secret.
const MIN_LENGTH_FOR_HINT = 12;

/** A hint that may be shown again: `••••` plus the last 4 characters of a long value, else `••••` alone. */
export function maskSecret(value: string): string {
  // Code points, so a hint never ends in half a surrogate pair.
  const chars = Array.from(value);
  return chars.length >= MIN_LENGTH_FOR_HINT ? HIDDEN + chars.slice(-4).join("") : HIDDEN;
}

/** `{ field: hint }` for every secret field, what the API returns instead of the values. */
export function describeSecretFields(fields: TSecretFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, maskSecret(value)]));
}
