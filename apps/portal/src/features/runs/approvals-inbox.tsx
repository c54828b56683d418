"use client";

import { Button, EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { useLiveRefresh } from "@/features/live/use-live";
import { RelativeTime } from "@/features/connections/relative-time";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { ApprovalFacts } from "./approval-facts";
import { assigneesText } from "./approval-status-badge";
import { ApprovalEscalation, ApprovalExpiry } from "./approval-timing";
import { DecideApproval } from "./decide-approval";
import { APPROVALS_PAGE_SIZE, shortId, type TApproval } from "./run-view";

/** Props of {@link ApprovalsInbox}. */
export interface ApprovalsInboxProps {
  initialPage: { items: TApproval[]; nextCursor: string | null };
  /** `approval.decide`: Approve and Reject (each approval's assignees still decide who may). */
  canDecide: boolean;
  showClient: boolean;
  /** The API lists only approvals assigned to the viewer (a client user's inbox): say so. */
  assignedOnly?: boolean;
}

/** Approvals waiting for a decision, newest first; re-read when one opens, is decided or expires (live events). */
export function ApprovalsInbox({ initialPage, canDecide, showClient, assignedOnly = false }: ApprovalsInboxProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const approvals = useInfiniteQuery(
    trpc.approval.list.infiniteQueryOptions(
      { status: ["pending"], limit: APPROVALS_PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, initialData: { pages: [initialPage], pageParams: [null] } },
    ),
  );
  useLiveRefresh({ matches: (event) => event.kind === "approval", queryKeys: [trpc.approval.list.pathKey()] });
  const rows = approvals.data?.pages.flatMap((page) => page.items) ?? [];
  const onDecided = async (message: string) => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.approval.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.run.pathKey() })]);
    setNotice(message);
    headingRef.current?.focus();
  };

  return (
    <div className="space-y-4">
      <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none">{assignedOnly ? "Waiting for you" : "Waiting for a decision"}</h2>
      {/* Always rendered: a live region must exist before its message does to be announced. */}
      <p role="status" className="text-sm text-success empty:sr-only">{notice}</p>
      {approvals.isError ? <p role="alert" className="text-sm text-danger">{messageOf(approvals.error)}</p> : null}
      {rows.length === 0 ? (
        <EmptyState
          title={assignedOnly ? "Nothing waits for you" : "No approvals waiting"}
          description={
            assignedOnly
              ? "When a workflow holds a step for you or your role to approve, it waits here until it expires. Runs of your stores are under Runs."
              : "When a workflow holds a step for a person to approve, it waits here, with who may decide and until when."
          }
        />
      ) : (
        <>
          <Table aria-label="Approvals waiting for a decision">
            <TableHeader>
              <TableRow>
                <TableHead>Approval</TableHead>
                {showClient ? <TableHead>Client</TableHead> : null}
                <TableHead>Run</TableHead>
                <TableHead>Who may decide</TableHead>
                <TableHead>Time left</TableHead>
                <TableHead>Escalation</TableHead>
                {canDecide ? <TableHead><span className="sr-only">Decide</span></TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((approval) => (
                <TableRow key={approval.id}>
                  <TableHead scope="row" className="h-auto py-2.5 align-top">
                    <div className="font-medium">{approval.title}</div>
                    <div className="text-xs font-normal text-muted-foreground">
                      asked <RelativeTime date={approval.createdAt} />
                    </div>
                    <ApprovalFacts details={approval.details} />
                  </TableHead>
                  {showClient ? <TableCell className="align-top">{approval.clientName}</TableCell> : null}
                  <TableCell className="align-top">
                    <Link href={`/runs/${approval.runId}`} className="text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                      {approval.workflowKey} <span className="font-mono text-xs">{shortId(approval.runId)}</span>
                    </Link>
                    <div className="text-xs text-muted-foreground">
                      at <code className="font-mono">{approval.stepKey}</code>
                    </div>
                  </TableCell>
                  <TableCell className="align-top text-sm">{assigneesText(approval.assignees)}</TableCell>
                  <TableCell className="align-top whitespace-nowrap"><ApprovalExpiry approval={approval} /></TableCell>
                  <TableCell className="align-top text-sm"><ApprovalEscalation approval={approval} /></TableCell>
                  {canDecide ? (
                    <TableCell className="align-top">
                      <DecideApproval approval={approval} onDecided={onDecided} />
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {approvals.hasNextPage ? (
            <Button variant="outline" onClick={() => approvals.fetchNextPage()} disabled={approvals.isFetchingNextPage}>
              {approvals.isFetchingNextPage ? "Loading…" : "Load older approvals"}
            </Button>
          ) : null}
        </>
      )}
    </div>
  );
}
