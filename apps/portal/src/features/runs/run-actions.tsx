"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { ActionDialog, ConfirmBody } from "./action-dialog";
import { NoteForm } from "./note-form";
import { type TRun } from "./run-view";
import { SkipStepForm } from "./skip-step-form";

/** What an action leaves to announce, and the run it started, if any. */
export interface TActionNotice {
  text: string;
  /** A replay's or restart's new run, linked from the notice. */
  newRunId?: string;
}

/** Props of {@link RunActions}. */
export interface RunActionsProps {
  run: Pick<TRun, "id" | "status" | "currentStep" | "workflowKey">;
  /** Called after an action succeeded; resolves once the page shows the run as it is now. */
  onDone: (notice: TActionNotice) => Promise<void>;
}

/**
 * The operator's actions on one run (run.operate), offered by its status: a
 * failed run can be retried, restarted, skipped forward, resolved or
 * cancelled; a running one cancelled; any run replayed.
 */
export function RunActions({ run, onDone }: RunActionsProps) {
  const trpc = useTRPC();
  const retry = useMutation(trpc.run.retry.mutationOptions());
  const restart = useMutation(trpc.run.restart.mutationOptions());
  const replay = useMutation(trpc.run.replay.mutationOptions());
  const skip = useMutation(trpc.run.skipStep.mutationOptions());
  const cancel = useMutation(trpc.run.cancel.mutationOptions());
  const resolve = useMutation(trpc.run.resolve.mutationOptions());
  const failed = run.status === "failed";
  const step = run.currentStep ?? "the failed step";
  const name = `${run.workflowKey} run`;

  return (
    <div role="group" aria-label="Run actions" className="flex flex-wrap gap-2">
      {failed ? (
        <ActionDialog label="Retry from failed step" variant="default" srSuffix={name} title={`Retry from ${step}?`} description={`The run goes back to ${step} as a new attempt; the steps before it keep their results.`}>
          {(close) => (
            <ConfirmBody
              confirmLabel="Retry"
              pendingLabel="Retrying…"
              onConfirm={async () => {
                const result = await retry.mutateAsync({ runId: run.id });
                close();
                await onDone({ text: `Retrying from ${result.stepKey} (attempt ${result.attempt}).` });
              }}
            />
          )}
        </ActionDialog>
      ) : null}
      {failed ? (
        <ActionDialog
          label="Restart on current version"
          srSuffix={name}
          title="Restart from the start?"
          description="A new run starts from the first step with the same input, on the installation's current template version and settings. This run is resolved with a note pointing at it."
        >
          {(close) => (
            <ConfirmBody
              confirmLabel="Restart"
              pendingLabel="Restarting…"
              onConfirm={async () => {
                const result = await restart.mutateAsync({ runId: run.id });
                close();
                await onDone({ text: "Restarted as a new run.", newRunId: result.runId });
              }}
            />
          )}
        </ActionDialog>
      ) : null}
      {failed ? (
        <ActionDialog label="Skip failed step" srSuffix={name} title={`Skip ${step}`} description="The run carries on as if the step had produced the output you give.">
          {(close) => (
            <SkipStepForm
              runId={run.id}
              stepKey={step}
              onSubmit={async ({ output, note }) => {
                const result = await skip.mutateAsync({ runId: run.id, output, note });
                close();
                await onDone({ text: result.next ? `Skipped ${step}; the run goes on with ${result.next}.` : `Skipped ${step}; the run has finished.` });
              }}
            />
          )}
        </ActionDialog>
      ) : null}
      {failed ? (
        <ActionDialog label="Resolve" srSuffix={name} title="Resolve this run" description="Closes it by hand: it leaves the exception queue with your note, its history kept.">
          {(close) => (
            <NoteForm
              id={`resolve-${run.id}`}
              name="note"
              formLabel="Resolve run"
              label="What was done about it"
              requiredMessage="Write what was done about it"
              submitLabel="Resolve run"
              pendingLabel="Resolving…"
              onSubmit={async (note) => {
                await resolve.mutateAsync({ runId: run.id, note });
                close();
                await onDone({ text: "Run resolved." });
              }}
            />
          )}
        </ActionDialog>
      ) : null}
      {failed || run.status === "running" ? (
        <ActionDialog label="Cancel run" variant="ghost" srSuffix={name} title="Cancel this run?" description="It stops where it is; nothing it already did is undone, and its open approvals close.">
          {(close) => (
            <NoteForm
              id={`cancel-${run.id}`}
              name="reason"
              formLabel="Cancel run"
              label="Reason"
              requiredMessage="Say why the run is cancelled"
              submitLabel="Cancel run"
              pendingLabel="Cancelling…"
              destructive
              dismissLabel="Keep it"
              onSubmit={async (reason) => {
                await cancel.mutateAsync({ runId: run.id, reason });
                close();
                await onDone({ text: "Run cancelled." });
              }}
            />
          )}
        </ActionDialog>
      ) : null}
      <ActionDialog label="Replay" variant="ghost" srSuffix={name} title="Replay this run?" description="A new run starts with the same input on the same workflow version, linked to this one; this run stays as it is.">
        {(close) => (
          <ConfirmBody
            confirmLabel="Replay"
            pendingLabel="Starting…"
            onConfirm={async () => {
              const result = await replay.mutateAsync({ runId: run.id });
              close();
              await onDone({ text: "Replay started.", newRunId: result.runId });
            }}
          />
        )}
      </ActionDialog>
    </div>
  );
}
