import { type ComponentProps } from "react";
import { cn } from "./cn";

export type LabelProps = ComponentProps<"label">;

/** A plain `<label>`; associate it with `htmlFor` (FormField does this for you). */
export function Label({ className, ...props }: LabelProps) {
  return (
    <label
      data-slot="label"
      className={cn("text-sm leading-none font-medium text-foreground select-none", className)}
      {...props}
    />
  );
}
