"use client";

import { Button, EmptyState, FormField, Select, Skeleton } from "@storeflow/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { ConnectSystemForm } from "./connect-system-form";
import { type TConnection, type TConnector } from "./connector-catalog";
import { ConnectionsTable } from "./connections-table";

/** Props of {@link ConnectionsManager}. */
export interface ConnectionsManagerProps {
  /** Active clients of the partner; at least one. */
  clients: { id: string; name: string }[];
  connectors: TConnector[];
  initialClientId: string;
  /** The connections of `initialClientId`, rendered on the server. */
  initialConnections: TConnection[];
  /** `connection.manage`: connect, rename, replace secrets, archive. */
  canManage: boolean;
}

export function ConnectionsManager({ clients, connectors, initialClientId, initialConnections, canManage }: ConnectionsManagerProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [clientId, setClientId] = useState(initialClientId);
  const [connecting, setConnecting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const client = clients.find((c) => c.id === clientId) ?? clients[0]!;
  const connections = useQuery({
    ...trpc.connection.list.queryOptions({ clientId: client.id }),
    initialData: client.id === initialClientId ? initialConnections : undefined,
    // A connection not checked yet (new, or someone asked) gets its verdict from a worker within seconds, and
    // webhooks the relay could not process go again at the end of their backoff or when retried: watch for both.
    refetchInterval: (query) => {
      const shown = query.state.data;
      if (shown?.some((c) => c.healthCheckedAt === null)) return 2_000;
      return shown?.some((c) => c.webhooksFailing !== null) ? 5_000 : false;
    },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.connection.list.queryKey() });

  const pickClient = (id: string) => {
    setClientId(id);
    setConnecting(false);
    setNotice(null);
    // A link to this page opens the same client; Next keeps its router in step with replaceState.
    window.history.replaceState(null, "", `?client=${encodeURIComponent(id)}`);
  };
  const startConnecting = () => {
    setNotice(null);
    setConnecting(true);
  };

  return (
    <section aria-labelledby="connections-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="connections-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-semibold outline-none">Connections</h1>
        {canManage && !connecting ? <Button onClick={startConnecting}>Connect a system</Button> : null}
      </div>
      <FormField id="connections-client" label="Client" className="max-w-sm">
        <Select value={client.id} onChange={(event) => pickClient(event.currentTarget.value)}>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </Select>
      </FormField>
      {connecting ? (
        <ConnectSystemForm
          key={client.id}
          clientId={client.id}
          clientName={client.name}
          connectors={connectors}
          onCancel={() => setConnecting(false)}
          onConnected={async (connection) => {
            await refresh();
            setConnecting(false);
            setNotice(connection.webhookPath ? `${connection.name} is connected. Give ${connection.connectorName} its webhook URL below.` : `${connection.name} is connected.`);
          }}
        />
      ) : null}
      {/* Always rendered: a live region must exist before its message does to be announced. */}
      <p role="status" className="text-sm text-success empty:sr-only">{notice}</p>
      {connections.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : connections.isError ? (
        <p role="alert" className="text-sm text-danger">{messageOf(connections.error)}</p>
      ) : connections.data.length === 0 ? (
        <EmptyState
          title={`${client.name} has no connections yet`}
          description={
            canManage
              ? "Connect this client's Shopify store, POS, ERP or warehouse so workflows can use them."
              : "An administrator can connect this client's Shopify store, POS, ERP or warehouse so workflows can use them."
          }
          action={canManage && !connecting ? <Button onClick={startConnecting}>Connect its first system</Button> : undefined}
        />
      ) : (
        <ConnectionsTable
          connections={connections.data}
          connectors={connectors}
          canManage={canManage}
          onChanged={async (message, change) => {
            await refresh();
            setNotice(message);
            // The archived row and its dialog's trigger are gone; give focus a place to land.
            if (change === "archived") headingRef.current?.focus();
          }}
        />
      )}
    </section>
  );
}
