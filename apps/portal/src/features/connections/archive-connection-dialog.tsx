"use client";

import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
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
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const archive = useMutation(
    trpc.connection.archive.mutationOptions({
      onSuccess: async (archived) => {
        setOpen(false);
        await onArchived(archived);
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
        <Button variant="ghost" size="sm">Archive<span className="sr-only"> {connection.name}</span></Button>
      </DialogTrigger>
      <DialogContent
        title={`Archive ${connection.name}?`}
        description="Its webhooks are refused from now on and workflows can no longer use it. Its secrets are destroyed; its history stays."
      >
        {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" disabled={archive.isPending} onClick={() => archive.mutate({ id: connection.id })}>
            {archive.isPending ? "Archiving…" : "Archive connection"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
