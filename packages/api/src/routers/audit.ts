import { listAuditEvents, verifyAuditChain, ZListAuditEventsInput } from "@storeflow/audit";
import { withTenant } from "@storeflow/db";
import { z } from "zod";
import { ZAuditChainReportDto } from "../dto";
import { clientProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

const ZAuditEventDto = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  clientId: z.uuid().nullable(),
  actorUserId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  data: z.unknown(),
  createdAt: z.date(),
});

/** A broken chain can break everywhere: the answer carries the first breaks only. */
const MAX_BREAKS = 100;

export const auditRouter = createTRPCRouter({
  /** Newest first, in the caller's scope: client admins see only their client's events. */
  list: clientProcedure("audit.read")
    .meta({ sample: () => ({ limit: 20 }) })
    .input(ZListAuditEventsInput)
    .output(z.object({ items: z.array(ZAuditEventDto), nextCursor: z.uuid().nullable() }))
    .query(({ ctx, input }) => withTenant(ctx.actor.db, ctx.actor.scope, (tx) => listAuditEvents(tx, input))),

  /**
   * Recomputes the caller's partner's audit chain. Partner staff only: the
   * chain spans all of the partner's clients, and a client scope sees one.
   */
  verify: partnerProcedure("audit.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(ZAuditChainReportDto)
    .query(async ({ ctx }) => {
      const { partnerId } = ctx.actor.scope;
      const report = await withTenant(ctx.actor.db, ctx.actor.scope, (tx) => verifyAuditChain({ db: tx, partnerId }));
      return { ok: report.ok, checked: report.checked, breaks: report.breaks.slice(0, MAX_BREAKS).map(({ partnerId: _partner, ...rest }) => rest) };
    }),
});
