import { DomainError } from "@storeflow/errors";
import { z } from "zod";

/** A row's place in a newest-first list: its creation time, its id breaking ties. */
export interface TKeyset {
  createdAt: Date;
  id: string;
}

export const ZCursorInput = z.string().min(1).max(200);

/**
 * Opaque to callers. It names a position, not an offset, so a page stays the
 * same when newer rows arrive while someone is paging.
 */
export function encodeCursor({ createdAt, id }: TKeyset): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): TKeyset {
  const [at = "", id = "", ...rest] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at);
  if (rest.length > 0 || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success) {
    throw new DomainError("BAD_REQUEST", "This page link is not valid; start again from the first page", "cursor");
  }
  return { createdAt, id };
}

/** Order and filter for the rows after `cursor` (all rows without one), newest first. */
export function newestFirstAfter(cursor: string | undefined) {
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  if (!cursor) return { orderBy, after: {} };
  const { createdAt, id } = decodeCursor(cursor);
  return { orderBy, after: { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] } };
}

/** Fetch `limit + 1` rows; the extra one only says whether another page exists. */
export function toPage<TRow extends TKeyset, TItem>(rows: TRow[], limit: number, toItem: (row: TRow) => TItem) {
  const items = rows.slice(0, limit);
  return { items: items.map(toItem), nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null };
}
