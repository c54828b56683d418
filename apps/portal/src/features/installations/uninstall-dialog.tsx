"use client";

import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { type TInstallation } from "./install-form";

/** Props of {@link UninstallDialog}. */
export interface UninstallDialogProps {
  installation: TInstallation;
  clientName: string;
  onUninstalled: (installation: TInstallation) => Promise<void>;
}

export function UninstallDialog({ installation, clientName, onUninstalled }: UninstallDialogProps) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uninstall = useMutation(
    trpc.installation.uninstall.mutationOptions({
      onSuccess: async (removed) => {
        setOpen(false);
        await onUninstalled(removed);
      },
      onError: (e) => setError(messageOf(e)),
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setError(null);
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">Uninstall<span className="sr-only"> {installation.title}</span></Button>
      </DialogTrigger>
      <DialogContent
        title={`Uninstall ${installation.title}?`}
        description={`Its schedules and triggers stop for ${clientName} and it can no longer be started. Its run history and audit trail are kept; you can install it again later.`}
      >
        {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" disabled={uninstall.isPending} onClick={() => uninstall.mutate({ installationId: installation.id })}>
            {uninstall.isPending ? "Uninstalling…" : "Uninstall"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
