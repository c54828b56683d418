"use client";

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useMemo } from "react";
import { ArchiveConnectionDialog } from "./archive-connection-dialog";
import { CheckConnectionButton } from "./check-connection-button";
import { connectorFieldsOf, type TConnection, type TConnector } from "./connector-catalog";
import { FailingWebhooks } from "./failing-webhooks";
import { HealthBadge } from "./health-badge";
import { RelativeTime } from "./relative-time";
import { RenameConnectionDialog } from "./rename-connection-dialog";
import { ReplaceSecretsDialog } from "./replace-secrets-dialog";
import { labelOf, type TSchemaField } from "@/features/schema-form/schema-fields";
import { WebhookUrl } from "./webhook-url";

/** Props of {@link ConnectionsTable}. */
export interface ConnectionsTableProps {
  connections: TConnection[];
  connectors: TConnector[];
  /** Shows Check now, Rename, Replace secrets and Archive (`connection.manage`). */
  canManage: boolean;
  /** Called after a change with what to announce; resolves once the list is fresh. */
  onChanged: (notice: string, change: "renamed" | "secrets" | "archived" | "check" | "webhooks") => Promise<void>;
}

function SecretHints({ connection }: { connection: TConnection }) {
  const hints = Object.entries(connection.secretHints);
  if (hints.length === 0) return <span className="text-muted-foreground">None</span>;
  return (
    <div className="grid gap-1">
      <ul className="grid gap-0.5">
        {hints.map(([key, hint]) => (
          <li key={key}>
            <span className="text-muted-foreground">{labelOf(key)}</span> <code className="font-mono text-xs">{hint}</code>
          </li>
        ))}
      </ul>
      {connection.secretsSetAt ? (
        <span className="text-xs text-muted-foreground">
          set <RelativeTime date={connection.secretsSetAt} />
        </span>
      ) : null}
    </div>
  );
}

/** A client's connections: what they are, whether they work, their masked secrets and webhook URL. */
export function ConnectionsTable({ connections, connectors, canManage, onChanged }: ConnectionsTableProps) {
  const secretFields = useMemo(() => new Map<string, TSchemaField[]>(connectors.map((c) => [c.key, connectorFieldsOf(c).secrets])), [connectors]);

  return (
    <Table aria-label="Connections">
      <TableHeader>
        <TableRow>
          <TableHead>Connection</TableHead>
          <TableHead>Health</TableHead>
          <TableHead>Secrets</TableHead>
          <TableHead>Webhook URL</TableHead>
          {canManage ? <TableHead><span className="sr-only">Actions</span></TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {connections.map((connection) => {
          const fields = secretFields.get(connection.connectorKey);
          return (
            <TableRow key={connection.id}>
              <TableHead scope="row" className="h-auto py-2.5 align-top">
                <div className="font-medium">{connection.name}</div>
                <div className="text-xs font-normal text-muted-foreground">{connection.connectorName}</div>
              </TableHead>
              <TableCell className="align-top">
                <div className="grid gap-2">
                  <HealthBadge connection={connection} />
                  {connection.webhooksFailing ? (
                    <FailingWebhooks
                      connection={{ ...connection, webhooksFailing: connection.webhooksFailing }}
                      {...(canManage ? { onRetried: (retried: TConnection) => onChanged(`Retrying the webhooks of ${retried.name}.`, "webhooks") } : {})}
                    />
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="align-top"><SecretHints connection={connection} /></TableCell>
              <TableCell className="max-w-xs align-top">
                {connection.webhookPath ? <WebhookUrl path={connection.webhookPath} connectionName={connection.name} /> : <span className="text-muted-foreground">Not used</span>}
              </TableCell>
              {canManage ? (
                <TableCell className="align-top">
                  <div className="flex flex-wrap justify-end gap-1">
                    <CheckConnectionButton connection={connection} onRequested={(checked) => onChanged(`Checking ${checked.name}; the result appears here in a few seconds.`, "check")} />
                    <RenameConnectionDialog connection={connection} onRenamed={(renamed) => onChanged(`Renamed to ${renamed.name}.`, "renamed")} />
                    {/* A connector no longer in the catalog has no schema to ask its secrets by. */}
                    {fields && fields.length > 0 ? (
                      <ReplaceSecretsDialog connection={connection} fields={fields} onReplaced={(replaced) => onChanged(`Secrets of ${replaced.name} replaced.`, "secrets")} />
                    ) : null}
                    <ArchiveConnectionDialog connection={connection} onArchived={(archived) => onChanged(`${archived.name} archived.`, "archived")} />
                  </div>
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
