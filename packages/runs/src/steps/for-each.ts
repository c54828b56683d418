import { evaluate, forEachBody, itemEndStep, NonRetryableError, type TForEachStep, type TWorkflowDefinition } from "@storeflow/engine";
import { type TStepJob } from "../step-job";
import { type TQueryable } from "../transaction";
import { type TStepEnv, type TStepRun } from "./step-run";

/** Where a forEach stands: how many items it evaluated, under which attempt, and the one asked for. */
export interface TLoopProgress {
  count: number;
  attempt: number;
  item: unknown;
}

/**
 * Reads the items a forEach evaluated when it started, which that attempt kept
 * as its input. Body steps read their item from it, and the end of an item reads
 * how many there are.
 */
export async function findLoopProgress(db: TQueryable, job: TStepJob, forEachKey: string, index: number | null): Promise<TLoopProgress | undefined> {
  const { rows } = await db.query<TLoopProgress>({
    name: "runs.for-each-progress",
    text: `select jsonb_array_length(input->'items') as count, attempt, input->'items'->($5::int) as item from step_runs
           where run_id = $1 and partner_id::text = $2 and client_id::text = $3 and step_key = $4 and iteration = 0
             and status = 'running' and input ? 'items'
           order by attempt desc limit 1`,
    values: [job.runId, job.partnerId, job.clientId, forEachKey, index],
  });
  return rows[0];
}

// JSONata returns a one-element sequence as the element itself, and no match as undefined.
function asItems(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Each item's result: the output of the step that ended the item (see itemEndStep), null if it recorded none. */
async function collectItemResults(db: TQueryable, definition: TWorkflowDefinition, job: TStepJob, step: TForEachStep, count: number): Promise<unknown[]> {
  const { rows } = await db.query<{ iteration: number; step_key: string; output: unknown }>({
    name: "runs.for-each-results",
    text: `select iteration, step_key, output from step_runs
           where run_id = $1 and partner_id::text = $2 and client_id::text = $3 and step_key = any($4::text[]) and iteration < $5 and output is not null
           order by iteration, finished_at, id`,
    values: [job.runId, job.partnerId, job.clientId, [...forEachBody(definition, step.key)], count],
  });
  const items = Array.from({ length: count }, () => [] as { key: string; output: unknown }[]);
  for (const row of rows) items[row.iteration]?.push({ key: row.step_key, output: row.output });
  return items.map((ran) => {
    const end = itemEndStep(
      definition,
      ran.map((r) => r.key),
    );
    return ran.findLast((r) => r.key === end)?.output ?? null;
  });
}

/**
 * A forEach runs twice. First it evaluates its items, keeps them as the input
 * of that (running) attempt and hands over to its body at item 0; each item's end moves on to the next
 * item (see planTransition). After the last item the forEach runs again, finds
 * its items recorded, and gathers the items' results as its output.
 */
export async function runForEach(step: TForEachStep, { store, definition, job, context }: TStepEnv): Promise<TStepRun> {
  const started = await findLoopProgress(store.pool, job, step.key, null);
  if (started) return { kind: "done", output: await collectItemResults(store.pool, definition, job, step, started.count) };
  const items = asItems(await evaluate(step.items, context));
  if (items.length > step.maxItems) throw new NonRetryableError(`items has ${items.length} entries, more than maxItems (${step.maxItems})`);
  if (items.length === 0) return { kind: "done", output: [] };
  return { kind: "handover", input: { items }, next: step.body };
}
