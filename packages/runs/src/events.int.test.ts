/** waitForEvent steps and publishEvent: events before and after the wait, repeated deliveries, their audit, timeouts, tenants. */
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { DomainError } from "@storeflow/errors";
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { publishEvent, type TPublishAudit } from "./events";
import { retryRun, type TOperator } from "./operator-actions";

const h = useRunHarness();
const DAY = 86_400_000;

function paidWorkflow(onTimeout = false): TWorkflowDefinitionInput {
  return {
    key: "test.paid",
    version: "1.0.0",
    start: "order",
    steps: [
      { key: "order", kind: "transform", expression: "input.order", next: "paid" },
      { key: "paid", kind: "waitForEvent", event: "order.paid", correlationKey: "steps.order.output", waitForMs: DAY, next: "ship", ...(onTimeout ? { onTimeout: "chase" } : {}) },
      { key: "ship", kind: "transform", expression: "'ship ' & steps.paid.output.amount" },
      ...(onTimeout ? [{ key: "chase", kind: "transform" as const, expression: "'chase ' & steps.order.output" }] : []),
    ],
  };
}

function paid(order: string, amount: number, { key = crypto.randomUUID() as string, scope = h.scopeA(), audit = undefined as TPublishAudit | undefined } = {}) {
  return publishEvent({ store: h.store, publisher: h.publisher, scope, event: "order.paid", correlationKey: order, payload: { amount }, idempotencyKey: key, audit });
}

async function waiting(order: string, onTimeout = false) {
  const { runId } = await h.start(paidWorkflow(onTimeout), { order });
  expect((await h.drain()).map((r) => r.kind)).toEqual(["succeeded", "parked"]);
  return { runId, timeout: h.takeDelayed(runId) };
}

const operator = (): TOperator => ({
  db: h.state.t.db,
  scope: { partnerId: h.state.tenants.partnerA.id, clientId: null, userId: h.state.tenants.usersA.partner_operator.id },
});
const waitsOf = (runId: string) => h.state.t.adminDb.runWait.findMany({ where: { runId }, orderBy: { id: "asc" } });

/** A run whose wait timed out without onTimeout: failed on its wait step. */
async function timedOut(order: string) {
  const { runId, timeout } = await waiting(order);
  await h.state.t.adminDb.runWait.updateMany({ where: { runId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(await h.deliver(timeout)).toMatchObject({ kind: "failed" });
  expect(await h.run(runId)).toMatchObject({ status: "failed", currentStep: "paid" });
  return runId;
}

const auditOf = (eventId: string) => h.state.t.adminDb.auditEvent.findMany({ where: { targetType: "event", targetId: eventId } });
const waitOf = (runId: string) => h.state.t.adminDb.runWait.findFirstOrThrow({ where: { runId } });
const outputOf = async (runId: string, stepKey: string) => (await h.attempts(runId)).filter((s) => s.stepKey === stepKey).at(-1)?.output;

describe("waitForEvent and publishEvent", () => {
  it("parks each run on an open wait and resumes every matching one when the event arrives, its payload as the step's output", async () => {
    const order = crypto.randomUUID();
    const first = await waiting(order);
    const second = await waiting(order);
    const other = await waiting(crypto.randomUUID());
    expect(await waitOf(first.runId)).toMatchObject({ event: "order.paid", correlationKey: order, status: "open", stepKey: "paid", iteration: 0 });
    expect(first.timeout).toMatchObject({ stepKey: "paid", attempt: 2 });
    expect(first.timeout.delayMs).toBeGreaterThan(DAY - 60_000);

    const published = await paid(order, 42);
    expect(published.created).toBe(true);
    expect(published.resumedRunIds.sort()).toEqual([first.runId, second.runId].sort());
    expect(await waitOf(first.runId)).toMatchObject({ status: "received", eventId: published.eventId });
    expect(await waitOf(other.runId)).toMatchObject({ status: "open" });
    await h.drain();
    expect(await outputOf(first.runId, "paid")).toEqual({ amount: 42 });
    expect(await outputOf(first.runId, "ship")).toBe("ship 42");
    expect(await h.run(second.runId)).toMatchObject({ status: "succeeded" });
    expect(await h.deliver(first.timeout)).toEqual({ kind: "stale" });
  });

  it("stores a repeated delivery once and resumes nothing the second time", async () => {
    const order = crypto.randomUUID();
    const { runId } = await waiting(order);
    const key = `psp-${order}`;
    const once = await paid(order, 10, { key });
    const twice = await paid(order, 99, { key });
    expect(twice).toEqual({ eventId: once.eventId, created: false, resumedRunIds: [] });
    expect(await h.state.t.adminDb.workflowEvent.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(h.published).toEqual([expect.objectContaining({ runId, stepKey: "ship" })]);
    await h.drain();
    expect(await outputOf(runId, "paid")).toEqual({ amount: 10 });
    expect(await auditOf(once.eventId)).toEqual([]);
  });

  it("records the audit event it is given in the transaction that stores the event, and none for a repeated delivery", async () => {
    const order = crypto.randomUUID();
    const { runId } = await waiting(order);
    const key = crypto.randomUUID();
    const userId = h.state.tenants.usersA.client_admin.id;
    const audit = { userId, action: "event.published", data: { via: "test", password: "hunter2" } };
    const once = await paid(order, 10, { key, audit });
    const expected = {
      partnerId: h.scopeA().partnerId,
      clientId: h.scopeA().clientId,
      actorUserId: userId,
      action: "event.published",
      targetType: "event",
      targetId: once.eventId,
      data: { via: "test", password: "[redacted]", event: "order.paid", correlationKey: order, idempotencyKey: key, resumedRunIds: [runId] },
    };
    expect(await auditOf(once.eventId)).toEqual([expect.objectContaining(expected)]);
    expect((await paid(order, 10, { key, audit })).created).toBe(false);
    expect(await auditOf(once.eventId)).toEqual([expect.objectContaining(expected)]);
  });

  it("stores nothing and resumes nothing when its audit event cannot be written", async () => {
    const order = crypto.randomUUID();
    const { runId } = await waiting(order);
    const key = crypto.randomUUID();
    // JSON cannot hold a bigint: the audit insert throws after the event is stored and the run resumed, in the same transaction.
    const unwritable = { userId: null, action: "event.published", data: { amount: 1n } };
    await expect(paid(order, 10, { key, audit: unwritable })).rejects.toThrow(/BigInt/);
    expect(await h.state.t.adminDb.workflowEvent.count({ where: { idempotencyKey: key } })).toBe(0);
    expect(await waitOf(runId)).toMatchObject({ status: "open" });
    expect(await h.run(runId)).toMatchObject({ currentStep: "paid", status: "running" });
    expect(h.published).toEqual([]);
    expect(await h.state.t.adminDb.auditEvent.count({ where: { targetType: "event", data: { path: ["idempotencyKey"], equals: key } } })).toBe(0);
  });

  it("completes at once on an event that came after the run started but before the wait opened, never on an older one", async () => {
    const order = crypto.randomUUID();
    await paid(order, 1);
    const { runId } = await h.start(paidWorkflow(), { order });
    expect((await paid(order, 2)).resumedRunIds).toEqual([]);
    expect((await h.drain()).map((r) => r.kind)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(await outputOf(runId, "ship")).toBe("ship 2");
    const wait = await waitOf(runId);
    expect(wait.status).toBe("received");
    expect(await h.state.t.adminDb.workflowEvent.findUniqueOrThrow({ where: { id: wait.eventId! } })).toMatchObject({ payload: { amount: 2 } });

    // A run that starts after both events waits for a new one.
    await waiting(order);
  });

  it("times out on its delayed job: to onTimeout if the step has one, else the step fails by its onError", async () => {
    const routedOrder = crypto.randomUUID();
    const routed = await waiting(routedOrder, true);
    await h.state.t.adminDb.runWait.updateMany({ where: { runId: routed.runId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Past its expiry, the wait no longer takes the event, even before its timeout job has run.
    expect((await paid(routedOrder, 5)).resumedRunIds).toEqual([]);
    expect(await h.deliver(routed.timeout)).toEqual({ kind: "succeeded", next: "chase" });
    await h.drain();
    expect(await waitOf(routed.runId)).toMatchObject({ status: "expired" });
    expect(await outputOf(routed.runId, "paid")).toEqual({ timedOut: true });
    expect(await outputOf(routed.runId, "chase")).toBe(`chase ${routedOrder}`);

    const unrouted = await waiting("o-never");
    await h.state.t.adminDb.runWait.updateMany({ where: { runId: unrouted.runId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // The attempt that parked is not a failed one: the timeout is the step's first failure.
    const reason = `step "paid" failed: no "order.paid" event for "o-never" arrived within ${DAY} ms`;
    expect(await h.deliver(unrouted.timeout)).toEqual({ kind: "failed", reason });
    expect(await h.run(unrouted.runId)).toMatchObject({ status: "failed", error: { step: "paid", reason, exception: false } });
  });

  it("waits afresh when an operator retries a run whose wait timed out, the expired wait kept, and the next event resumes it", async () => {
    const order = crypto.randomUUID();
    const runId = await timedOut(order);
    const before = Date.now();
    await retryRun({ operator: operator(), publisher: h.publisher }, { runId });
    expect((await h.drain()).map((r) => r.kind)).toEqual(["parked"]);
    const [old, fresh] = await waitsOf(runId);
    expect(old).toMatchObject({ status: "expired", round: 0 });
    expect(fresh).toMatchObject({ status: "open", round: 1, correlationKey: order });
    expect(fresh!.expiresAt.getTime() - before).toBeGreaterThanOrEqual(DAY - 1000);
    expect(h.takeDelayed(runId).delayMs).toBeGreaterThan(DAY - 60_000);

    expect((await paid(order, 8)).resumedRunIds).toEqual([runId]);
    await h.drain();
    expect(await waitOf(runId)).toMatchObject({ id: old!.id, status: "expired" });
    expect(await outputOf(runId, "ship")).toBe("ship 8");
    expect(await h.run(runId)).toMatchObject({ status: "succeeded" });
  });

  it("takes an event that came after the wait timed out when an operator retries the run", async () => {
    const order = crypto.randomUUID();
    const runId = await timedOut(order);
    expect((await paid(order, 9)).resumedRunIds).toEqual([]);
    await retryRun({ operator: operator(), publisher: h.publisher }, { runId });
    expect((await h.drain()).map((r) => r.kind)).toEqual(["succeeded", "succeeded"]);
    expect((await waitsOf(runId)).map((w) => w.status)).toEqual(["expired", "received"]);
    expect(await outputOf(runId, "ship")).toBe("ship 9");
  });

  it("waits per item inside a forEach body, and an event resumes the run at the item it waits on", async () => {
    const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
    const { runId } = await h.start({
      key: "test.parcels",
      version: "1.0.0",
      start: "parcels",
      steps: [
        { key: "parcels", kind: "forEach", items: "input.parcels", maxItems: 5, body: "delivered" },
        { key: "delivered", kind: "waitForEvent", event: "parcel.delivered", correlationKey: "item", waitForMs: DAY, next: "note" },
        { key: "note", kind: "transform", expression: "item & ' at ' & steps.delivered.output.at" },
      ],
    }, { parcels: [first, second] });
    expect((await h.drain()).map((r) => r.kind)).toEqual(["succeeded", "parked"]);
    h.takeDelayed(runId);
    const deliveredAt = (parcel: string, at: string) =>
      publishEvent({ store: h.store, publisher: h.publisher, scope: h.scopeA(), event: "parcel.delivered", correlationKey: parcel, payload: { at }, idempotencyKey: crypto.randomUUID() });
    // The second parcel arrives first: no wait for it is open yet, so the event is only stored.
    expect((await deliveredAt(second, "noon")).resumedRunIds).toEqual([]);
    expect((await deliveredAt(first, "dusk")).resumedRunIds).toEqual([runId]);
    await h.drain();
    const waits = await h.state.t.adminDb.runWait.findMany({ where: { runId }, orderBy: { iteration: "asc" } });
    expect(waits.map((w) => [w.iteration, w.correlationKey, w.status])).toEqual([
      [0, first, "received"],
      [1, second, "received"],
    ]);
    expect(await outputOf(runId, "parcels")).toEqual([`${first} at dusk`, `${second} at noon`]);
    expect(await h.run(runId)).toMatchObject({ status: "succeeded" });
  });

  it("resumes only the publishing client's waits, and refuses a client outside the partner without storing anything", async () => {
    const order = crypto.randomUUID();
    const { runId } = await waiting(order);
    const asClientB1 = await paid(order, 7, { scope: { partnerId: h.state.tenants.partnerB.id, clientId: h.state.tenants.clientB1.id } });
    expect(asClientB1).toMatchObject({ created: true, resumedRunIds: [] });

    const key = crypto.randomUUID();
    const forged = await paid(order, 7, { key, scope: { partnerId: h.state.tenants.partnerB.id, clientId: h.state.tenants.clientA1.id } }).catch((e: unknown) => e);
    expect(forged).toBeInstanceOf(DomainError);
    expect((forged as DomainError).code).toBe("NOT_FOUND");
    expect(await h.state.t.adminDb.workflowEvent.count({ where: { idempotencyKey: key } })).toBe(0);
    expect(await waitOf(runId)).toMatchObject({ status: "open" });
    expect(await h.run(runId)).toMatchObject({ currentStep: "paid", status: "running" });
    expect(h.published).toEqual([]);
  });
});
