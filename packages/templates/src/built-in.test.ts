import { builtInConnectors } from "@storeflow/connectors";
import { assertValidDefinition, evaluate, type TStep } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { builtInTemplates } from "./built-in";
import { type TAnyTemplate } from "./template";

const templates = builtInTemplates.latest().flatMap((t) => builtInTemplates.versions(t.key));
const context = { timezone: "Europe/London" };

function exampleParams(template: TAnyTemplate) {
  return (template.params as z.ZodType).parse(template.example ?? {});
}

/** Every action step of a definition with the binding it calls and the operation. */
function actionCalls(steps: readonly TStep[]): { step: string; binding: string; operation: string }[] {
  return steps.flatMap((step) => (step.kind === "action" ? [{ step: step.key, binding: step.connection, operation: step.operation }] : []));
}

describe("the built-in template catalogue", () => {
  it("ships the retail templates", () => {
    expect(builtInTemplates.latest().map((t) => t.key).sort()).toEqual([
      "cash-reconciliation",
      "customer-notifications",
      "inventory-sync",
      "low-stock-replenishment",
      "order-routing",
      "price-promotion",
      "returns-refunds",
      "supplier-invoice-match",
    ]);
  });

  for (const template of templates) {
    describe(`${template.key}@${template.version}`, () => {
      it("builds a valid definition under its own key and version from its example parameters", () => {
        const definition = assertValidDefinition(template.definition(exampleParams(template), context), { bindings: Object.keys(template.bindings) });
        expect({ key: definition.key, version: definition.version }).toEqual({ key: template.key, version: template.version });
      });

      it("calls on each binding only operations every connector it accepts provides", () => {
        const definition = assertValidDefinition(template.definition(exampleParams(template), context), { bindings: Object.keys(template.bindings) });
        for (const call of actionCalls(definition.steps)) {
          const binding = template.bindings[call.binding];
          expect(binding, `step ${call.step} calls an undeclared binding "${call.binding}"`).toBeDefined();
          for (const key of binding!.connectors) {
            const connector = builtInConnectors.get(key);
            expect(connector, `binding ${call.binding} accepts unknown connector ${key}`).toBeDefined();
            expect(Object.keys(connector!.actions), `${key} lacks ${call.operation} (step ${call.step})`).toContain(call.operation);
          }
        }
      });

      it("labels every parameter for the install form", () => {
        const schema = z.toJSONSchema(template.params, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, { title?: string; description?: string }> };
        for (const [name, property] of Object.entries(schema.properties ?? {})) expect(property.title, `parameter ${name} has no title`).toBeTruthy();
      });

      it("declares KPIs under unique keys whose source expressions compile and report nothing for a run that did nothing", async () => {
        expect(new Set(template.kpis.map((kpi) => kpi.key)).size, "duplicate KPI key").toBe(template.kpis.length);
        const emptyRun = { input: {}, steps: {}, run: { id: "00000000-0000-7000-8000-000000000000", clientId: "00000000-0000-7000-8000-000000000001" } };
        for (const kpi of template.kpis) {
          await expect(evaluate(kpi.value, emptyRun), `KPI ${kpi.key}`).resolves.toBeUndefined();
        }
      });

      it("declares triggers whose bindings exist, and event types its connectors can send", () => {
        for (const trigger of template.triggers(exampleParams(template), context)) {
          if (trigger.kind !== "event") continue;
          const binding = template.bindings[trigger.binding];
          expect(binding, `trigger on undeclared binding ${trigger.binding}`).toBeDefined();
          const sends = binding!.connectors.some((key) => {
            const connector = builtInConnectors.get(key);
            return connector?.webhook?.events.includes(trigger.event) || connector?.polling?.events.includes(trigger.event);
          });
          expect(sends, `no connector of ${trigger.binding} sends ${trigger.event}`).toBe(true);
        }
      });
    });
  }
});
