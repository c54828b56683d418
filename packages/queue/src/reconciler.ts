import { reconcileRuns, type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { type Queue } from "bullmq";

/** Options for {@link startReconciler}. */
export interface StartReconcilerOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  /** The queue run steps travel on; asked whether a run's job still exists. */
  queue: Queue;
  /** @defaultValue 5000 */
  everyMs?: number;
  checkAfterMs?: number;
  onRepaired?: (count: number) => void;
  onError?: (error: unknown) => void;
}

const ALIVE_STATES = new Set(["waiting", "delayed", "active", "prioritized", "waiting-children"]);

/**
 * Runs the reconciler on every worker; its compare-and-set makes concurrent
 * passes safe. A pass never overlaps the previous one in the same process.
 */
export function startReconciler({ store, publisher, queue, everyMs = 5000, checkAfterMs, onRepaired, onError }: StartReconcilerOptions) {
  const isJobAlive = async (jobId: string) => ALIVE_STATES.has(await queue.getJobState(jobId));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const pass = async () => {
    try {
      const repaired = await reconcileRuns({ store, publisher, isJobAlive, checkAfterMs });
      if (repaired > 0) onRepaired?.(repaired);
    } catch (error) {
      onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => void pass(), everyMs);
  };
  timer = setTimeout(() => void pass(), everyMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
