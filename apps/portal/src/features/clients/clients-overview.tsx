"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, Button, EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { LiveIndicator } from "@/features/live/live-indicator";
import { useLiveRefresh } from "@/features/live/use-live";
import { formatPercent } from "@/features/sla/sla-format";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { CLIENT_GLANCE_RANGE, clientHealth, type TRunOverview } from "./client-health";
import { CreateClientForm } from "./create-client-form";

type TClient = RouterOutputs["client"]["list"][number];
type TPartnerSla = RouterOutputs["sla"]["partnerOverview"];

/** Props of {@link ClientsOverview}. */
export interface ClientsOverviewProps {
  heading: string;
  initialClients: TClient[];
  /** `run.overview` for every client: today's runs, open exceptions, backlog. */
  initialRuns: TRunOverview[];
  /** `sla.partnerOverview` over {@link CLIENT_GLANCE_RANGE}: each client's attainment. */
  initialSla: TPartnerSla;
  canCreate: boolean;
  canArchive: boolean;
}

/**
 * The partner console's home: every client at a glance (health, SLA
 * attainment, today's failures, open exceptions, backlog), re-read as runs
 * change, with creating and archiving clients.
 */
export function ClientsOverview({ heading, initialClients, initialRuns, initialSla, canCreate, canArchive }: ClientsOverviewProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const clients = useQuery({ ...trpc.client.list.queryOptions({}), initialData: initialClients });
  const runs = useQuery({ ...trpc.run.overview.queryOptions({}), initialData: initialRuns });
  const sla = useQuery({ ...trpc.sla.partnerOverview.queryOptions({ range: CLIENT_GLANCE_RANGE }), initialData: initialSla });
  useLiveRefresh({ matches: (event) => event.kind === "run", queryKeys: [trpc.run.overview.pathKey(), trpc.sla.partnerOverview.pathKey()] });
  const runsOf = new Map(runs.data.map((row) => [row.clientId, row]));
  const slaOf = new Map(sla.data.clients.map((row) => [row.clientId, row]));
  const archive = useMutation(
    trpc.client.archive.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.client.list.queryKey() }),
      onError: (error) => setActionError(messageOf(error)),
    }),
  );

  return (
    <section aria-labelledby="clients-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="clients-heading" className="text-2xl font-semibold">{heading}</h1>
        <div className="flex flex-wrap items-center gap-3">
          <LiveIndicator />
          {canCreate && !creating ? <Button onClick={() => setCreating(true)}>New client</Button> : null}
        </div>
      </div>
      {creating ? <CreateClientForm onDone={() => setCreating(false)} /> : null}
      {actionError ? <p role="alert" className="text-sm text-danger">{actionError}</p> : null}
      {clients.data.length === 0 ? (
        <EmptyState
          title="No retail clients yet"
          description={canCreate ? "Create your first client, then connect its systems and install workflow templates." : "Your partner has not added any clients yet."}
          action={canCreate && !creating ? <Button onClick={() => setCreating(true)}>Create a client</Button> : undefined}
        />
      ) : (
        <Table aria-label="Clients">
          <TableHeader>
            <TableRow>
              <TableHead>Client</TableHead>
              <TableHead>Health</TableHead>
              <TableHead className="text-right">SLA, 7 days</TableHead>
              <TableHead className="text-right">Failed today</TableHead>
              <TableHead className="text-right">Open exceptions</TableHead>
              <TableHead className="text-right">Running</TableHead>
              <TableHead className="text-right">Stores</TableHead>
              <TableHead>Status</TableHead>
              {canArchive ? <TableHead><span className="sr-only">Actions</span></TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {clients.data.map((client) => {
              const today = runsOf.get(client.id);
              const attainment = slaOf.get(client.id)?.attainment ?? null;
              const health = clientHealth({ attainment, openExceptions: today?.openExceptions ?? 0, backlog: today?.backlog ?? 0 });
              return (
                <TableRow key={client.id}>
                  <TableCell>
                    <Link href={`/clients/${client.id}`} className="font-medium text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                      {client.name}
                    </Link>
                    <div className="text-xs text-muted-foreground">{client.timezone}</div>
                  </TableCell>
                  <TableCell>
                    {client.status === "active" ? <Badge variant={health.variant} title={health.reason}>{health.label}</Badge> : <span className="text-muted-foreground">–</span>}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    <Link href={`/clients/${client.id}/sla`} className="text-brand-text underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                      {formatPercent(attainment)}<span className="sr-only"> SLA attainment of {client.name}</span>
                    </Link>
                  </TableCell>
                  <TableCell className={`text-right tabular-nums ${today?.today.failed ? "font-semibold text-danger" : ""}`}>{today?.today.failed ?? 0}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {today?.openExceptions ? (
                      <Link href={`/runs/exceptions?client=${client.id}`} className="font-semibold text-danger underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                        {today.openExceptions}<span className="sr-only"> open exceptions of {client.name}</span>
                      </Link>
                    ) : (
                      0
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{today?.backlog ?? 0}</TableCell>
                  <TableCell className="text-right">{client.storeCount}</TableCell>
                  <TableCell>
                    <Badge variant={client.status === "active" ? "success" : "neutral"}>{client.status}</Badge>
                  </TableCell>
                  {canArchive ? (
                    <TableCell className="text-right">
                      {client.status === "active" ? (
                        <Button
                          variant="ghost"
                          size="sm"
                          disabled={archive.isPending}
                          onClick={() => {
                            if (window.confirm(`Archive ${client.name}? Its data is kept; it leaves the active list.`)) archive.mutate({ id: client.id });
                          }}
                        >
                          Archive<span className="sr-only"> {client.name}</span>
                        </Button>
                      ) : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
