"use client";

import { Select } from "@storeflow/ui";
import { useTransition } from "react";
import { switchMembershipAction } from "@/server/auth-actions";

/** Shown only to people with more than one membership (several partners or clients). */
export function MembershipSwitcher({ memberships, activeId }: { memberships: { id: string; label: string }[]; activeId: string | null }) {
  const [pending, startTransition] = useTransition();
  // Long partner and client names are cut short in the header; the full label is the title.
  if (memberships.length < 2) return memberships[0] ? <span className="max-w-64 truncate text-sm text-muted-foreground" title={memberships[0].label}>{memberships[0].label}</span> : null;
  return (
    <label className="flex min-w-0 max-w-64 items-center gap-2 text-sm">
      <span className="sr-only">Acting as</span>
      <Select
        value={activeId ?? ""}
        disabled={pending}
        onChange={(event) => {
          const id = event.currentTarget.value;
          startTransition(() => switchMembershipAction(id));
        }}
      >
        {memberships.map((m) => (
          <option key={m.id} value={m.id}>{m.label}</option>
        ))}
      </Select>
    </label>
  );
}
