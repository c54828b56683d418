import { can, grantableRoles } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { TeamManager } from "@/features/team/team-manager";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Team" };

export default async function TeamPage() {
  const { session } = await getRequestContext();
  const active = session?.active;
  if (!active || active.role === "platform_admin" || !can(active.role, "member.read")) redirect("/");
  const api = await getServerApi();
  const [team, clients] = await Promise.all([api.member.list(), api.client.list({ status: "active" })]);
  return (
    <TeamManager
      initialTeam={team}
      clients={clients.map((c) => ({ id: c.id, name: c.name }))}
      grantable={grantableRoles(active.role)}
      fixedClientId={active.clientId}
      currentUserId={session.user.id}
      canManage={can(active.role, "member.invite")}
    />
  );
}
