"use client";

import { Button, EmptyState, Skeleton, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { ChainStatus } from "./chain-status";

/** `showChainStatus`: partner staff, whose scope covers the partner's whole audit chain. */
export function AuditLog({ showChainStatus = false }: { showChainStatus?: boolean }) {
  const trpc = useTRPC();
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="audit-heading" className="text-2xl font-semibold">Audit log</h1>
        {showChainStatus ? <ChainStatus /> : null}
      </div>
      {events.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : events.isError ? (
        <p role="alert" className="text-sm text-danger">{messageOf(events.error)}</p>
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing recorded yet" description="Every change to clients, team and brand appears here with who made it and when." />
      ) : (
        <>
          <Table aria-label="Audit events">
            <TableHeader>
              <TableRow>
                <TableHead>#</TableHead>
                <TableHead>When</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>What</TableHead>
                <TableHead>Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className="font-mono text-xs text-muted-foreground">{e.seq}</TableCell>
                  <TableCell className="whitespace-nowrap">{e.createdAt.toLocaleString("en-GB")}</TableCell>
                  <TableCell>{e.actorEmail ?? "system"}</TableCell>
                  <TableCell className="font-mono text-xs">{e.action}</TableCell>
                  <TableCell className="max-w-md truncate font-mono text-xs" title={JSON.stringify(e.data)}>{JSON.stringify(e.data)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {events.hasNextPage ? (
            <Button variant="outline" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              {events.isFetchingNextPage ? "Loading…" : "Load older events"}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
