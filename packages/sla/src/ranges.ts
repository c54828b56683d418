import { z } from "zod";
import { bucketStart, grainMs, type TSlaGrain } from "./buckets";

export const ZSlaRange = z.enum(["24h", "7d", "30d"]);
export type TSlaRange = z.infer<typeof ZSlaRange>;

/** Each range's chart grain and bucket count: 24 and 168 hours, 30 days. */
const RANGES: Record<TSlaRange, { grain: TSlaGrain; buckets: number }> = {
  "24h": { grain: "hour", buckets: 24 },
  "7d": { grain: "hour", buckets: 168 },
  "30d": { grain: "day", buckets: 30 },
};

export interface TRangeWindow {
  grain: TSlaGrain;
  /** The first bucket's start; the last bucket is the one `now` is in. */
  from: Date;
  /** Every bucket start from `from` to now, for series without gaps. */
  starts: Date[];
}

export function rangeWindow(range: TSlaRange, now: Date): TRangeWindow {
  const { grain, buckets } = RANGES[range];
  const last = bucketStart(grain, now).getTime();
  const step = grainMs(grain);
  const starts = Array.from({ length: buckets }, (_, i) => new Date(last - (buckets - 1 - i) * step));
  return { grain, from: starts[0]!, starts };
}
