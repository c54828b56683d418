export const SLA_GRAINS = ["minute", "hour", "day"] as const;
export type TSlaGrain = (typeof SLA_GRAINS)[number];

const GRAIN_MS: Record<TSlaGrain, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The UTC bucket `at` falls in (the same as date_trunc(grain, at, 'UTC')). */
export function bucketStart(grain: TSlaGrain, at: Date): Date {
  const ms = GRAIN_MS[grain];
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

export function grainMs(grain: TSlaGrain): number {
  return GRAIN_MS[grain];
}
