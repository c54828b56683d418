import { can, isPartnerRole } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { RunExplorer } from "@/features/runs/run-explorer";
import { parseRunFilters, type TSearchParams } from "@/features/runs/run-filters";
import { RUNS_PAGE_SIZE } from "@/features/runs/run-view";
import { RunsNav } from "@/features/runs/runs-nav";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "run.read")) redirect("/");
  const api = await getServerApi();
  const [clients, params] = await Promise.all([api.client.list({}), searchParams]);
  const { filters, input, errors } = parseRunFilters(params, new Date());
  // A client the URL names that is not in this scope would fail the list: say so beside the picker instead.
  if (input.clientId && !clients.some((c) => c.id === input.clientId)) {
    errors.client = "You have no client with this link; choose one";
    delete input.clientId;
  }
  const initialPage = await api.run.list({ ...input, limit: RUNS_PAGE_SIZE });
  return (
    <section aria-labelledby="runs-heading" className="space-y-4">
      <h1 id="runs-heading" className="text-2xl font-semibold">Runs</h1>
      <RunsNav current="/runs" />
      <RunExplorer
        // New filters, new list: no pages of the previous one linger.
        key={JSON.stringify(input)}
        clients={clients.map((c) => ({ id: c.id, name: c.status === "archived" ? `${c.name} (archived)` : c.name }))}
        filters={filters}
        errors={errors}
        input={input}
        initialPage={initialPage}
        showClient={isPartnerRole(role)}
        canInstall={can(role, "installation.manage")}
      />
    </section>
  );
}
