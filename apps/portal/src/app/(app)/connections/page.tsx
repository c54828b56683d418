import { can } from "@storeflow/accounts";
import { buttonVariants, EmptyState } from "@storeflow/ui";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ConnectionsManager } from "@/features/connections/connections-manager";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Connections" };

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<{ client?: string | string[] }> }) {
  const { session } = await getRequestContext();
  const active = session?.active;
  if (!active || active.role === "platform_admin" || !can(active.role, "connection.read")) redirect("/");
  const api = await getServerApi();
  const [clients, connectors, { client: wanted }] = await Promise.all([api.client.list({ status: "active" }), api.connection.connectors({}), searchParams]);
  const canManage = can(active.role, "connection.manage");
  const first = clients.find((c) => c.id === wanted) ?? clients[0];
  if (!first) {
    return (
      <section aria-labelledby="connections-heading" className="space-y-4">
        <h1 id="connections-heading" className="text-2xl font-semibold">Connections</h1>
        <EmptyState
          title="No clients to connect yet"
          description={canManage ? "Create a retail client first, then connect its Shopify store, POS, ERP or warehouse here." : "Your partner has not added any clients yet."}
          action={canManage ? <Link href="/" className={buttonVariants()}>Go to clients</Link> : undefined}
        />
      </section>
    );
  }
  return (
    <ConnectionsManager
      clients={clients.map((c) => ({ id: c.id, name: c.name }))}
      connectors={connectors}
      initialClientId={first.id}
      initialConnections={await api.connection.list({ clientId: first.id })}
      canManage={canManage}
    />
  );
}
