import { ZPublishedEventDto } from "../dto";
import { publishEventAsActor, ZPublishClientEventInput } from "../runs/publish-event";
import { clientProcedure, createTRPCRouter } from "../trpc";

/** Workflow events by hand: resuming runs that wait on an event which never came, or came elsewhere. */
export const eventRouter = createTRPCRouter({
  publish: clientProcedure("run.operate")
    .meta({
      sample: (t) => ({ clientId: t.clientId, event: "order.paid", correlationKey: "order-1001", payload: '{"amount": 42}', idempotencyKey: `manual-${t.clientId}` }),
    })
    .input(ZPublishClientEventInput)
    .output(ZPublishedEventDto)
    .mutation(({ ctx, input }) => publishEventAsActor({ actor: ctx.actor, store: ctx.runStore, publisher: ctx.stepPublisher, input })),
});
