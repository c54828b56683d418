"use client";

import { EmptyState, FormField, Select, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useLiveRefresh } from "@/features/live/use-live";
import { RelativeTime } from "@/features/connections/relative-time";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { BulkRetryDialog } from "./bulk-retry-dialog";
import { groupByCause, groupByWorkflowStep, loadFailedRuns, QUEUE_PAGE_SIZE, type TCauseGroup, type TFailedRuns } from "./exception-groups";
import { errorText, RUNS_PAGE_SIZE, shortId, triageOf } from "./run-view";
import { RunsTable } from "./runs-table";

/** Props of {@link ExceptionQueue}. */
export interface ExceptionQueueProps {
  clients: { id: string; name: string }[];
  /** The `?client=` filter, already checked against `clients`. */
  clientId: string | null;
  /** The failed runs, read on the server. */
  initial: TFailedRuns;
  /** `run.operate`: bulk retry. */
  canOperate: boolean;
  /** Partner staff see many clients. */
  showClient: boolean;
}

function CauseGroup({ group, showClient }: { group: TCauseGroup; showClient: boolean }) {
  const headingId = `cause-${group.key}`;
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className="flex items-baseline gap-2 text-base font-semibold">
        {group.title}{" "}
        <span className="text-sm font-normal text-muted-foreground">
          {group.runs.length} {group.runs.length === 1 ? "run" : "runs"}
        </span>
      </h3>
      <Table aria-label={`${group.title}: failed runs`}>
        <TableHeader>
          <TableRow>
            <TableHead>Run</TableHead>
            {showClient ? <TableHead>Client</TableHead> : null}
            <TableHead>Failed at</TableHead>
            <TableHead>Error</TableHead>
            <TableHead>Suggested action</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {group.runs.map((run) => {
            const triage = triageOf(run.triage);
            const error = errorText(run.error);
            return (
              <TableRow key={run.id}>
                <TableHead scope="row" className="h-auto py-2.5 align-top">
                  <Link href={`/runs/${run.id}`} className="font-medium text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                    {run.workflowKey}
                    <span className="sr-only"> run</span> <span className="font-mono text-xs font-normal">{shortId(run.id)}</span>
                  </Link>
                  {run.correlationKey ? <div className="font-mono text-xs font-normal text-muted-foreground break-all">{run.correlationKey}</div> : null}
                </TableHead>
                {showClient ? <TableCell className="align-top">{run.clientName}</TableCell> : null}
                <TableCell className="align-top">
                  {run.currentStep ? <code className="font-mono text-xs">{run.currentStep}</code> : "—"}
                  {run.finishedAt ? (
                    <div className="text-xs whitespace-nowrap text-muted-foreground">
                      <RelativeTime date={run.finishedAt} />
                    </div>
                  ) : null}
                </TableCell>
                <TableCell className="max-w-sm align-top">
                  <p className="line-clamp-3 text-xs" title={error ?? undefined}>{error ?? "—"}</p>
                </TableCell>
                <TableCell className="max-w-sm align-top text-sm">{triage ? triage.suggestedAction : <span className="text-muted-foreground">Being triaged…</span>}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}

/**
 * Failed runs waiting for a person, by likely cause and by workflow and step,
 * with a bulk retry per step. Re-read when a run changes status or is triaged
 * (live events), so new failures, triage results and runs others handle show up.
 */
export function ExceptionQueue({ clients, clientId, initial, canOperate, showClient }: ExceptionQueueProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const client = clients.find((c) => c.id === clientId) ?? null;
  const queue = useQuery({
    // Under run.list's key, so whatever invalidates runs refreshes the queue too.
    queryKey: [...trpc.run.list.pathKey(), { exceptionQueue: clientId }],
    queryFn: () =>
      loadFailedRuns((cursor) =>
        queryClient.fetchQuery({ ...trpc.run.list.queryOptions({ status: ["failed"], ...(clientId ? { clientId } : {}), ...(cursor ? { cursor } : {}), limit: QUEUE_PAGE_SIZE }), staleTime: 0 }),
      ),
    initialData: initial,
  });
  useLiveRefresh({ matches: (event) => event.kind === "run", queryKeys: [trpc.run.list.pathKey()] });
  const { runs, truncated } = queue.data;
  const causes = groupByCause(runs);
  const steps = groupByWorkflowStep(runs);
  const onDone = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.run.pathKey() });
    setNotice(message);
    headingRef.current?.focus();
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none" data-testid="queue-count">
          {runs.length === 0 ? "Nothing waiting" : `${truncated ? "At least " : ""}${runs.length} failed ${runs.length === 1 ? "run" : "runs"} waiting`}
        </h2>
        {clients.length > 1 ? (
          <FormField id="queue-client" label="Client" className="w-full max-w-xs">
            <Select value={clientId ?? ""} onChange={(event) => router.replace(event.currentTarget.value ? `/runs/exceptions?client=${encodeURIComponent(event.currentTarget.value)}` : "/runs/exceptions")}>
              <option value="">All clients</option>
              {clients.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </Select>
          </FormField>
        ) : null}
      </div>
      {/* Always rendered: a live region must exist before its message does to be announced. */}
      <p role="status" className="text-sm text-success empty:sr-only">{notice}</p>
      {queue.isError ? <p role="alert" className="text-sm text-danger">Could not refresh: {messageOf(queue.error)}</p> : null}
      {truncated ? <p className="text-sm text-muted-foreground">Showing the newest {runs.length} failed runs; counts cover these. Filter by client to see the rest.</p> : null}
      {runs.length === 0 ? (
        <EmptyState
          title={client ? `No failed runs for ${client.name}` : "No failed runs"}
          description="When a run fails it lands here with its likely cause and a suggested action, within seconds."
          action={<Link href="/runs" className="text-sm text-brand-text underline underline-offset-4">See all runs</Link>}
        />
      ) : (
        <>
          <section aria-labelledby="by-step-heading" className="space-y-2">
            <h2 id="by-step-heading" className="text-lg font-semibold">By workflow and step</h2>
            <Table aria-label="Failed runs by workflow and step">
              <TableHeader>
                <TableRow>
                  <TableHead>Workflow</TableHead>
                  <TableHead>Failed at step</TableHead>
                  <TableHead>Runs</TableHead>
                  {canOperate ? <TableHead><span className="sr-only">Actions</span></TableHead> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {steps.map((group) => {
                  const { stepKey } = group;
                  return (
                    <TableRow key={`${group.workflowKey}:${stepKey}`}>
                      <TableHead scope="row" className="h-auto py-2.5">{group.workflowKey}</TableHead>
                      <TableCell>{stepKey ? <code className="font-mono text-xs">{stepKey}</code> : "—"}</TableCell>
                      <TableCell>{group.count}</TableCell>
                      {canOperate ? (
                        <TableCell className="text-right">
                          {stepKey ? <BulkRetryDialog group={{ ...group, stepKey }} client={client} truncated={truncated} onDone={onDone} /> : null}
                        </TableCell>
                      ) : null}
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </section>
          <section aria-labelledby="by-cause-heading" className="space-y-4">
            <h2 id="by-cause-heading" className="text-lg font-semibold">By likely cause</h2>
            {causes.map((group) => (
              <CauseGroup key={group.key} group={group} showClient={showClient} />
            ))}
          </section>
          <section aria-labelledby="every-failed-heading" className="space-y-2">
            <h2 id="every-failed-heading" className="text-lg font-semibold">Every failed run</h2>
            <p className="text-sm text-muted-foreground">Sort by when they started, last changed or by workflow; the server pages through all of them.</p>
            <RunsTable
              filters={{ status: ["failed"], ...(clientId ? { clientId } : {}) }}
              pageSize={RUNS_PAGE_SIZE}
              showClient={showClient}
              label="Every failed run"
              empty={<p className="text-sm text-muted-foreground">No failed runs left.</p>}
            />
          </section>
        </>
      )}
    </div>
  );
}
