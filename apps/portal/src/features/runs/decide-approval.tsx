"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { ActionDialog } from "./action-dialog";
import { NoteForm } from "./note-form";
import { type TApproval } from "./run-view";

/** Props of {@link DecideApproval}. */
export interface DecideApprovalProps {
  approval: Pick<TApproval, "id" | "title">;
  /** Resolves once the page shows the decision. */
  onDecided: (notice: string) => Promise<void>;
}

/**
 * Approve and Reject for a pending approval, each with an optional reason.
 * Whether this person may decide is the approval's own rule (its assignees):
 * the server says so if not, in the dialog.
 */
export function DecideApproval({ approval, onDecided }: DecideApprovalProps) {
  const trpc = useTRPC();
  const decide = useMutation(trpc.approval.decide.mutationOptions());
  return (
    <div className="flex flex-wrap gap-2">
      {(["approved", "rejected"] as const).map((decision) => {
        const verb = decision === "approved" ? "Approve" : "Reject";
        return (
          <ActionDialog key={decision} label={verb} variant={decision === "approved" ? "default" : "outline"} srSuffix={approval.title} title={`${verb} “${approval.title}”?`}>
            {(close) => (
              <NoteForm
                id={`${decision}-${approval.id}`}
                name="reason"
                formLabel={`${verb} ${approval.title}`}
                label="Reason"
                description={decision === "approved" ? "Optional: what you checked." : "Optional, but the run's owner will want to know why."}
                submitLabel={verb}
                pendingLabel={decision === "approved" ? "Approving…" : "Rejecting…"}
                destructive={decision === "rejected"}
                onSubmit={async (reason) => {
                  const result = await decide.mutateAsync({ approvalId: approval.id, decision, ...(reason ? { reason } : {}) });
                  close();
                  await onDecided(`${decision === "approved" ? "Approved" : "Rejected"} “${approval.title}”.${result.nextStep ? ` The run goes on with ${result.nextStep}.` : ""}`);
                }}
              />
            )}
          </ActionDialog>
        );
      })}
    </div>
  );
}
