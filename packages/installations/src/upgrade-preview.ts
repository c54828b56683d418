import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { NotFoundError, type TFieldIssue } from "@storeflow/errors";
import { describeParamChanges, type TParamChange, type TTemplateCatalog } from "@storeflow/templates";
import { z } from "zod";
import { carriedParams, findTemplate } from "./resolve-install";

export const ZPreviewUpgradeInput = z.object({ installationId: z.uuid(), version: z.string().max(20).optional() });

/** What upgrading an installation would change, for the partner to review before confirming. */
export interface TUpgradePreview {
  from: string;
  to: string;
  changes: string | null;
  params: TParamChange[];
  /** The installed parameters read with the new version's schema (its defaults filled in), when they hold. */
  upgradedParams: Record<string, unknown> | null;
  /** Where the installed parameters do not hold under the new version: to fix in the upgrade. */
  issues: TFieldIssue[];
  /** Bindings the new version adds, to be filled in the upgrade. */
  newBindings: { binding: string; title: string; connectors: string[] }[];
}

export async function previewUpgrade(options: { actor: TActor; templates: TTemplateCatalog }, input: z.input<typeof ZPreviewUpgradeInput>): Promise<TUpgradePreview> {
  const { actor, templates } = options;
  const { installationId, version } = ZPreviewUpgradeInput.parse(input);
  const current = await withTenant(actor.db, actor.scope, (tx) =>
    tx.installation.findFirst({ where: { id: installationId, uninstalledAt: null }, select: { templateKey: true, templateVersion: true, params: true, bindings: true } }),
  );
  if (!current) throw new NotFoundError("Installation");
  const from = findTemplate(templates, current.templateKey, current.templateVersion);
  const to = findTemplate(templates, current.templateKey, version);
  const parsed = (to.params as z.ZodType).safeParse(carriedParams(to, current.params as Record<string, unknown>));
  const bound = current.bindings as Record<string, string>;
  return {
    from: from.version,
    to: to.version,
    changes: to.changes ?? null,
    params: describeParamChanges(from, to),
    upgradedParams: parsed.success ? (parsed.data as Record<string, unknown>) : null,
    issues: parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: ["params", ...issue.path.map(String)], message: issue.message })),
    newBindings: Object.entries(to.bindings)
      .filter(([name]) => !bound[name])
      .map(([binding, b]) => ({ binding, title: b.title, connectors: [...b.connectors] })),
  };
}
