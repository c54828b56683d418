import { RUN_STATUSES, type TRunListFilters, type TRunStatus } from "./run-view";

/** A page's search params as Next hands them over. */
export type TSearchParams = Record<string, string | string[] | undefined>;

const HOUR_MS = 3_600_000;
/** "Created in the last …" choices; the URL carries the key, the window is counted back from the request. */
export const CREATED_PRESETS = {
  "1h": { label: "Last hour", ms: HOUR_MS },
  "24h": { label: "Last 24 hours", ms: 24 * HOUR_MS },
  "7d": { label: "Last 7 days", ms: 7 * 24 * HOUR_MS },
  "30d": { label: "Last 30 days", ms: 30 * 24 * HOUR_MS },
} as const;
export type TCreatedPreset = keyof typeof CREATED_PRESETS;

/** The explorer's filters as the form shows them and the URL carries them (`?client=…&status=failed&…`). */
export interface TRunFilters {
  client: string;
  status: TRunStatus[];
  workflow: string;
  /** The correlation key: an order number, a SKU, a return id. */
  key: string;
  /** A preset window, "custom" for `from`/`to`, "" for any time. */
  created: TCreatedPreset | "custom" | "";
  /** YYYY-MM-DD, the first day included (UTC). */
  from: string;
  /** YYYY-MM-DD, the last day included (UTC). */
  to: string;
}

export type TFilterErrors = Partial<Record<keyof TRunFilters, string>>;

/** What a URL asks for: the filters to show, the run.list input they make, and what could not be used. */
export interface TParsedRunFilters {
  filters: TRunFilters;
  /** run.list's filters; a value with an error is left out rather than failing the page. */
  input: TRunListFilters;
  errors: TFilterErrors;
}

export const EMPTY_FILTERS: TRunFilters = { client: "", status: [], workflow: "", key: "", created: "", from: "", to: "" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * HOUR_MS;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? "";

/** A YYYY-MM-DD that names a real day, as midnight UTC; null otherwise (2026-02-30 is not a day). */
function parseDay(text: string): Date | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

/** Statuses from `status=failed&status=running` or `status=failed,running`, known ones only, in the filter's order. */
function parseStatuses(value: string | string[] | undefined): TRunStatus[] {
  const wanted = new Set((Array.isArray(value) ? value : [value ?? ""]).flatMap((v) => v.split(",")).map((v) => v.trim()));
  return RUN_STATUSES.filter((status) => wanted.has(status));
}

/**
 * Reads the explorer's filters from the URL. Each bad value gets a message for
 * its field and is left out of the query, so a mistyped link still lists runs
 * and says what it ignored. Days are UTC and `to` is inclusive; a preset
 * window ends now, counted from `now`.
 */
export function parseRunFilters(params: TSearchParams, now: Date): TParsedRunFilters {
  const errors: TFilterErrors = {};
  const input: TParsedRunFilters["input"] = {};

  const client = first(params.client);
  if (client && !UUID.test(client)) errors.client = "This client link is not valid; choose a client";
  else if (client) input.clientId = client.toLowerCase();

  const status = parseStatuses(params.status);
  if (status.length > 0) input.status = status;

  const workflow = first(params.workflow);
  if (workflow.length > 100) errors.workflow = "Use at most 100 characters";
  else if (workflow) input.workflowKey = workflow;

  const key = first(params.key);
  if (key.length > 500) errors.key = "Use at most 500 characters";
  else if (key) input.correlationKey = key;

  const from = first(params.from);
  const to = first(params.to);
  const preset = first(params.created);
  let created: TRunFilters["created"] = "";
  if (from || to || preset === "custom") {
    created = "custom";
    const fromDay = from ? parseDay(from) : null;
    const toDay = to ? parseDay(to) : null;
    if (from && !fromDay) errors.from = "Enter a day as YYYY-MM-DD";
    if (to && !toDay) errors.to = "Enter a day as YYYY-MM-DD";
    if (fromDay && toDay && toDay < fromDay) errors.to = "Choose an end on or after the start";
    else {
      if (fromDay) input.createdFrom = fromDay;
      // The last day counts whole: the query's end is the next midnight, exclusive.
      if (toDay) input.createdTo = new Date(toDay.getTime() + DAY_MS);
    }
  } else if (preset in CREATED_PRESETS) {
    created = preset as TCreatedPreset;
    input.createdFrom = new Date(now.getTime() - CREATED_PRESETS[created].ms);
  }

  return { filters: { client, status, workflow, key, created, from, to }, input, errors };
}

/** The query string of a set of filters (empty ones left out), for links and the form's navigation. */
export function searchOfFilters(filters: Partial<TRunFilters>): string {
  const search = new URLSearchParams();
  if (filters.client) search.set("client", filters.client);
  for (const status of filters.status ?? []) search.append("status", status);
  if (filters.workflow) search.set("workflow", filters.workflow);
  if (filters.key) search.set("key", filters.key);
  if (filters.created === "custom") {
    if (filters.from) search.set("from", filters.from);
    if (filters.to) search.set("to", filters.to);
    if (!filters.from && !filters.to) search.set("created", "custom");
  } else if (filters.created) search.set("created", filters.created);
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function hasFilters(filters: TRunFilters): boolean {
  return searchOfFilters(filters) !== "";
}
