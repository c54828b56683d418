import { createHash } from "node:crypto";
import { type TEntitySet } from "./entities";
import { BcError } from "./errors";
import { parseFilter } from "./odata-filter";
import { type TBcState } from "./state";

type TRecord = Record<string, unknown>;

/** Options for {@link queryCollection}. */
export interface QueryCollectionOptions {
  set: TEntitySet;
  /** The records to query, before representation (a child collection passes its own). */
  records: TRecord[];
  state: TBcState;
  query: URLSearchParams;
  /** The request's `Prefer` header. */
  prefer: string | undefined;
  /** The absolute URL of the collection without a query, for `@odata.nextLink`. */
  collectionUrl: string;
  contextUrl: string;
}

export function etag(record: TRecord): string {
  const digest = createHash("sha256").update(`${String(record.id)}|${String(record.lastModifiedDateTime ?? "")}`).digest("base64").slice(0, 28);
  return `W/"${digest}"`;
}

function parseExpand(set: TEntitySet, value: string | null): string[] {
  if (!value) return [];
  return value.split(",").map((name) => {
    const trimmed = name.trim();
    if (!Object.hasOwn(set.expansions, trimmed)) throw new BcError(400, "BadRequest", `Could not find a property named '${trimmed}' on type '${set.typeName}'.`);
    return trimmed;
  });
}

/** The wire form of one record: `$select` applied, `$expand`ed navigation properties added. */
export function representRecord(set: TEntitySet, record: TRecord, state: TBcState, query: URLSearchParams): TRecord {
  const expand = parseExpand(set, query.get("$expand"));
  const api = set.toApi(record, state);
  const select = query.get("$select")?.split(",").map((field) => field.trim());
  const fields = select ? Object.fromEntries(select.filter((field) => field in api).map((field) => [field, api[field]])) : api;
  const expanded = Object.fromEntries(expand.map((name) => [name, set.expansions[name]!(record, state)]));
  return { "@odata.etag": etag(api), ...fields, ...expanded };
}

function sortRecords(records: { api: TRecord; record: TRecord }[], orderby: string | null, set: TEntitySet): void {
  if (!orderby) return;
  const keys = orderby.split(",").map((clause) => {
    const [field = "", direction = "asc"] = clause.trim().split(/\s+/);
    return { field, descending: direction.toLowerCase() === "desc" };
  });
  for (const { field } of keys) {
    if (records.length && !(field in records[0]!.api)) throw new BcError(400, "BadRequest", `Could not find a property named '${field}' on type '${set.typeName}'.`);
  }
  records.sort((a, b) => {
    for (const { field, descending } of keys) {
      const x = a.api[field] as string | number;
      const y = b.api[field] as string | number;
      if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  });
}

function pageSize(state: TBcState, prefer: string | undefined): { size: number; applied: string | undefined } {
  const requested = /odata\.maxpagesize=(\d+)/.exec(prefer ?? "")?.[1];
  if (!requested) return { size: state.serverPageSize, applied: undefined };
  return { size: Math.min(state.serverPageSize, Number(requested)), applied: `odata.maxpagesize=${requested}` };
}

/**
 * `GET` of a collection as Business Central answers it: `$filter`, `$orderby`, `$top`,
 * `$skip`, then server-driven paging (`Prefer: odata.maxpagesize` or the server's own
 * page size) with an opaque `$skiptoken` in `@odata.nextLink`.
 */
export function queryCollection(options: QueryCollectionOptions): { body: TRecord; headers: Record<string, string> } {
  const { set, state, query } = options;
  let rows = options.records.map((record) => ({ record, api: set.toApi(record, state) }));
  const filter = query.get("$filter");
  if (filter) {
    const fields = new Set(rows.flatMap((row) => Object.keys(row.api)));
    // An empty collection has no records to learn its fields from; nothing can match anyway.
    if (rows.length) {
      const predicate = parseFilter(filter, fields, set.typeName);
      rows = rows.filter((row) => predicate(row.api));
    }
  }
  sortRecords(rows, query.get("$orderby"), set);
  const skip = Number(query.get("$skip") ?? 0);
  const top = query.get("$top");
  rows = rows.slice(skip, top === null ? undefined : skip + Number(top));

  const offset = Number(query.get("$skiptoken") ?? 0);
  const { size, applied } = pageSize(state, options.prefer);
  const page = rows.slice(offset, offset + size);
  const body: TRecord = { "@odata.context": options.contextUrl, value: page.map((row) => representRecord(set, row.record, state, query)) };
  if (offset + size < rows.length) {
    const next = new URLSearchParams(query);
    next.set("$skiptoken", String(offset + size));
    body["@odata.nextLink"] = `${options.collectionUrl}?${next.toString().replaceAll("+", "%20")}`;
  }
  return { body, headers: applied ? { "preference-applied": applied } : {} };
}
