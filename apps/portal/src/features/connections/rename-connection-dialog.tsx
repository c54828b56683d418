"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, FormField, Input } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/trpc/react";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { type TConnection } from "./connector-catalog";

const ZForm = z.object({ name: z.string().trim().min(2, "Use at least 2 characters").max(80, "Use at most 80 characters") });
type TForm = z.infer<typeof ZForm>;
const FIELD_NAMES = new Set(["name"]);

/** Props of {@link RenameConnectionDialog}. */
export interface RenameConnectionDialogProps {
  connection: TConnection;
  onRenamed: (connection: TConnection) => Promise<void>;
}

function RenameForm({ connection, onRenamed }: RenameConnectionDialogProps) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TForm>({ resolver: zodResolver(ZForm), defaultValues: { name: connection.name } });
  const rename = useMutation(
    trpc.connection.update.mutationOptions({
      onSuccess: onRenamed,
      onError: (error) => {
        const placed = placeIssues(error, FIELD_NAMES);
        for (const [, message] of placed.fields) form.setError("name", { message }, { shouldFocus: true });
        setFormError(formMessageOf(placed));
      },
    }),
  );
  const id = `rename-${connection.id}`;

  return (
    <form
      noValidate
      aria-label={`Rename ${connection.name}`}
      className="grid gap-4"
      onSubmit={form.handleSubmit(({ name }) => {
        setFormError(null);
        rename.mutate({ id: connection.id, name });
      })}
    >
      <FormField announceError id={id} label="New name" required error={form.formState.errors.name?.message}>
        <Input autoComplete="off" {...form.register("name")} />
      </FormField>
      {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={rename.isPending}>{rename.isPending ? "Saving…" : "Rename"}</Button>
      </DialogFooter>
    </form>
  );
}

export function RenameConnectionDialog({ connection, onRenamed }: RenameConnectionDialogProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">Rename<span className="sr-only"> {connection.name}</span></Button>
      </DialogTrigger>
      <DialogContent title={`Rename ${connection.name}`}>
        {/* Mounted only while open, so every opening starts from the current name. */}
        <RenameForm
          connection={connection}
          onRenamed={async (renamed) => {
            setOpen(false);
            await onRenamed(renamed);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
