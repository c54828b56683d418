const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** From this instant on (epoch ms), the zone is `minutes` ahead of UTC. */
export interface TUtcOffset {
  from: number;
  minutes: number;
}

/** True when the runtime knows `timeZone` as an IANA zone ("Europe/Amsterdam", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function offsetAt(format: Intl.DateTimeFormat, at: number): number {
  const second = Math.floor(at / 1000) * 1000;
  const part = Object.fromEntries(format.formatToParts(second).map(({ type, value }) => [type, Number(value)]));
  const wallClockAsUtc = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return Math.round((wallClockAsUtc - second) / MINUTE_MS);
}

/** Options for {@link utcOffsetTable}. */
export interface UtcOffsetTableOptions {
  timeZone: string;
  /** @defaultValue 2020 */
  fromYear?: number;
  /** Offsets after this year repeat its last one. @defaultValue 2045 */
  toYear?: number;
}

/**
 * The zone's UTC offsets and the instants they change (daylight saving), for
 * JSONata: its date functions take only fixed "+HHMM" offsets, not IANA zones.
 * Found by sampling daily, then narrowing each change to the minute; no zone
 * changes its offset twice within a day.
 */
export function utcOffsetTable({ timeZone, fromYear = 2020, toYear = 2045 }: UtcOffsetTableOptions): TUtcOffset[] {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
  const end = Date.UTC(toYear + 1, 0, 1);
  // The first entry covers all earlier time, so a lookup always finds one.
  const table: TUtcOffset[] = [{ from: -8.64e15, minutes: offsetAt(format, Date.UTC(fromYear, 0, 1)) }];
  for (let day = Date.UTC(fromYear, 0, 1); day < end; day += DAY_MS) {
    const next = day + DAY_MS;
    const minutes = offsetAt(format, next);
    if (minutes === table.at(-1)!.minutes) continue;
    let [before, after] = [day / MINUTE_MS, next / MINUTE_MS];
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (offsetAt(format, middle * MINUTE_MS) === minutes) after = middle;
      else before = middle;
    }
    table.push({ from: after * MINUTE_MS, minutes });
  }
  return table;
}
