export type TGrain = "hour" | "day";
export const GRAINS: readonly TGrain[] = ["hour", "day"];
export const GRAIN_MS: Record<TGrain, number> = { hour: 3_600_000, day: 86_400_000 };

/** Start of the UTC hour or day `at` falls in. */
export function bucketStart(at: Date, grain: TGrain): Date {
  const ms = GRAIN_MS[grain];
  return new Date(Math.floor(at.getTime() / ms) * ms);
}
