import { type TStepJob } from "./step-job";
import { type TQueryable } from "./transaction";

/**
 * Which failure of its step (run, step, iteration) the attempt that just failed
 * is, 1 for the first: the number the retry policy judges (decideNext's
 * `attempt`). Not the attempt number, because not every attempt is a failure: a
 * parked step (approval, waitForEvent) moves to a new attempt each time it
 * wakes to look at its clock, as a forEach does to gather its items, and those
 * attempts are recorded as running. Counted from step_runs, where settle
 * records each attempt exactly once, so a duplicate delivery counts nothing.
 */
export async function failedAttemptNumber(db: TQueryable, job: TStepJob): Promise<number> {
  const { rows } = await db.query<{ failed: number }>({
    name: "runs.count-failed-attempts",
    text: `select count(*)::int as failed from step_runs
           where run_id = $1 and partner_id::text = $2 and client_id::text = $3 and step_key = $4 and iteration = $5
             and attempt < $6 and status = 'failed'`,
    values: [job.runId, job.partnerId, job.clientId, job.stepKey, job.iteration, job.attempt],
  });
  return rows[0]!.failed + 1;
}
