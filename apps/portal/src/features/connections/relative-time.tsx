import { formatRelative } from "./format-relative";

/** A moment as "5 minutes ago" or "in 5 minutes", with the exact time as its tooltip and machine-readable value. */
export function RelativeTime({ date }: { date: Date }) {
  return (
    // Server and browser render at different instants, so the words may differ by a minute.
    <time dateTime={date.toISOString()} title={date.toLocaleString("en-GB")} suppressHydrationWarning>
      {formatRelative(date, new Date())}
    </time>
  );
}
