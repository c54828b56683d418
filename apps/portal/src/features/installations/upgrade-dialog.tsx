"use client";

import { Badge, Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, Skeleton } from "@storeflow/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { issuesOf, type TFieldIssue } from "@/features/schema-form/form-issues";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { type TConnectorSummary, type TInstallation } from "./install-form";
import { InstallationSettingsForm } from "./settings-form";

/** Props of {@link UpgradeDialog}. */
export interface UpgradeDialogProps {
  installation: TInstallation & { upgradeTo: string };
  client: { id: string; name: string };
  connectors: readonly TConnectorSummary[];
  onUpgraded: (installation: TInstallation) => Promise<void>;
}

const CHANGE_LABEL = { added: "Added", removed: "Removed", changed: "Changed" } as const;
const CHANGE_VARIANT = { added: "success", removed: "danger", changed: "warning" } as const;

/**
 * Shows what upgrading would change (installation.previewUpgrade) before anything is
 * written. When the installed settings hold under the new version, one button
 * upgrades; when they do not, or the new version needs a connection, the settings form
 * of the new version opens with the issues marked.
 */
function UpgradePanel({ installation, client, connectors, onUpgraded }: UpgradeDialogProps) {
  const trpc = useTRPC();
  const to = installation.upgradeTo;
  const preview = useQuery(trpc.installation.previewUpgrade.queryOptions({ installationId: installation.id, version: to }));
  const template = useQuery(trpc.template.get.queryOptions({ key: installation.templateKey, version: to }));
  const connections = useQuery(trpc.connection.list.queryOptions({ clientId: client.id }));
  // Issues from a refused upgrade; they open the form as the preview's would.
  const [refused, setRefused] = useState<readonly TFieldIssue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upgrade = useMutation(
    trpc.installation.update.mutationOptions({
      onSuccess: onUpgraded,
      onError: (e) => {
        const issues = issuesOf(e);
        if (issues.length > 0) setRefused(issues);
        else setError(messageOf(e));
      },
    }),
  );

  const failed = preview.error ?? template.error ?? connections.error;
  if (failed) return <p role="alert" className="text-sm text-danger">{messageOf(failed)}</p>;
  if (!preview.data || !template.data || !connections.data) return <Skeleton className="h-40 w-full" />;
  const { params, issues, newBindings, changes } = preview.data;
  const requiredNew = newBindings.filter((b) => !template.data.bindings.find((t) => t.binding === b.binding)?.optional);
  const needsForm = refused !== null || issues.length > 0 || requiredNew.length > 0;

  return (
    <div className="grid gap-5">
      {changes ? <p className="text-sm">{changes}</p> : null}
      <div className="grid gap-2">
        <h3 className="text-sm font-semibold">Parameter changes</h3>
        {params.length === 0 ? (
          <p className="text-sm text-muted-foreground">None: the parameters stay as they are.</p>
        ) : (
          <ul className="grid gap-2">
            {params.map((change) => (
              <li key={change.name} className="flex flex-wrap items-baseline gap-2 text-sm">
                <Badge variant={CHANGE_VARIANT[change.change]}>{CHANGE_LABEL[change.change]}</Badge>
                <span className="font-medium">{change.title}</span>
                <span className="text-muted-foreground">{change.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {newBindings.length > 0 ? (
        <div className="grid gap-2">
          <h3 className="text-sm font-semibold">New connections it uses</h3>
          <ul className="list-disc pl-5 text-sm">
            {newBindings.map((b) => (
              <li key={b.binding}>{b.title}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {issues.length > 0 ? (
        <p className="text-sm text-warning">Some of the installed parameters do not hold under version {to}: they are marked below, to fix before upgrading.</p>
      ) : null}
      {needsForm ? (
        <InstallationSettingsForm
          installation={installation}
          template={template.data}
          client={client}
          connections={connections.data}
          connectors={connectors}
          initialParams={preview.data.upgradedParams ?? installation.params}
          initialIssues={refused ?? issues}
          upgradeTo={to}
          submitLabel={`Upgrade to ${to}`}
          onSaved={onUpgraded}
        />
      ) : (
        <>
          <p className="text-sm text-muted-foreground">The installed parameters and connections carry over. Runs under way finish on version {installation.templateVersion}.</p>
          {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="ghost">Cancel</Button>
            </DialogClose>
            <Button disabled={upgrade.isPending} onClick={() => upgrade.mutate({ installationId: installation.id, version: to })}>
              {upgrade.isPending ? "Upgrading…" : `Upgrade to ${to}`}
            </Button>
          </DialogFooter>
        </>
      )}
    </div>
  );
}

export function UpgradeDialog(props: UpgradeDialogProps) {
  const [open, setOpen] = useState(false);
  const { installation } = props;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">Upgrade<span className="sr-only"> {installation.title}</span> to {installation.upgradeTo}</Button>
      </DialogTrigger>
      <DialogContent title={`Upgrade ${installation.title} to ${installation.upgradeTo}?`} description={`From version ${installation.templateVersion}. Nothing changes until you confirm.`} className="max-w-2xl">
        <UpgradePanel
          {...props}
          onUpgraded={async (upgraded) => {
            setOpen(false);
            await props.onUpgraded(upgraded);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
