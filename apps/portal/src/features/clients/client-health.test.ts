import { describe, expect, it } from "vitest";
import { clientHealth } from "./client-health";

describe("clientHealth", () => {
  it("puts failed runs waiting before anything else", () => {
    expect(clientHealth({ attainment: 1, openExceptions: 2, backlog: 0 })).toMatchObject({ label: "Needs attention", variant: "danger", reason: "2 failed runs wait in the exception queue" });
    expect(clientHealth({ attainment: 0.5, openExceptions: 1, backlog: 0 }).reason).toBe("1 failed run waits in the exception queue");
  });

  it("flags attainment under 95 % as at risk, and 95 % itself as healthy", () => {
    expect(clientHealth({ attainment: 0.949, openExceptions: 0, backlog: 3 }).label).toBe("At risk");
    expect(clientHealth({ attainment: 0.95, openExceptions: 0, backlog: 3 }).label).toBe("Healthy");
  });

  it("says nothing is known yet only when there is nothing to judge and nothing running", () => {
    expect(clientHealth({ attainment: null, openExceptions: 0, backlog: 0 }).label).toBe("No runs yet");
    expect(clientHealth({ attainment: null, openExceptions: 0, backlog: 1 }).label).toBe("Healthy");
  });
});
