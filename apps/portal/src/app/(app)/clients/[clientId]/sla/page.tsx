import { can, isPartnerRole } from "@storeflow/accounts";
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { ClientSlaDashboard } from "@/features/sla/client-sla-dashboard";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "SLA" };

/** One client's SLA dashboard, for partner staff and the client's own people. */
export default async function ClientSlaPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "sla.read")) redirect("/");
  const { clientId } = await params;
  if (!z.uuid().safeParse(clientId).success) notFound();
  const api = await getServerApi();
  // Another tenant's client is not found under row-level security, like one that does not exist.
  const loaded = await Promise.all([api.client.get({ id: clientId }), api.sla.clientDashboard({ clientId, range: "24h" })]).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!loaded) notFound();
  const [client, dashboard] = loaded;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">SLA: {client.name}</h1>
      <ClientSlaDashboard clientId={clientId} initialDashboard={dashboard} canInstall={isPartnerRole(role) && can(role, "installation.manage")} />
    </div>
  );
}
