export type TGrain = "hour" | "day";
export const GRAINS: readonly TGrain[] = ["hour", "day"];
/** A bucket's nominal length; a local day is 23 or 25 hours when its clocks change. */
export const GRAIN_MS: Record<TGrain, number> = { hour: 3_600_000, day: 86_400_000 };
const HOUR_MS = GRAIN_MS.hour;

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The formatter of `timeZone`'s wall clock, or UTC's for a name this runtime does not know. */
function wallClockOf(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    const options = { hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" } as const;
    try {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** `at` as the zone's wall clock reads it, written as if that reading were UTC. */
function wallClockMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(wallClockOf(timeZone).formatToParts(at).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/**
 * The instant the local day of `at` began in `timeZone` (an IANA name; an
 * unknown one counts as UTC). The offset is read twice, at `at` and at the
 * guessed midnight, so a day whose clocks change gets its true start.
 */
export function localDayStart(at: Date, timeZone: string): Date {
  const offsetAt = (instant: number) => wallClockMs(new Date(instant), timeZone) - Math.floor(instant / 1000) * 1000;
  const wall = wallClockMs(at, timeZone);
  const midnight = wall - (((wall % GRAIN_MS.day) + GRAIN_MS.day) % GRAIN_MS.day);
  const guess = midnight - offsetAt(at.getTime());
  return new Date(midnight - offsetAt(guess));
}

/**
 * Start of the bucket `at` falls in: the UTC hour, or the client's local day
 * (`timeZone`, the client's), so a store's "Tuesday" is its own Tuesday.
 * Hours stay UTC hours: for every zone on a whole-hour offset they are its local hours.
 */
export function bucketStart(at: Date, grain: TGrain, timeZone = "UTC"): Date {
  if (grain === "day") return localDayStart(at, timeZone);
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** Start of the bucket before the one starting at `start` (a local day is found from the noon before its midnight). */
export function previousBucketStart(start: Date, grain: TGrain, timeZone = "UTC"): Date {
  return grain === "day" ? localDayStart(new Date(start.getTime() - 12 * HOUR_MS), timeZone) : new Date(start.getTime() - HOUR_MS);
}
