"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDestructiveDialog } from "@/features/shell/confirm-destructive-dialog";
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
  const [error, setError] = useState<string | null>(null);
  const uninstall = useMutation(trpc.installation.uninstall.mutationOptions({ onError: (e) => setError(messageOf(e)) }));
  return (
    <ConfirmDestructiveDialog
      action="Uninstall"
      pendingLabel="Uninstalling…"
      subject={installation.title}
      title={`Uninstall ${installation.title}?`}
      description={`Its schedules and triggers stop for ${clientName} and it can no longer be started. Its run history and audit trail are kept; you can install it again later.`}
      pending={uninstall.isPending}
      error={error}
      onOpenChange={() => setError(null)}
      onConfirm={() => uninstall.mutateAsync({ installationId: installation.id })}
      onDone={onUninstalled}
    />
  );
}
