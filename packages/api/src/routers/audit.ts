import { listAuditEvents, ZListAuditEventsInput } from "@storeflow/audit";
import { withTenant } from "@storeflow/db";
import { z } from "zod";
import { clientProcedure, createTRPCRouter } from "../trpc";

const ZAuditEventDto = z.object({
  id: z.uuid(),
  clientId: z.uuid().nullable(),
  actorUserId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  data: z.unknown(),
  createdAt: z.date(),
});

export const auditRouter = createTRPCRouter({
  /** Newest first, in the caller's scope: client admins see only their client's events. */
  list: clientProcedure("audit.read")
    .meta({ sample: () => ({ limit: 20 }) })
    .input(ZListAuditEventsInput)
    .output(z.object({ items: z.array(ZAuditEventDto), nextCursor: z.uuid().nullable() }))
    .query(({ ctx, input }) => withTenant(ctx.actor.db, ctx.actor.scope, (tx) => listAuditEvents(tx, input))),
});
