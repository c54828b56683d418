import { STEP_JOB_NAME, stepJobId, type TStepJob, type TStepPublisher } from "@storeflow/runs";
import {
  ATTR_CLIENT_ID,
  ATTR_PARTNER_ID,
  ATTR_RUN_ID,
  ATTR_STEP,
  ATTR_STEP_ATTEMPT,
  type Attributes,
  endSpan,
  isTracing,
  SpanKind,
  startSpan,
  traceparentOf,
} from "@storeflow/telemetry";
import { Job, type Queue } from "bullmq";
import { type Redis } from "ioredis";
import { DEFAULT_PARKED_MS, parkJobs } from "./client-slots";
import { type TFairShare } from "./fair-share";
import { JOBS } from "./jobs";
import { createStartPacing } from "./start-pacing";

/** Options for {@link createStepPublisher}. */
export interface CreateStepPublisherOptions {
  queue: Queue;
  fairShare: TFairShare;
  /** The connection and key prefix of the clients' slots. */
  redis: Redis;
  prefix: string;
  /** See CreateClientSlotsOptions.parkedMs; the fleet's value. @defaultValue DEFAULT_PARKED_MS */
  parkedMs?: number;
  /** Told how long each run start of a send was held back for its client's rate (see TFairShare.acquire), when any was. */
  onStartsHeld?: (heldMs: readonly number[]) => void;
  /** Told of each run start made to wait for a later window of its client's paced starts (see createStartPacing). */
  onStartPaced?: () => void;
}

/**
 * Publishes step jobs under their deterministic ids, ordered fairly across
 * clients. A job due now whose client has no free slot is parked straight
 * away (added delayed, and promoted by the step that next frees a slot), so a
 * client flooding the fleet past its limit costs the workers nothing until
 * its jobs can run, rather than one pick-up and deferral each; a run's start
 * is held to its client's rate of starts the same way (see TFairShare.acquire).
 * Publishes made together are sent together (see coalesced).
 *
 * Its admitStart paces the starts of a client whose starts its sends find
 * held back for the client's rate (see createStartPacing); each process paces
 * its own callers.
 */
export function createStepPublisher({ queue, fairShare, redis, prefix, parkedMs = DEFAULT_PARKED_MS, onStartsHeld, onStartPaced }: CreateStepPublisherOptions): TStepPublisher {
  const spec = JOBS[STEP_JOB_NAME];
  const pacing = createStartPacing(onStartPaced ? { onPaced: onStartPaced } : {});
  const send = async (jobs: readonly TStepJob[]) => {
    const shares = await fairShare.acquire(
      jobs.map((job) => ({ clientId: job.clientId, jobId: stepJobId(job), dueNow: !job.delayMs, ...(job.runStart ? { runStart: job.runId } : {}) })),
    );
    const held = shares.map((share) => share.holdMs).filter((ms) => ms > 0);
    if (held.length > 0) {
      onStartsHeld?.(held);
      shares.forEach((share, i) => share.holdMs > 0 && pacing.held(jobs[i]!.clientId, share.holdMs));
    }
    const delays = jobs.map((job, i) => shares[i]!.holdMs || job.delayMs);
    const parking = shares.map((share) => share.fullAt);
    const added = jobs.map((job, i) => ({
      name: STEP_JOB_NAME,
      data: job,
      opts: {
        jobId: stepJobId(job),
        priority: shares[i]!.priority,
        ...(parking[i] !== null ? { delay: parkedMs } : delays[i] ? { delay: delays[i] } : {}),
        attempts: spec.attempts,
        backoff: { type: "exponential", delay: spec.backoffMs },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      },
    }));
    // A send of one job, the usual one short of full load, is added by itself: addBulk's MULTI
    // builds an ioredis pipeline, which defines a method per BullMQ script and costs more than the add.
    await (added.length === 1 ? queue.add(added[0]!.name, added[0]!.data, added[0]!.opts) : queue.addBulk(added));
    await Promise.all(
      [...parkedByClient(jobs, parking)].map(async ([clientId, { limit, jobIds }]) => {
        // Slots freed meanwhile: nobody will wake those jobs, so they go now, into the slots kept for them.
        const promote = await parkJobs(redis, prefix, { clientId, jobIds, limit, parkedMs });
        await Promise.all(promote.map(async (jobId) => (await Job.fromId(queue, jobId))?.promote()));
      }),
    );
  };
  const sendTogether = coalesced(send);
  return {
    admitStart: pacing.admit,
    async publish(jobs) {
      if (jobs.length === 0) return;
      if (!isTracing()) return sendTogether(jobs);
      // A producer span per job, each in its own run's trace under the span the job names; the
      // job then names its producer span instead, for the step it starts to be that span's consumer.
      const spans = jobs.map((job) => startSpan("queue.publish", publishAttributes(job, spec.queue), { kind: SpanKind.PRODUCER, ...(job.traceparent ? { traceparent: job.traceparent } : {}) }));
      try {
        await sendTogether(jobs.map((job, i) => ({ ...job, traceparent: traceparentOf(spans[i]!) ?? job.traceparent })));
        for (const span of spans) endSpan(span);
      } catch (error) {
        for (const span of spans) endSpan(span, error);
        throw error;
      }
    },
  };
}

/** Each client's jobs of a batch to park, under the limit they were turned away at. */
function parkedByClient(jobs: readonly TStepJob[], parking: readonly (number | null)[]) {
  const byClient = new Map<string, { limit: number; jobIds: string[] }>();
  jobs.forEach((job, i) => {
    const limit = parking[i];
    if (limit === null || limit === undefined) return;
    const parked = byClient.get(job.clientId) ?? { limit, jobIds: [] };
    parked.jobIds.push(stepJobId(job));
    byClient.set(job.clientId, parked);
  });
  return byClient;
}

/** Sends a publisher keeps in flight at once; publishes that arrive meanwhile wait and go together. */
const SENDS_IN_FLIGHT = 2;

/**
 * Publishes made in the same tick, or while SENDS_IN_FLIGHT sends are out,
 * go in one send: one fair-share count per client and one addBulk for all of
 * them. Under load a publish costs a share of two round trips; when idle it
 * waits for nothing but the tick. A send that fails fails each publish in it,
 * as its own send would have (the jobs are on their run rows, for the
 * reconciler).
 */
function coalesced(send: (jobs: readonly TStepJob[]) => Promise<void>): (jobs: readonly TStepJob[]) => Promise<void> {
  let inFlight = 0;
  let scheduled = false;
  let gathering: { jobs: TStepJob[]; done: { resolve: () => void; reject: (error: unknown) => void }[] } | null = null;
  const flush = () => {
    scheduled = false;
    if (gathering === null || inFlight >= SENDS_IN_FLIGHT) return;
    const batch = gathering;
    gathering = null;
    inFlight++;
    send(batch.jobs)
      .then(
        () => batch.done.forEach((publish) => publish.resolve()),
        (error: unknown) => batch.done.forEach((publish) => publish.reject(error)),
      )
      .finally(() => {
        inFlight--;
        flush();
      });
  };
  return (jobs) =>
    new Promise<void>((resolve, reject) => {
      gathering ??= { jobs: [], done: [] };
      gathering.jobs.push(...jobs);
      gathering.done.push({ resolve, reject });
      if (!scheduled && inFlight < SENDS_IN_FLIGHT) {
        scheduled = true;
        process.nextTick(flush);
      }
    });
}

function publishAttributes(job: TStepJob, queue: string): Attributes {
  return {
    [ATTR_PARTNER_ID]: job.partnerId,
    [ATTR_CLIENT_ID]: job.clientId,
    [ATTR_RUN_ID]: job.runId,
    [ATTR_STEP]: job.stepKey,
    [ATTR_STEP_ATTEMPT]: job.attempt,
    "messaging.system": "bullmq",
    "messaging.operation.type": "send",
    "messaging.destination.name": queue,
    "messaging.message.id": stepJobId(job),
  };
}
