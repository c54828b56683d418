import { describe, expect, it } from "vitest";
import { isCurrentSection } from "./main-nav";

describe("isCurrentSection", () => {
  it("marks the overview only on the home page, and other sections on their pages and below", () => {
    expect(isCurrentSection({ href: "/", label: "Overview" }, "/")).toBe(true);
    expect(isCurrentSection({ href: "/", label: "Overview" }, "/runs")).toBe(false);
    expect(isCurrentSection({ href: "/runs", label: "Runs" }, "/runs")).toBe(true);
    expect(isCurrentSection({ href: "/runs", label: "Runs" }, "/runs/exceptions")).toBe(true);
    // A shared prefix is not a section of its own.
    expect(isCurrentSection({ href: "/run", label: "Run" }, "/runs")).toBe(false);
  });

  it("takes an item's section over its href, for a section that opens on one of its pages", () => {
    const settings = { href: "/settings/brand", section: "/settings", label: "Settings" };
    expect(isCurrentSection(settings, "/settings/brand")).toBe(true);
    expect(isCurrentSection(settings, "/settings/ai")).toBe(true);
    expect(isCurrentSection(settings, "/setup")).toBe(false);
  });
});
