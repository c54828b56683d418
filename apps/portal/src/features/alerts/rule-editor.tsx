"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, FormField, Input, Select } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { useTRPC } from "@/trpc/react";
import { BREACH_KINDS, CONDITION_KINDS, EMPTY_RULE_FORM, ruleFormOf, rulePayloadOf, type TRuleForm, ZRuleForm } from "./rule-form";
import { type TAlertChannel, type TAlertRule, type TInstallationOption, type TNamed } from "./types";

// Screen order, so the first field with a server issue is the one focused.
const FIELD_NAMES = new Set(["name", "clientId", "installationId", "kind", "channelIds", "groupWindowSeconds", "notifyResolved"]);

/** Props of {@link RuleEditor}. */
export interface RuleEditorProps {
  /** The rule to change; without one the editor creates a rule. */
  rule?: TAlertRule;
  clients: TNamed[];
  installations: TInstallationOption[];
  channels: TAlertChannel[];
  onSaved: () => Promise<void>;
}

/** A dialog with the rule form: its scope, its condition (only that condition's fields shown), its channels and grouping. */
export function RuleEditor({ rule, clients, installations, channels, onSaved }: RuleEditorProps) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const initial = rule ? ruleFormOf(rule) : EMPTY_RULE_FORM;
  const form = useForm<TRuleForm>({ resolver: zodResolver(ZRuleForm), defaultValues: initial });
  const onError = (error: unknown) => {
    const placed = placeIssues(error, FIELD_NAMES);
    placed.fields.forEach(([name, message], i) => form.setError(name as keyof TRuleForm, { message }, { shouldFocus: i === 0 }));
    setFormError(formMessageOf(placed));
  };
  const onSuccess = async () => {
    setOpen(false);
    await onSaved();
  };
  const create = useMutation(trpc.alert.rule.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.alert.rule.update.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;
  const { errors } = form.formState;
  const kind = form.watch("kind");
  const clientId = form.watch("clientId");
  const selectedChannels = form.watch("channelIds");
  const scopedInstallations = installations.filter((i) => !clientId || i.clientId === clientId);
  const idPrefix = rule ? `rule-${rule.id}` : "rule-new";

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
        {rule ? (
          <Button variant="ghost" size="sm">Edit<span className="sr-only"> {rule.name}</span></Button>
        ) : (
          <Button disabled={channels.length === 0}>New rule</Button>
        )}
      </DialogTrigger>
      <DialogContent title={rule ? `Edit ${rule.name}` : "New alert rule"} description="Alerts are raised once per workflow or connection while the condition holds, and resolve when it clears." className="max-h-[90vh] overflow-y-auto">
        <form
          noValidate
          aria-label={rule ? "Edit alert rule" : "New alert rule"}
          className="grid gap-4"
          onSubmit={form.handleSubmit((values) => {
            setFormError(null);
            const payload = rulePayloadOf(values);
            if (rule) update.mutate({ ruleId: rule.id, ...payload });
            else create.mutate(payload);
          })}
        >
          {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
          <FormField announceError id={`${idPrefix}-name`} label="Name" required error={errors.name?.message}>
            <Input autoComplete="off" {...form.register("name")} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id={`${idPrefix}-client`} label="Client" error={errors.clientId?.message} description="Leave on all clients for a partner-wide rule.">
              <Select {...form.register("clientId", { onChange: () => form.setValue("installationId", "") })}>
                <option value="">All clients</option>
                {clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </Select>
            </FormField>
            <FormField id={`${idPrefix}-installation`} label="Workflow" error={errors.installationId?.message}>
              <Select {...form.register("installationId")}>
                <option value="">All workflows</option>
                {scopedInstallations.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
              </Select>
            </FormField>
          </div>
          <FormField id={`${idPrefix}-kind`} label="Fires when" required error={errors.kind?.message}>
            <Select {...form.register("kind")}>
              {CONDITION_KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
            </Select>
          </FormField>
          {kind === "missed_cadence" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField announceError id={`${idPrefix}-cadence`} label="Expected every (minutes)" error={errors.cadenceMinutes?.message} description="Empty: each workflow's SLA cadence.">
                <Input inputMode="numeric" {...form.register("cadenceMinutes")} />
              </FormField>
              <FormField announceError id={`${idPrefix}-grace`} label="Grace (minutes)" error={errors.graceMinutes?.message}>
                <Input inputMode="numeric" {...form.register("graceMinutes")} />
              </FormField>
            </div>
          ) : null}
          {kind === "failure_rate" ? (
            <div className="grid gap-4 sm:grid-cols-3">
              <FormField announceError id={`${idPrefix}-threshold`} label="Failures above (%)" error={errors.thresholdPercent?.message}>
                <Input inputMode="numeric" {...form.register("thresholdPercent")} />
              </FormField>
              <FormField announceError id={`${idPrefix}-window`} label="Over (minutes)" error={errors.windowMinutes?.message}>
                <Input inputMode="numeric" {...form.register("windowMinutes")} />
              </FormField>
              <FormField announceError id={`${idPrefix}-min-runs`} label="At least (runs)" error={errors.minRuns?.message}>
                <Input inputMode="numeric" {...form.register("minRuns")} />
              </FormField>
            </div>
          ) : null}
          {kind === "breach" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField id={`${idPrefix}-breach-kind`} label="Breach kind" error={errors.breachKind?.message}>
                <Select {...form.register("breachKind")}>
                  {BREACH_KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
                </Select>
              </FormField>
              <FormField announceError id={`${idPrefix}-clear`} label="Resolves after quiet for (minutes)" error={errors.clearAfterMinutes?.message}>
                <Input inputMode="numeric" {...form.register("clearAfterMinutes")} />
              </FormField>
            </div>
          ) : null}
          {kind === "backlog_age" ? (
            <FormField announceError id={`${idPrefix}-max-age`} label="Unfinished for more than (minutes)" error={errors.maxAgeMinutes?.message}>
              <Input inputMode="numeric" {...form.register("maxAgeMinutes")} />
            </FormField>
          ) : null}
          <fieldset className="grid gap-2" aria-describedby={errors.channelIds ? `${idPrefix}-channels-error` : undefined}>
            <legend className="text-sm font-medium">Send to</legend>
            {channels.map((channel) => (
              <label key={channel.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={selectedChannels.includes(channel.id)}
                  onChange={(event) => {
                    // Set by hand: a lone checkbox registered with react-hook-form yields a string, not a list.
                    const next = event.target.checked ? [...selectedChannels, channel.id] : selectedChannels.filter((id) => id !== channel.id);
                    form.setValue("channelIds", next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
                  }}
                />
                {channel.name} <span className="text-muted-foreground">({channel.kind})</span>
              </label>
            ))}
            {errors.channelIds ? <p id={`${idPrefix}-channels-error`} role="alert" className="text-sm text-danger">{errors.channelIds.message}</p> : null}
          </fieldset>
          <FormField announceError id={`${idPrefix}-group`} label="Group alerts for (seconds)" error={errors.groupWindowSeconds?.message} description="Alerts this rule raises within this long of the first are sent as one message.">
            <Input inputMode="numeric" {...form.register("groupWindowSeconds")} />
          </FormField>
          <div className="grid gap-1">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input type="checkbox" aria-describedby={`${idPrefix}-resolved-help`} {...form.register("notifyResolved")} />
              Also notify when resolved
            </label>
            <p id={`${idPrefix}-resolved-help`} className="text-sm text-muted-foreground">
              Once a notified alert clears, its channels hear it is back to normal, grouped the same way. If it fires again before then, nothing is sent.
            </p>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="ghost">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>{pending ? "Saving…" : rule ? "Save rule" : "Create rule"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
