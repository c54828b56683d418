import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { publishEvent, type TRunStore, type TStepPublisher, ZPublishEventInput } from "@storeflow/runs";
import { z } from "zod";
import { assertClientInScope } from "./client-in-scope";
import { ZJsonText } from "./json-text";

/**
 * An event a person publishes for one client. It names no source run: that is
 * for events a workflow's emit step sends.
 */
export const ZPublishClientEvent = ZPublishEventInput.omit({ sourceRunId: true }).extend({ clientId: z.uuid() });
/** The same from a form, the payload written as JSON text. */
export const ZPublishClientEventInput = ZPublishClientEvent.extend({ payload: ZJsonText });

/** Options for {@link publishEventAsActor}. */
export interface PublishEventAsActorOptions {
  actor: TActor;
  /** System-scope pool: see the invariant on {@link publishEventAsActor}. */
  store: TRunStore;
  publisher: TStepPublisher;
  input: z.input<typeof ZPublishClientEvent>;
}

/**
 * Publishes a workflow event for a client by hand (resuming runs that wait on
 * it), and audits it. The run store works in the system scope, so the client
 * the input names is first found under row-level security in the actor's scope:
 * a sibling of a client user's own, or another partner's, is not found and
 * nothing is stored. The event is then published in that client, under the
 * session's partner, with its audit event in the same transaction. A repeated
 * idempotency key changes nothing and is not audited.
 */
export async function publishEventAsActor({ actor, store, publisher, input }: PublishEventAsActorOptions) {
  const { clientId, ...event } = ZPublishClientEvent.parse(input);
  await withTenant(actor.db, actor.scope, (tx) => assertClientInScope(tx, clientId));
  return publishEvent({
    store,
    publisher,
    scope: { partnerId: actor.scope.partnerId, clientId },
    audit: { userId: actor.scope.userId, action: "event.published" },
    ...event,
  });
}
