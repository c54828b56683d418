import { can } from "@storeflow/accounts";
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { KpiPanel } from "@/features/kpis/kpi-panel";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "KPIs" };

/** One installation's business KPIs and anomaly flags, for partner staff and the client's own people. */
export default async function InstallationKpisPage({ params }: { params: Promise<{ installationId: string }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "kpi.read")) redirect("/");
  const { installationId } = await params;
  if (!z.uuid().safeParse(installationId).success) notFound();
  const api = await getServerApi();
  // Another tenant's installation is not found under row-level security, like one that does not exist.
  const series = await api.kpi.series({ installationId, range: "7d" }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!series) notFound();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">KPIs: {series.templateKey}</h1>
      <KpiPanel installationId={installationId} initialSeries={series} />
    </div>
  );
}
