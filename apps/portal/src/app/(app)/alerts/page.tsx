import { can, isClientRole } from "@storeflow/accounts";
import { redirect } from "next/navigation";
import { AlertsManager } from "@/features/alerts/alerts-manager";
import { getRequestContext, getServerApi } from "@/server/session";

export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const { session } = await getRequestContext();
  const active = session?.active;
  if (!active || active.role === "platform_admin" || !can(active.role, "alert.read")) redirect("/");
  const api = await getServerApi();
  const alertsRead = Promise.all([api.alert.list({ status: "open" }), api.alert.list({ status: "resolved", limit: 50 }), api.alert.history({ limit: 100 })]);
  // Client users see their own client's alerts (the API narrows them); rules and channels are the partner's.
  if (isClientRole(active.role)) {
    const [openAlerts, recentAlerts, events] = await alertsRead;
    return (
      <div className="space-y-6">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">Alerts</h1>
          <p className="text-muted-foreground">What your workflows and connections are alerting about now, and what happened to each alert. Your provider&apos;s team is notified of every one.</p>
        </div>
        <AlertsManager openAlerts={openAlerts} recentAlerts={recentAlerts} events={events} canRespond={can(active.role, "alert.respond")} canSnooze={false} />
      </div>
    );
  }
  const canManage = can(active.role, "alert.manage");
  const [[openAlerts, recentAlerts, events], rules, channels, deliveries, clients, installations] = await Promise.all([
    alertsRead,
    api.alert.rule.list({}),
    api.alert.channel.list({}),
    api.alert.channel.deliveries({ limit: 100 }),
    api.client.list({ status: "active" }),
    can(active.role, "installation.read") ? api.installation.list({}) : Promise.resolve([]),
  ]);
  const clientNames = new Map(clients.map((c) => [c.id, c.name]));
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="text-muted-foreground">Rules watch every client&apos;s workflows and connections, and tell your team by e-mail, Slack, Teams or a signed webhook.</p>
      </div>
      <AlertsManager
        openAlerts={openAlerts}
        recentAlerts={recentAlerts}
        events={events}
        canRespond={can(active.role, "alert.respond")}
        canSnooze={can(active.role, "alert.respond")}
        setup={{
          rules,
          channels,
          deliveries,
          clients: clients.map((c) => ({ id: c.id, name: c.name })),
          installations: installations.map((i) => ({ id: i.id, clientId: i.clientId, name: `${i.title} · ${clientNames.get(i.clientId) ?? ""}` })),
          canManage,
        }}
      />
    </div>
  );
}
