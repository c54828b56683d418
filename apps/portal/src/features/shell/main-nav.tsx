"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@storeflow/ui";

export interface TNavItem {
  href: string;
  label: string;
  /** The path prefix the item stands for, when it is not the href's own (Settings opens on its brand page). */
  section?: string;
}

/** Whether `pathname` lies in the item's section: the overview only at "/", the others at their prefix and below. */
export function isCurrentSection(item: TNavItem, pathname: string): boolean {
  const section = item.section ?? item.href;
  if (section === "/") return pathname === "/";
  return pathname === section || pathname.startsWith(`${section}/`);
}

/**
 * The portal's main navigation on a row of its own: it scrolls sideways rather
 * than wrapping when a narrow window or a long list cannot hold it, and marks
 * the section the page belongs to (aria-current), for sight and for screen readers.
 */
export function MainNav({ items }: { items: TNavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="-mb-px overflow-x-auto">
      <ul className="flex gap-1 whitespace-nowrap">
        {items.map((item) => {
          const current = isCurrentSection(item, pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 px-3 py-2 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring",
                  current ? "border-brand-text font-medium text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
