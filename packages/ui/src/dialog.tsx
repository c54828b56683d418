"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";
import { focusRing } from "./focus-ring";

/** Root; controlled with `open`/`onOpenChange` or uncontrolled with `defaultOpen`. */
export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

export type DialogContentProps = Omit<ComponentProps<typeof DialogPrimitive.Content>, "title"> & {
  /** Accessible name of the dialog, shown as its heading. Required: a dialog must be named. */
  title: ReactNode;
  /** Read by screen readers when the dialog opens. */
  description?: ReactNode;
  /** @defaultValue true */
  showCloseButton?: boolean;
  /** Screen-reader text of the × button. @defaultValue "Close" */
  closeLabel?: string;
};

/**
 * The modal panel, portalled with an overlay. Focus is trapped inside and returns to the
 * trigger on close; Escape closes it (all from Radix).
 */
export function DialogContent({
  title,
  description,
  showCloseButton = true,
  closeLabel = "Close",
  className,
  children,
  ...props
}: DialogContentProps) {
  // Without a description Radix expects aria-describedby to be explicitly unset.
  const describedBy = description ? {} : { "aria-describedby": undefined };
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay data-slot="dialog-overlay" className="fixed inset-0 z-50 bg-black/60" />
      <DialogPrimitive.Content
        data-slot="dialog-content"
        className={cn(
          "fixed top-1/2 left-1/2 z-50 grid max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto",
          "rounded-lg border border-border bg-card p-6 text-card-foreground shadow-lg outline-hidden",
          className,
        )}
        {...describedBy}
        {...props}
      >
        <div className="flex flex-col gap-1.5 pr-8">
          <DialogPrimitive.Title className="text-lg leading-tight font-semibold">{title}</DialogPrimitive.Title>
          {description ? (
            <DialogPrimitive.Description className="text-sm text-muted-foreground">{description}</DialogPrimitive.Description>
          ) : null}
        </div>
        {children}
        {showCloseButton ? (
          <DialogPrimitive.Close
            className={cn(
              "absolute top-4 right-4 inline-flex size-8 cursor-pointer items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground",
              focusRing,
            )}
          >
            <svg aria-hidden="true" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-4">
              <path d="m4 4 8 8M12 4l-8 8" strokeLinecap="round" />
            </svg>
            <span className="sr-only">{closeLabel}</span>
          </DialogPrimitive.Close>
        ) : null}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="dialog-footer"
      className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}
