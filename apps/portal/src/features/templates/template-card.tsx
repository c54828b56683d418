import { type ReactNode } from "react";
import { Badge, Button, Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@storeflow/ui";
import { acceptedConnectorsOf, type TConnectorSummary, type TTemplate } from "@/features/installations/install-form";
import { TemplateDetailsDialog } from "./template-details-dialog";
import { categoryLabelOf, slaLinesOf } from "./template-text";

/** Props of {@link TemplateCard}. */
export interface TemplateCardProps {
  template: TTemplate;
  connectors: readonly TConnectorSummary[];
  /** Shows Install (`installation.manage`). */
  onInstall: (() => void) | undefined;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="grid gap-1">
      <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{title}</h3>
      {children}
    </div>
  );
}

/** One template of the catalogue: what it does, what it needs, when it runs and what it promises. */
export function TemplateCard({ template, connectors, onInstall }: TemplateCardProps) {
  const headingId = `template-${template.key}`;
  return (
    <Card role="article" aria-labelledby={headingId} className="flex flex-col">
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant="info">{categoryLabelOf(template.category)}</Badge>
          <span className="text-xs text-muted-foreground">v{template.version}</span>
        </div>
        <CardTitle as="h2" id={headingId} className="text-base">{template.title}</CardTitle>
        <CardDescription>{template.summary}</CardDescription>
      </CardHeader>
      <CardContent className="grid flex-1 gap-4 text-sm">
        <Section title="Needs">
          {template.bindings.length === 0 ? (
            <p>No connections</p>
          ) : (
            <ul className="grid gap-0.5">
              {template.bindings.map((binding) => (
                <li key={binding.binding}>
                  <span className="font-medium">{binding.title}</span>: {acceptedConnectorsOf(binding, connectors)}
                  {binding.optional ? <span className="text-muted-foreground"> (optional)</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Runs">
          <ul className="grid gap-0.5">
            {template.triggers.length === 0 ? <li>When started by hand</li> : template.triggers.map((trigger) => <li key={trigger}>{trigger}</li>)}
          </ul>
        </Section>
        <Section title="Service level by default">
          <dl className="grid gap-0.5">
            {slaLinesOf(template.sla).map((line) => (
              <div key={line.label} className="flex flex-wrap gap-x-1">
                <dt className="text-muted-foreground">{line.label}</dt>
                <dd>{line.value}</dd>
              </div>
            ))}
          </dl>
        </Section>
        {template.kpis.length > 0 ? (
          <Section title="Measures">
            <ul className="grid gap-0.5">
              {template.kpis.map((kpi) => (
                <li key={kpi.key}>{kpi.title}</li>
              ))}
            </ul>
          </Section>
        ) : null}
      </CardContent>
      <CardFooter className="flex-wrap">
        <TemplateDetailsDialog template={template} onInstall={onInstall} />
        {onInstall ? (
          <Button size="sm" onClick={onInstall}>Install<span className="sr-only"> {template.title}</span></Button>
        ) : null}
      </CardFooter>
    </Card>
  );
}
