"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, DialogClose, DialogFooter, FormField, Textarea } from "@storeflow/ui";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";

const ZText = z.string().trim().max(2000, "Use at most 2000 characters");

/** Props of {@link NoteForm}. */
export interface NoteFormProps {
  id: string;
  /** The field's name in the procedure's input (`note`, `reason`), so the server's issue lands on it. */
  name: string;
  /** The form's accessible name: what it does ("Resolve run"). */
  formLabel: string;
  label: string;
  description?: string;
  /** Said when the field is left empty; undefined makes it optional. */
  requiredMessage?: string;
  submitLabel: string;
  pendingLabel: string;
  destructive?: boolean;
  /** The button that closes without acting. @defaultValue "Cancel" */
  dismissLabel?: string;
  /** Does the action with the text; a thrown error goes beside the field or above the buttons. */
  onSubmit: (text: string) => Promise<void>;
}

/** One text field and a submit: the cancel reason, the resolve note, an approval's reason. */
export function NoteForm({ id, name, formLabel, label, description, requiredMessage, submitLabel, pendingLabel, destructive = false, dismissLabel = "Cancel", onSubmit }: NoteFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const [ZForm] = useState(() => z.object({ text: requiredMessage ? ZText.min(1, requiredMessage) : ZText }));
  const form = useForm<{ text: string }>({ resolver: zodResolver(ZForm), defaultValues: { text: "" } });

  return (
    <form
      noValidate
      aria-label={formLabel}
      className="grid gap-4"
      onSubmit={form.handleSubmit(async (values) => {
        setFormError(null);
        try {
          await onSubmit(values.text.trim());
        } catch (error) {
          const placed = placeIssues(error, new Set([name]));
          for (const [, message] of placed.fields) form.setError("text", { message }, { shouldFocus: true });
          setFormError(formMessageOf(placed));
        }
      })}
    >
      <FormField announceError id={id} label={label} required={Boolean(requiredMessage)} description={description} error={form.formState.errors.text?.message}>
        <Textarea rows={3} {...form.register("text")} />
      </FormField>
      {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">{dismissLabel}</Button>
        </DialogClose>
        <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? pendingLabel : submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}
