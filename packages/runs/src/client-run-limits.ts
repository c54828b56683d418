import { recordAudit } from "@storeflow/audit";
import { ClientStatus, type TTx, withTenant } from "@storeflow/db";
import { ConflictError, NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { type TOperator } from "./operator-actions";
import { quotaMonth } from "./quota-month";
import { QUOTA_PAUSE_REASON } from "./quota-sweep";

/** `clients.runs_pause_reason` of a pause a person set; only a person lifts it. */
export const MANUAL_PAUSE_REASON = "manual";

export const ZClientRunsRef = z.object({ id: z.uuid() });

const wholeNumber = "Use a whole number";
export const ZSetClientRunLimitsInput = ZClientRunsRef.extend({
  maxConcurrentSteps: z.int(wholeNumber).min(1, "Allow at least 1 step at once; to stop the client's runs, pause them").max(1000, "Allow at most 1000 steps at once").optional(),
  /** Null: no rate limit. */
  runsPerMinute: z.int(wholeNumber).min(1, "Allow at least 1 run a minute, or clear the limit").max(60_000, "Allow at most 60000 runs a minute").nullable().optional(),
  /** Null: no quota. */
  monthlyRunQuota: z.int(wholeNumber).min(1, "Allow at least 1 run a month, or clear the quota").max(1_000_000_000, "Allow at most 1000000000 runs a month").nullable().optional(),
  quotaWarnPercent: z.int(wholeNumber).min(1, "Warn at 1 to 100 percent of the quota").max(100, "Warn at 1 to 100 percent of the quota").optional(),
}).refine(
  (input) => [input.maxConcurrentSteps, input.runsPerMinute, input.monthlyRunQuota, input.quotaWarnPercent].some((value) => value !== undefined),
  "Change at least one limit",
);

export const ZSetClientRunsPausedInput = ZClientRunsRef.extend({ paused: z.boolean() });

/** A client's limits and how much of its monthly quota it has used. */
export const ZClientRunUsage = z.object({
  clientId: z.uuid(),
  /** The calendar month in the client's time zone, YYYY-MM. */
  month: z.string(),
  monthStartsAt: z.date(),
  runsThisMonth: z.int(),
  monthlyRunQuota: z.int().nullable(),
  quotaWarnPercent: z.int(),
  /** Runs this month at which the partner is warned; null without a quota. */
  warnAt: z.int().nullable(),
  runsPerMinute: z.int().nullable(),
  maxConcurrentSteps: z.int(),
  paused: z.boolean(),
  /** "quota", "manual", or what else paused the runs (billing). */
  pauseReason: z.string().nullable(),
  pausedAt: z.date().nullable(),
});
export type TClientRunUsage = z.infer<typeof ZClientRunUsage>;

const limitsSelect = {
  id: true,
  partnerId: true,
  timezone: true,
  status: true,
  maxConcurrentSteps: true,
  runsPerMinute: true,
  monthlyRunQuota: true,
  quotaWarnPercent: true,
  runsPausedAt: true,
  runsPauseReason: true,
} as const;

type TLimitsRow = Awaited<ReturnType<typeof findClient>>;

async function findClient(tx: TTx, id: string) {
  const client = await tx.client.findFirst({ where: { id }, select: limitsSelect });
  if (!client) throw new NotFoundError("The client");
  return client;
}

async function findChangeableClient(tx: TTx, id: string) {
  const client = await findClient(tx, id);
  if (client.status === ClientStatus.archived) throw new ConflictError("Archived clients cannot be changed");
  return client;
}

async function usageOf(tx: TTx, client: TLimitsRow): Promise<TClientRunUsage> {
  const { month, startsAt } = quotaMonth(client.timezone);
  const runsThisMonth = await tx.workflowRun.count({ where: { partnerId: client.partnerId, clientId: client.id, createdAt: { gte: startsAt } } });
  const quota = client.monthlyRunQuota;
  return {
    clientId: client.id,
    month,
    monthStartsAt: startsAt,
    runsThisMonth,
    monthlyRunQuota: quota,
    quotaWarnPercent: client.quotaWarnPercent,
    warnAt: quota === null ? null : Math.ceil((quota * client.quotaWarnPercent) / 100),
    runsPerMinute: client.runsPerMinute,
    maxConcurrentSteps: client.maxConcurrentSteps,
    paused: client.runsPausedAt !== null,
    pauseReason: client.runsPausedAt === null ? null : client.runsPauseReason,
    pausedAt: client.runsPausedAt,
  };
}

function describePause(reason: string | null): string {
  if (reason === QUOTA_PAUSE_REASON) return "its monthly run quota is used up";
  if (reason === MANUAL_PAUSE_REASON) return "paused by hand";
  return `paused: ${reason ?? "no reason given"}`;
}

const changedMeanwhile = () => new ConflictError("The client changed while you were looking at it; reload and try again");

export async function getClientRunUsage(operator: TOperator, input: z.input<typeof ZClientRunsRef>): Promise<TClientRunUsage> {
  const { id } = ZClientRunsRef.parse(input);
  return withTenant(operator.db, operator.scope, async (tx) => usageOf(tx, await findClient(tx, id)));
}

/**
 * Sets a client's limits. They reach the worker fleet within its limits cache
 * (seconds); a quota raised above this month's runs lifts a quota pause at the
 * quota monitor's next pass, and one lowered below them pauses the runs.
 */
export async function setClientRunLimits(operator: TOperator, input: z.input<typeof ZSetClientRunLimitsInput>): Promise<TClientRunUsage> {
  const { id, ...changes } = ZSetClientRunLimitsInput.parse(input);
  return withTenant(operator.db, operator.scope, async (tx) => {
    const client = await findChangeableClient(tx, id);
    const before = Object.fromEntries(Object.keys(changes).map((key) => [key, client[key as keyof typeof changes]]));
    const updated = await tx.client.update({ where: { id }, data: changes, select: limitsSelect });
    await recordAudit({ tx, scope: operator.scope, clientId: id, action: "client.limits_changed", target: { type: "client", id }, data: { before, changes } });
    return usageOf(tx, updated);
  });
}

/**
 * Pauses a client's runs by hand, or resumes them. Paused, its queued steps
 * wait on the queue (none is dropped or fails) and new runs still queue up.
 * A quota pause may be resumed by hand only once the client is back under its
 * quota; a pause set for another reason (billing) is lifted only where it was set.
 */
export async function setClientRunsPaused(operator: TOperator, input: z.input<typeof ZSetClientRunsPausedInput>): Promise<TClientRunUsage> {
  const { id, paused } = ZSetClientRunsPausedInput.parse(input);
  return withTenant(operator.db, operator.scope, async (tx) => {
    const client = await findChangeableClient(tx, id);
    const reason = client.runsPausedAt === null ? null : client.runsPauseReason;
    if (paused && client.runsPausedAt !== null) throw new ConflictError(`The client's runs are already paused (${describePause(reason)})`);
    if (!paused && client.runsPausedAt === null) throw new ConflictError("The client's runs are not paused");
    if (!paused) await assertResumable(tx, client);
    const { count } = await tx.client.updateMany({
      where: { id, runsPausedAt: client.runsPausedAt, runsPauseReason: client.runsPauseReason },
      data: paused ? { runsPausedAt: new Date(), runsPauseReason: MANUAL_PAUSE_REASON } : { runsPausedAt: null, runsPauseReason: null },
    });
    if (count === 0) throw changedMeanwhile();
    await recordAudit({
      tx,
      scope: operator.scope,
      clientId: id,
      action: paused ? "client.runs_paused" : "client.runs_resumed",
      target: { type: "client", id },
      data: { reason: paused ? MANUAL_PAUSE_REASON : reason },
    });
    return usageOf(tx, await findClient(tx, id));
  });
}

async function assertResumable(tx: TTx, client: TLimitsRow) {
  const reason = client.runsPauseReason;
  if (reason === MANUAL_PAUSE_REASON) return;
  if (reason !== QUOTA_PAUSE_REASON) throw new ConflictError(`The client's runs are ${describePause(reason)}; that pause is lifted where it was set`);
  const usage = await usageOf(tx, client);
  if (usage.monthlyRunQuota !== null && usage.runsThisMonth >= usage.monthlyRunQuota) {
    throw new ConflictError(
      `The client has used ${usage.runsThisMonth} of its ${usage.monthlyRunQuota} runs this month; raise or clear its monthly quota to resume its runs`,
    );
  }
}
