import { describe, expect, it } from "vitest";
import { formatRelative } from "./format-relative";

describe("formatRelative", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it("says just now under a minute and counts whole units above it", () => {
    expect(formatRelative(ago(59), now)).toBe("just now");
    expect(formatRelative(ago(60), now)).toBe("1 minute ago");
    expect(formatRelative(ago(119 * 60), now)).toBe("1 hour ago");
    expect(formatRelative(ago(36 * 3600), now)).toBe("yesterday");
    expect(formatRelative(ago(400 * 24 * 3600), now)).toBe("last year");
  });
});
