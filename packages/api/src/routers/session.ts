import { z } from "zod";
import { ZMembershipSummaryDto } from "../dto";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const sessionRouter = createTRPCRouter({
  /** Who is signed in, every membership they hold, and the one in use. */
  me: authedProcedure
    .meta({ sample: () => undefined })
    .input(z.void())
    .output(
      z.object({
        user: z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }),
        memberships: z.array(ZMembershipSummaryDto),
        active: ZMembershipSummaryDto.nullable(),
      }),
    )
    .query(({ ctx }) => ctx.session),
});
