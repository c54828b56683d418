import { cn, focusRing } from "@storeflow/ui";

/** Props of {@link ClientChoice}. */
export interface ClientChoiceProps {
  clients: { id: string; name: string }[];
  selected: string[];
  /** Whether a client already has the template: it cannot be installed twice. */
  installed: (clientId: string) => boolean;
  error: string | undefined;
  onChange: (clientIds: string[]) => void;
}

/** The clients to install for, as checkboxes: one for a guided install, several for a bulk one. */
export function ClientChoice({ clients, selected, installed, error, onChange }: ClientChoiceProps) {
  const errorId = error ? "install-clients-error" : undefined;
  return (
    <fieldset aria-describedby={["install-clients-description", errorId].filter(Boolean).join(" ")} aria-invalid={error ? true : undefined} className="grid gap-3">
      <legend className="text-sm font-medium">Clients</legend>
      <p id="install-clients-description" className="text-sm text-muted-foreground">
        Choose one client to pick its connections yourself, or several to install for all of them at once with each client&apos;s only fitting connections.
      </p>
      <ul className="grid gap-2 sm:grid-cols-2">
        {clients.map((client) => {
          const already = installed(client.id);
          const id = `install-client-${client.id}`;
          return (
            <li key={client.id} className="flex items-center gap-2">
              <input
                id={id}
                type="checkbox"
                className={cn("size-4 accent-brand", focusRing)}
                checked={selected.includes(client.id)}
                disabled={already}
                aria-describedby={already ? `${id}-note` : undefined}
                onChange={(event) => onChange(event.currentTarget.checked ? [...selected, client.id] : selected.filter((c) => c !== client.id))}
              />
              <label htmlFor={id} className={cn("text-sm", already && "text-muted-foreground")}>{client.name}</label>
              {already ? <span id={`${id}-note`} className="text-xs text-muted-foreground">already installed</span> : null}
            </li>
          );
        })}
      </ul>
      {error ? <p id={errorId} role="alert" className="text-sm font-medium text-danger">{error}</p> : null}
    </fieldset>
  );
}
