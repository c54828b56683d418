import { type TTemplate } from "../installations/install-form";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** A duration as people say it: "45 seconds", "15 minutes", "36 hours", "30 days" (rounded to one decimal). */
export function formatDuration(ms: number): string {
  const round = (n: number) => Math.round(n * 10) / 10;
  if (ms < MINUTE) return plural(round(ms / 1000), "second");
  if (ms < HOUR) return plural(round(ms / MINUTE), "minute");
  // Under two days, and for a whole number of hours that is not whole days ("60 hours"), hours read better than "2.5 days".
  if (ms < 2 * DAY || (ms % DAY !== 0 && ms % HOUR === 0)) return plural(round(ms / HOUR), "hour");
  return plural(round(ms / DAY), "day");
}

/** 0.9 → "90%", 0.995 → "99.5%". */
export function formatRate(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The service levels a template promises by default, as label and value, in reading order. */
export function slaLinesOf(sla: TTemplate["sla"]): { label: string; value: string }[] {
  return [
    { label: "Runs finish within", value: formatDuration(sla.runDurationMs) },
    { label: "Runs succeed", value: `${formatRate(sla.successRate)} over ${formatDuration(sla.windowMs)}` },
    { label: "Oldest waiting work", value: `under ${formatDuration(sla.maxBacklogAgeMs)}` },
    ...(sla.cadenceMs !== undefined ? [{ label: "Runs at least every", value: formatDuration(sla.cadenceMs) }] : []),
  ];
}

const CATEGORY_LABEL: Record<string, string> = {
  customers: "Customers",
  finance: "Finance",
  inventory: "Inventory",
  orders: "Orders and fulfilment",
  pricing: "Pricing",
  purchasing: "Purchasing",
};

/** "purchasing" → "Purchasing"; an unknown category is shown capitalised as it is. */
export function categoryLabelOf(category: string): string {
  return CATEGORY_LABEL[category] ?? category.charAt(0).toUpperCase() + category.slice(1).replace(/[-_]/g, " ");
}

/** The description's paragraphs (the API separates them with blank lines). */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
