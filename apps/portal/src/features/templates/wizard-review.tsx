import { type ReactNode } from "react";
import { type UseFormRegisterReturn } from "react-hook-form";
import { cn, focusRing, FormField } from "@storeflow/ui";
import { displayValueOf, type TBindableConnection, type TSettingsValues, type TTemplate } from "@/features/installations/install-form";
import { type TSchemaField } from "@/features/schema-form/schema-fields";

/** Props of {@link WizardReview}. */
export interface WizardReviewProps {
  template: TTemplate;
  fields: TSchemaField[];
  values: TSettingsValues;
  /** The chosen clients. */
  clients: { id: string; name: string }[];
  /** The connections of the one chosen client (empty for a bulk install). */
  connections: readonly TBindableConnection[];
  bulk: boolean;
  enabledRegistration: UseFormRegisterReturn;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[14rem_1fr] sm:gap-4">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

/** What is about to be installed: clients, bindings and every parameter, before the one button that writes. */
export function WizardReview({ template, fields, values, clients, connections, bulk, enabledRegistration }: WizardReviewProps) {
  return (
    <div className="grid gap-6">
      <dl className="grid gap-3">
        <Row label={bulk ? `Clients (${clients.length})` : "Client"}>{clients.map((c) => c.name).join(", ")}</Row>
        {template.bindings.map((binding) => (
          <Row key={binding.binding} label={binding.title}>
            {bulk
              ? "Each client's only fitting connection"
              : (connections.find((c) => c.id === values.bindings[binding.binding])?.name ?? (binding.optional ? "Not bound" : "Missing"))}
          </Row>
        ))}
        {fields.map((field) => (
          <Row key={field.key} label={field.label}>
            {field.kind === "json" ? <code className="font-mono text-xs">{displayValueOf(field, values.params[field.key])}</code> : displayValueOf(field, values.params[field.key])}
          </Row>
        ))}
      </dl>
      {bulk ? (
        <p className="text-sm text-muted-foreground">Each installation starts enabled: its schedules and triggers run from now on.</p>
      ) : (
        <FormField id="install-enabled" label="Turn it on now" inline description="Off: it is installed disabled, and its schedules and triggers start nothing until you enable it.">
          <input type="checkbox" className={cn("size-4 accent-brand", focusRing)} {...enabledRegistration} />
        </FormField>
      )}
    </div>
  );
}
