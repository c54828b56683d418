/** Display helpers shared by the SLA dashboards, report and exports. */

/** A 0..1 ratio as a percentage; null (no runs to judge) shows as a dash rather than 0 %. */
export function formatPercent(ratio: number | null, digits = 1): string {
  return ratio === null ? "–" : `${(ratio * 100).toFixed(digits)} %`;
}

/** Milliseconds at the coarsest unit that still reads precisely (ms, s, min, h, d). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

/*
 * Buckets are UTC hours and days, and these render on the server first: a
 * fixed locale and zone keep the server's and the browser's text identical.
 */

/** A bucket's label: hours for the hourly ranges, dates for the daily one. */
export function formatBucketLabel(at: Date, grain: "hour" | "day"): string {
  return grain === "hour"
    ? at.toLocaleString("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })
    : at.toLocaleDateString("en-GB", { day: "2-digit", month: "short", timeZone: "UTC" });
}

/** A moment such as a breach's deadline, to the minute, in UTC. */
export function formatTimestamp(at: Date): string {
  return `${at.toLocaleString("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;
}

export const BREACH_KIND_LABEL: Record<"run_duration" | "backlog_age" | "cadence" | "success_rate", string> = {
  run_duration: "Run too slow",
  backlog_age: "Backlog too old",
  cadence: "Missed cadence",
  success_rate: "Success rate below target",
};

/** Hands a CSV produced by the API to the browser as a file download. */
export function downloadCsv(file: { filename: string; csv: string }): void {
  const url = URL.createObjectURL(new Blob([file.csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.click();
  URL.revokeObjectURL(url);
}
