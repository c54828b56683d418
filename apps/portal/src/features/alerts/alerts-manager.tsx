"use client";

import { useRouter } from "next/navigation";
import { AlertHistory } from "./alert-history";
import { ChannelsSection } from "./channels-section";
import { OpenAlerts } from "./open-alerts";
import { RulesList } from "./rules-list";
import { type TAlert, type TAlertChannel, type TAlertDelivery, type TAlertEvent, type TAlertRule, type TInstallationOption, type TNamed } from "./types";

/** Props of {@link AlertsManager}: what the page read on the server. */
export interface AlertsManagerProps {
  openAlerts: TAlert[];
  recentAlerts: TAlert[];
  events: TAlertEvent[];
  rules: TAlertRule[];
  channels: TAlertChannel[];
  deliveries: TAlertDelivery[];
  clients: TNamed[];
  installations: TInstallationOption[];
  canManage: boolean;
  canRespond: boolean;
}

/** The alerts page: what fires now, the history, the rules and the channels. Changes re-read the page on the server. */
export function AlertsManager(props: AlertsManagerProps) {
  const router = useRouter();
  const refresh = async () => router.refresh();
  return (
    <div className="space-y-8">
      <section aria-labelledby="open-alerts-heading" className="space-y-3">
        <h2 id="open-alerts-heading" className="text-xl font-semibold">Firing now</h2>
        <OpenAlerts alerts={props.openAlerts} canRespond={props.canRespond} onChanged={refresh} />
      </section>
      <section aria-labelledby="rules-heading" className="space-y-3">
        <h2 id="rules-heading" className="text-xl font-semibold">Rules</h2>
        <RulesList rules={props.rules} canManage={props.canManage} clients={props.clients} installations={props.installations} channels={props.channels} onChanged={refresh} />
      </section>
      <section aria-labelledby="channels-heading" className="space-y-3">
        <h2 id="channels-heading" className="text-xl font-semibold">Channels</h2>
        <ChannelsSection channels={props.channels} deliveries={props.deliveries} canManage={props.canManage} onChanged={refresh} />
      </section>
      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-semibold">History</h2>
        <AlertHistory events={props.events} alerts={[...props.openAlerts, ...props.recentAlerts]} rules={props.rules} />
      </section>
    </div>
  );
}
