"use client";

import { Badge, Button, EmptyState } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDestructiveDialog } from "@/features/shell/confirm-destructive-dialog";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { RuleEditor, type RuleEditorProps } from "./rule-editor";
import { SnoozeMenu } from "./snooze-menu";
import { formatTime, type TAlertRule } from "./types";

/** Props of {@link RulesList}. */
export interface RulesListProps extends Omit<RuleEditorProps, "rule" | "onSaved"> {
  rules: TAlertRule[];
  canManage: boolean;
  onChanged: () => Promise<void>;
}

/** The partner's alert rules, with the editor, snooze, pause and delete for those who manage them. */
export function RulesList({ rules, canManage, onChanged, ...editor }: RulesListProps) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const options = { onSuccess: () => onChanged(), onError: (e: unknown) => setError(messageOf(e)) };
  const snooze = useMutation(trpc.alert.rule.snooze.mutationOptions(options));
  const update = useMutation(trpc.alert.rule.update.mutationOptions(options));
  const archive = useMutation(trpc.alert.rule.archive.mutationOptions({ onError: (e) => setError(messageOf(e)) }));
  const clientNames = new Map(editor.clients.map((c) => [c.id, c.name]));
  const channelNames = new Map(editor.channels.map((c) => [c.id, c.name]));

  return (
    <div className="space-y-3">
      {canManage ? (
        <div className="flex items-center gap-3">
          <RuleEditor {...editor} onSaved={onChanged} />
          {editor.channels.length === 0 ? <p className="text-sm text-muted-foreground">Add a channel first: a rule needs somewhere to send its alerts.</p> : null}
        </div>
      ) : null}
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      {rules.length === 0 ? (
        <EmptyState titleAs="h3" title="No alert rules yet" description="A rule watches your clients' workflows and connections: missed cadences, failure rates, SLA breaches, backlogs and unhealthy connections." />
      ) : (
        <ul className="divide-y divide-border rounded-md border border-border">
          {rules.map((rule) => {
            const snoozed = rule.snoozedUntil && rule.snoozedUntil > new Date();
            return (
              <li key={rule.id} className="flex flex-wrap items-start gap-3 px-3 py-3" data-testid="alert-rule">
                <div className="min-w-0 flex-1 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{rule.name}</span>
                    {rule.enabled ? null : <Badge>Paused</Badge>}
                    {rule.notifyResolved ? null : <Badge>No resolved notices</Badge>}
                    {snoozed ? <Badge variant="info">Snoozed until {formatTime(rule.snoozedUntil!)}</Badge> : null}
                    {rule.openAlerts > 0 ? <Badge variant="danger">{rule.openAlerts} open</Badge> : null}
                  </div>
                  <p className="text-sm text-muted-foreground">{rule.description}</p>
                  <p className="text-sm text-muted-foreground">
                    {rule.clientId ? (clientNames.get(rule.clientId) ?? "One client") : "All clients"}
                    {rule.installationId ? " · one workflow" : ""} · to {rule.channelIds.map((id) => channelNames.get(id) ?? "a removed channel").join(", ")}
                  </p>
                </div>
                {canManage ? (
                  <div className="flex flex-wrap items-center gap-1">
                    <RuleEditor {...editor} rule={rule} onSaved={onChanged} />
                    <SnoozeMenu subject={rule.name} snoozedUntil={rule.snoozedUntil} pending={snooze.isPending && snooze.variables?.ruleId === rule.id} onSnooze={(until) => snooze.mutate({ ruleId: rule.id, until })} />
                    <Button variant="ghost" size="sm" disabled={update.isPending} onClick={() => update.mutate({ ruleId: rule.id, enabled: !rule.enabled })}>
                      {rule.enabled ? "Pause" : "Resume"}<span className="sr-only"> {rule.name}</span>
                    </Button>
                    <ConfirmDestructiveDialog
                      action="Delete"
                      confirmLabel="Delete rule"
                      pendingLabel="Deleting…"
                      subject={rule.name}
                      title={`Delete ${rule.name}?`}
                      description="The rule stops watching and its open alerts resolve. Its alert history stays."
                      pending={archive.isPending}
                      error={archive.error ? messageOf(archive.error) : null}
                      onConfirm={() => archive.mutateAsync({ ruleId: rule.id })}
                      onDone={onChanged}
                      onOpenChange={() => archive.reset()}
                    />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
