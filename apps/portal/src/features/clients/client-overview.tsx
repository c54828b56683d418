"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, buttonVariants } from "@storeflow/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode } from "react";
import { RelativeTime } from "@/features/connections/relative-time";
import { LiveIndicator } from "@/features/live/live-indicator";
import { useLiveRefresh } from "@/features/live/use-live";
import { ApprovalExpiry } from "@/features/runs/approval-timing";
import { errorText, shortId, type TApproval, type TRunSummary } from "@/features/runs/run-view";
import { StatTile } from "@/features/sla/client-sla-dashboard";
import { formatPercent } from "@/features/sla/sla-format";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { clientHealth, type TRunOverview } from "./client-health";
import { OVERVIEW_LIST_SIZE } from "./client-overview-data";


type TDashboard = RouterOutputs["sla"]["clientDashboard"];

/** What the server read for the first paint; the same queries then stay live. */
export interface TClientOverviewData {
  runs: TRunOverview;
  sla: TDashboard;
  exceptions: { items: TRunSummary[]; nextCursor: string | null };
  approvals: { items: TApproval[]; nextCursor: string | null };
}

/** Props of {@link ClientOverview}. */
export interface ClientOverviewProps {
  clientId: string;
  initial: TClientOverviewData;
  /** A client user: the approvals listed are those assigned to them (the API's rule), and the words say so. */
  forClientUser: boolean;
  /** `run.operate`: the exception queue's actions. */
  canOperate: boolean;
}

const linkClass = "text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring";

function Panel({ id, title, action, children }: { id: string; title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border border-border bg-card p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/**
 * One client's day: SLA attainment, today's runs, the failed runs waiting and
 * the approvals waiting, each linking to where it is dealt with. Client users
 * land here; partner staff reach it from the clients table. It re-reads
 * itself when one of the client's runs or approvals changes (live events).
 */
export function ClientOverview({ clientId, initial, forClientUser, canOperate }: ClientOverviewProps) {
  const trpc = useTRPC();
  const runs = useQuery({ ...trpc.run.overview.queryOptions({ clientId }), initialData: [initial.runs], select: (rows) => rows.find((row) => row.clientId === clientId) ?? initial.runs });
  const sla = useQuery({ ...trpc.sla.clientDashboard.queryOptions({ clientId, range: "24h" }), initialData: initial.sla });
  const exceptions = useQuery({ ...trpc.run.list.queryOptions({ clientId, status: ["failed"], limit: OVERVIEW_LIST_SIZE }), initialData: initial.exceptions });
  const approvals = useQuery({ ...trpc.approval.list.queryOptions({ clientId, status: ["pending"], limit: OVERVIEW_LIST_SIZE }), initialData: initial.approvals });
  useLiveRefresh({
    // A step settling changes no count here; its run's status change does.
    matches: (event) => event.clientId === clientId && event.kind !== "step",
    queryKeys: [trpc.run.overview.pathKey(), trpc.run.list.pathKey(), trpc.approval.list.pathKey(), trpc.sla.clientDashboard.pathKey()],
  });
  const failed = [runs, sla, exceptions, approvals].find((query) => query.isError)?.error;
  const today = runs.data.today;
  const totals = sla.data.totals;
  const health = clientHealth({ attainment: totals.attainment, openExceptions: runs.data.openExceptions, backlog: runs.data.backlog });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <Badge variant={health.variant} data-testid="client-health">{health.label}</Badge>
        <span className="text-sm text-muted-foreground">{health.reason}</span>
        <LiveIndicator className="ml-auto" />
      </div>
      {failed ? <p role="alert" className="text-sm text-danger">Could not refresh: {messageOf(failed)}</p> : null}

      <section aria-labelledby="today-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="today-heading" className="text-lg font-semibold">Today</h2>
          <Link href={`/clients/${clientId}/sla`} className={buttonVariants({ variant: "outline", size: "sm" })}>
            SLA dashboard
          </Link>
        </div>
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6" data-testid="client-today">
          <StatTile label="SLA attainment" value={formatPercent(totals.attainment)} hint={`Last 24 hours: ${totals.attained} of ${totals.runs} runs on time`} tone={totals.attainment !== null && totals.attainment < 0.95 ? "warning" : undefined} />
          <StatTile label="Succeeded today" value={String(today.succeeded)} />
          <StatTile label="Failed today" value={String(today.failed)} tone={today.failed > 0 ? "danger" : undefined} />
          <StatTile label="Running now" value={String(runs.data.backlog)} hint={runs.data.backlog > 0 ? `${today.running} of them started today` : "Nothing in progress"} />
          <StatTile label="Open exceptions" value={String(runs.data.openExceptions)} tone={runs.data.openExceptions > 0 ? "danger" : undefined} />
          <StatTile label="Approvals waiting" value={approvals.data.nextCursor ? `${approvals.data.items.length}+` : String(approvals.data.items.length)} tone={approvals.data.items.length > 0 ? "warning" : undefined} />
        </dl>
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel
          id="exceptions-heading"
          title="Failed runs waiting"
          action={<Link href={`/runs/exceptions?client=${clientId}`} className={linkClass}>Exception queue</Link>}
        >
          {exceptions.data.items.length === 0 ? (
            <p className="text-sm text-muted-foreground">No failed runs wait for anyone. New failures appear here as they happen.</p>
          ) : (
            <>
              <ul aria-label="Failed runs waiting" className="grid gap-2">
                {exceptions.data.items.map((run) => (
                  <li key={run.id} className="grid gap-0.5">
                    <Link href={`/runs/${run.id}`} className={`${linkClass} font-medium`}>
                      {run.workflowKey} <span className="font-mono text-xs">{shortId(run.id)}</span>
                    </Link>
                    <span className="text-xs text-muted-foreground">
                      failed <RelativeTime date={run.updatedAt} />
                      {run.currentStep ? <> at <code className="font-mono">{run.currentStep}</code></> : null}
                      {errorText(run.error) ? <>: {errorText(run.error)}</> : null}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="text-sm text-muted-foreground">
                {canOperate ? "Open a run to retry, skip or resolve it." : "Your partner's operators deal with these; open a run to see why it stopped."}
              </p>
            </>
          )}
        </Panel>

        <Panel id="approvals-heading" title={forClientUser ? "Approvals waiting for you" : "Approvals waiting"} action={<Link href="/runs/approvals" className={linkClass}>All approvals</Link>}>
          {approvals.data.items.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {forClientUser ? "Nothing waits for your decision. When a workflow holds a step for you or your role, it appears here." : "No approval waits for a decision for this client."}
            </p>
          ) : (
            <ul aria-label={forClientUser ? "Approvals waiting for you" : "Approvals waiting"} className="grid gap-2">
              {approvals.data.items.map((approval) => (
                <li key={approval.id} className="grid gap-0.5">
                  <Link href={`/runs/${approval.runId}`} className={`${linkClass} font-medium`}>
                    {approval.title}
                  </Link>
                  <span className="text-xs text-muted-foreground">
                    {approval.workflowKey} · <ApprovalExpiry approval={approval} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}
