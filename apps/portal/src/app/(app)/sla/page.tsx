import { can, isPartnerRole } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { PartnerSlaOverview } from "@/features/sla/partner-sla-overview";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "SLA" };

/** The partner's SLA overview across all clients; client users have their own dashboard instead. */
export default async function PartnerSlaPage() {
  const { session } = await getRequestContext();
  const active = session?.active;
  if (!active || active.role === "platform_admin" || !can(active.role, "sla.read")) redirect("/");
  if (!isPartnerRole(active.role)) redirect(active.clientId ? `/clients/${active.clientId}/sla` : "/");
  const api = await getServerApi();
  return <PartnerSlaOverview initialOverview={await api.sla.partnerOverview({ range: "30d" })} />;
}
