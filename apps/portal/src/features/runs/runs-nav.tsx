import Link from "next/link";
import { LiveIndicator } from "@/features/live/live-indicator";

const TABS = [
  { href: "/runs", label: "All runs" },
  { href: "/runs/exceptions", label: "Exception queue" },
  { href: "/runs/approvals", label: "Approvals" },
] as const;

/**
 * The three ways into runs; the current one is marked for assistive technology, not by colour alone.
 * Each of the three listens to live changes, so the indicator beside them says whether it hears them.
 */
export function RunsNav({ current }: { current: (typeof TABS)[number]["href"] }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-2 border-b border-border">
    <nav aria-label="Runs" className="flex flex-wrap gap-1">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className="-mb-px rounded-t-md border-b-2 border-transparent px-3 py-2 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring aria-[current=page]:border-brand aria-[current=page]:font-semibold"
        >
          {tab.label}
        </Link>
      ))}
    </nav>
    <LiveIndicator className="pb-2" />
    </div>
  );
}
