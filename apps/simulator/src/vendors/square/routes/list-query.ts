import { type Context } from "hono";
import { squareError, type TSquareError } from "../errors";

const YEAR_MS = 365 * 86_400_000;
const MAX_PAGE = 100;

/** The query parameters Square's GET list endpoints share. */
export interface TListQuery {
  /** Inclusive, epoch ms. */
  beginMs: number;
  /** Exclusive, epoch ms. */
  endMs: number;
  descending: boolean;
  offset: number;
  limit: number;
}

function invalid(code: string, detail: string, field: string): TSquareError {
  return { category: "INVALID_REQUEST_ERROR", code, detail, field };
}

function readTime(c: Context, field: string, fallback: number): number | TSquareError {
  const raw = c.req.query(field);
  if (raw === undefined) return fallback;
  const ms = Date.parse(raw);
  return /^\d{4}-\d{2}-\d{2}T/.test(raw) && Number.isFinite(ms) ? ms : invalid("INVALID_TIME", `Invalid RFC 3339 timestamp: ${raw}`, field);
}

/**
 * begin_time (default a year ago), end_time (default now), sort_order (DESC unless
 * ASC), cursor and limit as Square reads them: a limit above 100 is ignored for the
 * default of 100. The cursor is an offset here; Square's is opaque.
 */
export function readListQuery(c: Context): { query: TListQuery } | { response: Response } {
  const now = Date.now();
  const beginMs = readTime(c, "begin_time", now - YEAR_MS);
  const endMs = readTime(c, "end_time", now);
  const cursor = c.req.query("cursor");
  const offset = cursor ? Number(Buffer.from(cursor, "base64url").toString()) : 0;
  const limit = Number(c.req.query("limit") ?? MAX_PAGE);
  const errors = [beginMs, endMs].filter((value): value is TSquareError => typeof value !== "number");
  if (!Number.isInteger(offset) || offset < 0) errors.push(invalid("INVALID_CURSOR", "The cursor is not valid.", "cursor"));
  if (!Number.isInteger(limit) || limit < 1) errors.push(invalid("INVALID_VALUE", "The limit must be a positive integer.", "limit"));
  if (errors.length > 0) return { response: squareError(c, 400, errors) };
  const sort = c.req.query("sort_order");
  return { query: { beginMs: beginMs as number, endMs: endMs as number, descending: sort !== "ASC", offset, limit: limit > MAX_PAGE ? MAX_PAGE : limit } };
}

/** Whether `at` (an RFC 3339 time) falls in the query's window. */
export function inWindow(query: TListQuery, at: string): boolean {
  const ms = Date.parse(at);
  return ms >= query.beginMs && ms < query.endMs;
}

/** One page of `items` sorted by `at`, under `key`; Square leaves the list out when it is empty. */
export function listPage<T>(query: TListQuery, items: T[], at: (item: T) => string, key: string): Record<string, unknown> {
  const sorted = items.map((item, position) => ({ item, position })).sort((a, b) => (query.descending ? -1 : 1) * (Date.parse(at(a.item)) - Date.parse(at(b.item)) || a.position - b.position));
  const page = sorted.slice(query.offset, query.offset + query.limit).map(({ item }) => item);
  const next = query.offset + page.length < sorted.length ? Buffer.from(String(query.offset + page.length)).toString("base64url") : undefined;
  return { ...(page.length > 0 ? { [key]: page } : {}), ...(next ? { cursor: next } : {}) };
}
