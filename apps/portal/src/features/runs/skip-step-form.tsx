"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, DialogClose, DialogFooter, FormField, Textarea } from "@storeflow/ui";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";

const ZForm = z.object({
  output: z
    .string()
    .trim()
    .min(1, 'Write the output the step should have produced, as JSON; {} for none')
    .refine((text) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    }, 'Write valid JSON, for example {"refundId": "manual"}'),
  note: z.string().trim().min(1, "Say why the step is skipped").max(2000, "Use at most 2000 characters"),
});
type TForm = z.infer<typeof ZForm>;
// In screen order: the first field with a server issue takes focus.
const FIELD_NAMES = new Set(["output", "note"]);

/** Props of {@link SkipStepForm}. */
export interface SkipStepFormProps {
  runId: string;
  stepKey: string;
  /** Sends the output as JSON text (run.skipStep parses it); a thrown error goes beside its field. */
  onSubmit: (values: TForm) => Promise<void>;
}

/** The output the skipped step is taken to have produced (later steps read it) and why it is skipped. */
export function SkipStepForm({ runId, stepKey, onSubmit }: SkipStepFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TForm>({ resolver: zodResolver(ZForm), defaultValues: { output: "", note: "" } });
  const id = `skip-${runId}`;
  return (
    <form
      noValidate
      aria-label={`Skip step ${stepKey}`}
      className="grid gap-4"
      onSubmit={form.handleSubmit(async (values) => {
        setFormError(null);
        try {
          await onSubmit(values);
        } catch (error) {
          const placed = placeIssues(error, FIELD_NAMES);
          placed.fields.forEach(([name, message], i) => form.setError(name as keyof TForm, { message }, { shouldFocus: i === 0 }));
          setFormError(formMessageOf(placed));
        }
      })}
    >
      <FormField
        announceError
        required
        id={`${id}-output`}
        label="Step output (JSON)"
        description={`What ${stepKey} would have returned; the steps after it read this, e.g. {"refundId": "manual"}.`}
        error={form.formState.errors.output?.message}
      >
        <Textarea rows={6} spellCheck={false} className="font-mono text-xs" {...form.register("output")} />
      </FormField>
      <FormField announceError required id={`${id}-note`} label="Note" description="Why it is skipped and what was done instead; kept in the audit trail." error={form.formState.errors.note?.message}>
        <Textarea rows={3} {...form.register("note")} />
      </FormField>
      {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={form.formState.isSubmitting}>{form.formState.isSubmitting ? "Skipping…" : "Skip step and continue"}</Button>
      </DialogFooter>
    </form>
  );
}
