import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { z } from "zod";
import { assertClientInScope } from "./client-in-scope";

export const ZRunOverviewInput = z
  .object({
    /** One client (a client user's is always theirs alone); every client in scope when left out. */
    clientId: z.uuid().optional(),
  })
  .prefault({});

export const ZRunOverviewDto = z.array(
  z.object({
    clientId: z.uuid(),
    /** Midnight today in the client's time zone: where "today" starts for it. */
    dayStart: z.date(),
    /** Runs started today, by where they are now. */
    today: z.object({ succeeded: z.int(), failed: z.int(), running: z.int() }),
    /** Failed runs, of any day, waiting in the exception queue for someone to act. */
    openExceptions: z.int(),
    /** Runs still going (including those parked on an approval or an event), of any day. */
    backlog: z.int(),
    oldestRunningAt: z.date().nullable(),
  }),
);

interface TOverviewRow {
  client_id: string;
  day_start: Date;
  succeeded: number;
  failed: number;
  running: number;
  open_exceptions: number;
  backlog: number;
  oldest_running_at: Date | null;
}

/**
 * Each client's runs today (in its own time zone), open exceptions and
 * backlog, counted in the database under row-level security: a client user
 * gets one row, their client's; partner staff one per client of the partner.
 */
export async function getRunOverview(actor: TActor, input: z.input<typeof ZRunOverviewInput>): Promise<z.infer<typeof ZRunOverviewDto>> {
  const { clientId } = ZRunOverviewInput.parse(input);
  const only = actor.scope.clientId ?? clientId ?? null;
  const rows = await withTenant(actor.db, actor.scope, async (tx) => {
    if (clientId) await assertClientInScope(tx, clientId);
    return tx.$queryRaw<TOverviewRow[]>`
      select c.id as client_id, d.day_start,
        count(*) filter (where r.created_at >= d.day_start and r.status = 'succeeded')::int as succeeded,
        count(*) filter (where r.created_at >= d.day_start and r.status = 'failed')::int as failed,
        count(*) filter (where r.created_at >= d.day_start and r.status = 'running')::int as running,
        count(*) filter (where r.status = 'failed')::int as open_exceptions,
        count(*) filter (where r.status = 'running')::int as backlog,
        min(r.created_at) filter (where r.status = 'running') as oldest_running_at
      from clients c
      cross join lateral (select date_trunc('day', now() at time zone c.timezone) at time zone c.timezone as day_start) d
      left join workflow_runs r on r.partner_id = c.partner_id and r.client_id = c.id and (r.created_at >= d.day_start or r.status in ('failed', 'running'))
      where c.partner_id = ${actor.scope.partnerId}::uuid and (${only}::uuid is null or c.id = ${only}::uuid)
      group by c.id, d.day_start
      order by c.id`;
  });
  return rows.map((row) => ({
    clientId: row.client_id,
    dayStart: row.day_start,
    today: { succeeded: row.succeeded, failed: row.failed, running: row.running },
    openExceptions: row.open_exceptions,
    backlog: row.backlog,
    oldestRunningAt: row.oldest_running_at,
  }));
}
