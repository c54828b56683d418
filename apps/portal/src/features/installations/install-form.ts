import { type RouterOutputs } from "@storeflow/api";
import { z } from "zod";
import { describeSchemaFields, valuesSchemaOf, type TFieldValue, type TSchemaField } from "../schema-form/schema-fields";

export type TTemplate = RouterOutputs["template"]["list"][number];
export type TTemplateBinding = TTemplate["bindings"][number];
export type TInstallation = RouterOutputs["installation"]["list"][number];
export type TBulkResult = RouterOutputs["installation"]["installMany"][number];
export type TConnectorSummary = Pick<RouterOutputs["connection"]["connectors"][number], "key" | "name">;
/** What binding a connection needs of it: the fields connection.list returns that matter here. */
export type TBindableConnection = Pick<RouterOutputs["connection"]["list"][number], "id" | "name" | "connectorKey" | "connectorName" | "archivedAt">;

/** The values the install wizard, the settings form and the upgrade form edit. */
export type TSettingsValues = { bindings: Record<string, string>; params: Record<string, TFieldValue> };

/** The fields of a template version's parameters, from the JSON Schema the API sends. */
export function paramFieldsOf(template: Pick<TTemplate, "paramsSchema">): TSchemaField[] {
  return describeSchemaFields(template.paramsSchema, { secret: false });
}

/** The connectors a binding accepts, by name: "Business Central", "Shopify or WooCommerce". */
export function acceptedConnectorsOf(binding: Pick<TTemplateBinding, "connectors">, connectors: readonly TConnectorSummary[]): string {
  const names = binding.connectors.map((key) => connectors.find((c) => c.key === key)?.name ?? key);
  return names.length <= 2 ? names.join(" or ") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** The client's live connections that can fill a binding, by name. */
export function fittingConnections<TConnection extends TBindableConnection>(binding: Pick<TTemplateBinding, "connectors">, connections: readonly TConnection[]): TConnection[] {
  return connections.filter((c) => c.archivedAt === null && binding.connectors.includes(c.connectorKey)).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A starting choice for each binding: the one connection that fits, as the bulk install
 * binds on the server; empty where none or several fit, for the person to choose.
 * `current` (an installation's bindings) wins while its connection still fits.
 */
export function suggestedBindings(bindings: readonly TTemplateBinding[], connections: readonly TBindableConnection[], current: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    bindings.map((binding) => {
      const fits = fittingConnections(binding, connections);
      const kept = fits.find((c) => c.id === current[binding.binding]);
      return [binding.binding, kept?.id ?? (fits.length === 1 ? fits[0]!.id : "")];
    }),
  );
}

/** Checks what the browser can: required bindings chosen, and the parameter fields' own rules. */
export function settingsSchemaOf(bindings: readonly TTemplateBinding[], fields: TSchemaField[], connectors: readonly TConnectorSummary[]) {
  return z.object({
    bindings: z.object(
      Object.fromEntries(
        bindings.map((binding) => [
          binding.binding,
          binding.optional ? z.string() : z.string().min(1, `Choose the ${binding.title} connection (${acceptedConnectorsOf(binding, connectors)})`),
        ]),
      ),
    ),
    params: valuesSchemaOf(fields),
  });
}

/** Bindings as the API takes them: the chosen ones only (an optional binding left empty stays unbound). */
export function bindingsPayloadOf(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
}

/** The form's field names in screen order (bindings, then parameters), for placing server issues. */
export function settingsFieldNames(bindings: readonly TTemplateBinding[], fields: TSchemaField[]): Set<string> {
  return new Set([...bindings.map((b) => `bindings.${b.binding}`), ...fields.map((f) => `params.${f.key}`)]);
}

/** The installations' template keys per client, to mark clients that already have a template. */
export function installedTemplatesByClient(installations: readonly Pick<TInstallation, "clientId" | "templateKey" | "uninstalledAt">[]): Map<string, Set<string>> {
  const byClient = new Map<string, Set<string>>();
  for (const installation of installations) {
    if (installation.uninstalledAt) continue;
    byClient.set(installation.clientId, (byClient.get(installation.clientId) ?? new Set()).add(installation.templateKey));
  }
  return byClient;
}

/** A parameter's value as the review step and the installations list show it. */
export function displayValueOf(field: TSchemaField, value: TFieldValue | undefined): string {
  if (field.kind === "checkbox") return value === true ? "Yes" : "No";
  if (typeof value !== "string" || value.trim() === "") return field.required ? "Missing" : "Not set (the template's default)";
  if (field.kind === "json") {
    const compact = (() => {
      try {
        return JSON.stringify(JSON.parse(value));
      } catch {
        return value;
      }
    })();
    return compact.length > 80 ? `${compact.slice(0, 79)}…` : compact;
  }
  return value.length > 80 ? `${value.slice(0, 79)}…` : value;
}

/**
 * One issue of a bulk install's client, in words: the binding's or parameter's title
 * in front of the message instead of its path.
 */
export function issueTextOf(issue: { path: readonly (string | number)[]; message: string }, bindings: readonly TTemplateBinding[], fields: TSchemaField[]): string {
  const [group, name, ...rest] = issue.path.map(String);
  const title = group === "bindings" ? bindings.find((b) => b.binding === name)?.title : group === "params" ? fields.find((f) => f.key === name)?.label : undefined;
  if (!title) return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
  return `${title}${rest.length > 0 ? ` (${rest.join(".")})` : ""}: ${issue.message}`;
}
