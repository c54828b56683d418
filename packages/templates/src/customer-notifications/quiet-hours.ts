import { literal } from "../template";
import { utcOffsetTable } from "../time/utc-offsets";

/** Options for {@link sendPlanExpression}. */
export interface SendPlanOptions {
  enabled: boolean;
  /** "21:00": local time the window opens. */
  start: string;
  /** "08:00": local time it closes; before `start` means it spans midnight. */
  end: string;
  timeZone: string;
  /** Milestones sent even inside the window. */
  bypass: readonly string[];
  /** JSONata for the milestone being sent. */
  milestone: string;
}

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
};

/**
 * JSONata deciding when the notification may go out: now, or, when now falls in
 * the quiet window (local time in the zone), the window's end. Evaluated when
 * the step runs, so a run that started before the window but reached this step
 * inside it is held too. Returns `{ now, localTime, quietHours, held, sendAt }`.
 */
export function sendPlanExpression({ enabled, start, end, timeZone, bypass, milestone }: SendPlanOptions): string {
  const [startMinute, endMinute] = [minutesOf(start), minutesOf(end)];
  const offsets = utcOffsetTable({ timeZone }).map(({ from, minutes }) => ({ from, m: minutes }));
  return `(
  $offsets := ${literal(offsets)};
  $offsetMs := function($t) { $offsets[from <= $t][-1].m * 60000 };
  $day := 86400000;
  $start := ${startMinute};
  $end := ${endMinute};
  $nowMs := $millis();
  $local := $nowMs + $offsetMs($nowMs);
  $minute := $floor(($local % $day) / 60000);
  $inWindow := ${literal(enabled)} and $start != $end and ($start < $end ? ($minute >= $start and $minute < $end) : ($minute >= $start or $minute < $end));
  $endLocal := $local - ($local % $day) + $end * 60000 + ($minute >= $end ? $day : 0);
  $endMs := $endLocal - $offsetMs($endLocal - $offsetMs($nowMs));
  $held := $inWindow and $not(${milestone} in ${literal(bypass)});
  {
    "now": $fromMillis($nowMs),
    "localTime": $fromMillis($local, "[H01]:[m01]"),
    "timeZone": ${literal(timeZone)},
    "quietHours": $inWindow,
    "held": $held,
    "sendAt": $fromMillis($held ? $endMs : $nowMs)
  }
)`;
}
