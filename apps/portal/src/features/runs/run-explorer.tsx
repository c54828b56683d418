"use client";

import { buttonVariants, EmptyState } from "@storeflow/ui";
import Link from "next/link";
import { RunFilterForm } from "./run-filter-form";
import { hasFilters, type TFilterErrors, type TParsedRunFilters, type TRunFilters } from "./run-filters";
import { RUNS_PAGE_SIZE, type TRunPage } from "./run-view";
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
 * Runs matching the URL's filters, sorted and paged by the server (see
 * RunsTable). Statuses move without a reload: the table listens to live events.
 */
export function RunExplorer({ clients, filters, errors, input, initialPage, showClient, canInstall }: RunExplorerProps) {
  const empty = hasFilters(filters) ? (
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
  );
  return (
    <div className="space-y-4">
      <RunFilterForm filters={filters} errors={errors} clients={clients} />
      <RunsTable filters={input} pageSize={RUNS_PAGE_SIZE} initialPage={initialPage} showClient={showClient} label="Runs" empty={empty} />
    </div>
  );
}
