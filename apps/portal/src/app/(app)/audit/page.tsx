import { can, isPartnerRole } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { AuditLog } from "@/features/audit/audit-log";
import { getRequestContext } from "@/server/session";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  const role = (await getRequestContext()).session?.active?.role;
  if (!role || role === "platform_admin" || !can(role, "audit.read")) redirect("/");
  return <AuditLog showChainStatus={isPartnerRole(role)} />;
}
