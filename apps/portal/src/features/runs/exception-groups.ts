import { type TRunPage, type TRunSummary, triageOf, triageTitle, TRIAGE_LABEL } from "./run-view";

/** The group of failed runs the worker has not triaged yet (it does within seconds). */
export const NOT_TRIAGED = "not_triaged";
/** Triage's own label for "not sure enough to name a cause": a person should look. */
export const NEEDS_A_PERSON = "unknown";

/** Failed runs of one likely cause. */
export interface TCauseGroup {
  /** A triage label, or {@link NOT_TRIAGED}. */
  key: string;
  title: string;
  runs: TRunSummary[];
}

/** Failed runs of one workflow that stopped at one step: what run.bulkRetry retries together. */
export interface TStepGroup {
  workflowKey: string;
  stepKey: string | null;
  count: number;
}

const LABEL_ORDER = Object.keys(TRIAGE_LABEL);

function causeOf(run: TRunSummary): string {
  return triageOf(run.triage)?.label ?? NOT_TRIAGED;
}

/**
 * Failed runs by likely cause: named causes first, the biggest first (ties in
 * triage's own order), then "Needs a person" (triage was not sure), then "Not
 * triaged yet". Runs keep the order they came in (newest first).
 */
export function groupByCause(runs: readonly TRunSummary[]): TCauseGroup[] {
  const groups = new Map<string, TRunSummary[]>();
  for (const run of runs) {
    const key = causeOf(run);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const rank = (key: string) => (key === NOT_TRIAGED ? 2 : key === NEEDS_A_PERSON ? 1 : 0);
  const order = (key: string) => (LABEL_ORDER.includes(key) ? LABEL_ORDER.indexOf(key) : LABEL_ORDER.length);
  return [...groups]
    .map(([key, members]) => ({ key, title: key === NOT_TRIAGED ? "Not triaged yet" : triageTitle(key), runs: members }))
    .sort((a, b) => rank(a.key) - rank(b.key) || b.runs.length - a.runs.length || order(a.key) - order(b.key) || a.key.localeCompare(b.key));
}

/** Failed runs by workflow and the step they stopped at, the biggest group first. */
export function groupByWorkflowStep(runs: readonly TRunSummary[]): TStepGroup[] {
  const groups = new Map<string, TStepGroup>();
  for (const run of runs) {
    const id = JSON.stringify([run.workflowKey, run.currentStep]);
    const group = groups.get(id) ?? { workflowKey: run.workflowKey, stepKey: run.currentStep, count: 0 };
    group.count++;
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.workflowKey.localeCompare(b.workflowKey) || (a.stepKey ?? "").localeCompare(b.stepKey ?? ""));
}

/** Pages the exception queue reads at most; past that it says the counts cover only what it read. */
export const MAX_QUEUE_PAGES = 5;
export const QUEUE_PAGE_SIZE = 100;

/** The failed runs the queue shows; `truncated` when more exist than it read. */
export interface TFailedRuns {
  runs: TRunSummary[];
  truncated: boolean;
}

/**
 * Reads failed runs page by page, newest first, up to `maxPages` pages. Shared
 * by the server render and the browser's polling, each with its own way to
 * call run.list.
 */
export async function loadFailedRuns(fetchPage: (cursor: string | undefined) => Promise<TRunPage>, maxPages = MAX_QUEUE_PAGES): Promise<TFailedRuns> {
  const runs: TRunSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { items, nextCursor } = await fetchPage(cursor);
    runs.push(...items);
    if (!nextCursor) return { runs, truncated: false };
    cursor = nextCursor;
  }
  return { runs, truncated: true };
}
