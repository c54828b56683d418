"use client";

import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@storeflow/ui";
import { useState } from "react";

/** Props of {@link ConfirmDestructiveDialog}. */
export interface ConfirmDestructiveDialogProps<TResult> {
  /** The trigger's word, e.g. "Archive". */
  action: string;
  /** The confirm button's words, e.g. "Archive connection". @defaultValue action */
  confirmLabel?: string;
  /** Shown while it runs, e.g. "Archiving…". */
  pendingLabel: string;
  /** What it acts on, read out after the trigger's word for screen readers. */
  subject: string;
  title: string;
  description: string;
  pending: boolean;
  /** The server's message when the action failed. */
  error: string | null;
  /** Runs the action; when it rejects the dialog stays open, showing `error`. */
  onConfirm: () => Promise<TResult>;
  /** Called with the action's result once the dialog has closed. */
  onDone: (result: TResult) => Promise<void>;
  /** Told when the dialog opens or closes, e.g. to clear the last error. */
  onOpenChange?: (open: boolean) => void;
}

/** A small trigger and a confirm dialog for one irreversible action, with its error in place. */
export function ConfirmDestructiveDialog<TResult>(props: ConfirmDestructiveDialogProps<TResult>) {
  const { action, confirmLabel = action, pendingLabel, subject, title, description, pending, error, onConfirm, onDone, onOpenChange } = props;
  const [open, setOpen] = useState(false);
  const confirm = async () => {
    let result: TResult;
    try {
      result = await onConfirm();
    } catch {
      return;
    }
    setOpen(false);
    await onDone(result);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange?.(next);
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">{action}<span className="sr-only"> {subject}</span></Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" disabled={pending} onClick={() => void confirm()}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
