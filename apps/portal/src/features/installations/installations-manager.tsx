"use client";

import { buttonVariants, EmptyState, FormField, Select, Skeleton } from "@storeflow/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { InstallationCard } from "./installation-card";
import { type TConnectorSummary, type TInstallation } from "./install-form";

/** Props of {@link InstallationsManager}. */
export interface InstallationsManagerProps {
  /** Active clients of the partner; at least one. */
  clients: { id: string; name: string }[];
  connectors: TConnectorSummary[];
  initialClientId: string;
  /** The installations of `initialClientId`, rendered on the server. */
  initialInstallations: TInstallation[];
  canManage: boolean;
  canRun: boolean;
}

/** A client's installed templates, with a client picker kept in the URL (`?client=`), as on Connections. */
export function InstallationsManager({ clients, connectors, initialClientId, initialInstallations, canManage, canRun }: InstallationsManagerProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [clientId, setClientId] = useState(initialClientId);
  const [notice, setNotice] = useState<string | null>(null);
  const client = clients.find((c) => c.id === clientId) ?? clients[0]!;
  const installations = useQuery({
    ...trpc.installation.list.queryOptions({ clientId: client.id }),
    initialData: client.id === initialClientId ? initialInstallations : undefined,
  });

  const pickClient = (id: string) => {
    setClientId(id);
    setNotice(null);
    // A link to this page opens the same client; Next keeps its router in step with replaceState.
    window.history.replaceState(null, "", `?client=${encodeURIComponent(id)}`);
  };

  return (
    <section aria-labelledby="installations-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="installations-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-semibold outline-none">Installations</h1>
        {canManage ? <Link href="/templates" className={buttonVariants({ variant: "outline" })}>Install a template</Link> : null}
      </div>
      <FormField id="installations-client" label="Client" className="max-w-sm">
        <Select value={client.id} onChange={(event) => pickClient(event.currentTarget.value)}>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </Select>
      </FormField>
      {/* Always rendered: a live region must exist before its message does to be announced. */}
      <p role="status" className="text-sm text-success empty:sr-only">{notice}</p>
      {installations.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : installations.isError ? (
        <p role="alert" className="text-sm text-danger">{messageOf(installations.error)}</p>
      ) : installations.data.length === 0 ? (
        <EmptyState
          title={`${client.name} has no templates installed yet`}
          description={
            canManage
              ? "Pick a workflow from the template catalogue, bind it to this client's connections and set its parameters."
              : "An administrator can install workflows from the template catalogue for this client."
          }
          action={canManage ? <Link href="/templates" className={buttonVariants()}>Browse templates</Link> : undefined}
        />
      ) : (
        <ul aria-label={`Installations of ${client.name}`} className="grid gap-4">
          {installations.data.map((installation) => (
            <li key={installation.id}>
              <InstallationCard
                installation={installation}
                client={client}
                connectors={connectors}
                canManage={canManage}
                canRun={canRun}
                onChanged={async (message, change) => {
                  await queryClient.invalidateQueries({ queryKey: trpc.installation.list.queryKey() });
                  setNotice(message);
                  // The uninstalled card and its dialog's trigger are gone; give focus a place to land.
                  if (change === "uninstalled") headingRef.current?.focus();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
