"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, CardContent, CardHeader, CardTitle, FormField, Input, Select } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ROLE_LABEL } from "@/features/shell/roles";
import { useTRPC } from "@/trpc/react";
import { fieldErrorsOf, messageOf } from "@/trpc/errors";

const CLIENT_ROLES = ["client_admin", "client_viewer"];
const ZForm = z
  .object({ email: z.email("Enter a valid e-mail address"), role: z.string().min(1), clientId: z.string() })
  .refine((v) => !CLIENT_ROLES.includes(v.role) || v.clientId !== "", { path: ["clientId"], message: "Choose the client this person belongs to" });
type TForm = z.infer<typeof ZForm>;

export function InviteMemberForm({ clients, grantable, fixedClientId, onInvited }: { clients: { id: string; name: string }[]; grantable: string[]; fixedClientId: string | null; onInvited: () => void }) {
  const trpc = useTRPC();
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TForm>({ resolver: zodResolver(ZForm), defaultValues: { email: "", role: grantable.at(-1) ?? "", clientId: fixedClientId ?? "" } });
  const role = form.watch("role");
  const invite = useMutation(
    trpc.member.invite.mutationOptions({
      onSuccess: (invitation) => {
        setNotice(`Invitation sent to ${invitation.email}.`);
        form.reset({ email: "", role: form.getValues("role"), clientId: fixedClientId ?? "" });
        onInvited();
      },
      onError: (error) => {
        setFormError(messageOf(error));
        for (const [field, message] of Object.entries(fieldErrorsOf(error))) form.setError(field as keyof TForm, { message });
      },
    }),
  );
  const { errors } = form.formState;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-lg">Invite someone</CardTitle>
      </CardHeader>
      <CardContent>
        <form
          noValidate
          aria-label="Invite someone"
          className="grid gap-4 sm:grid-cols-3"
          onSubmit={form.handleSubmit((v) => {
            setNotice(null);
            setFormError(null);
            invite.mutate({ email: v.email, role: v.role as never, clientId: CLIENT_ROLES.includes(v.role) ? v.clientId : null });
          })}
        >
          <FormField id="invite-email" label="E-mail" error={errors.email?.message}>
            <Input id="invite-email" type="email" autoComplete="off" {...form.register("email")} />
          </FormField>
          <FormField id="invite-role" label="Role" error={errors.role?.message}>
            <Select id="invite-role" {...form.register("role")}>
              {grantable.map((r) => (
                <option key={r} value={r}>{ROLE_LABEL[r]}{CLIENT_ROLES.includes(r) ? "" : " (all clients)"}</option>
              ))}
            </Select>
          </FormField>
          {CLIENT_ROLES.includes(role) && !fixedClientId ? (
            <FormField id="invite-client" label="Client" error={errors.clientId?.message}>
              <Select id="invite-client" {...form.register("clientId")}>
                <option value="">Choose a client…</option>
                {clients.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </Select>
            </FormField>
          ) : null}
          {formError ? <p role="alert" className="text-sm text-danger sm:col-span-3">{formError}</p> : null}
          {notice ? <p role="status" className="text-sm text-success sm:col-span-3">{notice}</p> : null}
          <div className="sm:col-span-3">
            <Button type="submit" disabled={invite.isPending}>{invite.isPending ? "Sending…" : "Send invitation"}</Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
