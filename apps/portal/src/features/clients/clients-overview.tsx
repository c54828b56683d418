"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, Button, EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { CreateClientForm } from "./create-client-form";

type TClient = RouterOutputs["client"]["list"][number];

export function ClientsOverview({ heading, initialClients, canCreate, canArchive }: { heading: string; initialClients: TClient[]; canCreate: boolean; canArchive: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const clients = useQuery({ ...trpc.client.list.queryOptions({}), initialData: initialClients });
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
        {canCreate && !creating ? <Button onClick={() => setCreating(true)}>New client</Button> : null}
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
              <TableHead>Time zone</TableHead>
              <TableHead className="text-right">Stores</TableHead>
              <TableHead>Status</TableHead>
              {canArchive ? <TableHead><span className="sr-only">Actions</span></TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {clients.data.map((client) => (
              <TableRow key={client.id}>
                <TableCell className="font-medium">
                  <Link href={`/clients/${client.id}/sla`} className="text-brand-text underline-offset-4 hover:underline" title={`SLA dashboard of ${client.name}`}>
                    {client.name}
                  </Link>
                </TableCell>
                <TableCell>{client.timezone}</TableCell>
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
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
