"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, FormField, Input, Textarea } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { useTRPC } from "@/trpc/react";
import { type TInstallation } from "./install-form";
import { parseRunInput } from "./run-input";

const ZForm = z.object({
  input: z.string().superRefine((value, ctx) => {
    const parsed = parseRunInput(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
  }),
  correlationKey: z.string().trim().max(200, "Use at most 200 characters"),
});
type TForm = z.infer<typeof ZForm>;
const FIELD_NAMES = new Set(["input", "correlationKey"]);

/** Props of {@link RunNowDialog}. */
export interface RunNowDialogProps {
  installation: TInstallation;
}

function RunNowForm({ installation }: RunNowDialogProps) {
  const trpc = useTRPC();
  // One key per opening: a double submit starts one run, a second opening another.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TForm>({ resolver: zodResolver(ZForm), defaultValues: { input: "", correlationKey: "" } });
  const start = useMutation(
    trpc.installation.start.mutationOptions({
      onError: (error) => {
        const placed = placeIssues(error, FIELD_NAMES);
        placed.fields.forEach(([name, message], i) => form.setError(name as keyof TForm, { message }, { shouldFocus: i === 0 }));
        setFormError(formMessageOf(placed));
      },
    }),
  );
  const id = `run-${installation.id}`;

  if (start.data) {
    return (
      <div className="grid gap-4">
        <p role="status" className="text-sm">
          {start.data.created ? "Run started." : "This run had already been started."} Run ID: <code className="font-mono text-xs break-all" data-testid="started-run-id">{start.data.runId}</code>
        </p>
        <DialogFooter>
          <DialogClose asChild>
            <Button>Close</Button>
          </DialogClose>
        </DialogFooter>
      </div>
    );
  }
  return (
    <form
      noValidate
      aria-label={`Run ${installation.title} now`}
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        setFormError(null);
        const parsed = parseRunInput(values.input);
        start.mutate({ installationId: installation.id, input: parsed.ok ? parsed.value : {}, idempotencyKey, ...(values.correlationKey ? { correlationKey: values.correlationKey } : {}) });
      })}
    >
      <FormField announceError id={`${id}-input`} label="Input" error={form.formState.errors.input?.message} description={'Optional JSON the workflow reads, as its description says, e.g. { "orderNumber": "1001" }. Empty sends {}.'}>
        <Textarea rows={5} spellCheck={false} className="font-mono text-xs" {...form.register("input")} />
      </FormField>
      <FormField announceError id={`${id}-correlation`} label="Business key" error={form.formState.errors.correlationKey?.message} description="Optional: an order or PO number to find the run by.">
        <Input autoComplete="off" {...form.register("correlationKey")} />
      </FormField>
      {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={start.isPending}>{start.isPending ? "Starting…" : "Start run"}</Button>
      </DialogFooter>
    </form>
  );
}

/** Starts a run of the installation by hand (installation.start), with optional JSON input. */
export function RunNowDialog({ installation }: RunNowDialogProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">Run now<span className="sr-only"> {installation.title}</span></Button>
      </DialogTrigger>
      <DialogContent title={`Run ${installation.title} now`} description="Starts one run with the installation's current settings.">
        <RunNowForm installation={installation} />
      </DialogContent>
    </Dialog>
  );
}
