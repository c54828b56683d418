import { type TTemplateCatalog } from "@storeflow/templates";
import type pg from "pg";
import { detectMissedCadence, detectOverdueRuns, detectSuccessRateDrops, sampleBacklog } from "./detectors";
import { sweepRetention } from "./retention";
import { rollUpFinishedRuns } from "./rollups";
import { syncSlaTargets } from "./targets";

/** Options for {@link runSlaPass}. */
export interface RunSlaPassOptions {
  /** System-scope pool: the run store's (app.system=on). */
  pool: pg.Pool;
  templates: TTemplateCatalog;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /** Success rate is judged only over at least this many finished runs. @defaultValue 10 */
  minRunsForSuccessRate?: number;
  /** See RollUpFinishedRunsOptions.settleMs. @defaultValue 5000 */
  settleMs?: number;
  /** Rollup batches one pass may read; the next pass goes on. @defaultValue 20 */
  maxRollupBatches?: number;
  /** @defaultValue 5000 */
  rollupBatchSize?: number;
  /** Also apply retention in this pass. @defaultValue true */
  retention?: boolean;
}

export interface TSlaPassResult {
  targetsSynced: number;
  runsRolledUp: number;
  /** The rollups still have finished runs to read. */
  behind: boolean;
  breaches: { runDuration: number; backlogAge: number; cadence: number; successRate: number };
  prunedRuns: number;
}

/**
 * One SLA pass: targets for new or upgraded installations, rollups of runs
 * finished since the last pass (with late-finish breaches), then the detectors
 * that notice what did not happen (overdue runs, work waiting to start, missed
 * cadence, success-rate drops), then retention. Every step is idempotent, so
 * each worker may run passes at once.
 */
export async function runSlaPass(options: RunSlaPassOptions): Promise<TSlaPassResult> {
  const { pool, templates, clock = () => new Date(), minRunsForSuccessRate = 10, settleMs, maxRollupBatches = 20, rollupBatchSize, retention = true } = options;
  const targetsSynced = await syncSlaTargets(pool, templates);
  let runsRolledUp = 0;
  let behind = true;
  let watermark = new Date(0);
  let lateBreaches = 0;
  for (let batch = 0; batch < maxRollupBatches && behind; batch++) {
    const result = await rollUpFinishedRuns({ pool, now: clock(), ...(settleMs === undefined ? {} : { settleMs }), ...(rollupBatchSize ? { batchSize: rollupBatchSize } : {}) });
    runsRolledUp += result.runs;
    behind = result.full;
    watermark = result.watermark;
    lateBreaches += result.lateBreaches;
  }
  const now = clock();
  // Caught up, everything that finished up to (now - settleMs) has been read, even if the last run read is older.
  const checkedUntil = behind ? watermark : new Date(now.getTime() - (settleMs ?? 5000));
  const runDuration = lateBreaches + (await detectOverdueRuns(pool, now));
  const backlog = await sampleBacklog(pool, now);
  const cadence = await detectMissedCadence(pool, now, checkedUntil);
  const successRate = await detectSuccessRateDrops(pool, now, minRunsForSuccessRate);
  const swept = retention ? await sweepRetention(pool, now) : { prunedRuns: 0 };
  return { targetsSynced, runsRolledUp, behind, breaches: { runDuration, backlogAge: backlog.breaches, cadence, successRate }, prunedRuns: swept.prunedRuns };
}
