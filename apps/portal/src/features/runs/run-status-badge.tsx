import { Badge } from "@storeflow/ui";
import { RUN_STATUS, STEP_STATUS, type TRunStatus, type TStepStatus } from "./run-view";

/** A run's status in words; the colour only repeats it. */
export function RunStatusBadge({ status }: { status: TRunStatus }) {
  const { label, variant } = RUN_STATUS[status];
  return (
    <Badge variant={variant} data-testid="run-status">
      {status === "running" ? <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current motion-reduce:animate-none" /> : null}
      {label}
    </Badge>
  );
}

export function StepStatusBadge({ status, skipped = false }: { status: TStepStatus; skipped?: boolean }) {
  const { label, variant } = STEP_STATUS[skipped ? "skipped" : status];
  return <Badge variant={variant}>{label}</Badge>;
}
