"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { type FieldPath, useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/trpc/react";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { type TConnection } from "./connector-catalog";
import { SchemaFieldInput } from "@/features/schema-form/schema-field-input";
import { defaultValuesOf, secretsPayloadOf, valuesSchemaOf, type TFieldValue, type TSchemaField } from "@/features/schema-form/schema-fields";

type TForm = { secrets: Record<string, TFieldValue> };

/** Props of {@link ReplaceSecretsDialog}. */
export interface ReplaceSecretsDialogProps {
  connection: TConnection;
  /** The connector's secret fields (all of them: the set is replaced whole). */
  fields: TSchemaField[];
  onReplaced: (connection: TConnection) => Promise<void>;
}

function ReplaceSecretsForm({ connection, fields, onReplaced }: ReplaceSecretsDialogProps) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => z.object({ secrets: valuesSchemaOf(fields) }), [fields]);
  const form = useForm<TForm>({ resolver: zodResolver(schema), defaultValues: { secrets: defaultValuesOf(fields) } });
  const fieldNames = useMemo(() => new Set(fields.map((f) => `secrets.${f.key}`)), [fields]);
  const replace = useMutation(
    trpc.connection.replaceSecrets.mutationOptions({
      onSuccess: onReplaced,
      onError: (error) => {
        const placed = placeIssues(error, fieldNames);
        placed.fields.forEach(([name, message], i) => form.setError(name as FieldPath<TForm>, { message }, { shouldFocus: i === 0 }));
        setFormError(formMessageOf(placed));
      },
    }),
  );

  return (
    <form
      noValidate
      aria-label={`New secrets for ${connection.name}`}
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        setFormError(null);
        replace.mutate({ id: connection.id, secrets: secretsPayloadOf(fields, values.secrets) });
      })}
    >
      {fields.map((field) => (
        <SchemaFieldInput
          key={field.key}
          field={field}
          id={`replace-${connection.id}-${field.key}`}
          error={form.formState.errors.secrets?.[field.key]?.message}
          registration={form.register(`secrets.${field.key}`)}
        />
      ))}
      {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={replace.isPending}>{replace.isPending ? "Saving…" : "Replace secrets"}</Button>
      </DialogFooter>
    </form>
  );
}

export function ReplaceSecretsDialog({ connection, fields, onReplaced }: ReplaceSecretsDialogProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">Replace secrets<span className="sr-only"> of {connection.name}</span></Button>
      </DialogTrigger>
      <DialogContent
        title={`Replace secrets of ${connection.name}`}
        description="Type every secret again: the current values are replaced and cannot be shown. An optional secret left empty is removed."
      >
        <ReplaceSecretsForm
          connection={connection}
          fields={fields}
          onReplaced={async (replaced) => {
            setOpen(false);
            await onReplaced(replaced);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
