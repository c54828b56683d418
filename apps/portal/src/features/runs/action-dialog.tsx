"use client";

import { Button, type ButtonProps, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@storeflow/ui";
import { type ReactNode, useState } from "react";
import { messageOf } from "@/trpc/errors";

/** Props of {@link ActionDialog}. */
export interface ActionDialogProps {
  /** The trigger's visible text. */
  label: string;
  /** Said after the label to screen readers only, so "Retry" names its run. */
  srSuffix?: string;
  variant?: ButtonProps["variant"];
  title: string;
  description?: ReactNode;
  /** The dialog's body, mounted only while it is open (each opening starts afresh); `close` ends it. */
  children: (close: () => void) => ReactNode;
}

/** A button that opens a dialog for one run action: focus moves in, is trapped, and Escape closes it. */
export function ActionDialog({ label, srSuffix, variant = "outline", title, description, children }: ActionDialogProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant} size="sm">
          {label}
          {srSuffix ? <span className="sr-only"> {srSuffix}</span> : null}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {children(() => setOpen(false))}
      </DialogContent>
    </Dialog>
  );
}

/** Props of {@link ConfirmBody}. */
export interface ConfirmBodyProps {
  confirmLabel: string;
  pendingLabel: string;
  destructive?: boolean;
  /** Does the action; a thrown error is shown in the dialog, which stays open. */
  onConfirm: () => Promise<void>;
}

/** Cancel (focused first, so Enter does not act by accident) and the action; the server's refusal is shown above them. */
export function ConfirmBody({ confirmLabel, pendingLabel, destructive = false, onConfirm }: ConfirmBodyProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="ghost">Cancel</Button>
        </DialogClose>
        <Button
          variant={destructive ? "destructive" : "default"}
          disabled={pending}
          onClick={async () => {
            setError(null);
            setPending(true);
            try {
              await onConfirm();
            } catch (e) {
              setError(messageOf(e));
            } finally {
              setPending(false);
            }
          }}
        >
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </DialogFooter>
    </>
  );
}
