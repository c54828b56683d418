import { RelativeTime } from "@/features/connections/relative-time";
import { JsonBlock } from "./json-block";
import { StepStatusBadge } from "./run-status-badge";
import { errorText, formatDuration, isSkipped, timelineOf, type TStepAttempt } from "./run-view";

/** One attempt at a step: status, timing, and its input, output and error behind disclosures. */
export function StepAttempt({ attempt }: { attempt: TStepAttempt }) {
  const skipped = isSkipped(attempt);
  const failure = attempt.status === "failed" || skipped ? errorText(attempt.error) : null;
  return (
    <li className="grid gap-2 rounded-md border border-border p-3" aria-label={`Attempt ${attempt.attempt}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-medium">Attempt {attempt.attempt}</span>
        <StepStatusBadge status={attempt.status} skipped={skipped} />
        <span className="text-muted-foreground">
          started <RelativeTime date={attempt.startedAt} />
          {attempt.finishedAt ? `, took ${formatDuration(attempt.finishedAt.getTime() - attempt.startedAt.getTime())}` : ", not finished"}
        </span>
      </div>
      {failure ? <p className={skipped ? "text-sm" : "text-sm text-danger"}>{failure}</p> : null}
      <div className="grid gap-2">
        <JsonBlock label="Input" value={attempt.input} />
        <JsonBlock label="Output" value={attempt.output} />
        <JsonBlock label="Error" value={skipped ? null : attempt.error} />
      </div>
    </li>
  );
}

/** The steps the run went through, in order, each with its attempts. */
export function StepTimeline({ attempts }: { attempts: readonly TStepAttempt[] }) {
  const steps = timelineOf(attempts);
  if (steps.length === 0) return <p className="text-sm text-muted-foreground">No step has started yet.</p>;
  return (
    <ol aria-label="Steps" className="grid gap-4">
      {steps.map((step, index) => {
        const last = step.attempts.at(-1)!;
        const headingId = `step-${last.id}`;
        return (
          <li key={`${step.stepKey}-${step.iteration}-${last.id}`} aria-labelledby={headingId} className="grid gap-2 border-l-2 border-border pl-4">
            <h3 id={headingId} className="flex flex-wrap items-center gap-2 text-sm font-semibold">
              <span className="text-muted-foreground">{index + 1}.</span>
              <code className="font-mono">{step.stepKey}</code>
              {step.iteration > 0 ? <span className="font-normal text-muted-foreground">item {step.iteration + 1}</span> : null}
              <span className="font-normal text-muted-foreground">
                {step.attempts.length === 1 ? "1 attempt" : `${step.attempts.length} attempts`}
              </span>
            </h3>
            <ol className="grid gap-2">
              {step.attempts.map((attempt) => (
                <StepAttempt key={attempt.id} attempt={attempt} />
              ))}
            </ol>
          </li>
        );
      })}
    </ol>
  );
}
