/** event.publish: an operator's event resumes the runs of that client waiting on it, and only those. */
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { type ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { callerAs, publishedSteps, runQueuedSteps, startAndRun, useApiTenants } from "./test/harness";

const state = useApiTenants();
const DAY = 86_400_000;

const paidWorkflow = {
  key: "test.paid",
  version: "1.0.0",
  start: "paid",
  steps: [
    { key: "paid", kind: "waitForEvent", event: "order.paid", correlationKey: "input.order", waitForMs: DAY, next: "ship" },
    { key: "ship", kind: "transform", expression: "'ship ' & steps.paid.output.amount" },
  ],
};

/** A run of `client` parked until "order.paid" for `order` arrives. */
function waitingRun(client: "a1" | "a2", order: string) {
  const { tenants } = state;
  return startAndRun({ store: state.store, scope: { partnerId: tenants.partnerA.id, clientId: client === "a1" ? tenants.clientA1.id : tenants.clientA2.id }, definition: paidWorkflow, input: { order } });
}

const waitOf = (runId: string) => state.t.adminDb.runWait.findFirstOrThrow({ where: { runId } });
const as = (user: { id: string; email: string }) => callerAs(state, user);

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The event, waits and audit rows a refused publish must leave as they were. */
async function snapshot() {
  const { adminDb } = state.t;
  return { events: await adminDb.workflowEvent.count(), openWaits: await adminDb.runWait.count({ where: { status: "open" } }), audit: await adminDb.auditEvent.count() };
}

describe("event.publish", () => {
  it("resumes the waiting runs of the named client only, audits it, and a repeated idempotency key changes nothing", async () => {
    const order = randomUUID();
    const inA1 = await waitingRun("a1", order);
    const inA2 = await waitingRun("a2", order);
    const operator = state.tenants.usersA.partner_operator;
    const api = await as(operator);
    const input = { clientId: state.tenants.clientA1.id, event: "order.paid", correlationKey: order, payload: '{"amount": 42}', idempotencyKey: `manual-${order}` };

    const published = await api.event.publish(input);
    expect(published).toEqual({ eventId: expect.any(String), created: true, resumedRunIds: [inA1] });
    expect(await waitOf(inA1)).toMatchObject({ status: "received", eventId: published.eventId });
    expect(await waitOf(inA2)).toMatchObject({ status: "open" });
    expect(await state.t.adminDb.auditEvent.findFirst({ where: { targetId: published.eventId } })).toMatchObject({
      action: "event.published",
      actorUserId: operator.id,
      clientId: state.tenants.clientA1.id,
      data: { event: "order.paid", correlationKey: order, resumedRunIds: [inA1] },
    });
    await runQueuedSteps(state.store, publishedSteps.filter((job) => job.runId === inA1));
    expect((await api.run.get({ runId: inA1 })).steps.at(-1)).toMatchObject({ stepKey: "ship", output: "ship 42" });

    const before = await snapshot();
    expect(await api.event.publish(input)).toEqual({ eventId: published.eventId, created: false, resumedRunIds: [] });
    expect(await snapshot()).toEqual(before);
  });

  it("does not find a client outside the actor's scope (NOT_FOUND) and stores nothing", async () => {
    const order = randomUUID();
    const inA2 = await waitingRun("a2", order);
    const before = await snapshot();
    const event = { event: "order.paid", correlationKey: order, payload: "{}", idempotencyKey: randomUUID() };
    // A client admin of A1 into sibling A2; partner B's staff into A's clients.
    const clientAdmin = await as(state.tenants.usersA.client_admin);
    expect((await refusal(clientAdmin.event.publish({ ...event, clientId: state.tenants.clientA2.id }))).code).toBe("NOT_FOUND");
    const ownerB = await as(state.tenants.ownerB);
    for (const clientId of [state.tenants.clientA1.id, state.tenants.clientA2.id]) expect((await refusal(ownerB.event.publish({ ...event, clientId }))).code).toBe("NOT_FOUND");
    expect(await snapshot()).toEqual(before);
    expect(await waitOf(inA2)).toMatchObject({ status: "open" });
  });

  it("is for operators: a client viewer is FORBIDDEN", async () => {
    const viewer = await as(state.tenants.usersA.client_viewer);
    const error = await refusal(viewer.event.publish({ clientId: state.tenants.clientA1.id, event: "order.paid", correlationKey: "o", payload: "{}", idempotencyKey: randomUUID() }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("refuses a payload that is not JSON with BAD_REQUEST naming it, and stores nothing", async () => {
    const before = await snapshot();
    const api = await as(state.tenants.usersA.partner_operator);
    const error = await refusal(api.event.publish({ clientId: state.tenants.clientA1.id, event: "", correlationKey: "o", payload: "{amount: 42", idempotencyKey: randomUUID() }));
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.cause as ZodError).issues.map((issue) => issue.path[0]).sort()).toEqual(["event", "payload"]);
    expect(await snapshot()).toEqual(before);
  });
});
