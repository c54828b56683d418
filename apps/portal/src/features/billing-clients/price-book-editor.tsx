"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, FormField, Input, Select } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { useTRPC } from "@/trpc/react";
import { priceBookFormOf, priceBookPayloadOf, type TPriceBookForm, type TPriceBookValues, ZPriceBookForm } from "./price-book-form";

/** Props of {@link PriceBookEditor}. */
export interface PriceBookEditorProps {
  client: { id: string; name: string };
  priceBook: TPriceBookValues | null;
  /** Templates an add-on can be for: key and title. */
  templates: { key: string; title: string }[];
  onSaved: () => Promise<void>;
}

/** Field names in screen order, so the first one the server refuses is focused. */
function fieldNamesOf(addOns: number): Set<string> {
  const names = ["currency", "monthlyFee", "includedRuns", "overagePerRun", "graceDays"];
  for (let i = 0; i < addOns; i++) names.push(`templateAddOns.${i}.templateKey`, `templateAddOns.${i}.monthlyFee`);
  return new Set(names);
}

/** A dialog with one client's price: monthly fee, included runs, overage, grace days and per-template add-ons. */
export function PriceBookEditor({ client, priceBook, templates, onSaved }: PriceBookEditorProps) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const initial = priceBookFormOf(priceBook);
  const form = useForm<TPriceBookForm>({ resolver: zodResolver(ZPriceBookForm), defaultValues: initial });
  const addOns = useFieldArray({ control: form.control, name: "templateAddOns" });
  const save = useMutation(
    trpc.priceBook.set.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await onSaved();
      },
      onError: (error) => {
        const placed = placeIssues(error, fieldNamesOf(form.getValues("templateAddOns").length));
        placed.fields.forEach(([name, message], i) => form.setError(name as keyof TPriceBookForm, { message }, { shouldFocus: i === 0 }));
        setFormError(formMessageOf(placed));
      },
    }),
  );
  const { errors } = form.formState;
  const id = `price-${client.id}`;
  const currency = form.watch("currency").trim().toUpperCase() || "the currency";

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          form.reset(initial);
          setFormError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant={priceBook ? "ghost" : "outline"} size="sm">
          {priceBook ? "Edit price" : "Set price"}<span className="sr-only"> for {client.name}</span>
        </Button>
      </DialogTrigger>
      <DialogContent title={`Price for ${client.name}`} description="What you invoice this client each month, on your own Stripe account. Invoices already issued keep their price." className="max-h-[90vh] overflow-y-auto">
        <form
          noValidate
          aria-label={`Price for ${client.name}`}
          className="grid gap-4"
          onSubmit={form.handleSubmit((values) => {
            setFormError(null);
            save.mutate({ clientId: client.id, ...priceBookPayloadOf(values) });
          })}
        >
          {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField announceError id={`${id}-currency`} label="Currency" required error={errors.currency?.message} description="Three letters, such as usd or eur.">
              <Input autoComplete="off" maxLength={3} {...form.register("currency")} />
            </FormField>
            <FormField announceError id={`${id}-fee`} label="Monthly fee" required error={errors.monthlyFee?.message} description={`In ${currency}, e.g. 49.00.`}>
              <Input inputMode="decimal" autoComplete="off" {...form.register("monthlyFee")} />
            </FormField>
            <FormField announceError id={`${id}-included`} label="Included runs" required error={errors.includedRuns?.message} description="Runs a month the fee covers.">
              <Input inputMode="numeric" autoComplete="off" {...form.register("includedRuns")} />
            </FormField>
            <FormField announceError id={`${id}-overage`} label="Price per extra run" required error={errors.overagePerRun?.message} description={`In ${currency}, for each run past the included ones.`}>
              <Input inputMode="decimal" autoComplete="off" {...form.register("overagePerRun")} />
            </FormField>
            <FormField announceError id={`${id}-grace`} label="Grace days" required error={errors.graceDays?.message} description="Days an unpaid invoice may stay open before the client's runs pause.">
              <Input inputMode="numeric" autoComplete="off" {...form.register("graceDays")} />
            </FormField>
          </div>
          <fieldset className="grid gap-3">
            <legend className="text-sm font-medium">Template add-ons</legend>
            <p className="text-sm text-muted-foreground">A monthly fee for each workflow template the client has installed, on top of the base fee.</p>
            {addOns.fields.map((field, index) => (
              <div key={field.id} className="grid items-end gap-3 sm:grid-cols-[1fr_10rem_auto]">
                <FormField announceError id={`${id}-addon-${index}-template`} label={`Add-on ${index + 1} template`} error={errors.templateAddOns?.[index]?.templateKey?.message}>
                  <Select {...form.register(`templateAddOns.${index}.templateKey`)}>
                    <option value="">Choose a template</option>
                    {templates.map((t) => <option key={t.key} value={t.key}>{t.title}</option>)}
                  </Select>
                </FormField>
                <FormField announceError id={`${id}-addon-${index}-fee`} label={`Add-on ${index + 1} monthly fee`} error={errors.templateAddOns?.[index]?.monthlyFee?.message}>
                  <Input inputMode="decimal" autoComplete="off" {...form.register(`templateAddOns.${index}.monthlyFee`)} />
                </FormField>
                <Button type="button" variant="ghost" size="sm" onClick={() => addOns.remove(index)}>
                  Remove<span className="sr-only"> add-on {index + 1}</span>
                </Button>
              </div>
            ))}
            <div>
              <Button type="button" variant="outline" size="sm" onClick={() => addOns.append({ templateKey: "", monthlyFee: "" })} disabled={templates.length === 0}>
                Add a template add-on
              </Button>
            </div>
          </fieldset>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="ghost">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save price"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
