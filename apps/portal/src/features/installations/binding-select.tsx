import { FormField, Select } from "@storeflow/ui";
import Link from "next/link";
import { type UseFormRegisterReturn } from "react-hook-form";
import { acceptedConnectorsOf, fittingConnections, type TBindableConnection, type TConnectorSummary, type TTemplateBinding } from "./install-form";

/** Props of {@link BindingSelect}. */
export interface BindingSelectProps {
  binding: TTemplateBinding;
  /** All of the client's connections; the select offers those that fit. */
  connections: readonly TBindableConnection[];
  connectors: readonly TConnectorSummary[];
  client: { id: string; name: string };
  id: string;
  error: string | undefined;
  registration: UseFormRegisterReturn;
}

/**
 * Which of the client's connections fills one binding. A binding nothing fits still
 * renders its (empty) select, so a server issue on it has a field to land on and focus,
 * and says where to connect one.
 */
export function BindingSelect({ binding, connections, connectors, client, id, error, registration }: BindingSelectProps) {
  const fits = fittingConnections(binding, connections);
  const accepted = acceptedConnectorsOf(binding, connectors);
  const description = (
    <>
      {binding.description} Takes {accepted}.
      {fits.length === 0 ? (
        <>
          {" "}
          <span className="font-medium text-foreground">{client.name} has no {accepted} connection yet{binding.optional ? "; this one can stay empty" : ""}.</span>{" "}
          <Link href={`/connections?client=${encodeURIComponent(client.id)}`} className="text-brand-text underline underline-offset-4">
            Connect {accepted} for {client.name}
          </Link>
        </>
      ) : null}
    </>
  );
  return (
    <FormField announceError id={id} label={binding.title} required={!binding.optional} error={error} description={description}>
      <Select {...registration}>
        <option value="">{fits.length === 0 ? `No ${accepted} connection` : binding.optional ? "Leave unbound" : "Choose a connection…"}</option>
        {fits.map((c) => (
          <option key={c.id} value={c.id}>{binding.connectors.length > 1 ? `${c.name} (${c.connectorName})` : c.name}</option>
        ))}
      </Select>
    </FormField>
  );
}
