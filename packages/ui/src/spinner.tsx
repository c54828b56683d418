import { cva, type VariantProps } from "class-variance-authority";
import { type ComponentProps } from "react";
import { cn } from "./cn";

const spinnerVariants = cva("shrink-0 motion-safe:animate-spin", {
  variants: { size: { sm: "size-4", md: "size-6", lg: "size-8" } },
  defaultVariants: { size: "md" },
});

export type SpinnerProps = Omit<ComponentProps<"span">, "children"> &
  VariantProps<typeof spinnerVariants> & {
    /** Text for screen readers. @defaultValue "Loading…" */
    label?: string;
  };

/** A `role="status"` spinner whose label is read by screen readers and visually hidden. */
export function Spinner({ label = "Loading…", size, className, ...props }: SpinnerProps) {
  return (
    <span data-slot="spinner" role="status" className={cn("inline-flex items-center text-current", className)} {...props}>
      <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" className={spinnerVariants({ size })}>
        <circle cx="12" cy="12" r="9" stroke="currentColor" strokeWidth="3" className="opacity-25" />
        <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <span className="sr-only">{label}</span>
    </span>
  );
}
