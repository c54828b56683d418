import { type ComponentProps } from "react";
import { cn } from "./cn";
import { focusRing } from "./focus-ring";

/** Shared look of text-like controls (Input, Textarea, Select). */
export const controlClasses = cn(
  "w-full min-w-0 rounded-md border border-input bg-background px-3 text-sm text-foreground shadow-xs transition-colors",
  "placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50",
  "aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger",
  focusRing,
);

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return (
    <input
      data-slot="input"
      type={type}
      className={cn(
        controlClasses,
        "h-10 py-2 file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
