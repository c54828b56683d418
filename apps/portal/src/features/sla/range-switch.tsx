"use client";

import { Button } from "@storeflow/ui";

export type TSlaRange = "24h" | "7d" | "30d";

const RANGES: { value: TSlaRange; label: string; long: string }[] = [
  { value: "24h", label: "24 h", long: "Last 24 hours" },
  { value: "7d", label: "7 d", long: "Last 7 days" },
  { value: "30d", label: "30 d", long: "Last 30 days" },
];

/** A toggle group of buttons (aria-pressed), so the range is one Tab stop per option and Space/Enter choose it. */
export function RangeSwitch({ value, onChange, label = "Range" }: { value: TSlaRange; onChange: (range: TSlaRange) => void; label?: string }) {
  return (
    <div role="group" aria-label={label} className="inline-flex gap-1 rounded-md border border-border p-1 print:hidden">
      {RANGES.map((r) => (
        <Button key={r.value} type="button" size="sm" variant={r.value === value ? "default" : "ghost"} aria-pressed={r.value === value} onClick={() => onChange(r.value)}>
          {r.label}
          <span className="sr-only"> ({r.long})</span>
        </Button>
      ))}
    </div>
  );
}
