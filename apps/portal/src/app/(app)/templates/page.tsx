import { can, isPartnerRole } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { TemplateCatalog } from "@/features/templates/template-catalog";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Templates" };

export default async function TemplatesPage() {
  const { session } = await getRequestContext();
  const role = session?.active?.role;
  if (!role || !isPartnerRole(role) || !can(role, "installation.read")) redirect("/");
  const api = await getServerApi();
  const [templates, clients, connectors] = await Promise.all([api.template.list({}), api.client.list({ status: "active" }), api.connection.connectors({})]);
  return (
    <TemplateCatalog
      templates={templates}
      clients={clients.map((c) => ({ id: c.id, name: c.name }))}
      connectors={connectors.map((c) => ({ key: c.key, name: c.name }))}
      canInstall={can(role, "installation.manage")}
    />
  );
}
