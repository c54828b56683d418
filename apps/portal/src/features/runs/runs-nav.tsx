import Link from "next/link";

const TABS = [
  { href: "/runs", label: "All runs" },
  { href: "/runs/exceptions", label: "Exception queue" },
  { href: "/runs/approvals", label: "Approvals" },
] as const;

/** The three ways into runs; the current one is marked for assistive technology, not by colour alone. */
export function RunsNav({ current }: { current: (typeof TABS)[number]["href"] }) {
  return (
    <nav aria-label="Runs" className="flex flex-wrap gap-1 border-b border-border">
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
  );
}
