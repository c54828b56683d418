"use client";

import { Button } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { type TInstallation } from "./install-form";

/** Props of {@link EnableButton}. */
export interface EnableButtonProps {
  installation: TInstallation;
  onChanged: (installation: TInstallation) => Promise<void>;
}

/** Pauses or resumes an installation: disabled, its schedules and triggers start nothing; runs under way finish. */
export function EnableButton({ installation, onChanged }: EnableButtonProps) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const toggle = useMutation(
    trpc.installation.setEnabled.mutationOptions({
      onSuccess: async (changed) => {
        setError(null);
        await onChanged(changed);
      },
      onError: (e) => setError(messageOf(e)),
    }),
  );
  const verb = installation.enabled ? "Disable" : "Enable";
  return (
    <>
      <Button variant="ghost" size="sm" disabled={toggle.isPending} onClick={() => toggle.mutate({ installationId: installation.id, enabled: !installation.enabled })}>
        {toggle.isPending ? (installation.enabled ? "Disabling…" : "Enabling…") : verb}
        <span className="sr-only"> {installation.title}</span>
      </Button>
      {error ? <p role="alert" className="basis-full text-right text-sm text-danger">{error}</p> : null}
    </>
  );
}
