"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, FormField, Input, Select } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { type FieldPath, useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/trpc/react";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { connectorFieldsOf, groupByCategory, type TConnection, type TConnector } from "./connector-catalog";

import { SchemaFieldInput } from "@/features/schema-form/schema-field-input";
import { configPayloadOf, defaultValuesOf, secretsPayloadOf, valuesSchemaOf, type TFieldValue, type TSchemaField } from "@/features/schema-form/schema-fields";

type TForm = { connectorKey: string; name: string; config: Record<string, TFieldValue>; secrets: Record<string, TFieldValue> };

const NO_FIELDS = { config: [] as TSchemaField[], secrets: [] as TSchemaField[] };

function formSchemaOf(fields: typeof NO_FIELDS) {
  return z.object({
    connectorKey: z.string().min(1, "Choose the system to connect"),
    name: z.string().trim().min(2, "Use at least 2 characters").max(80, "Use at most 80 characters"),
    config: valuesSchemaOf(fields.config),
    secrets: valuesSchemaOf(fields.secrets),
  });
}

/** Props of {@link ConnectSystemForm}. */
export interface ConnectSystemFormProps {
  clientId: string;
  clientName: string;
  connectors: TConnector[];
  /** Resolves once the list shows the new connection. */
  onConnected: (connection: TConnection) => Promise<void>;
  onCancel: () => void;
}

/**
 * Connects one of a client's systems. The fields come from the chosen connector's
 * JSON Schemas; the server checks them again and its messages land beside each field.
 */
export function ConnectSystemForm({ clientId, clientName, connectors, onConnected, onCancel }: ConnectSystemFormProps) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [connectorKey, setConnectorKey] = useState("");
  const connector = connectors.find((c) => c.key === connectorKey);
  const fields = useMemo(() => (connector ? connectorFieldsOf(connector) : NO_FIELDS), [connector]);
  const schema = useMemo(() => formSchemaOf(fields), [fields]);
  // The resolver follows the chosen connector: react-hook-form reads its options on every render.
  const form = useForm<TForm>({ resolver: zodResolver(schema), defaultValues: { connectorKey: "", name: "", config: {}, secrets: {} } });
  const groups = useMemo(() => groupByCategory(connectors), [connectors]);
  const fieldNames = useMemo(() => new Set(["name", "connectorKey", ...fields.config.map((f) => `config.${f.key}`), ...fields.secrets.map((f) => `secrets.${f.key}`)]), [fields]);

  const create = useMutation(
    trpc.connection.create.mutationOptions({
      onSuccess: onConnected,
      onError: (error) => {
        const placed = placeIssues(error, fieldNames);
        placed.fields.forEach(([name, message], i) => form.setError(name as FieldPath<TForm>, { message }, { shouldFocus: i === 0 }));
        setFormError(formMessageOf(placed));
      },
    }),
  );

  const pickConnector = (key: string) => {
    const previous = connector;
    const next = connectors.find((c) => c.key === key);
    const nextFields = next ? connectorFieldsOf(next) : NO_FIELDS;
    setConnectorKey(key);
    setFormError(null);
    form.clearErrors();
    form.setValue("config", defaultValuesOf(nextFields.config));
    form.setValue("secrets", defaultValuesOf(nextFields.secrets));
    // Suggest the system's name until the person types their own.
    const name = form.getValues("name").trim();
    if (next && (name === "" || name === previous?.name)) form.setValue("name", next.name);
  };

  const { errors } = form.formState;
  const errorOf = (group: "config" | "secrets", key: string) => errors[group]?.[key]?.message;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-lg">Connect a system</CardTitle>
        <CardDescription>For {clientName}. Fields marked * are required.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          noValidate
          aria-label="Connect a system"
          className="grid gap-6"
          onSubmit={form.handleSubmit((values) => {
            if (!connector) return;
            setFormError(null);
            create.mutate({
              clientId,
              connectorKey: connector.key,
              name: values.name,
              config: configPayloadOf(fields.config, values.config),
              secrets: secretsPayloadOf(fields.secrets, values.secrets),
            });
          })}
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField announceError id="connect-connector" label="System" required error={errors.connectorKey?.message} description={connector?.receivesWebhooks ? `${connector.name} gets a webhook URL to call once it is connected.` : undefined}>
              <Select autoFocus {...form.register("connectorKey", { onChange: (event: { target: { value: string } }) => pickConnector(event.target.value) })}>
                <option value="">Choose a system…</option>
                {groups.map((group) => (
                  <optgroup key={group.label} label={group.label}>
                    {group.connectors.map((c) => (
                      <option key={c.key} value={c.key}>{c.name}</option>
                    ))}
                  </optgroup>
                ))}
              </Select>
            </FormField>
            <FormField announceError id="connect-name" label="Name" required error={errors.name?.message} description="How workflows and people refer to it, e.g. “Main web store”.">
              <Input autoComplete="off" {...form.register("name")} />
            </FormField>
          </div>
          {connector ? (
            // Keyed by connector so no input of the previous system is reused for the next one.
            <div key={connector.key} className="grid gap-6">
              {fields.config.length > 0 ? (
                <fieldset className="grid gap-4 sm:grid-cols-2">
                  <legend className="mb-2 text-sm font-semibold">Settings</legend>
                  {fields.config.map((field) => (
                    <SchemaFieldInput key={field.key} field={field} id={`connect-config-${field.key}`} error={errorOf("config", field.key)} registration={form.register(`config.${field.key}`)} />
                  ))}
                </fieldset>
              ) : null}
              {fields.secrets.length > 0 ? (
                <fieldset className="grid gap-4 sm:grid-cols-2">
                  <legend className="mb-2 text-sm font-semibold">Secrets</legend>
                  {fields.secrets.map((field) => (
                    <SchemaFieldInput key={field.key} field={field} id={`connect-secrets-${field.key}`} error={errorOf("secrets", field.key)} registration={form.register(`secrets.${field.key}`)} />
                  ))}
                </fieldset>
              ) : null}
            </div>
          ) : null}
          {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
          <div className="flex gap-2">
            <Button type="submit" disabled={create.isPending}>{create.isPending ? "Connecting…" : "Connect"}</Button>
            <Button type="button" variant="ghost" onClick={onCancel}>Cancel</Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
