"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { ActionDialog, ConfirmBody } from "./action-dialog";
import { type TStepGroup } from "./exception-groups";

/** run.bulkRetry's own ceiling per call. */
const MAX_BULK = 500;

/** Props of {@link BulkRetryDialog}. */
export interface BulkRetryDialogProps {
  group: TStepGroup & { stepKey: string };
  /** The queue's client filter; none retries across every client in scope. */
  client: { id: string; name: string } | null;
  /** The queue read only part of the failed runs: the count is a lower bound. */
  truncated: boolean;
  onDone: (notice: string) => Promise<void>;
}

/**
 * Retries every failed run of one workflow that stopped at one step (for the
 * queue's client, if it has one), each from that step, in one audited call.
 * The confirmation says how many the queue counts; the notice says how many
 * the server retried, which differs only if runs failed or moved meanwhile.
 */
export function BulkRetryDialog({ group, client, truncated, onDone }: BulkRetryDialogProps) {
  const trpc = useTRPC();
  const bulkRetry = useMutation(trpc.run.bulkRetry.mutationOptions());
  const runs = `${truncated ? "at least " : ""}${group.count} failed ${group.count === 1 ? "run" : "runs"}`;
  return (
    <ActionDialog
      label={`Retry ${group.count}`}
      srSuffix={`failed runs of ${group.workflowKey} at ${group.stepKey}`}
      title={`Retry ${runs}?`}
      description={`Every failed run of ${group.workflowKey} that stopped at ${group.stepKey}${client ? ` for ${client.name}` : ", for all clients,"} goes back to that step as a new attempt; the steps before it keep their results.`}
    >
      {(close) => (
        <ConfirmBody
          confirmLabel={`Retry ${group.count} ${group.count === 1 ? "run" : "runs"}`}
          pendingLabel="Retrying…"
          onConfirm={async () => {
            const result = await bulkRetry.mutateAsync({
              workflowKey: group.workflowKey,
              stepKey: group.stepKey,
              ...(client ? { clientId: client.id } : {}),
              limit: Math.min(MAX_BULK, Math.max(1, group.count)),
            });
            close();
            await onDone(`Retried ${result.retried} ${result.retried === 1 ? "run" : "runs"} of ${group.workflowKey} from ${group.stepKey}.`);
          }}
        />
      )}
    </ActionDialog>
  );
}
