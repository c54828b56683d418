import { DomainError } from "@storeflow/errors";
import cronParser from "cron-parser";

/**
 * Cron expressions are read by cron-parser 4.9, the version BullMQ's job
 * schedulers compute their `pattern` slots with: an expression accepted here is
 * one the queue can fire, and {@link nextFiringAt} is the slot it will fire.
 */

export class InvalidCronError extends DomainError {
  constructor(reason: string) {
    super("BAD_REQUEST", `Write a five-field cron expression (minute hour day-of-month month day-of-week), for example "0 9 * * 1-5": ${reason}`, "cron");
    this.name = "InvalidCronError";
  }
}

export class InvalidTimezoneError extends DomainError {
  constructor(timezone: string) {
    super("BAD_REQUEST", `"${timezone}" is not an IANA time zone; write one such as "Europe/Berlin" or "America/New_York"`, "timezone");
    this.name = "InvalidTimezoneError";
  }
}

// Region/City names; offsets ("+01:00", "UTC+1") are not zones and would ignore daylight saving time.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** @throws InvalidTimezoneError unless `timezone` names a zone both Intl and cron-parser know */
export function assertValidTimezone(timezone: string): string {
  if (!IANA_NAME.test(timezone)) throw new InvalidTimezoneError(timezone);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    cronParser.parseExpression("0 0 * * *", { tz: timezone }).next();
  } catch {
    throw new InvalidTimezoneError(timezone);
  }
  return timezone;
}

/**
 * The expression with its fields single-spaced, once it has a next slot in the
 * zone. Seconds fields are refused: a client's workflow runs at most once a
 * minute per schedule.
 * @throws InvalidCronError saying what is wrong
 */
export function assertValidCron(cron: string, timezone: string): string {
  const fields = cron.trim().split(/\s+/);
  const normalized = fields.join(" ");
  const isAlias = fields.length === 1 && /^@(yearly|monthly|weekly|daily|hourly)$/.test(normalized);
  if (!isAlias && fields.length !== 5) throw new InvalidCronError(`it has ${fields.length} field${fields.length === 1 ? "" : "s"}`);
  try {
    cronParser.parseExpression(normalized, { tz: timezone }).next();
  } catch (error) {
    throw new InvalidCronError(error instanceof Error ? error.message : String(error));
  }
  return normalized;
}

/** The first slot of `cron` in `timezone` after `after`, as the queue computes it. */
export function nextFiringAt(cron: string, timezone: string, after: Date = new Date()): Date {
  return cronParser.parseExpression(cron, { tz: timezone, currentDate: after }).next().toDate();
}
