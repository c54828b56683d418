"use client";

import { Badge, buttonVariants, Card, CardContent, CardFooter, CardHeader, CardTitle } from "@storeflow/ui";
import Link from "next/link";
import { type ReactNode } from "react";
import { EnableButton } from "./enable-button";
import { type TConnectorSummary, type TInstallation } from "./install-form";
import { RunNowDialog } from "./run-now-dialog";
import { SettingsDialog } from "./settings-dialog";
import { UninstallDialog } from "./uninstall-dialog";
import { UpgradeDialog } from "./upgrade-dialog";

export type TInstallationChange = "enabled" | "disabled" | "settings" | "upgraded" | "uninstalled";

/** Props of {@link InstallationCard}. */
export interface InstallationCardProps {
  installation: TInstallation;
  client: { id: string; name: string };
  connectors: readonly TConnectorSummary[];
  /** `installation.manage`: enable, settings, upgrade, uninstall. */
  canManage: boolean;
  /** `installation.run`: Run now. */
  canRun: boolean;
  /** Called after a change with what to announce; resolves once the list is fresh. */
  onChanged: (notice: string, change: TInstallationChange) => Promise<void>;
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1">
      <dt className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/** One installed template: version, state, which connections it uses, when it runs, and its actions. */
export function InstallationCard({ installation, client, connectors, canManage, canRun, onChanged }: InstallationCardProps) {
  const headingId = `installation-${installation.id}`;
  const connectionName = (id: string) => installation.bindings.find((b) => b.connectionId === id)?.connectionName ?? "a connection";
  const { upgradeTo } = installation;
  return (
    <Card role="article" aria-labelledby={headingId}>
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle as="h2" id={headingId} className="text-base">{installation.title}</CardTitle>
          <span className="text-xs text-muted-foreground">v{installation.templateVersion}</span>
          <Badge variant={installation.enabled ? "success" : "neutral"} data-testid="installation-state">{installation.enabled ? "Enabled" : "Disabled"}</Badge>
          {upgradeTo ? <Badge variant="info">Upgrade available: {upgradeTo}</Badge> : null}
        </div>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-4 sm:grid-cols-3">
          <Detail label="Connections">
            {installation.bindings.length === 0 ? (
              "None"
            ) : (
              <ul className="grid gap-0.5">
                {installation.bindings.map((b) => (
                  <li key={b.binding}>
                    <span className="text-muted-foreground">{b.title}:</span> {b.connectionName ?? <span className="text-danger">connection missing</span>}
                  </li>
                ))}
              </ul>
            )}
          </Detail>
          <Detail label="Schedules">
            {installation.schedules.length === 0 ? (
              "None"
            ) : (
              <ul className="grid gap-0.5">
                {installation.schedules.map((s) => (
                  <li key={s.id}>
                    <code className="font-mono text-xs">{s.cron}</code> <span className="text-muted-foreground">({s.timezone}){s.enabled ? "" : ", paused"}</span>
                  </li>
                ))}
              </ul>
            )}
          </Detail>
          <Detail label="Starts on">
            <ul className="grid gap-0.5">
              {installation.eventTriggers.map((t) => (
                <li key={`${t.connectionId}:${t.event}`}>
                  <code className="font-mono text-xs">{t.event}</code> from {connectionName(t.connectionId)}
                </li>
              ))}
              <li>Run now, or another workflow</li>
            </ul>
          </Detail>
        </dl>
      </CardContent>
      {canManage || canRun ? (
        <CardFooter className="flex-wrap justify-end gap-1">
          <Link href={`/installations/${installation.id}/kpis`} className={buttonVariants({ variant: "ghost", size: "sm" })}>KPIs</Link>
          {canRun && installation.enabled ? <RunNowDialog installation={installation} /> : null}
          {canRun && !installation.enabled ? <span className="mr-auto text-xs text-muted-foreground">Disabled: enable it to start runs.</span> : null}
          {canManage ? (
            <>
              <EnableButton installation={installation} onChanged={(changed) => onChanged(`${changed.title} ${changed.enabled ? "enabled" : "disabled"}.`, changed.enabled ? "enabled" : "disabled")} />
              <SettingsDialog installation={installation} client={client} connectors={connectors} onSaved={(saved) => onChanged(`Settings of ${saved.title} saved.`, "settings")} />
              {upgradeTo ? (
                <UpgradeDialog installation={{ ...installation, upgradeTo }} client={client} connectors={connectors} onUpgraded={(upgraded) => onChanged(`${upgraded.title} upgraded to ${upgraded.templateVersion}.`, "upgraded")} />
              ) : null}
              <UninstallDialog installation={installation} clientName={client.name} onUninstalled={(removed) => onChanged(`${removed.title} uninstalled. Its run history is kept.`, "uninstalled")} />
            </>
          ) : null}
        </CardFooter>
      ) : null}
    </Card>
  );
}
