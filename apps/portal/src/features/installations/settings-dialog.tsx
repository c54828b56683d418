"use client";

import { Button, Dialog, DialogContent, DialogTrigger, Skeleton } from "@storeflow/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { type TConnectorSummary, type TInstallation } from "./install-form";
import { InstallationSettingsForm } from "./settings-form";

/** Props of {@link SettingsDialog}. */
export interface SettingsDialogProps {
  installation: TInstallation;
  client: { id: string; name: string };
  connectors: readonly TConnectorSummary[];
  onSaved: (installation: TInstallation) => Promise<void>;
}

/** Loads the installed version's schema and the client's connections, then the prefilled form. */
function SettingsLoader({ installation, client, connectors, onSaved }: SettingsDialogProps) {
  const trpc = useTRPC();
  const template = useQuery(trpc.template.get.queryOptions({ key: installation.templateKey, version: installation.templateVersion }));
  const connections = useQuery(trpc.connection.list.queryOptions({ clientId: client.id }));
  if (template.isError || connections.isError) return <p role="alert" className="text-sm text-danger">{messageOf(template.error ?? connections.error)}</p>;
  if (!template.data || !connections.data) return <Skeleton className="h-40 w-full" />;
  return (
    <InstallationSettingsForm
      installation={installation}
      template={template.data}
      client={client}
      connections={connections.data}
      connectors={connectors}
      initialParams={installation.params}
      submitLabel="Save settings"
      onSaved={onSaved}
    />
  );
}

/** Changes an installation's parameters and connections, in the wizard's form, prefilled. */
export function SettingsDialog(props: SettingsDialogProps) {
  const [open, setOpen] = useState(false);
  const { installation } = props;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">Change settings<span className="sr-only"> of {installation.title}</span></Button>
      </DialogTrigger>
      <DialogContent
        title={`Settings of ${installation.title}`}
        description="Runs under way keep the settings they started with; runs from now on use the new ones."
        className="max-w-2xl"
      >
        {/* Mounted only while open, so every opening starts from the saved settings. */}
        <SettingsLoader
          {...props}
          onSaved={async (saved) => {
            setOpen(false);
            await props.onSaved(saved);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
