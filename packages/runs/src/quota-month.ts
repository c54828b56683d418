/** A calendar month in one time zone: what a monthly run quota counts over. */
export interface TQuotaMonth {
  /** `YYYY-MM`, the key of once-a-month notices. */
  month: string;
  /** The instant the month began in the time zone. */
  startsAt: Date;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timezone: string): Intl.DateTimeFormat {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formats.set(timezone, format);
  }
  return format;
}

/** The wall-clock time in `timezone` at `at`, read as if it were UTC. */
function wallClock(timezone: string, at: number): { year: number; month: number; asUtc: number } {
  const part: Record<string, number> = {};
  for (const { type, value } of formatIn(timezone).formatToParts(at)) part[type] = Number(value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = part;
  return { year, month, asUtc: Date.UTC(year, month - 1, day, hour, minute, second) };
}

/**
 * The month `now` falls in, in `timezone` (an IANA name, as clients store it).
 * Computed here rather than in SQL so that the zones the API accepts (Intl's
 * list) are exactly the zones counted by, whatever tz data the database has.
 */
export function quotaMonth(timezone: string, now: Date = new Date()): TQuotaMonth {
  const { year, month } = wallClock(timezone, now.getTime());
  const midnight = Date.UTC(year, month - 1, 1);
  // The zone's offset at midnight, found in two steps so a DST change near it is honoured.
  const guess = midnight - (wallClock(timezone, midnight).asUtc - midnight);
  const startsAt = midnight - (wallClock(timezone, guess).asUtc - guess);
  return { month: `${year}-${String(month).padStart(2, "0")}`, startsAt: new Date(startsAt) };
}
