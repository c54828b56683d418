"use client";

import { Button, DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@storeflow/ui";
import { SNOOZE_CHOICES } from "./types";

/** A "Snooze" menu of lengths, plus "End snooze" while one lasts. */
export function SnoozeMenu({ subject, snoozedUntil, pending, onSnooze }: { subject: string; snoozedUntil: Date | null; pending: boolean; onSnooze: (until: Date | null) => void }) {
  const active = snoozedUntil !== null && snoozedUntil > new Date();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" disabled={pending}>
          {pending ? "Saving…" : "Snooze"}
          <span className="sr-only"> {subject}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {SNOOZE_CHOICES.map((choice) => (
          <DropdownMenuItem key={choice.label} onSelect={() => onSnooze(new Date(Date.now() + choice.ms))}>
            For {choice.label}
          </DropdownMenuItem>
        ))}
        {active ? <DropdownMenuItem onSelect={() => onSnooze(null)}>End snooze</DropdownMenuItem> : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
