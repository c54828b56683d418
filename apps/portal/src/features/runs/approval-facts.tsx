import { approvalFactsOf } from "./approval-details";

/** An approval's reasons and key values (amounts, an AI's rationale) beside Approve and Reject. */
export function ApprovalFacts({ details }: { details: unknown }) {
  const { why, facts, rationales } = approvalFactsOf(details);
  if (why.length === 0 && facts.length === 0 && rationales.length === 0) return null;
  return (
    <div className="grid gap-1 text-sm font-normal">
      {why.length > 0 ? (
        <ul aria-label="Why it waits" className="list-disc pl-5">
          {why.map((reason) => <li key={reason}>{reason}</li>)}
        </ul>
      ) : null}
      {facts.length > 0 || rationales.length > 0 ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
          {facts.map((fact) => (
            <div key={fact.label} className="contents">
              <dt className="text-muted-foreground">{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
          {rationales.map((rationale) => (
            <div key={rationale.label} className="contents">
              <dt className="text-muted-foreground">{rationale.label} rationale</dt>
              <dd>{rationale.text}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
