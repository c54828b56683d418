import { ValidationError } from "@storeflow/errors";
import { quotaMonth } from "@storeflow/runs";
import { z } from "zod";

/** A calendar month billed, `YYYY-MM`. */
export const ZBillingPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month as YYYY-MM");

export interface TBillingPeriod {
  period: string;
  /** The instant the month began in the client's time zone. */
  start: Date;
  /** The instant the next month began there: the period is [start, end). */
  end: Date;
}

const DAY = 86_400_000;

/**
 * The month in the client's own time zone, as its monthly run quota counts it,
 * so an invoice and the quota agree on which runs belong to which month.
 */
export function billingPeriod(timezone: string, period: string): TBillingPeriod {
  if (!ZBillingPeriod.safeParse(period).success) throw new ValidationError([{ path: ["period"], message: "Use a month as YYYY-MM" }]);
  const [year, month] = period.split("-").map(Number) as [number, number];
  // Mid-month instants are inside the month in every time zone.
  const start = quotaMonth(timezone, new Date(Date.UTC(year, month - 1, 15))).startsAt;
  const end = quotaMonth(timezone, new Date(Date.UTC(year, month, 15))).startsAt;
  return { period, start, end };
}

/** The month before the one `now` falls in, in `timezone`: the one a pass at `now` bills. */
export function previousPeriod(timezone: string, now: Date): TBillingPeriod {
  const { startsAt } = quotaMonth(timezone, now);
  return billingPeriod(timezone, quotaMonth(timezone, new Date(startsAt.getTime() - DAY)).month);
}

/** The month `now` falls in, in `timezone`. */
export function currentPeriod(timezone: string, now: Date): TBillingPeriod {
  return billingPeriod(timezone, quotaMonth(timezone, now).month);
}
