"use client";

import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@storeflow/ui";
import { type TTemplate } from "@/features/installations/install-form";
import { paragraphsOf } from "./template-text";

/** Props of {@link TemplateDetailsDialog}. */
export interface TemplateDetailsDialogProps {
  template: TTemplate;
  /** Shown in the footer when the person may install. */
  onInstall?: () => void;
}

/** The template's full description, versions and latest changes. */
export function TemplateDetailsDialog({ template, onInstall }: TemplateDetailsDialogProps) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">Details<span className="sr-only"> of {template.title}</span></Button>
      </DialogTrigger>
      <DialogContent title={template.title} description={template.summary} className="max-w-2xl">
        <div className="grid gap-3 text-sm leading-relaxed">
          {paragraphsOf(template.description).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </div>
        <p className="text-sm text-muted-foreground">
          Version {template.version}
          {template.versions.length > 1 ? ` (offered: ${template.versions.join(", ")})` : ""}.
        </p>
        {template.kpis.length > 0 ? (
          <div className="grid gap-1 text-sm">
            <h3 className="font-semibold">Measures</h3>
            <dl className="grid gap-2">
              {template.kpis.map((kpi) => (
                <div key={kpi.key}>
                  <dt className="font-medium">{kpi.title}</dt>
                  <dd className="text-muted-foreground">{kpi.description}</dd>
                </div>
              ))}
            </dl>
          </div>
        ) : null}
        {template.changes ? (
          <div className="grid gap-1 text-sm">
            <h3 className="font-semibold">What changed in {template.version}</h3>
            <p>{template.changes}</p>
          </div>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost">Close</Button>
          </DialogClose>
          {/* Opening the wizard replaces the catalogue, this dialog with it; the wizard takes focus. */}
          {onInstall ? <Button onClick={onInstall}>Install</Button> : null}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
