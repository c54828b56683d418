import { reportedKpi, type TTemplateKpi } from "@storeflow/templates";
import { describe, expect, it } from "vitest";
import { kpiAggregate, KpiValueError, readKpiValues, type TFinishedRunContext } from "./kpi-values";

const run = (steps: Record<string, unknown>): TFinishedRunContext => ({
  input: { storeId: "S1" },
  steps: Object.fromEntries(Object.entries(steps).map(([key, output]) => [key, { output }])),
  run: { id: "r", clientId: "c", status: "succeeded", finishedAt: "2026-12-01T10:00:00.000Z" },
});
const kpi = (value: string, unit: TTemplateKpi["unit"] = "count"): TTemplateKpi => ({ key: "k", title: "K", unit, description: "", value });

describe("readKpiValues", () => {
  it("takes the latest reported figure once, even when a summary step copies it", async () => {
    const context = run({ match: { kpis: { lines: 2 } }, approved: { kpis: { lines: 2 } } });
    expect(await readKpiValues(kpi(reportedKpi("lines")), context)).toEqual([{ ordinal: 0, value: 2, dimension: "" }]);
    expect(await readKpiValues(kpi(reportedKpi("lines")), run({ only: { kpis: { lines: 0 } } }))).toEqual([{ ordinal: 0, value: 0, dimension: "" }]);
  });

  it("records one point per element, with its dimension", async () => {
    const context = run({ moves: [{ store: "S1", lag: 100 }, { store: "S2", lag: 300 }] });
    expect(await readKpiValues(kpi(`steps.moves.output.{ "value": lag, "dimension": store }`, "ms"), context)).toEqual([
      { ordinal: 0, value: 100, dimension: "S1" },
      { ordinal: 1, value: 300, dimension: "S2" },
    ]);
  });

  it("records nothing for a run that did not report the figure", async () => {
    expect(await readKpiValues(kpi(reportedKpi("lines")), run({}))).toEqual([]);
  });

  it("refuses a figure that is not a finite number, or an expression that fails", async () => {
    await expect(readKpiValues(kpi(`"many"`), run({}))).rejects.toThrow(KpiValueError);
    await expect(readKpiValues(kpi(`1 / 0`), run({}))).rejects.toThrow(/KPI k/);
    await expect(readKpiValues(kpi(`$error("nope")`), run({}))).rejects.toThrow(KpiValueError);
  });

  it("sums counts and averages the rest unless the KPI says otherwise", () => {
    expect(kpiAggregate({ unit: "count" })).toBe("sum");
    expect(kpiAggregate({ unit: "ms" })).toBe("mean");
    expect(kpiAggregate({ unit: "count", aggregate: "mean" })).toBe("mean");
  });
});
