"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, FormField, Input } from "@storeflow/ui";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { requestMagicLinkAction } from "@/server/auth-actions";

const ZForm = z.object({ email: z.email("Enter a valid e-mail address") });

export function MagicLinkForm({ callbackUrl }: { callbackUrl?: string }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.infer<typeof ZForm>>({ resolver: zodResolver(ZForm), defaultValues: { email: "" } });

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await requestMagicLinkAction({ ...values, callbackUrl });
      if (result && !result.ok) setFormError(result.message);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in with an e-mail link">
      <FormField id="magic-email" label="E-mail me a sign-in link" error={form.formState.errors.email?.message ?? formError ?? undefined}>
        <Input id="magic-email" type="email" autoComplete="email" {...form.register("email")} />
      </FormField>
      <Button type="submit" variant="outline" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send link"}
      </Button>
    </form>
  );
}
