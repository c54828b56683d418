import { DomainError } from "@storeflow/errors";
import { z } from "zod";
import { encodeCursor, newestFirstAfter } from "./cursor";

/**
 * Columns a run list can be sorted by. Only the start time is backed by an
 * index ((partner, client, created)); the others sort the rows the filters
 * leave, which is why there is no index on updated_at: it changes at every
 * step, and indexing it would end the HOT updates workflow_runs is tuned for.
 */
export const RUN_SORT_FIELDS = ["createdAt", "updatedAt", "workflowKey"] as const;
export type TRunSortField = (typeof RUN_SORT_FIELDS)[number];

export const ZRunSort = z.object({
  field: z.enum(RUN_SORT_FIELDS).default("createdAt"),
  direction: z.enum(["asc", "desc"]).default("desc"),
});
export type TRunSort = z.output<typeof ZRunSort>;

type TSortValue = Date | string;
interface TSortableRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  workflowKey: string;
}

const isNewestFirst = (sort: TRunSort) => sort.field === "createdAt" && sort.direction === "desc";

function badCursor(): never {
  throw new DomainError("BAD_REQUEST", "This page link is not valid for this sort order; start again from the first page", "cursor");
}

const ZSortedCursor = z.tuple([z.enum(RUN_SORT_FIELDS), z.enum(["asc", "desc"]), z.string().max(200), z.uuid()]);

function encodeSortedCursor(sort: TRunSort, row: TSortableRow): string {
  const value = row[sort.field];
  return Buffer.from(JSON.stringify([sort.field, sort.direction, value instanceof Date ? value.toISOString() : value, row.id])).toString("base64url");
}

function decodeSortedCursor(sort: TRunSort, cursor: string): { value: TSortValue; id: string } {
  let parsed: z.infer<typeof ZSortedCursor>;
  try {
    parsed = ZSortedCursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
  } catch {
    return badCursor();
  }
  const [field, direction, raw, id] = parsed;
  if (field !== sort.field || direction !== sort.direction) badCursor();
  if (field === "workflowKey") return { value: raw, id };
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) badCursor();
  return { value: date, id };
}

/**
 * Order and keyset filter for the rows after `cursor` in `sort` order, the id
 * breaking ties. Newest first keeps the cursor format every list shares.
 */
export function runOrderAfter(sort: TRunSort, cursor: string | undefined) {
  if (isNewestFirst(sort)) return newestFirstAfter(cursor);
  const { field, direction } = sort;
  const orderBy = [{ [field]: direction }, { id: direction }];
  if (!cursor) return { orderBy, after: {} };
  const { value, id } = decodeSortedCursor(sort, cursor);
  const beyond = direction === "desc" ? "lt" : "gt";
  return { orderBy, after: { OR: [{ [field]: { [beyond]: value } }, { [field]: value, id: { [beyond]: id } }] } };
}

/** Fetch `limit + 1` rows; the extra one only says whether another page exists. */
export function toSortedPage<TRow extends TSortableRow, TItem>(sort: TRunSort, rows: TRow[], limit: number, toItem: (row: TRow) => TItem) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? (isNewestFirst(sort) ? encodeCursor(last) : encodeSortedCursor(sort, last)) : null;
  return { items: items.map(toItem), nextCursor };
}
