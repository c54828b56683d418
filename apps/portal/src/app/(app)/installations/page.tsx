import { can, isPartnerRole } from "@storeflow/accounts";
import { buttonVariants, EmptyState } from "@storeflow/ui";
import Link from "next/link";
import { redirect } from "next/navigation";
import { InstallationsManager } from "@/features/installations/installations-manager";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Installations" };

export default async function InstallationsPage({ searchParams }: { searchParams: Promise<{ client?: string | string[] }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || !isPartnerRole(role) || !can(role, "installation.read")) redirect("/");
  const api = await getServerApi();
  const [clients, connectors, { client: wanted }] = await Promise.all([api.client.list({ status: "active" }), api.connection.connectors({}), searchParams]);
  const canManage = can(role, "installation.manage");
  const first = clients.find((c) => c.id === wanted) ?? clients[0];
  if (!first) {
    return (
      <section aria-labelledby="installations-heading" className="space-y-4">
        <h1 id="installations-heading" className="text-2xl font-semibold">Installations</h1>
        <EmptyState
          title="No clients yet"
          description={canManage ? "Create a retail client and connect its systems; then install templates for it from the catalogue." : "Your partner has not added any clients yet."}
          action={canManage ? <Link href="/" className={buttonVariants()}>Go to clients</Link> : undefined}
        />
      </section>
    );
  }
  return (
    <InstallationsManager
      clients={clients.map((c) => ({ id: c.id, name: c.name }))}
      connectors={connectors.map((c) => ({ key: c.key, name: c.name }))}
      initialClientId={first.id}
      initialInstallations={await api.installation.list({ clientId: first.id })}
      canManage={canManage}
      canRun={can(role, "installation.run")}
    />
  );
}
