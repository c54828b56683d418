"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode, useRef, useState } from "react";
import { RelativeTime } from "@/features/connections/relative-time";
import { LiveIndicator } from "@/features/live/live-indicator";
import { useLiveRefresh } from "@/features/live/use-live";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { JsonBlock } from "./json-block";
import { RunActions, type TActionNotice } from "./run-actions";
import { RunApprovals } from "./run-approvals";
import { RunGraph } from "./run-graph";
import { RunStatusBadge } from "./run-status-badge";
import { errorText, formatDuration, resolutionNote, shortId, TRIGGER_LABEL, type TRun, type TRunLink } from "./run-view";
import { StepTimeline } from "./step-timeline";
import { TriageBox } from "./triage-box";

/** Props of {@link RunDetail}. */
export interface RunDetailProps {
  /** The run, rendered on the server. */
  initialRun: TRun;
  /** `run.operate`: retry, restart, skip, resolve, cancel, replay. */
  canOperate: boolean;
  /** `approval.decide`. */
  canDecide: boolean;
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

function RunLinkItem({ link }: { link: TRunLink }) {
  return (
    <li className="flex flex-wrap items-center gap-2">
      <Link href={`/runs/${link.id}`} className="text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
        {link.workflowKey} <span className="font-mono text-xs">{shortId(link.id)}</span>
      </Link>
      <RunStatusBadge status={link.status} />
      <span className="text-xs text-muted-foreground">
        {TRIGGER_LABEL[link.trigger]}, <RelativeTime date={link.createdAt} />
      </span>
    </li>
  );
}

/**
 * One run: what it is, why it stopped, its steps and approvals, and what an
 * operator can do about it. It is re-read, never polled, when the live stream
 * says the run changed: its status, triage and approvals (database
 * notifications) and each step that settles (the step fleet's feed). When the
 * stream reconnects it says "resync" and the run is re-read, so what changed
 * while it was away still shows.
 */
export function RunDetail({ initialRun, canOperate, canDecide }: RunDetailProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<TActionNotice | null>(null);
  const query = useQuery({ ...trpc.run.get.queryOptions({ runId: initialRun.id }), initialData: initialRun });
  useLiveRefresh({ matches: (event) => event.runId === initialRun.id, queryKeys: [trpc.run.get.queryKey({ runId: initialRun.id })] });
  const run = query.data;
  const refresh = async (next: TActionNotice) => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.run.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.approval.pathKey() })]);
    setNotice(next);
    // The dialog's trigger may be gone with the status it belonged to; give focus a place to land.
    headingRef.current?.focus();
  };
  const failure = run.status === "failed" ? errorText(run.error) : null;
  const resolution = resolutionNote(run.resolution);

  return (
    <article aria-labelledby="run-heading" className="space-y-6">
      <header className="space-y-3">
        <p className="text-sm">
          <Link href="/runs" className="text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">All runs</Link>
          {" · "}
          <Link href="/runs/exceptions" className="text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">Exception queue</Link>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 id="run-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-semibold outline-none">
            {run.workflowKey} <span className="font-mono text-base font-normal text-muted-foreground">{shortId(run.id)}</span>
          </h1>
          {/* Live: a screen reader hears the status change as it lands. */}
          <span aria-live="polite">
            <RunStatusBadge status={run.status} />
          </span>
          <LiveIndicator className="ml-auto" />
        </div>
        {canOperate ? <RunActions run={run} onDone={refresh} /> : null}
        {/* Always rendered: a live region must exist before its message does to be announced. */}
        <div role="status" className="text-sm text-success empty:sr-only">
          {notice ? (
            <>
              {notice.text}{" "}
              {notice.newRunId ? (
                <Link href={`/runs/${notice.newRunId}`} className="font-medium underline underline-offset-4">
                  Open the new run
                </Link>
              ) : null}
            </>
          ) : null}
        </div>
        {query.isError ? <p role="alert" className="text-sm text-danger">Could not refresh: {messageOf(query.error)}</p> : null}
      </header>

      {failure ? (
        <section aria-labelledby="failure-heading" className="rounded-lg border border-danger/30 bg-danger-subtle p-4 text-danger">
          <h2 id="failure-heading" className="text-base font-semibold">
            Failed{run.currentStep ? <> at <code className="font-mono">{run.currentStep}</code></> : null}
          </h2>
          <p className="mt-1 text-sm" data-testid="run-error">{failure}</p>
        </section>
      ) : null}
      {run.status === "failed" ? <TriageBox triage={run.triage} /> : null}
      {resolution ? (
        <section aria-labelledby="resolution-heading" className="rounded-lg border border-border bg-card p-4">
          <h2 id="resolution-heading" className="text-base font-semibold">{run.status === "cancelled" ? "Cancelled by hand" : "Resolved by hand"}</h2>
          <p className="mt-1 text-sm">{resolution}</p>
        </section>
      ) : null}

      <section aria-labelledby="summary-heading" className="space-y-3">
        <h2 id="summary-heading" className="text-lg font-semibold">Summary</h2>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Detail label="Workflow">{run.workflowKey}</Detail>
          <Detail label="Version">v{run.workflowVersion}</Detail>
          <Detail label="Client">{run.clientName}</Detail>
          <Detail label="Trigger">
            {TRIGGER_LABEL[run.trigger]}
            {run.triggerRef ? <span className="block font-mono text-xs text-muted-foreground">{run.triggerRef}</span> : null}
          </Detail>
          <Detail label="Business key">{run.correlationKey ? <code className="font-mono text-xs">{run.correlationKey}</code> : "None"}</Detail>
          <Detail label="Current step">{run.currentStep ? <code className="font-mono text-xs">{run.currentStep}</code> : "None"}</Detail>
          <Detail label="Started"><RelativeTime date={run.createdAt} /></Detail>
          <Detail label={run.finishedAt ? "Finished" : "Last change"}>
            <RelativeTime date={run.finishedAt ?? run.updatedAt} />
            {run.finishedAt ? <span className="text-muted-foreground">, took {formatDuration(run.finishedAt.getTime() - run.createdAt.getTime())}</span> : null}
          </Detail>
          <Detail label="Run ID"><code className="font-mono text-xs break-all">{run.id}</code></Detail>
          {run.parent ? (
            <Detail label="Started from">
              <ul><RunLinkItem link={run.parent} /></ul>
            </Detail>
          ) : null}
        </dl>
        <JsonBlock label="Run input" value={run.input} />
      </section>

      {run.children.length > 0 ? (
        <section aria-labelledby="children-heading" className="space-y-3">
          <h2 id="children-heading" className="text-lg font-semibold">Runs started from this one</h2>
          <ul className="grid gap-2">
            {run.children.map((child) => (
              <RunLinkItem key={child.id} link={child} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="steps-heading" className="space-y-3">
        <h2 id="steps-heading" className="text-lg font-semibold">Steps</h2>
        <RunGraph run={run} />
        {/* Open by default: the list is the graph's text equivalent, in the order things happened. */}
        <details open className="rounded-md border border-border">
          <summary className="cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium select-none hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring">Every attempt, in order</summary>
          <div className="border-t border-border p-3">
            <StepTimeline attempts={run.steps} />
          </div>
        </details>
      </section>

      {run.approvals.length > 0 ? (
        <section aria-labelledby="approvals-heading" className="space-y-3">
          <h2 id="approvals-heading" className="text-lg font-semibold">Approvals</h2>
          <RunApprovals approvals={run.approvals} canDecide={canDecide} onDecided={(text) => refresh({ text })} />
        </section>
      ) : null}
    </article>
  );
}
