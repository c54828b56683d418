import { sweepApprovalNotices, type SweepApprovalNoticesOptions, type TApprovalNotice } from "@storeflow/runs";

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
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let sweeping: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      for (const notice of await sweepApprovalNotices(sweep)) onNotice?.(notice);
    } catch (error) {
      onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => (sweeping = pass()), everyMs);
  };
  timer = setTimeout(() => (sweeping = pass()), everyMs);
  return {
    /** Stops sweeping; resolves once a pass under way has finished, so the pools and mailer it uses may close. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
    },
  };
}
