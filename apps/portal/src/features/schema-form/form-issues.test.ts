import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { formMessageOf, placeFieldIssues, placeIssues } from "./form-issues";

const INSTALL_FIELDS = new Set(["bindings.erp", "bindings.mail", "params.priceTolerancePercent", "params.stores", "params.cron"]);

/** An error as httpBatchLink builds it from the API's error shape. */
function serverError(message: string, issues: { path: string[]; message: string }[] | null) {
  return TRPCClientError.from({ error: { message, code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, path: "installation.install", issues } } });
}

describe("placeFieldIssues", () => {
  it("puts a parameter's and a binding's issue on their fields, in screen order, and leaves the alert empty", () => {
    const placed = placeFieldIssues(
      [
        { path: ["params", "priceTolerancePercent"], message: "Too small: expected number to be >=0" },
        { path: ["bindings", "erp"], message: "Choose the ERP connection (Business Central)" },
      ],
      INSTALL_FIELDS,
    );
    expect(placed).toEqual({
      fields: [
        ["bindings.erp", "Choose the ERP connection (Business Central)"],
        ["params.priceTolerancePercent", "Too small: expected number to be >=0"],
      ],
      unplaced: [],
    });
    expect(formMessageOf(placed)).toBe("Check the highlighted fields");
  });

  it("puts an issue deep inside a JSON field on that field, saying where, and joins two on one field", () => {
    const placed = placeFieldIssues(
      [
        { path: ["params", "stores", 0, "location"], message: "Too small" },
        { path: ["params", "stores", 2, "latitude"], message: "Too big" },
      ],
      INSTALL_FIELDS,
    );
    expect(placed.fields).toEqual([["params.stores", "0.location: Too small 2.latitude: Too big"]]);
  });

  it("sends issues no field shows to the alert with their whole path", () => {
    const placed = placeFieldIssues(
      [
        { path: ["params"], message: "Invalid cron expression" },
        { path: ["params", "unknown"], message: 'This template has no parameter "unknown"' },
        { path: [], message: "Something about the whole request" },
      ],
      INSTALL_FIELDS,
    );
    expect(placed.fields).toEqual([]);
    expect(placed.unplaced).toEqual(["params: Invalid cron expression", 'params.unknown: This template has no parameter "unknown"', "Something about the whole request"]);
    expect(formMessageOf(placed)).toBe(placed.unplaced.join(" "));
  });

  it("still places connection settings and secrets as the Connections screen registers them", () => {
    const placed = placeFieldIssues([{ path: ["config", "shopDomain"], message: "Use the myshopify.com domain" }, { path: ["secrets", "apiKey"], message: "Required" }], new Set(["name", "config.shopDomain"]));
    expect(placed).toEqual({ fields: [["config.shopDomain", "Use the myshopify.com domain"]], unplaced: ["secrets.apiKey: Required"] });
  });
});

describe("placeIssues", () => {
  it("reads the issues of a tRPC error", () => {
    const placed = placeIssues(serverError("params.priceTolerancePercent: Too small", [{ path: ["params", "priceTolerancePercent"], message: "Too small" }]), INSTALL_FIELDS);
    expect(placed.fields).toEqual([["params.priceTolerancePercent", "Too small"]]);
  });

  it("turns an error without issues (a conflict, a lost connection) into one alert", () => {
    expect(placeIssues(serverError("This client already has it installed", null), INSTALL_FIELDS)).toEqual({ fields: [], unplaced: ["This client already has it installed"] });
    expect(placeIssues(new Error("offline"), INSTALL_FIELDS)).toEqual({ fields: [], unplaced: ["Something went wrong. Try again."] });
  });
});
