import { RelativeTime } from "@/features/connections/relative-time";
import { triageOf, triageTitle } from "./run-view";

/**
 * A failed run's likely cause from the worker's exception triage, and what to
 * do about it; until the worker has looked (seconds), says it is looking.
 */
export function TriageBox({ triage: value }: { triage: unknown }) {
  const triage = triageOf(value);
  if (!triage) {
    return (
      <section aria-labelledby="triage-heading" className="rounded-lg border border-border bg-card p-4">
        <h2 id="triage-heading" className="text-base font-semibold">Likely cause</h2>
        <p role="status" className="mt-1 text-sm text-muted-foreground">Not triaged yet: the likely cause and a suggested action appear here within seconds.</p>
      </section>
    );
  }
  const sure = Math.round(triage.confidence * 100);
  return (
    <section aria-labelledby="triage-heading" className="rounded-lg border border-l-4 border-border border-l-warning bg-card p-4" data-testid="triage">
      <h2 id="triage-heading" className="text-base font-semibold">Likely cause: {triageTitle(triage.label)}</h2>
      <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Confidence</dt>
          <dd>{sure}%</dd>
        </div>
        <div>
          <dt className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Source</dt>
          <dd>{triage.source === "model" ? `Model${triage.model ? ` ${triage.model}` : ""}` : "Rules"}</dd>
        </div>
        <div>
          <dt className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Triaged</dt>
          <dd><RelativeTime date={new Date(triage.at)} /></dd>
        </div>
        <div className="sm:col-span-3">
          <dt className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Why</dt>
          <dd>{triage.rationale}</dd>
        </div>
        <div className="sm:col-span-3">
          <dt className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Suggested action</dt>
          <dd className="font-medium">{triage.suggestedAction}</dd>
        </div>
      </dl>
    </section>
  );
}
