import { z } from "zod";
import { createTRPCRouter, platformAdminProcedure } from "../trpc";

export const platformRouter = createTRPCRouter({
  /**
   * Every partner with its client and member counts. Crossing tenants is the
   * point of this screen, hence the owner connection.
   */
  listPartners: platformAdminProcedure
    .meta({ sample: () => undefined })
    .input(z.void())
    .output(z.array(z.object({ id: z.uuid(), name: z.string(), slug: z.string(), createdAt: z.date(), clientCount: z.number().int(), memberCount: z.number().int() })))
    .query(async ({ ctx }) => {
      const rows = await ctx.unsafeAdminDb.partner.findMany({
        orderBy: { name: "asc" },
        select: { id: true, name: true, slug: true, createdAt: true, _count: { select: { clients: true, memberships: true } } },
      });
      return rows.map(({ _count, ...p }) => ({ ...p, clientCount: _count.clients, memberCount: _count.memberships }));
    }),
});
