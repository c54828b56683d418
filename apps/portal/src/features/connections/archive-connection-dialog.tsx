"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDestructiveDialog } from "@/features/shell/confirm-destructive-dialog";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { type TConnection } from "./connector-catalog";

/** Props of {@link ArchiveConnectionDialog}. */
export interface ArchiveConnectionDialogProps {
  connection: TConnection;
  onArchived: (connection: TConnection) => Promise<void>;
}

export function ArchiveConnectionDialog({ connection, onArchived }: ArchiveConnectionDialogProps) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const archive = useMutation(trpc.connection.archive.mutationOptions({ onError: (e) => setError(messageOf(e)) }));
  return (
    <ConfirmDestructiveDialog
      action="Archive"
      confirmLabel="Archive connection"
      pendingLabel="Archiving…"
      subject={connection.name}
      title={`Archive ${connection.name}?`}
      description="Its webhooks are refused from now on and workflows can no longer use it. Its secrets are destroyed; its history stays."
      pending={archive.isPending}
      error={error}
      onOpenChange={() => setError(null)}
      onConfirm={() => archive.mutateAsync({ id: connection.id })}
      onDone={onArchived}
    />
  );
}
