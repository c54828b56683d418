import { can } from "@storeflow/accounts";
import { EmptyState } from "@storeflow/ui";
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
  return (
    <ClientsOverview
      heading={active.clientName ?? active.partnerName ?? "Clients"}
      initialClients={await api.client.list({})}
      canCreate={can(active.role, "client.create")}
      canArchive={can(active.role, "client.archive")}
    />
  );
}
