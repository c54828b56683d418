import { describe, expect, it } from "vitest";
import { quotaMonth } from "./quota-month";

const at = (iso: string) => new Date(iso);

describe("quotaMonth", () => {
  it("is the calendar month in the client's time zone, not in UTC", () => {
    // 23:30 UTC on 31 March is 00:30 BST on 1 April in London.
    expect(quotaMonth("Europe/London", at("2026-03-31T23:30:00Z"))).toEqual({ month: "2026-04", startsAt: at("2026-03-31T23:00:00Z") });
    expect(quotaMonth("UTC", at("2026-03-31T23:30:00Z"))).toEqual({ month: "2026-03", startsAt: at("2026-03-01T00:00:00Z") });
    // 23:00 EST on 30 November in New York is already December in UTC.
    expect(quotaMonth("America/New_York", at("2026-12-01T04:00:00Z"))).toEqual({ month: "2026-11", startsAt: at("2026-11-01T04:00:00Z") });
  });

  it("starts the month at local midnight across a DST change within the month", () => {
    // New York's month of November begins in EDT (UTC-4) and is in EST (UTC-5) by the 20th.
    expect(quotaMonth("America/New_York", at("2026-11-20T12:00:00Z")).startsAt).toEqual(at("2026-11-01T04:00:00Z"));
    // London's March begins in GMT and ends in BST.
    expect(quotaMonth("Europe/London", at("2026-03-30T12:00:00Z")).startsAt).toEqual(at("2026-03-01T00:00:00Z"));
  });

  it("handles zones far from UTC and the turn of the year", () => {
    expect(quotaMonth("Pacific/Kiritimati", at("2026-12-31T10:00:00Z"))).toEqual({ month: "2027-01", startsAt: at("2026-12-31T10:00:00Z") });
    expect(quotaMonth("Pacific/Pago_Pago", at("2027-01-01T05:00:00Z"))).toEqual({ month: "2026-12", startsAt: at("2026-12-01T11:00:00Z") });
    expect(quotaMonth("Asia/Kolkata", at("2026-06-15T00:00:00Z"))).toEqual({ month: "2026-06", startsAt: at("2026-05-31T18:30:00Z") });
  });
});
