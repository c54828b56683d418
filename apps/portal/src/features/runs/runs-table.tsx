"use client";

import { Button, Skeleton, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ColumnDef, flexRender, getCoreRowModel, type SortingState, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { type ReactNode, useState } from "react";
import { RelativeTime } from "@/features/connections/relative-time";
import { useLiveRefresh } from "@/features/live/use-live";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { RunStatusBadge } from "./run-status-badge";
import { errorText, formatDuration, shortId, TRIGGER_LABEL, triageOf, triageTitle, type TRunListFilters, type TRunPage, type TRunSummary } from "./run-view";

/** Columns the server sorts by (run.list's `sort.field`); the rest are not sortable. */
const SORTABLE = ["createdAt", "updatedAt", "workflowKey"] as const;
type TSortField = (typeof SORTABLE)[number];
const DEFAULT_SORT: SortingState = [{ id: "createdAt", desc: true }];
const isSortField = (id: string): id is TSortField => (SORTABLE as readonly string[]).includes(id);

function columnsFor(showClient: boolean): ColumnDef<TRunSummary>[] {
  const columns: (ColumnDef<TRunSummary> | null)[] = [
    {
      id: "workflowKey",
      header: "Run",
      enableSorting: true,
      sortDescFirst: false,
      cell: ({ row: { original: run } }) => (
        <>
          <Link href={`/runs/${run.id}`} className="font-medium text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
            {run.workflowKey}
            <span className="sr-only"> run</span> <span className="font-mono text-xs font-normal">{shortId(run.id)}</span>
          </Link>
          <div className="text-xs font-normal text-muted-foreground">
            v{run.workflowVersion} · {TRIGGER_LABEL[run.trigger]}
          </div>
        </>
      ),
    },
    {
      id: "status",
      header: "Status",
      enableSorting: false,
      cell: ({ row: { original: run } }) => {
        // Only a failed run is waiting on its cause; a resolved one keeps its triage but no longer needs it shown.
        const triage = run.status === "failed" ? triageOf(run.triage) : null;
        return (
          <div className="grid gap-1">
            <RunStatusBadge status={run.status} />
            {triage ? <span className="text-xs text-muted-foreground">Likely cause: {triageTitle(triage.label)}</span> : null}
          </div>
        );
      },
    },
    showClient ? { id: "client", header: "Client", enableSorting: false, cell: ({ row }) => row.original.clientName } : null,
    {
      id: "step",
      header: "Step",
      enableSorting: false,
      cell: ({ row: { original: run } }) => {
        const failure = run.status === "failed" ? errorText(run.error) : null;
        return (
          <>
            {run.currentStep ? <code className="font-mono text-xs">{run.currentStep}</code> : <span className="text-muted-foreground">—</span>}
            {failure ? <p className="mt-1 line-clamp-2 text-xs text-danger" title={failure}>{failure}</p> : null}
          </>
        );
      },
    },
    {
      id: "correlationKey",
      header: "Business key",
      enableSorting: false,
      cell: ({ row: { original: run } }) => (run.correlationKey ? <code className="font-mono text-xs break-all">{run.correlationKey}</code> : <span className="text-muted-foreground">—</span>),
    },
    { id: "createdAt", header: "Started", enableSorting: true, sortDescFirst: true, cell: ({ row }) => <RelativeTime date={row.original.createdAt} /> },
    { id: "updatedAt", header: "Last change", enableSorting: true, sortDescFirst: true, cell: ({ row }) => <RelativeTime date={row.original.updatedAt} /> },
    {
      id: "took",
      header: "Took",
      enableSorting: false,
      cell: ({ row: { original: run } }) =>
        run.finishedAt ? formatDuration(run.finishedAt.getTime() - run.createdAt.getTime()) : <span className="text-muted-foreground">still going</span>,
    },
  ];
  return columns.filter((column): column is ColumnDef<TRunSummary> => column !== null);
}

const SORT_WORDS = { asc: "ascending", desc: "descending" } as const;

/** Props of {@link RunsTable}. */
export interface RunsTableProps {
  /** run.list's filters (from the URL or fixed by the view); sort and page are the table's own. */
  filters: TRunListFilters;
  pageSize: number;
  /** The first page in the default order (newest first), rendered on the server. */
  initialPage?: TRunPage;
  /** Partner staff see many clients' runs; a client's own people do not need the column. */
  showClient: boolean;
  label: string;
  /** What to show when no run matches. */
  empty: ReactNode;
}

/**
 * Runs as a TanStack table whose sorting, filtering and paging all happen in
 * the database (run.list's `sort` and keyset cursor): the browser only ever
 * holds one page. Pages are cursors, so the table walks forward and back
 * through the ones it has seen; a sort change starts again at the first page.
 * Re-read when any run in scope changes (live events).
 */
export function RunsTable({ filters, pageSize, initialPage, showClient, label, empty }: RunsTableProps) {
  const trpc = useTRPC();
  const [sorting, setSorting] = useState<SortingState>(DEFAULT_SORT);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  const sortColumn = sorting[0] && isSortField(sorting[0].id) ? sorting[0] : DEFAULT_SORT[0]!;
  const sort = { field: sortColumn.id as TSortField, direction: sortColumn.desc ? ("desc" as const) : ("asc" as const) };
  const cursor = cursors.at(-1);
  const isFirstDefaultPage = pageIndex === 0 && sort.field === "createdAt" && sort.direction === "desc";
  const input = { ...filters, sort, limit: pageSize, ...(cursor ? { cursor } : {}) };
  const page = useQuery({
    ...trpc.run.list.queryOptions(input),
    initialData: isFirstDefaultPage ? initialPage : undefined,
    placeholderData: keepPreviousData,
  });
  useLiveRefresh({ matches: (event) => event.kind === "run", queryKeys: [trpc.run.list.pathKey()] });
  const rows = page.data?.items ?? [];
  const table = useReactTable({
    data: rows,
    columns: columnsFor(showClient),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (run) => run.id,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    pageCount: -1,
    state: { sorting, pagination: { pageIndex, pageSize } },
    onSortingChange: (updater) => {
      setSorting((current) => (typeof updater === "function" ? updater(current) : updater));
      setCursors([undefined]);
    },
  });

  if (page.isPending) return <Skeleton className="h-40 w-full" />;
  if (page.isError && !page.data) return <p role="alert" className="text-sm text-danger">{messageOf(page.error)}</p>;
  if (rows.length === 0 && pageIndex === 0) return <>{empty}</>;
  const nextCursor = page.data?.nextCursor ?? null;

  return (
    <div className="space-y-3">
      <Table aria-label={label} aria-busy={page.isFetching} data-testid="runs-table">
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <TableHead key={header.id} aria-sort={header.column.getCanSort() ? (sorted ? SORT_WORDS[sorted] : "none") : undefined}>
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 rounded font-medium hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden className="text-xs">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        <span className="sr-only">{sorted ? `, sorted ${SORT_WORDS[sorted]}` : ", sort"}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getVisibleCells().map((cell) =>
                cell.column.id === "workflowKey" ? (
                  <TableHead key={cell.id} scope="row" className="h-auto py-2.5 align-top">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </TableHead>
                ) : (
                  <TableCell key={cell.id} className={cell.column.id === "createdAt" || cell.column.id === "updatedAt" || cell.column.id === "took" ? "align-top whitespace-nowrap" : "max-w-xs align-top"}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <nav aria-label={`${label}: pages`} className="flex flex-wrap items-center gap-3">
        <Button variant="outline" size="sm" onClick={() => setCursors((list) => list.slice(0, -1))} disabled={pageIndex === 0}>
          Previous page
        </Button>
        <span className="text-sm text-muted-foreground" aria-live="polite">
          Page {pageIndex + 1} · {rows.length} {rows.length === 1 ? "run" : "runs"}
        </span>
        <Button variant="outline" size="sm" onClick={() => nextCursor && setCursors((list) => [...list, nextCursor])} disabled={!nextCursor || page.isPlaceholderData}>
          Next page
        </Button>
        {page.isError ? <p role="alert" className="text-sm text-danger">Could not refresh: {messageOf(page.error)}</p> : null}
      </nav>
    </div>
  );
}
