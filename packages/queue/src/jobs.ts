import { STEP_JOB_NAME, ZScheduleRef, ZStepJob } from "@storeflow/runs";
import { type z } from "zod";

/** A job kind, declared as data: its payload schema, queue and delivery policy. */
export interface TJobSpec<TSchema extends z.ZodType> {
  id: string;
  schema: TSchema;
  queue: string;
  /** BullMQ-level attempts for infrastructure failures (a database blip); step retries are the engine's. */
  attempts: number;
  backoffMs: number;
}

/** Fires one slot of a workflow schedule; produced only by the schedule's BullMQ job scheduler. */
export const SCHEDULE_JOB_NAME = "schedule.fire";

/** Every job the fleet knows. Queue names carry a hash tag so a Redis Cluster keeps each queue on one slot. */
export const JOBS = {
  [STEP_JOB_NAME]: { id: STEP_JOB_NAME, schema: ZStepJob, queue: "{runs}", attempts: 8, backoffMs: 500 },
  [SCHEDULE_JOB_NAME]: { id: SCHEDULE_JOB_NAME, schema: ZScheduleRef, queue: "{schedules}", attempts: 5, backoffMs: 1000 },
} as const satisfies Record<string, TJobSpec<z.ZodType>>;

export type TJobName = keyof typeof JOBS;
