/** How a KPI value reads in its unit: durations in the largest whole unit, percentages with a sign. */
export function formatKpiValue(value: number, unit: "count" | "ms" | "percent" | "currency"): string {
  if (!Number.isFinite(value)) return "–";
  switch (unit) {
    case "ms": {
      const abs = Math.abs(value);
      if (abs >= 3_600_000) return `${(value / 3_600_000).toFixed(1)} h`;
      if (abs >= 60_000) return `${(value / 60_000).toFixed(1)} min`;
      if (abs >= 1000) return `${(value / 1000).toFixed(1)} s`;
      return `${Math.round(value)} ms`;
    }
    case "percent":
      return `${value.toFixed(1)}%`;
    case "currency":
      return value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case "count":
      return Number.isInteger(value) ? value.toLocaleString("en") : value.toFixed(1);
  }
}

/** A bucket's label on the axis, in the client's time zone (day buckets are its local days): hour of day for hourly series, the date for daily ones. */
export function formatBucket(start: Date, grain: "hour" | "day", timeZone: string): string {
  return grain === "hour"
    ? start.toLocaleString("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", timeZone })
    : start.toLocaleDateString("en-GB", { day: "2-digit", month: "short", timeZone });
}
