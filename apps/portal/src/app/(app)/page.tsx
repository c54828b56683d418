import { can, isClientRole } from "@storeflow/accounts";
import { EmptyState } from "@storeflow/ui";
import { ClientOverview } from "@/features/clients/client-overview";
import { loadClientOverview } from "@/features/clients/client-overview-data";
import { CLIENT_GLANCE_RANGE } from "@/features/clients/client-health";
import { ClientsOverview } from "@/features/clients/clients-overview";
import { PartnersTable } from "@/features/clients/partners-table";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { session } = await getRequestContext();
  const active = session?.active;
  if (!active) {
    return <EmptyState title="You have no access yet" description="Ask your administrator to invite you to a partner or client, then open the link in the invitation e-mail." />;
  }
  const api = await getServerApi();
  if (active.role === "platform_admin") {
    return (
      <section aria-labelledby="partners-heading" className="space-y-4">
        <h1 id="partners-heading" className="text-2xl font-semibold">Partners</h1>
        <PartnersTable partners={await api.platform.listPartners()} />
      </section>
    );
  }
  // A client user's home is their own client's day, and nothing of the partner's other clients.
  if (isClientRole(active.role) && active.clientId) {
    return (
      <section aria-labelledby="overview-heading" className="space-y-4">
        <h1 id="overview-heading" className="text-2xl font-semibold">{active.clientName ?? "Overview"}</h1>
        <ClientOverview clientId={active.clientId} initial={await loadClientOverview(api, active.clientId)} forClientUser canOperate={can(active.role, "run.operate")} />
      </section>
    );
  }
  const [clients, runs, sla] = await Promise.all([api.client.list({}), api.run.overview({}), api.sla.partnerOverview({ range: CLIENT_GLANCE_RANGE })]);
  return (
    <ClientsOverview
      heading={active.partnerName ?? "Clients"}
      initialClients={clients}
      initialRuns={runs}
      initialSla={sla}
      canCreate={can(active.role, "client.create")}
      canArchive={can(active.role, "client.archive")}
    />
  );
}
