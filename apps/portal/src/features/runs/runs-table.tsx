import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import Link from "next/link";
import { RelativeTime } from "@/features/connections/relative-time";
import { RunStatusBadge } from "./run-status-badge";
import { errorText, formatDuration, shortId, TRIGGER_LABEL, triageOf, triageTitle, type TRunSummary } from "./run-view";

/** Props of {@link RunsTable}. */
export interface RunsTableProps {
  runs: TRunSummary[];
  /** Partner staff see many clients' runs; a client's own people do not need the column. */
  showClient: boolean;
  label: string;
}

/** Runs, newest first: each links to its detail, with why a failed one stopped. */
export function RunsTable({ runs, showClient, label }: RunsTableProps) {
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHead>Run</TableHead>
          <TableHead>Status</TableHead>
          {showClient ? <TableHead>Client</TableHead> : null}
          <TableHead>Step</TableHead>
          <TableHead>Business key</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Took</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((run) => {
          // Only a failed run is waiting on its cause; a resolved one keeps its triage but no longer needs it shown.
          const triage = run.status === "failed" ? triageOf(run.triage) : null;
          const failure = run.status === "failed" ? errorText(run.error) : null;
          return (
            <TableRow key={run.id}>
              <TableHead scope="row" className="h-auto py-2.5 align-top">
                <Link href={`/runs/${run.id}`} className="font-medium text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                  {run.workflowKey}
                  <span className="sr-only"> run</span> <span className="font-mono text-xs font-normal">{shortId(run.id)}</span>
                </Link>
                <div className="text-xs font-normal text-muted-foreground">
                  v{run.workflowVersion} · {TRIGGER_LABEL[run.trigger]}
                </div>
              </TableHead>
              <TableCell className="align-top">
                <div className="grid gap-1">
                  <RunStatusBadge status={run.status} />
                  {triage ? <span className="text-xs text-muted-foreground">Likely cause: {triageTitle(triage.label)}</span> : null}
                </div>
              </TableCell>
              {showClient ? <TableCell className="align-top">{run.clientName}</TableCell> : null}
              <TableCell className="max-w-xs align-top">
                {run.currentStep ? <code className="font-mono text-xs">{run.currentStep}</code> : <span className="text-muted-foreground">—</span>}
                {failure ? <p className="mt-1 line-clamp-2 text-xs text-danger" title={failure}>{failure}</p> : null}
              </TableCell>
              <TableCell className="align-top">{run.correlationKey ? <code className="font-mono text-xs break-all">{run.correlationKey}</code> : <span className="text-muted-foreground">—</span>}</TableCell>
              <TableCell className="align-top whitespace-nowrap"><RelativeTime date={run.createdAt} /></TableCell>
              <TableCell className="align-top whitespace-nowrap">
                {run.finishedAt ? formatDuration(run.finishedAt.getTime() - run.createdAt.getTime()) : <span className="text-muted-foreground">still going</span>}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
