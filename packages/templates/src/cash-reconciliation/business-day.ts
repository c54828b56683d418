import { utcOffsetTable } from "../time/utc-offsets";
import { literal } from "../template";

/** Options for {@link businessDayExpression}. */
export interface BusinessDayOptions {
  timeZone: string;
  /** "04:00": local time one business day ends and the next begins. */
  cutoff: string;
  /** How many business days before the current one to reconcile. */
  daysBack: number;
}

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
};

/**
 * JSONata for the business day a run reconciles and its bounds as instants:
 * `input.businessDate` ("2026-03-30", a person re-running a day) or the day
 * `daysBack` before the one under way when the step runs. A day runs from the
 * cut-off to the next day's, local time, so it lasts 23 or 25 hours when the
 * clocks change. Returns `{ businessDate, beginTime, endTime, timeZone, cutoff }`.
 */
export function businessDayExpression({ timeZone, cutoff, daysBack }: BusinessDayOptions): string {
  const offsets = utcOffsetTable({ timeZone }).map(({ from, minutes }) => ({ from, m: minutes }));
  return `(
  $offsets := ${literal(offsets)};
  $offsetMs := function($t) { $offsets[from <= $t][-1].m * 60000 };
  $toInstant := function($wall) { $wall - $offsetMs($wall - $offsetMs($wall)) };
  $day := 86400000;
  $cutoffMs := ${minutesOf(cutoff) * 60_000};
  $given := input.businessDate;
  $given != null and $not($type($given) = "string" and $contains($given, /^\\d{4}-\\d{2}-\\d{2}$/))
    ? $error("businessDate must be a date such as 2026-03-30, not " & $string($given));
  $now := $millis();
  $current := $fromMillis($now + $offsetMs($now) - $cutoffMs, "[Y0001]-[M01]-[D01]");
  $date := $given != null ? $given : $fromMillis($toMillis($current) - ${daysBack} * $day, "[Y0001]-[M01]-[D01]");
  $wallStart := $toMillis($date) + $cutoffMs;
  {
    "businessDate": $date,
    "beginTime": $fromMillis($toInstant($wallStart)),
    "endTime": $fromMillis($toInstant($wallStart + $day)),
    "timeZone": ${literal(timeZone)},
    "cutoff": ${literal(cutoff)}
  }
)`;
}
