import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { requestSquare, type TSquareCallContext } from "./http-client";

// Square's GET list endpoints (payments, refunds, payouts, payout entries) all cap a page at 100.
const PAGE_SIZE = 100;

/** Options for {@link listSquarePages}. */
export interface TSquareListRequest<T extends z.ZodType> {
  /** Names the call in error messages, e.g. "ListPayments". */
  operation: string;
  /** Below the base URL, path parameters already encoded. */
  path: string;
  /** Query parameters; absent ones are left out. */
  query: Record<string, string | undefined>;
  /** The answer's list field, e.g. "payments"; Square leaves it out when nothing matched. */
  key: string;
  item: T;
  /** Stop once this many are read: `truncated` says whether more were left. */
  max: number;
}

/** Follows the cursor of one of Square's GET list endpoints until the list ends or `max` items are read. */
export async function listSquarePages<T extends z.ZodType>(context: TSquareCallContext, request: TSquareListRequest<T>): Promise<{ items: z.output<T>[]; truncated: boolean }> {
  const items: z.output<T>[] = [];
  const page = z.object({ cursor: z.string().optional() }).catchall(z.unknown());
  let cursor: string | undefined;
  do {
    const query = { ...request.query, limit: String(PAGE_SIZE), cursor };
    const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const data = await requestSquare(context, { operation: request.operation, method: "GET", path: `${request.path}?${search.toString()}`, response: page });
    const parsed = z.array(request.item).safeParse(data[request.key] ?? []);
    if (!parsed.success) throw new NonRetryableError(`Square ${request.operation}: unexpected response shape: ${parsed.error.issues[0]?.message ?? ""}`);
    items.push(...parsed.data);
    cursor = data.cursor;
    if (items.length >= request.max) return { items: items.slice(0, request.max), truncated: items.length > request.max || cursor !== undefined };
  } while (cursor);
  return { items, truncated: false };
}
