import { type ComponentProps } from "react";
import { cn } from "./cn";

/** A loading placeholder; decorative, so pair it with a Spinner or `aria-busy` on the region. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("rounded-md bg-muted motion-safe:animate-pulse", className)}
      {...props}
    />
  );
}
