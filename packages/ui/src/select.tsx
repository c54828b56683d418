import { type ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./input";

export type SelectProps = ComponentProps<"select">;

/**
 * A styled native `<select>`: keyboard, screen-reader and mobile behaviour come from the
 * browser. Pass `<option>` children; `color-scheme` in styles.css themes the open list.
 */
export function Select({ className, children, ...props }: SelectProps) {
  return (
    <div data-slot="select-wrapper" className={cn("relative w-full", className)}>
      <select data-slot="select" className={cn(controlClasses, "h-10 cursor-pointer appearance-none py-2 pr-9")} {...props}>
        {children}
      </select>
      <svg
        aria-hidden="true"
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted-foreground"
      >
        <path d="m4 6 4 4 4-4" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </div>
  );
}
