"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, FormField, Input } from "@storeflow/ui";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { signInWithPasswordAction } from "@/server/auth-actions";

const ZForm = z.object({
  email: z.email("Enter a valid e-mail address"),
  password: z.string().min(1, "Enter your password"),
});

export function PasswordSignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.infer<typeof ZForm>>({ resolver: zodResolver(ZForm), defaultValues: { email: "", password: "" } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await signInWithPasswordAction({ ...values, callbackUrl });
      if (result && !result.ok) setFormError(result.message);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in with password">
      <FormField id="email" label="E-mail" error={errors.email?.message}>
        <Input id="email" type="email" autoComplete="username" autoFocus {...form.register("email")} />
      </FormField>
      <FormField id="password" label="Password" error={errors.password?.message}>
        <Input id="password" type="password" autoComplete="current-password" {...form.register("password")} />
      </FormField>
      {formError ? (
        <p role="alert" className="text-sm text-danger">
          {formError}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
