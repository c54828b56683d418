import { can, isPartnerRole } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { ExceptionQueue } from "@/features/runs/exception-queue";
import { loadFailedRuns, QUEUE_PAGE_SIZE } from "@/features/runs/exception-groups";
import { RunsNav } from "@/features/runs/runs-nav";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Exception queue" };

export default async function ExceptionQueuePage({ searchParams }: { searchParams: Promise<{ client?: string | string[] }> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "run.read")) redirect("/");
  const api = await getServerApi();
  const [clients, { client: wanted }] = await Promise.all([api.client.list({}), searchParams]);
  // Only a client in scope filters; anything else shows every client's failures rather than an error page.
  const clientId = clients.find((c) => c.id === (Array.isArray(wanted) ? wanted[0] : wanted))?.id ?? null;
  const initial = await loadFailedRuns((cursor) => api.run.list({ status: ["failed"], ...(clientId ? { clientId } : {}), ...(cursor ? { cursor } : {}), limit: QUEUE_PAGE_SIZE }));
  return (
    <section aria-labelledby="queue-heading" className="space-y-4">
      <h1 id="queue-heading" className="text-2xl font-semibold">Exception queue</h1>
      <RunsNav current="/runs/exceptions" />
      <ExceptionQueue
        key={clientId ?? "all"}
        clients={clients.map((c) => ({ id: c.id, name: c.name }))}
        clientId={clientId}
        initial={initial}
        canOperate={can(role, "run.operate")}
        showClient={isPartnerRole(role)}
      />
    </section>
  );
}
