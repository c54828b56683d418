"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, CardContent, CardHeader, CardTitle, FormField, Input, Select } from "@storeflow/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/trpc/react";
import { fieldErrorsOf, messageOf } from "@/trpc/errors";

const ZForm = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters").max(80),
  timezone: z.string().min(1, "Choose a time zone"),
});
type TForm = z.infer<typeof ZForm>;

export function CreateClientForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  const form = useForm<TForm>({ resolver: zodResolver(ZForm), defaultValues: { name: "", timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" } });
  const create = useMutation(
    trpc.client.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.client.list.queryKey() });
        onDone();
      },
      onError: (error) => {
        setFormError(messageOf(error));
        for (const [field, message] of Object.entries(fieldErrorsOf(error))) {
          form.setError(field === "slug" ? "name" : (field as keyof TForm), { message });
        }
      },
    }),
  );
  const { errors } = form.formState;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-lg">New retail client</CardTitle>
      </CardHeader>
      <CardContent>
        <form noValidate className="grid gap-4 sm:grid-cols-2" onSubmit={form.handleSubmit((values) => { setFormError(null); create.mutate(values); })} aria-label="New client">
          <FormField id="client-name" label="Name" error={errors.name?.message}>
            <Input id="client-name" autoFocus {...form.register("name")} />
          </FormField>
          <FormField id="client-timezone" label="Time zone" description="Schedules and reports use it." error={errors.timezone?.message}>
            <Select id="client-timezone" {...form.register("timezone")}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>{zone}</option>
              ))}
            </Select>
          </FormField>
          {formError ? <p role="alert" className="text-sm text-danger sm:col-span-2">{formError}</p> : null}
          <div className="flex gap-2 sm:col-span-2">
            <Button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create client"}</Button>
            <Button type="button" variant="ghost" onClick={onDone}>Cancel</Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
