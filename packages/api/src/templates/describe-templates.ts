import { type TAnyTemplate, type TTemplateCatalog, type TTemplateTrigger } from "@storeflow/templates";
import { z } from "zod";
import { type TTemplateDto } from "../dto";

function describeTrigger(template: TAnyTemplate, trigger: TTemplateTrigger): string {
  switch (trigger.kind) {
    case "event":
      return `When ${template.bindings[trigger.binding]?.title ?? trigger.binding} reports ${trigger.event}`;
    case "schedule":
      return `On schedule ${trigger.cron}${trigger.timezone ? ` (${trigger.timezone})` : " in the client's time zone"}`;
    case "manual":
      return "When started by hand or by another workflow";
  }
}

/** One template version as the catalogue and the install wizard show it. */
export function describeTemplate(catalog: TTemplateCatalog, template: TAnyTemplate): TTemplateDto {
  const defaults = (template.params as z.ZodType).safeParse({});
  return {
    key: template.key,
    version: template.version,
    versions: catalog.versions(template.key).map((t) => t.version),
    title: template.title,
    summary: template.summary,
    description: template.description,
    category: template.category,
    // "input": what the form sends, so fields with defaults are optional.
    paramsSchema: z.toJSONSchema(template.params, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
    bindings: Object.entries(template.bindings).map(([binding, b]) => ({ binding, title: b.title, description: b.description, connectors: [...b.connectors], optional: b.optional ?? false })),
    triggers: defaults.success ? template.triggers(defaults.data, { timezone: "UTC" }).map((trigger) => describeTrigger(template, trigger)) : [],
    sla: template.sla,
    kpis: template.kpis.map((kpi) => ({ ...kpi })),
    changes: template.changes ?? null,
  };
}
