"use client";

import { useRouter } from "next/navigation";
import { AlertHistory } from "./alert-history";
import { ChannelsSection } from "./channels-section";
import { OpenAlerts } from "./open-alerts";
import { RulesList } from "./rules-list";
import { type TAlert, type TAlertChannel, type TAlertDelivery, type TAlertEvent, type TAlertRule, type TInstallationOption, type TNamed } from "./types";

/** The partner's alerting setup: shown to partner staff only. */
export interface AlertsSetup {
  rules: TAlertRule[];
  channels: TAlertChannel[];
  deliveries: TAlertDelivery[];
  clients: TNamed[];
  installations: TInstallationOption[];
  canManage: boolean;
}

/** Props of {@link AlertsManager}: what the page read on the server. */
export interface AlertsManagerProps {
  openAlerts: TAlert[];
  recentAlerts: TAlert[];
  events: TAlertEvent[];
  /** Acknowledge open alerts. */
  canRespond: boolean;
  /** Snooze open alerts (partner staff: it silences the partner's channels). */
  canSnooze: boolean;
  /** Rules and channels; absent for client users, who see their alerts and history only. */
  setup?: AlertsSetup;
}

/** The alerts page: what fires now, the history, and for partner staff the rules and the channels. Changes re-read the page on the server. */
export function AlertsManager({ openAlerts, recentAlerts, events, canRespond, canSnooze, setup }: AlertsManagerProps) {
  const router = useRouter();
  const refresh = async () => router.refresh();
  return (
    <div className="space-y-8">
      <section aria-labelledby="open-alerts-heading" className="space-y-3">
        <h2 id="open-alerts-heading" className="text-xl font-semibold">Firing now</h2>
        <OpenAlerts alerts={openAlerts} canRespond={canRespond} canSnooze={canSnooze} onChanged={refresh} />
      </section>
      {setup ? (
        <>
          <section aria-labelledby="rules-heading" className="space-y-3">
            <h2 id="rules-heading" className="text-xl font-semibold">Rules</h2>
            <RulesList rules={setup.rules} canManage={setup.canManage} clients={setup.clients} installations={setup.installations} channels={setup.channels} onChanged={refresh} />
          </section>
          <section aria-labelledby="channels-heading" className="space-y-3">
            <h2 id="channels-heading" className="text-xl font-semibold">Channels</h2>
            <ChannelsSection channels={setup.channels} deliveries={setup.deliveries} canManage={setup.canManage} onChanged={refresh} />
          </section>
        </>
      ) : null}
      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-semibold">History</h2>
        <AlertHistory events={events} alerts={[...openAlerts, ...recentAlerts]} rules={setup?.rules ?? []} />
      </section>
    </div>
  );
}
