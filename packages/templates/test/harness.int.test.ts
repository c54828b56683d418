import { shopifySimulator, type TShopifySimulator } from "@storeflow/simulator";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTemplate, literal } from "../src/template";
import { useTemplateHarness } from "./template-harness";

const h = useTemplateHarness([shopifySimulator]);

const lookup = defineTemplate({
  key: "test.lookup",
  version: "1.0.0",
  title: "Look up a SKU",
  summary: "Reads a variant",
  description: "Reads a variant and asks for approval.",
  category: "inventory",
  params: z.object({ approver: z.string().default("partner_owner") }),
  bindings: { shop: { title: "Shop", description: "The web shop", connectors: ["shopify"] } },
  triggers: () => [{ kind: "manual" }],
  sla: { runDurationMs: 60_000, successRate: 0.99, windowMs: 86_400_000, maxBacklogAgeMs: 60_000 },
  kpis: [],
  definition: (p) => ({
    key: "test.lookup",
    version: "1.0.0",
    start: "find",
    steps: [
      { key: "find", kind: "action", connection: "shop", operation: "getVariantsBySku", input: { sku: "input.sku" }, next: "gate" },
      { key: "gate", kind: "approval", title: "Go on?", assignees: { roles: [p.approver] }, expiresInMs: 3_600_000, details: { sku: "input.sku" }, next: "done" },
      { key: "done", kind: "transform", expression: `{ "by": ${literal(p.approver)} }` },
    ],
  }),
});

describe("template harness", () => {
  it("runs a template's steps against the simulator through the production connection actions and parks on approvals", async () => {
    const shop = h.sim.vendor<TShopifySimulator>("shopify");
    await h.bind("shop", h.connections.shopify());
    const sku = shop.state.products[0]!.variants[0]!.sku;
    const runId = await h.start(lookup, {}, { sku });
    expect(await h.run(runId)).toMatchObject({ status: "running", error: null });
    expect(await h.approval(runId)).toMatchObject({ title: "Go on?", details: { sku } });
    await h.decide(runId, "approved");
    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.path).toEqual(["find", "gate", "done"]);
    expect(run.outputs.done).toEqual({ by: "partner_owner" });
  });
});
