import { describe, expect, it } from "vitest";
import { categoryLabelOf, formatDuration, formatRate, paragraphsOf, slaLinesOf } from "./template-text";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("formatDuration", () => {
  it("says durations in the unit people use", () => {
    expect(formatDuration(45_000)).toBe("45 seconds");
    expect(formatDuration(MINUTE)).toBe("1 minute");
    expect(formatDuration(15 * MINUTE)).toBe("15 minutes");
    expect(formatDuration(90 * MINUTE)).toBe("1.5 hours");
    expect(formatDuration(36 * HOUR)).toBe("36 hours");
    expect(formatDuration(60 * HOUR)).toBe("60 hours");
    expect(formatDuration(72 * HOUR)).toBe("3 days");
    expect(formatDuration(30 * DAY)).toBe("30 days");
  });
});

describe("slaLinesOf", () => {
  it("reads a template's SLA defaults, with the cadence only when there is one", () => {
    const sla = { runDurationMs: 72 * HOUR, successRate: 0.9, windowMs: 30 * DAY, maxBacklogAgeMs: 15 * MINUTE };
    expect(slaLinesOf(sla)).toEqual([
      { label: "Runs finish within", value: "3 days" },
      { label: "Runs succeed", value: "90% over 30 days" },
      { label: "Oldest waiting work", value: "under 15 minutes" },
    ]);
    expect(slaLinesOf({ ...sla, cadenceMs: HOUR }).at(-1)).toEqual({ label: "Runs at least every", value: "1 hour" });
  });
});

describe("small texts", () => {
  it("formats rates, categories and paragraphs", () => {
    expect(formatRate(0.995)).toBe("99.5%");
    expect(categoryLabelOf("purchasing")).toBe("Purchasing");
    expect(categoryLabelOf("store_ops")).toBe("Store ops");
    expect(paragraphsOf("One.\n\nTwo.\n \nThree.")).toEqual(["One.", "Two.", "Three."]);
  });
});
