"use client";

import { EmptyState } from "@storeflow/ui";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { type TConnectorSummary, type TTemplate } from "@/features/installations/install-form";
import { InstallWizard } from "./install-wizard";
import { TemplateCard } from "./template-card";

/** Props of {@link TemplateCatalog}. */
export interface TemplateCatalogProps {
  templates: TTemplate[];
  /** The partner's active clients, to install for. */
  clients: { id: string; name: string }[];
  connectors: TConnectorSummary[];
  /** `installation.manage`: shows Install and the wizard. */
  canInstall: boolean;
}

/** The templates the partner can install, as cards; Install opens the wizard in their place. */
export function TemplateCatalog({ templates, clients, connectors, canInstall }: TemplateCatalogProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [installing, setInstalling] = useState<TTemplate | null>(null);
  const [notice, setNotice] = useState<{ message: string; clientId: string | null } | null>(null);
  const closedWizard = useRef(false);

  useEffect(() => {
    // Back from the wizard, focus lands on the page heading rather than on the body.
    if (!installing && closedWizard.current) headingRef.current?.focus();
  }, [installing]);

  const close = (outcome: { message: string; clientId: string | null } | null) => {
    closedWizard.current = true;
    setNotice(outcome);
    setInstalling(null);
  };

  return (
    <section aria-labelledby="templates-heading" className="space-y-4">
      <div className="space-y-1">
        <h1 id="templates-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-semibold outline-none">Templates</h1>
        <p className="text-sm text-muted-foreground">Ready-made retail workflows. Install one for a client, bind it to the client&apos;s connections and set its parameters.</p>
      </div>
      {/* Always rendered: a live region must exist before its message does to be announced. */}
      <div role="status" className="text-sm text-success empty:sr-only">
        {notice ? (
          <>
            {notice.message}{" "}
            <Link href={notice.clientId ? `/installations?client=${encodeURIComponent(notice.clientId)}` : "/installations"} className="text-brand-text underline underline-offset-4">
              {notice.clientId ? `See ${clients.find((c) => c.id === notice.clientId)?.name ?? "the client"}'s installations` : "See installations"}
            </Link>
          </>
        ) : null}
      </div>
      {installing ? (
        <InstallWizard key={installing.key} template={installing} clients={clients} connectors={connectors} onCancel={() => close(null)} onFinished={close} />
      ) : templates.length === 0 ? (
        <EmptyState title="No templates are offered yet" description="This deployment has no workflow templates. Ask your Storeflow contact which ones to enable." />
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {templates.map((template) => (
            <TemplateCard
              key={template.key}
              template={template}
              connectors={connectors}
              onInstall={
                canInstall
                  ? () => {
                      setNotice(null);
                      setInstalling(template);
                    }
                  : undefined
              }
            />
          ))}
        </div>
      )}
    </section>
  );
}
