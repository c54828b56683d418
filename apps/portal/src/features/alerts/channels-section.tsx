"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, AlertDescription, AlertTitle, Badge, Button, Card, CardContent, CardHeader, CardTitle, EmptyState, FormField, Input, Select, Textarea } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { RelativeTime } from "@/features/connections/relative-time";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { ConfirmDestructiveDialog } from "@/features/shell/confirm-destructive-dialog";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { CHANNEL_KINDS, channelPayloadOf, type TChannelForm, ZChannelForm } from "./channel-form";
import { type TAlertChannel, type TAlertDelivery } from "./types";

const FIELD_NAMES = new Set(["kind", "name", "recipients", "url"]);
const KIND_LABEL = Object.fromEntries(CHANNEL_KINDS.map((k) => [k.value, k.label]));

function AddChannelForm({ onAdded }: { onAdded: (signingSecret: string | null) => Promise<void> }) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TChannelForm>({ resolver: zodResolver(ZChannelForm), defaultValues: { kind: "email", name: "", recipients: "", url: "" } });
  const create = useMutation(
    trpc.alert.channel.create.mutationOptions({
      onSuccess: async ({ signingSecret }) => {
        // A Slack or Teams URL is a credential: it leaves the page once stored.
        form.reset({ kind: form.getValues("kind"), name: "", recipients: "", url: "" });
        await onAdded(signingSecret);
      },
      onError: (error) => {
        const placed = placeIssues(error, FIELD_NAMES);
        placed.fields.forEach(([name, message], i) => form.setError(name as keyof TChannelForm, { message }, { shouldFocus: i === 0 }));
        setFormError(formMessageOf(placed));
      },
    }),
  );
  const kind = form.watch("kind");
  const { errors } = form.formState;
  return (
    <form
      noValidate
      aria-label="Add alert channel"
      className="grid gap-4 sm:grid-cols-2"
      onSubmit={form.handleSubmit((values) => {
        setFormError(null);
        create.mutate(channelPayloadOf(values));
      })}
    >
      {formError ? <p role="alert" className="text-sm text-danger sm:col-span-2">{formError}</p> : null}
      <FormField id="channel-kind" label="Kind" required error={errors.kind?.message}>
        <Select {...form.register("kind")}>
          {CHANNEL_KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
        </Select>
      </FormField>
      <FormField announceError id="channel-name" label="Name" required error={errors.name?.message}>
        <Input autoComplete="off" placeholder="On-call" {...form.register("name")} />
      </FormField>
      {kind === "email" ? (
        <FormField announceError id="channel-recipients" label="Recipients" required error={errors.recipients?.message} description="One address per line, or separated by commas." className="sm:col-span-2">
          <Textarea rows={3} {...form.register("recipients")} />
        </FormField>
      ) : (
        <FormField
          announceError
          id="channel-url"
          label="Webhook URL"
          required
          error={errors.url?.message}
          className="sm:col-span-2"
          description={kind === "webhook" ? "We POST JSON signed with Standard Webhooks headers; the signing secret is shown once, after you add the channel." : "Stored encrypted; you will not see it again."}
        >
          <Input type="url" autoComplete="off" spellCheck={false} placeholder="https://" {...form.register("url")} />
        </FormField>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={create.isPending}>{create.isPending ? "Adding…" : "Add channel"}</Button>
      </div>
    </form>
  );
}

function DeliveryBadge({ delivery }: { delivery: TAlertDelivery | undefined }) {
  if (!delivery) return <span className="text-sm text-muted-foreground">Nothing sent yet</span>;
  const label = delivery.ruleId ? "Last alert" : "Test alert";
  if (delivery.status === "delivered") return <span className="text-sm"><Badge variant="success">{label} delivered</Badge> <RelativeTime date={delivery.deliveredAt ?? delivery.createdAt} /></span>;
  if (delivery.status === "failed") return <span className="text-sm"><Badge variant="danger">{label} failed</Badge> {delivery.lastError}</span>;
  return (
    <span className="text-sm">
      <Badge variant="warning">{label} {delivery.attempts === 0 ? "queued" : `retrying (attempt ${delivery.attempts})`}</Badge> {delivery.lastError}
    </span>
  );
}

/** Where alerts go: the channels, each with its latest delivery, a test button, and the form to add one. */
export function ChannelsSection({ channels, deliveries, canManage, onChanged }: { channels: TAlertChannel[]; deliveries: TAlertDelivery[]; canManage: boolean; onChanged: () => Promise<void> }) {
  const trpc = useTRPC();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sendTest = useMutation(
    trpc.alert.channel.sendTest.mutationOptions({
      onSuccess: async () => {
        setNotice("Test alert queued: its result shows here within a few seconds.");
        await onChanged();
      },
      onError: (e) => setError(messageOf(e)),
    }),
  );
  const archive = useMutation(trpc.alert.channel.archive.mutationOptions({}));
  const latest = new Map<string, TAlertDelivery>();
  for (const delivery of deliveries) if (!latest.has(delivery.channelId)) latest.set(delivery.channelId, delivery);

  return (
    <div className="space-y-4">
      {secret ? (
        <Alert variant="warning">
          <AlertTitle>Copy the signing secret now</AlertTitle>
          <AlertDescription>
            <p>Your receiver verifies each request's webhook-signature header with it. It is stored encrypted and will not be shown again.</p>
            <code className="mt-2 block break-all rounded bg-muted p-2 text-sm" data-testid="signing-secret">{secret}</code>
            <Button variant="ghost" size="sm" className="mt-2" onClick={() => setSecret(null)}>I have copied it</Button>
          </AlertDescription>
        </Alert>
      ) : null}
      {notice ? <p role="status" className="text-sm">{notice}</p> : null}
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      {channels.length === 0 ? (
        <EmptyState titleAs="h3" title="No channels yet" description="Add an e-mail list, a Slack or Teams webhook, or a signed webhook of your own; rules send their alerts there." />
      ) : (
        <ul className="divide-y divide-border rounded-md border border-border">
          {channels.map((channel) => (
            <li key={channel.id} className="flex flex-wrap items-center gap-3 px-3 py-3" data-testid="alert-channel">
              <div className="min-w-0 flex-1 space-y-1">
                <div className="font-medium">{channel.name} <span className="text-sm font-normal text-muted-foreground">· {KIND_LABEL[channel.kind]}</span></div>
                <div className="text-sm text-muted-foreground break-all">{channel.kind === "email" ? channel.recipients.join(", ") : (channel.url ?? channel.secretHint)}</div>
                <DeliveryBadge delivery={latest.get(channel.id)} />
              </div>
              {canManage ? (
                <div className="flex items-center gap-1">
                  <Button variant="outline" size="sm" disabled={sendTest.isPending} onClick={() => { setNotice(null); setError(null); sendTest.mutate({ channelId: channel.id }); }}>
                    Send test alert<span className="sr-only"> to {channel.name}</span>
                  </Button>
                  <ConfirmDestructiveDialog
                    action="Remove"
                    confirmLabel="Remove channel"
                    pendingLabel="Removing…"
                    subject={channel.name}
                    title={`Remove ${channel.name}?`}
                    description="Rules stop sending to it; deliveries still queued for it are given up. Its history stays."
                    pending={archive.isPending}
                    error={archive.error ? messageOf(archive.error) : null}
                    onConfirm={() => archive.mutateAsync({ channelId: channel.id })}
                    onDone={onChanged}
                    onOpenChange={() => archive.reset()}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <Card>
          <CardHeader>
            <CardTitle as="h3" className="text-base">Add a channel</CardTitle>
          </CardHeader>
          <CardContent>
            <AddChannelForm
              onAdded={async (signingSecret) => {
                setSecret(signingSecret);
                await onChanged();
              }}
            />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
