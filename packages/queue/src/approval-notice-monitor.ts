import { sweepApprovalNotices, type SweepApprovalNoticesOptions, type TApprovalNotice } from "@storeflow/runs";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startApprovalNoticeMonitor}. */
export interface StartApprovalNoticeMonitorOptions extends SweepApprovalNoticesOptions {
  /** @defaultValue 5000 */
  everyMs?: number;
  /** Called for each notice this process sent (or tried to: see its `failed` and `recorded`). */
  onNotice?: (notice: TApprovalNotice) => void;
  onError?: (error: unknown) => void;
}

/**
 * E-mails people about approvals that wait for them, on every worker (see
 * sweepApprovalNotices: concurrent sweeps send each notice once). A pass never
 * overlaps the previous one in the same process, so a notice goes out within
 * about `everyMs` of its approval opening or escalating.
 */
export function startApprovalNoticeMonitor({ everyMs = 5_000, onNotice, onError, ...sweep }: StartApprovalNoticeMonitorOptions) {
  return startPeriodicPass({
    pass: () => sweepApprovalNotices(sweep),
    everyMs,
    onResult: (notices) => notices.forEach((notice) => onNotice?.(notice)),
    ...(onError ? { onError } : {}),
  });
}
