"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, DialogClose, DialogFooter } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { type FieldPath, useForm } from "react-hook-form";
import { formMessageOf, placeFieldIssues, placeIssues, type TFieldIssue, type TPlacedIssues } from "@/features/schema-form/form-issues";
import { configPayloadOf, formValuesOf } from "@/features/schema-form/schema-fields";
import { useTRPC } from "@/trpc/react";
import { BindingSelect } from "./binding-select";
import {
  bindingsPayloadOf,
  paramFieldsOf,
  settingsFieldNames,
  settingsSchemaOf,
  suggestedBindings,
  type TBindableConnection,
  type TConnectorSummary,
  type TInstallation,
  type TSettingsValues,
  type TTemplate,
} from "./install-form";
import { ParamFields } from "./param-fields";

/** Props of {@link InstallationSettingsForm}. */
export interface InstallationSettingsFormProps {
  installation: TInstallation;
  /** The template version the settings are for: the installed one, or the one to upgrade to. */
  template: TTemplate;
  client: { id: string; name: string };
  connections: readonly TBindableConnection[];
  connectors: readonly TConnectorSummary[];
  /** The parameters to start from (the installed ones, or the preview's upgraded ones). */
  initialParams: Record<string, unknown>;
  /** Issues known before the first save (an upgrade preview's), marked at once. */
  initialIssues?: readonly TFieldIssue[];
  /** Set for an upgrade: installation.update moves the installation to it. */
  upgradeTo?: string;
  submitLabel: string;
  onSaved: (installation: TInstallation) => Promise<void>;
}

/**
 * An installation's bindings and parameters, prefilled, in the wizard's fields; saving
 * runs installation.update. The server's issues land beside their fields, the first
 * focused, and nothing typed is lost.
 */
export function InstallationSettingsForm({ installation, template, client, connections, connectors, initialParams, initialIssues, upgradeTo, submitLabel, onSaved }: InstallationSettingsFormProps) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const fields = useMemo(() => paramFieldsOf(template), [template]);
  const fieldNames = useMemo(() => settingsFieldNames(template.bindings, fields), [template, fields]);
  const schema = useMemo(() => settingsSchemaOf(template.bindings, fields, connectors), [template, fields, connectors]);
  const current = useMemo(() => Object.fromEntries(installation.bindings.map((b) => [b.binding, b.connectionId])), [installation]);
  const form = useForm<TSettingsValues>({
    resolver: zodResolver(schema),
    defaultValues: { bindings: suggestedBindings(template.bindings, connections, current), params: formValuesOf(fields, initialParams) },
  });

  const showIssues = (placed: TPlacedIssues) => {
    placed.fields.forEach(([name, message], i) => form.setError(name as FieldPath<TSettingsValues>, { message }, { shouldFocus: i === 0 }));
    setFormError(formMessageOf(placed));
  };
  const shown = useRef(false);
  useEffect(() => {
    // Once, on opening: an upgrade preview's issues are the first thing to fix.
    if (shown.current || !initialIssues || initialIssues.length === 0) return;
    shown.current = true;
    showIssues(placeFieldIssues(initialIssues, fieldNames));
  }, [initialIssues, fieldNames, form]);

  const update = useMutation(
    trpc.installation.update.mutationOptions({
      onSuccess: onSaved,
      onError: (error) => showIssues(placeIssues(error, fieldNames)),
    }),
  );
  const errors = form.formState.errors;
  const idPrefix = `settings-${installation.id}`;

  return (
    <form
      noValidate
      aria-label={`Settings of ${installation.title}`}
      className="grid gap-6"
      onSubmit={form.handleSubmit((values) => {
        setFormError(null);
        update.mutate({
          installationId: installation.id,
          ...(upgradeTo ? { version: upgradeTo } : {}),
          params: configPayloadOf(fields, values.params),
          bindings: bindingsPayloadOf(values.bindings),
        });
      })}
    >
      {template.bindings.length > 0 ? (
        <fieldset className="grid items-start gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold">Connections</legend>
          {template.bindings.map((binding) => (
            <BindingSelect
              key={binding.binding}
              binding={binding}
              connections={connections}
              connectors={connectors}
              client={client}
              id={`${idPrefix}-binding-${binding.binding}`}
              error={errors.bindings?.[binding.binding]?.message}
              registration={form.register(`bindings.${binding.binding}`)}
            />
          ))}
        </fieldset>
      ) : null}
      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-semibold">Parameters</legend>
        <ParamFields fields={fields} idPrefix={`${idPrefix}-param`} registrationOf={(key) => form.register(`params.${key}`)} errorOf={(key) => errors.params?.[key]?.message} />
      </fieldset>
      {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={update.isPending}>{update.isPending ? "Saving…" : submitLabel}</Button>
      </DialogFooter>
    </form>
  );
}
