"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, FormField, Input } from "@storeflow/ui";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { acceptInvitationAction } from "@/server/auth-actions";

const ZNewAccount = z
  .object({
    name: z.string().trim().min(1, "Enter your name").max(120),
    password: z.string().min(12, "Use at least 12 characters").max(200),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords differ" });

type TMode = "new-account" | "set-password" | "sign-in-first" | "signed-in";

export function AcceptInvitationForm({ token, email, mode, signedInAs }: { token: string; email: string; mode: TMode; signedInAs: string | null }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.infer<typeof ZNewAccount>>({ resolver: zodResolver(ZNewAccount), defaultValues: { name: "", password: "", confirm: "" } });
  const { errors } = form.formState;

  const accept = (values?: { name: string; password: string }) =>
    startTransition(async () => {
      setFormError(null);
      const result = await acceptInvitationAction({ token, ...values });
      if (result && !result.ok) {
        setFormError(result.message);
        for (const [field, message] of Object.entries(result.fieldErrors ?? {})) form.setError(field as "name" | "password", { message });
      }
    });

  if (mode === "sign-in-first") {
    return (
      <p className="text-sm">
        You already have an account. <Link className="underline" href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>Sign in as {email}</Link> to accept.
      </p>
    );
  }
  if (mode === "signed-in") {
    return (
      <div className="space-y-3">
        <p className="text-sm">Signed in as {signedInAs}.</p>
        {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
        <Button onClick={() => accept()} disabled={pending}>{pending ? "Accepting…" : "Accept invitation"}</Button>
      </div>
    );
  }
  return (
    <form noValidate className="space-y-4" onSubmit={form.handleSubmit(({ name, password }) => accept({ name, password }))}>
      <FormField id="name" label="Your name" error={errors.name?.message}>
        <Input id="name" autoComplete="name" autoFocus {...form.register("name")} />
      </FormField>
      <FormField id="password" label="Choose a password" description="At least 12 characters, mixing letters with digits or symbols." error={errors.password?.message}>
        <Input id="password" type="password" autoComplete="new-password" {...form.register("password")} />
      </FormField>
      <FormField id="confirm" label="Repeat the password" error={errors.confirm?.message}>
        <Input id="confirm" type="password" autoComplete="new-password" {...form.register("confirm")} />
      </FormField>
      {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
      <Button type="submit" className="w-full" disabled={pending}>{pending ? "Joining…" : "Accept and join"}</Button>
    </form>
  );
}
