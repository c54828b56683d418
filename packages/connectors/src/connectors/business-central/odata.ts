import { z } from "zod";

/** An OData string literal: single quotes, with embedded quotes doubled (OData URL conventions §5.1.1.6.1). */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Joins filter clauses with `and`, skipping the absent ones; undefined when none are left. */
export function odataAnd(clauses: readonly (string | undefined)[]): string | undefined {
  const present = clauses.filter((clause): clause is string => Boolean(clause));
  return present.length ? present.join(" and ") : undefined;
}

/**
 * A Business Central Code field (item, vendor, customer and account numbers, document
 * numbers, journal codes): stored upper-cased, so input is upper-cased too, or a
 * lookup by the caller's spelling would miss the record it created.
 */
export function ZCode(maxLength: number) {
  return z.string().min(1).max(maxLength).toUpperCase();
}
