import { can, isPartnerRole } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { ApprovalsInbox } from "@/features/runs/approvals-inbox";
import { APPROVALS_PAGE_SIZE } from "@/features/runs/run-view";
import { RunsNav } from "@/features/runs/runs-nav";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "run.read")) redirect("/");
  const api = await getServerApi();
  return (
    <section aria-labelledby="approvals-page-heading" className="space-y-4">
      <h1 id="approvals-page-heading" className="text-2xl font-semibold">Approvals</h1>
      <RunsNav current="/runs/approvals" />
      <ApprovalsInbox initialPage={await api.approval.list({ status: ["pending"], limit: APPROVALS_PAGE_SIZE })} canDecide={can(role, "approval.decide")} showClient={isPartnerRole(role)} assignedOnly={!isPartnerRole(role)} />
    </section>
  );
}
