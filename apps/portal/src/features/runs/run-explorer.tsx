"use client";

import { Button, buttonVariants, EmptyState, Skeleton } from "@storeflow/ui";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { RunFilterForm } from "./run-filter-form";
import { hasFilters, type TFilterErrors, type TParsedRunFilters, type TRunFilters } from "./run-filters";
import { POLL_MS, RUNS_PAGE_SIZE, type TRunPage } from "./run-view";
import { RunsTable } from "./runs-table";

/** Props of {@link RunExplorer}. */
export interface RunExplorerProps {
  clients: { id: string; name: string }[];
  filters: TRunFilters;
  errors: TFilterErrors;
  /** run.list's filters, as the server read them from the URL. */
  input: TParsedRunFilters["input"];
  /** The first page, rendered on the server. */
  initialPage: TRunPage;
  /** Partner staff: the client column and picker. */
  showClient: boolean;
  /** `installation.manage`: the empty state offers the template catalogue. */
  canInstall: boolean;
}

/**
 * Runs matching the URL's filters, newest first, a page at a time. The pages
 * loaded are asked for again every few seconds while the tab is visible
 * (polling, so statuses move without a reload).
 */
export function RunExplorer({ clients, filters, errors, input, initialPage, showClient, canInstall }: RunExplorerProps) {
  const trpc = useTRPC();
  const runs = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      { ...input, limit: RUNS_PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        initialData: { pages: [initialPage], pageParams: [null] },
        refetchInterval: POLL_MS,
      },
    ),
  );
  const rows = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = hasFilters(filters);

  return (
    <div className="space-y-4">
      <RunFilterForm filters={filters} errors={errors} clients={clients} />
      {runs.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : runs.isError && rows.length === 0 ? (
        <p role="alert" className="text-sm text-danger">{messageOf(runs.error)}</p>
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No runs match these filters"
            description="Widen the time range, pick another status, or check the business key: it must match exactly."
            action={<Link href="/runs" className={buttonVariants({ variant: "outline" })}>Clear filters</Link>}
          />
        ) : (
          <EmptyState
            title="No runs yet"
            description={
              canInstall
                ? "Install a template for a client and start it, by hand, on a schedule or from a webhook: its runs appear here as they start."
                : "Runs appear here once a template is installed and starts. Ask your partner's administrator to install one."
            }
            action={canInstall ? <Link href="/templates" className={buttonVariants()}>Install a template</Link> : undefined}
          />
        )
      ) : (
        <>
          <RunsTable runs={rows} showClient={showClient} label="Runs" />
          <div className="flex flex-wrap items-center gap-3">
            {runs.hasNextPage ? (
              <Button variant="outline" onClick={() => runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
                {runs.isFetchingNextPage ? "Loading…" : "Load older runs"}
              </Button>
            ) : null}
            <p className="text-sm text-muted-foreground">
              {rows.length} {rows.length === 1 ? "run" : "runs"} shown{runs.hasNextPage ? "; older ones load on request" : ""}. Statuses update every few seconds.
            </p>
            {runs.isError ? <p role="alert" className="text-sm text-danger">Could not refresh: {messageOf(runs.error)}</p> : null}
          </div>
        </>
      )}
    </div>
  );
}
