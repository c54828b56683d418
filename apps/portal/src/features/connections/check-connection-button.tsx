"use client";

import { Button } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { type TConnection } from "./connector-catalog";

/** Props of {@link CheckConnectionButton}. */
export interface CheckConnectionButtonProps {
  connection: TConnection;
  onRequested: (connection: TConnection) => Promise<void>;
}

/** Asks the workers to check the connection now; the table shows the verdict when it lands. */
export function CheckConnectionButton({ connection, onRequested }: CheckConnectionButtonProps) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const check = useMutation(
    trpc.connection.check.mutationOptions({
      onSuccess: async (requested) => {
        setError(null);
        await onRequested(requested);
      },
      onError: (e) => setError(messageOf(e)),
    }),
  );
  return (
    <>
      <Button variant="ghost" size="sm" disabled={check.isPending} onClick={() => check.mutate({ id: connection.id })}>
        {check.isPending ? "Asking…" : "Check now"}
        <span className="sr-only"> {connection.name}</span>
      </Button>
      {error ? <p role="alert" className="basis-full text-right text-sm text-danger">{error}</p> : null}
    </>
  );
}
