"use client";

import { Badge, Button, EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { RelativeTime } from "@/features/connections/relative-time";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { SnoozeMenu } from "./snooze-menu";
import { formatTime, type TAlert } from "./types";

function StateBadges({ alert }: { alert: TAlert }) {
  const snoozed = alert.snoozedUntil && alert.snoozedUntil > new Date();
  return (
    <div className="flex flex-wrap gap-1">
      {snoozed ? <Badge variant="info">Snoozed until {formatTime(alert.snoozedUntil!)}</Badge> : null}
      {alert.acknowledgedAt ? <Badge variant="success">Acknowledged</Badge> : null}
      {!alert.notifiedAt && !snoozed && !alert.acknowledgedAt ? <Badge variant="warning">Notification pending</Badge> : null}
    </div>
  );
}

/** The alerts firing now, oldest first, with acknowledge for those who respond and snooze for partner staff. */
export function OpenAlerts({ alerts, canRespond, canSnooze, onChanged }: { alerts: TAlert[]; canRespond: boolean; canSnooze: boolean; onChanged: () => Promise<void> }) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const options = { onSuccess: () => onChanged(), onError: (e: unknown) => setError(messageOf(e)) };
  const snooze = useMutation(trpc.alert.snooze.mutationOptions(options));
  const acknowledge = useMutation(trpc.alert.acknowledge.mutationOptions(options));

  if (alerts.length === 0) {
    return <EmptyState titleAs="h3" title="Nothing is firing" description="When a rule's condition holds for a workflow or a connection, its alert shows here until the condition clears." />;
  }
  return (
    <div className="space-y-2">
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>What</TableHead>
            <TableHead>Rule</TableHead>
            <TableHead>Since</TableHead>
            <TableHead>State</TableHead>
            {canRespond ? <TableHead><span className="sr-only">Actions</span></TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {alerts.map((alert) => (
            <TableRow key={alert.id} data-testid="open-alert">
              <TableCell>
                <div className="font-medium">{alert.subject}</div>
                <div className="text-sm text-muted-foreground">{alert.summary}</div>
              </TableCell>
              <TableCell>{alert.ruleName}</TableCell>
              <TableCell><RelativeTime date={alert.raisedAt} /></TableCell>
              <TableCell><StateBadges alert={alert} /></TableCell>
              {canRespond ? (
                <TableCell className="text-right whitespace-nowrap">
                  {canSnooze ? <SnoozeMenu subject={alert.subject} snoozedUntil={alert.snoozedUntil} pending={snooze.isPending && snooze.variables?.alertId === alert.id} onSnooze={(until) => snooze.mutate({ alertId: alert.id, until })} /> : null}
                  {alert.acknowledgedAt ? null : (
                    <Button variant="ghost" size="sm" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate({ alertId: alert.id })}>
                      Acknowledge<span className="sr-only"> {alert.subject}</span>
                    </Button>
                  )}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
